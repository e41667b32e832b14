/**
 * Walks everything another extension could reach from an extension's `exports`: own and inherited
 * properties (getters called on the object, as a caller would), prototypes, functions' properties,
 * Map and Set contents, with a cycle guard. Reports what could read SecretStorage or says it holds
 * secrets. No `vscode` import: the unit suite runs it on plain objects, the VS Code suites on the
 * real exports.
 */

/** One thing found, with the property path that reaches it. */
export interface Finding {
  path: string;
  problem: string;
}

export interface WalkOptions {
  /** Check property names for secret/credential/password/token (on for what other extensions see). */
  names?: boolean;
  /** Constructor names that must not be reachable (the classes that hold or reach secrets). */
  forbiddenClasses?: readonly string[];
  /** A walk that visits more objects than this is reported rather than cut short silently. */
  maxObjects?: number;
}

const SECRET_NAME = /secret|credential|password|token/i;

/** Built-ins every realm shares; they lead to nothing an extension owns. */
function intrinsics(): Set<unknown> {
  const roots: unknown[] = [Object, Function, Array, Map, Set, WeakMap, WeakSet, Promise, Error, RegExp, Date, Symbol, Number, String, Boolean, BigInt, ArrayBuffer, DataView, Proxy, Reflect, JSON, Math];
  const typed = Object.getPrototypeOf(Uint8Array) as unknown;
  const out = new Set<unknown>([typed, (typed as { prototype: unknown }).prototype, Object.getPrototypeOf(function* () {}), Object.getPrototypeOf(async () => {})]);
  for (const r of roots) {
    out.add(r);
    const proto = (r as { prototype?: unknown }).prototype;
    if (proto) out.add(proto);
  }
  return out;
}

function isFn(v: unknown): boolean {
  return typeof v === 'function';
}

/** A class's prototype (or Object.create's): its getters are meant for instances, and a lazy one
 *  (`get event() { return this._event ??= … }`) called on the prototype would write to it and break
 *  every later instance. Only its plain values are read. */
function isPrototype(obj: object): boolean {
  const ctor = Object.getOwnPropertyDescriptor(obj, 'constructor')?.value as { prototype?: unknown } | undefined;
  return typeof ctor === 'function' && ctor.prototype === obj;
}

/** Why `value` itself could read or expose secrets, or undefined. */
function dangerousShape(value: object, get: (key: string) => unknown, forbidden: readonly string[]): string | undefined {
  if (isFn(get('get')) && isFn(get('store')) && (isFn(get('delete')) || isFn(get('onDidChange')))) return 'SecretStorage-shaped: get() + store() + delete()';
  if (get('secrets') !== undefined && get('globalState') !== undefined) return 'ExtensionContext-shaped: secrets + globalState';
  if (get('subscriptions') !== undefined && get('extensionUri') !== undefined && get('globalState') !== undefined) return 'ExtensionContext-shaped';
  const ctor = typeof value === 'function' ? (value as { name?: unknown }).name : (get('constructor') as { name?: unknown } | undefined)?.name;
  if (typeof ctor === 'string' && forbidden.includes(ctor)) return `reaches a ${ctor}`;
  return undefined;
}

/** Everything reachable from `root` that could read a stored secret or is named for one. */
export function findSecretReach(root: unknown, options: WalkOptions = {}): Finding[] {
  const { names = true, forbiddenClasses = [], maxObjects = 100_000 } = options;
  const findings: Finding[] = [];
  const skip = intrinsics();
  const seen = new Set<object>();
  const queue: Array<{ value: unknown; path: string }> = [{ value: root, path: 'exports' }];
  for (let i = 0; i < queue.length; i++) {
    const { value, path } = queue[i];
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) continue;
    const obj = value as object;
    if (seen.has(obj) || skip.has(obj)) continue;
    seen.add(obj);
    if (seen.size > maxObjects) {
      findings.push({ path, problem: `more than ${maxObjects} objects reachable: the walk stopped here` });
      break;
    }
    const proto = isPrototype(obj);
    const get = (key: PropertyKey): unknown => {
      try {
        if (proto) return Object.getOwnPropertyDescriptor(obj, key)?.value;
        return Reflect.get(obj, key);
      } catch {
        return undefined; // a getter that refuses this receiver gives a caller nothing either
      }
    };
    const shape = dangerousShape(obj, get, forbiddenClasses);
    if (shape) findings.push({ path, problem: shape });
    const keys = new Set<PropertyKey>();
    for (let o: object | null = obj; o && !skip.has(o); o = Object.getPrototypeOf(o) as object | null) {
      // A typed array's elements are numbers: reading them finds nothing and costs a walk per element.
      for (const key of Reflect.ownKeys(o)) if (!(ArrayBuffer.isView(o) && typeof key === 'string' && /^\d+$/.test(key))) keys.add(key);
    }
    for (const key of keys) {
      const name = typeof key === 'symbol' ? (key.description ?? '') : String(key);
      if (names && SECRET_NAME.test(name)) findings.push({ path: `${path}.${name}`, problem: 'its name says secret, credential, password or token' });
      queue.push({ value: get(key), path: `${path}.${name}` });
    }
    queue.push({ value: Object.getPrototypeOf(obj), path: `${path}.__proto__` });
    if (obj instanceof Map) for (const [k, v] of obj) queue.push({ value: k, path: `${path}.<key>` }, { value: v, path: `${path}.get(${String(k).slice(0, 40)})` });
    if (obj instanceof Set) for (const v of obj) queue.push({ value: v, path: `${path}.<item>` });
  }
  return findings;
}

/** Findings as lines for an assertion message. */
export function describeFindings(findings: readonly Finding[], max = 20): string {
  return findings.slice(0, max).map((f) => `${f.path}: ${f.problem}`).join('\n') + (findings.length > max ? `\n… ${findings.length - max} more` : '');
}
