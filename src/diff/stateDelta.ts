import type { Delta } from 'jsondiffpatch';
import { DEFAULT_MAX_DEPTH, DEPTH_CAPPED } from '../capture/depthCap';
import { isObject } from '../util/jsonObject';
import { itemKey } from './deltaChanges';

/**
 * The jsondiffpatch delta between two states of one resource, built by walking both states
 * together. Successive states are mostly equal (a call that goes Dialing -> Established keeps
 * its participants, user data and numbers) and jsondiffpatch pays per node it visits, so this
 * walk skips equal subtrees, writes object and leaf deltas itself (in jsondiffpatch's format and
 * key order) and hands only differing arrays to jsondiffpatch, which matches their items by key.
 * The states are normalized on the way: depth-capped like the journal (capture/depthCap),
 * `__proto__` keys renamed, and capability lists compared as sorted sets so that reordering is
 * not a change. The unit tests check the result against jsondiffpatch run on the whole
 * normalized states.
 */

/** Diffs two normalized arrays (jsondiffpatch with the project's options). */
export type ArrayDiffer = (before: unknown[], after: unknown[]) => Delta;

type Json = Record<string, unknown>;

// A "__proto__" key would turn into a prototype in jsondiffpatch's output objects.
function safeKey(key: string): string {
  return key === '__proto__' ? '[__proto__]' : key;
}

function isStringList(value: unknown[]): value is string[] {
  for (const v of value) if (typeof v !== 'string') return false;
  return true;
}

/**
 * A depth-bounded copy with capability lists sorted, so reordering is not a change. `bare` copies
 * get no prototype: jsondiffpatch reads a key missing on one side as `obj[key]`, and an inherited
 * `constructor` or `toString` would reach it as a function and make it throw.
 */
export function normalize(value: unknown, depth = 0, key = '', bare = false): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= DEFAULT_MAX_DEPTH) return DEPTH_CAPPED;
  if (Array.isArray(value)) {
    if (key === 'capabilities' && isStringList(value)) return sortedSet(value);
    return value.map((v) => normalize(v, depth + 1, '', bare));
  }
  const out: Json = bare ? (Object.create(null) as Json) : {};
  for (const k of Object.keys(value)) out[safeKey(k)] = normalize((value as Json)[k], depth + 1, k, bare);
  return out;
}

/** A copy of a jsondiffpatch delta over bare values, with ordinary objects for its readers. */
function withPrototypes(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(withPrototypes);
  const out: Json = {};
  for (const k of Object.keys(value)) out[k] = withPrototypes((value as Json)[k]);
  return out;
}

/** Structural equality of two parsed JSON values, key order ignored, bounded like normalize. */
function sameValue(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (depth >= DEFAULT_MAX_DEPTH) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) {
    if (!Object.hasOwn(b, k) || !sameValue((a as Json)[k], (b as Json)[k], depth + 1)) return false;
  }
  return true;
}

/** A sorted, duplicate-free copy (capability lists are short: no Set needed). */
function sortedSet(list: string[]): string[] {
  const out = list.slice().sort();
  let n = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[i - 1]) out[n++] = out[i];
  out.length = n;
  return out;
}

/**
 * The capability set change as jsondiffpatch writes it for two sorted, duplicate-free lists (whose
 * longest common subsequence is their intersection): added items at their new index, then `_t`,
 * then removed items at their old index. Undefined when the sets are equal.
 */
function setDelta(before: string[], after: string[]): Delta | undefined {
  const added: Array<[number, string]> = [];
  const removed: Array<[number, string]> = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (j >= after.length || (i < before.length && before[i] < after[j])) removed.push([i, before[i++]]);
    else if (i >= before.length || after[j] < before[i]) added.push([j, after[j++]]);
    else (i++, j++);
  }
  if (added.length === 0 && removed.length === 0) return undefined;
  const delta: Record<string, unknown> = {};
  for (const [at, item] of added) delta[at] = [item];
  delta._t = 'a';
  for (const [at, item] of removed) delta[`_${at}`] = [item, 0, 0];
  return delta as Delta;
}

/**
 * Lets jsondiffpatch skip array items that did not change: an item of `after` equal to its
 * counterpart in `before` (same key, or same position when unkeyed) becomes that same object,
 * which jsondiffpatch matches by identity without descending into it. Both arrays are fresh copies.
 */
function shareEqualItems(before: unknown[], after: unknown[], depth: number): void {
  const byKey = new Map<string, number>();
  before.forEach((item, i) => {
    const key = itemKey(item);
    if (key !== undefined && !byKey.has(key)) byKey.set(key, i);
  });
  after.forEach((item, j) => {
    const key = itemKey(item);
    const i = key !== undefined ? byKey.get(key) : itemKey(before[j]) === undefined ? j : undefined;
    if (i !== undefined && i < before.length && sameValue(before[i], item, depth + 1)) after[j] = before[i];
  });
}

/**
 * The delta from `before` to `after` (undefined when equal), the same jsondiffpatch would give
 * for their normalized copies: `[new]` added, `[old, new]` changed, `[old, 0, 0]` removed, nested
 * objects for objects, and `diffArrays` for arrays that differ.
 */
export function stateDelta(before: unknown, after: unknown, diffArrays: ArrayDiffer, depth = 0, key = ''): Delta | undefined {
  if (before === after) return undefined;
  const objects = typeof before === 'object' && typeof after === 'object' && before !== null && after !== null;
  if (objects && depth >= DEFAULT_MAX_DEPTH) return undefined;
  if (isObject(before) && isObject(after)) return objectDelta(before, after, diffArrays, depth);
  if (Array.isArray(before) && Array.isArray(after)) {
    if (key === 'capabilities' && isStringList(before) && isStringList(after)) {
      return sameValue(before, after, depth) ? undefined : setDelta(sortedSet(before), sortedSet(after));
    }
    if (sameValue(before, after, depth)) return undefined;
    const left = normalize(before, depth, key, true) as unknown[];
    const right = normalize(after, depth, key, true) as unknown[];
    shareEqualItems(left, right, depth);
    const delta = diffArrays(left, right);
    return delta === undefined ? undefined : (withPrototypes(delta) as Delta);
  }
  return [normalize(before, depth, key), normalize(after, depth, key)];
}

function objectDelta(before: Json, after: Json, diffArrays: ArrayDiffer, depth: number): Delta | undefined {
  let delta: Record<string, unknown> | undefined;
  for (const k of Object.keys(before)) {
    const d = Object.hasOwn(after, k) ? stateDelta(before[k], after[k], diffArrays, depth + 1, k) : [normalize(before[k], depth + 1, k), 0, 0];
    if (d === undefined) continue;
    delta ??= {};
    delta[safeKey(k)] = d;
  }
  for (const k of Object.keys(after)) {
    if (Object.hasOwn(before, k)) continue;
    delta ??= {};
    delta[safeKey(k)] = [normalize(after[k], depth + 1, k)];
  }
  return delta as Delta | undefined;
}
