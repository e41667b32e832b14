import type { ResourceRef } from './classification';
import { hashText, stateHash } from './stateHash';

export { stateHash } from './stateHash';

/**
 * The facts later readers need from a payload, computed once in classify(): a call's device id,
 * a resource's capability set in a canonical form (one string-table id per distinct set) and its
 * state hash (./stateHash.ts). They run for every message on the ingest hot path, so they keep
 * the answers they are likely to be asked again.
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

/** The names of a canonical capability set (CapabilitySet.canon): sorted, ',' joined, '\\' escaped. */
export function capabilityNames(canon: string): string[] {
  return canon === '' ? [] : canon.split(/(?<!\\),/).map((n) => n.replace(/\\(.)/g, '$1'));
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
  return { canon, hash: hashText(canon) };
}

/** The capability set the last hashState() walk asked for. */
let walkedSet: CapabilitySet | undefined;
const setOf = (list: readonly unknown[]): CapabilitySet => (walkedSet = capabilitySet(list));

/**
 * The state hash of resource object `obj`; lastSet() then gives its capability set. The hash's
 * walk also hands over the capability list and the identity fields (stateHash.ts `walked`).
 */
export function hashState(obj: Record<string, unknown>): number {
  walkedSet = undefined;
  return stateHash(obj, setOf);
}

/** The capability set of the object hashState() last hashed, once (undefined: it listed none). */
export function lastSet(): CapabilitySet | undefined {
  const set = walkedSet;
  walkedSet = undefined;
  return set;
}

/** Adds the state hash and capability set of resource object `obj` to its ref. */
export function stateFacts(ref: ResourceRef, obj: Record<string, unknown>): void {
  ref.stateHash = hashState(obj);
  const set = lastSet();
  if (set !== undefined) ref.capabilities = set.canon;
}
