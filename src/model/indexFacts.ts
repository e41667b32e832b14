import { DEFAULT_MAX_DEPTH } from '../capture/depthCap';

/**
 * The facts later readers need from a resource's payload, computed once in classify(): its
 * capability set in a canonical form (one string-table id per distinct set) and a hash of its
 * state. Both run for every message on the ingest hot path, so they walk the parsed value once,
 * build no strings beyond the capability set, and cache the capability sets they see.
 */

declare const GWS_INDEX_FACTS: boolean | undefined;

/**
 * False only in the comparison build of `bench/ingest.ts --facts-ab` (an esbuild define), which
 * leaves these facts out so that one bench run can measure what they cost.
 */
export const INDEX_FACTS: boolean = typeof GWS_INDEX_FACTS === 'undefined' || GWS_INDEX_FACTS !== false;

/** The last non-empty path segment of a URI or path (`.../chats/0000Wa9C` → `0000Wa9C`). */
export function lastPathSegment(uri: unknown): string | undefined {
  if (typeof uri !== 'string') return undefined;
  // Index scans, not a regex and a split: every call's deviceUri passes here on the ingest path.
  const q = uri.indexOf('?');
  const h = uri.indexOf('#');
  let end = q < 0 ? (h < 0 ? uri.length : h) : h < 0 ? q : Math.min(q, h);
  while (end > 0 && uri.charCodeAt(end - 1) === 47) end--;
  if (end === 0) return undefined;
  const last = uri.slice(uri.lastIndexOf('/', end - 1) + 1, end);
  // A bare "http:" is a scheme, not an id.
  return last.charCodeAt(last.length - 1) === 58 && /^[a-z][a-z0-9+.-]*:$/i.test(last) ? undefined : last;
}

let lastDeviceUri: unknown;
let lastDevice: string | undefined;
/** The device id of a call's deviceUri; a connection's calls share one device, so the last answer is kept. */
export function deviceOf(uri: unknown): string | undefined {
  if (uri !== lastDeviceUri) [lastDeviceUri, lastDevice] = [uri, lastPathSegment(uri)];
  return lastDevice;
}

/** A capability set: its canonical text and that text's hash. */
export interface CapabilitySet {
  /** Distinct names, sorted by UTF-16 code units, joined by ','; ',' and '\' in a name are escaped with '\'. */
  canon: string;
  hash: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the UTF-16 code units of `s`, from `h`. */
function hashChars(s: string, h: number): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

const strCache = new Map<string, number>();
function hashString(s: string): number {
  let h = strCache.get(s);
  if (h === undefined) {
    h = mix(hashChars(s, FNV_OFFSET));
    if (strCache.size >= 65536) strCache.clear();
    strCache.set(s, h);
  }
  return h;
}

/** Murmur3's finalizer: every input bit reaches every output bit, so sums of mixed values do not cancel. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Capability sets by the joined text of a list of plain names, with that list's length. */
const capCache = new Map<string, CapabilitySet & { listLength: number }>();
const CAP_CACHE_MAX = 4096;

/**
 * The set of names in `list`, whatever their order or repeats; entries that are not non-empty
 * strings are left out. Lists of plain names (no ',' or '\', the only kind GWS sends) are looked
 * up by their joined text: a cached list of plain names with the same text and length has the
 * same names, since the joins then hold their commas in the same places.
 */
export function capabilitySet(list: readonly unknown[]): CapabilitySet {
  const again = recentSet(list);
  if (again !== undefined) return again;
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'string') return makeSet(namesOf(list));
  const key = list.join(',');
  const hit = capCache.get(key);
  if (hit !== undefined && hit.listLength === list.length) {
    remember(list as readonly string[], hit);
    return hit;
  }
  for (let i = 0; i < list.length; i++) {
    const c = list[i] as string;
    if (c === '' || c.includes(',') || c.includes('\\')) return makeSet(namesOf(list));
  }
  if (capCache.size >= CAP_CACHE_MAX) capCache.clear();
  const set = { ...makeSet(list as readonly string[]), listLength: list.length };
  capCache.set(key, set);
  remember(list as readonly string[], set);
  return set;
}

/**
 * The last few plain lists seen, compared name by name before anything is joined: a call or
 * device sends the same list for as long as its state stays, so most messages stop here.
 */
const RECENT = 8;
const recentLists: Array<readonly string[]> = [];
const recentSets: CapabilitySet[] = [];
let recentNext = 0;

function recentSet(list: readonly unknown[]): CapabilitySet | undefined {
  for (let r = 0; r < recentLists.length; r++) {
    const known = recentLists[r];
    if (known.length !== list.length) continue;
    let i = 0;
    while (i < known.length && known[i] === list[i]) i++;
    if (i === known.length) return recentSets[r];
  }
  return undefined;
}

function remember(list: readonly string[], set: CapabilitySet): void {
  recentLists[recentNext] = list.slice();
  recentSets[recentNext] = set;
  recentNext = (recentNext + 1) % RECENT;
}

/** The non-empty string entries of `list`, with ',' and '\' escaped. */
function namesOf(list: readonly unknown[]): string[] {
  return list.filter((c): c is string => typeof c === 'string' && c !== '').map((c) => c.replace(/[\\,]/g, '\\$&'));
}

function makeSet(names: readonly string[]): CapabilitySet {
  const sorted = [...names].sort();
  let canon = '';
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) canon += i === 0 ? sorted[i] : `,${sorted[i]}`;
  return { canon, hash: mix(hashChars(canon, FNV_OFFSET ^ 0x5e7)) };
}

/** Keys left out of a resource's state hash: they change on every message without a change of state. */
const VOLATILE = new Set(['metrics', 'duration']);

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const NULL_HASH = 0x6e756c6c;
const TRUE_HASH = 0x74727565;
const FALSE_HASH = 0x66616c73;
const DEEP_HASH = 0x64656570;
const OTHER_HASH = 0x3f3f3f3f;

/**
 * A 32-bit hash of a resource object's state, never 0: equal for states that differ only in key
 * order, in the order or repeats of `capabilities` (hashed as `caps`, when it is a list), or in
 * `metrics` and `duration` at the top. Arrays keep their order. Levels below DEFAULT_MAX_DEPTH hash
 * as one constant, so no input overflows the stack.
 */
export function stateHash(obj: Record<string, unknown>, caps: CapabilitySet | undefined): number {
  let sum = 0;
  let count = 0;
  // Keys and values in two native passes: a keyed load per key would go through V8's megamorphic stub.
  const keys = Object.keys(obj);
  const values = Object.values(obj);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    // Objects of one kind list their keys in one order: the key at i is usually the last one's.
    if (i >= TOP_KEYS_KEPT) {
      if (VOLATILE.has(key)) continue;
      sum = (sum + mix((hashString(key) | 1) + Math.imul(hashValue(values[i], 1), 0x9e3779b1))) | 0;
      count++;
      continue;
    }
    if (key !== topKeys[i]) {
      topKeys[i] = key;
      topKeyHashes[i] = VOLATILE.has(key) ? 0 : hashString(key) | 1;
    }
    const keyHash = topKeyHashes[i];
    if (keyHash === 0) continue;
    const value = caps !== undefined && key === 'capabilities' ? caps.hash : hashValue(values[i], 1);
    sum = (sum + mix(keyHash + Math.imul(value, 0x9e3779b1))) | 0;
    count++;
  }
  return mix(sum ^ Math.imul(count, 0x27d4eb2d) ^ 0x0b1ec7) >>> 0 || 1;
}

/** The top-level keys of the last state hashed, by position, and their hashes (0: a volatile key). */
const TOP_KEYS_KEPT = 64;
const topKeys: string[] = [];
const topKeyHashes: number[] = [];

function hashValue(v: unknown, depth: number): number {
  switch (typeof v) {
    case 'string':
      return hashString(v);
    case 'number':
      f64[0] = v;
      return mix(u32[0] ^ mix(u32[1] ^ 0x6e756d));
    case 'boolean':
      return v ? TRUE_HASH : FALSE_HASH;
    case 'object':
      if (v === null) return NULL_HASH;
      if (depth >= DEFAULT_MAX_DEPTH) return DEEP_HASH;
      return Array.isArray(v) ? hashArray(v, depth) : hashObject(v as Record<string, unknown>, depth);
    default:
      return OTHER_HASH;
  }
}

function hashArray(list: readonly unknown[], depth: number): number {
  let h = 0x41727261 ^ list.length;
  for (let i = 0; i < list.length; i++) h = Math.imul(h ^ hashValue(list[i], depth + 1), FNV_PRIME);
  return mix(h);
}

/** Key order does not matter: the pairs are summed. */
function hashObject(obj: Record<string, unknown>, depth: number): number {
  let sum = 0;
  const keys = Object.keys(obj);
  const values = Object.values(obj);
  for (let i = 0; i < keys.length; i++) sum = (sum + mix(hashString(keys[i]) + Math.imul(hashValue(values[i], depth + 1), 0x9e3779b1))) | 0;
  return mix(sum ^ Math.imul(keys.length, 0x27d4eb2d));
}
