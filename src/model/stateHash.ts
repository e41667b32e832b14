import { DEFAULT_MAX_DEPTH } from '../capture/depthCap';

/**
 * The state hash of a resource object, for the index (see stateHash). It runs for every message on
 * the ingest hot path: one walk, no strings built, key hashes kept by position. (Tried and
 * dropped: remembering each resource's last members to skip unchanged ones kept old payloads
 * alive, and the garbage collector's extra work cost more than the hashing saved; two FNV lanes
 * per string were no faster.)
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Murmur3's finalizer: every input bit reaches every output bit, so sums of mixed values do not cancel. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** FNV-1a over the UTF-16 code units of `s`, mixed. */
export function hashText(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return mix(h);
}

/**
 * The hash of a value string. Short ones (most of a payload's: states, numbers, names) are hashed
 * in place: a JSON.parse'd value is a fresh string each time, and a Map lookup would first have V8
 * hash it natively and then compare it with the cached key, two passes where this loop makes one.
 * Longer ones go through a cache keyed by the string.
 */
const SHORT = 24;
function hashString(s: string): number {
  const n = s.length;
  if (n > SHORT) return hashCached(s);
  let h = FNV_OFFSET ^ n;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return mix(h);
}

const strCache = new Map<string, number>();
function hashCached(s: string): number {
  let h = strCache.get(s);
  if (h === undefined) {
    h = hashText(s);
    if (strCache.size >= 65536) strCache.clear();
    strCache.set(s, h);
  }
  return h;
}

/**
 * Top-level keys left out of a resource's state hash. `metrics` and `duration` change on every
 * message without a change of state. The identity fields never change for one resource and have
 * index columns of their own (the ref's id, callUuid, connId, device); leaving them out also lets
 * the same call's state, seen by two connections under other ids and hosts, be compared.
 */
export const NOT_STATE: ReadonlySet<string> = new Set(['metrics', 'duration', 'id', 'uri', 'path', 'callUuid', 'connId', 'deviceUri']);

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const NULL_HASH = 0x6e756c6c;
const TRUE_HASH = 0x74727565;
const FALSE_HASH = 0x66616c73;
const DEEP_HASH = 0x64656570;
const OTHER_HASH = 0x3f3f3f3f;
const PAIR = 0x9e3779b1;

/**
 * The identity fields the last stateHash() walk met at the top level (undefined when absent).
 * They are left out of the hash, but classify() needs them too: it reads them here rather than
 * looking each up again in the object the walk has just gone through.
 */
export const walked: { callUuid: unknown; connId: unknown; deviceUri: unknown } = { callUuid: undefined, connId: undefined, deviceUri: undefined };

/** Top-level keys the walk hands to its caller: 1-3 as `walked` fields, CAPS to `capsOf`. */
const ROLES: ReadonlyMap<string, number> = new Map([['callUuid', 1], ['connId', 2], ['deviceUri', 3], ['capabilities', 4]]);
const CAPS = 4;

/**
 * A 32-bit hash of a resource object's state, never 0: equal for states that differ only in key
 * order, in the order or repeats of `capabilities` (a list is hashed as `capsOf(list).hash`, a set),
 * or in the NOT_STATE keys at the top. Arrays keep their order. Levels below DEFAULT_MAX_DEPTH
 * hash as one constant, so no input overflows the stack. Fills `walked` on the way.
 */
export function stateHash(obj: Record<string, unknown>, capsOf?: (list: readonly unknown[]) => { hash: number }): number {
  if (!plain(obj)) obj = Object.fromEntries(Object.entries(obj));
  walked.callUuid = walked.connId = walked.deviceUri = undefined;
  let sum = 0;
  let count = 0;
  let i = 0;
  for (const key in obj) {
    // Objects of one kind list their keys in one order: the key at i is usually the last one's.
    let keyHash: number;
    let role: number;
    if (i < TOP_KEYS_KEPT) {
      if (key !== topKeys[i]) {
        topKeys[i] = key;
        topKeyHashes[i] = NOT_STATE.has(key) ? 0 : hashCached(key) | 1;
        topRoles[i] = ROLES.get(key) ?? 0;
      }
      role = topRoles[i];
      keyHash = topKeyHashes[i++];
    } else {
      keyHash = NOT_STATE.has(key) ? 0 : hashCached(key) | 1;
      role = ROLES.get(key) ?? 0;
    }
    let value: number;
    if (role === 0) {
      if (keyHash === 0) continue;
      value = hashMember(obj[key], 1);
    } else {
      const v = obj[key];
      if (role !== CAPS) {
        if (role === 1) walked.callUuid = v;
        else if (role === 2) walked.connId = v;
        else walked.deviceUri = v;
        continue;
      }
      value = capsOf !== undefined && Array.isArray(v) ? capsOf(v).hash : hashValue(v, 1);
    }
    sum = (sum + mix(keyHash + Math.imul(value, PAIR))) | 0;
    count++;
  }
  return mix(sum ^ Math.imul(count, 0x27d4eb2d) ^ 0x0b1ec7) >>> 0 || 1;
}

/** The top-level keys of the last state hashed, by position, their hashes (0: a key left out) and ROLES. */
const TOP_KEYS_KEPT = 64;
const topKeys: string[] = [];
const topKeyHashes: number[] = [];
const topRoles: number[] = [];

/**
 * An object whose for-in lists exactly its own keys: parsed JSON (prototype Object.prototype, which
 * has no enumerable members) or a null-prototype object. V8 reads `obj[key]` in a for-in over `obj`
 * from its enum cache, without the key array and keyed loads Object.keys() costs per object.
 */
function plain(obj: object): boolean {
  const proto = Object.getPrototypeOf(obj) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * hashValue(v, depth) for a member of an object or array. Most members are strings: they are
 * hashed here, in the caller's loop, without a call into the recursive hashValue (which is not inlined).
 */
function hashMember(v: unknown, depth: number): number {
  return typeof v === 'string' ? hashString(v) : hashValue(v, depth);
}

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
  for (let i = 0; i < list.length; i++) h = Math.imul(h ^ hashMember(list[i], depth + 1), FNV_PRIME);
  return mix(h);
}

/**
 * Key hashes of nested objects by depth and position: the objects at one place in a payload
 * (a call's participants, its userData) list the same keys in the same order, and comparing a
 * parsed key with the one kept there is a pointer compare, cheaper than a Map lookup.
 */
const slotKeys: string[] = [];
const slotHashes: number[] = [];

/** Key order does not matter: the pairs are summed. */
function hashObject(obj: Record<string, unknown>, depth: number): number {
  if (!plain(obj)) obj = Object.fromEntries(Object.entries(obj));
  let sum = 0;
  let count = 0;
  for (const key in obj) {
    let keyHash: number;
    const slot = count < 16 ? ((depth & 15) << 4) | count : -1;
    if (slot >= 0 && slotKeys[slot] === key) keyHash = slotHashes[slot];
    else {
      keyHash = hashCached(key);
      if (slot >= 0) {
        slotKeys[slot] = key;
        slotHashes[slot] = keyHash;
      }
    }
    sum = (sum + mix(keyHash + Math.imul(hashMember(obj[key], depth + 1), PAIR))) | 0;
    count++;
  }
  return mix(sum ^ Math.imul(count, 0x27d4eb2d));
}
