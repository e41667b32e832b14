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

/** Murmur3's finalizer: every input bit reaches every output bit, so sums of mixed values do not cancel. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const capCache = new Map<string, CapabilitySet>();
const CAP_CACHE_MAX = 4096;

/**
 * The set of names in `list`, whatever their order or repeats; entries that are not non-empty
 * strings are left out. Lists of plain names (the only kind GWS sends) are looked up by their
 * joined text first: with no ',' inside a name, that text names the list exactly.
 */
export function capabilitySet(list: readonly unknown[]): CapabilitySet {
  let plain = true;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (typeof c !== 'string' || c === '' || c.includes(',') || c.includes('\\')) {
      plain = false;
      break;
    }
  }
  if (!plain) return makeSet(list.filter((c): c is string => typeof c === 'string' && c !== '').map((c) => c.replace(/[\\,]/g, '\\$&')));
  const key = list.join(',');
  let set = capCache.get(key);
  if (set === undefined) {
    if (capCache.size >= CAP_CACHE_MAX) capCache.clear();
    capCache.set(key, (set = makeSet(list as readonly string[])));
  }
  return set;
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
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (VOLATILE.has(key)) continue;
    const value = caps !== undefined && key === 'capabilities' ? caps.hash : hashValue(obj[key], 1);
    sum = (sum + mix(hashChars(key, FNV_OFFSET) + Math.imul(value, 0x9e3779b1))) | 0;
    count++;
  }
  return mix(sum ^ Math.imul(count, 0x27d4eb2d) ^ 0x0b1ec7) >>> 0 || 1;
}

function hashValue(v: unknown, depth: number): number {
  switch (typeof v) {
    case 'string':
      return mix(hashChars(v, FNV_OFFSET));
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
  for (let i = 0; i < keys.length; i++) sum = (sum + mix(hashChars(keys[i], FNV_OFFSET) + Math.imul(hashValue(obj[keys[i]], depth + 1), 0x9e3779b1))) | 0;
  return mix(sum ^ Math.imul(keys.length, 0x27d4eb2d));
}
