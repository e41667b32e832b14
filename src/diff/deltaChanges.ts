import type { Delta } from 'jsondiffpatch';
import { isObject } from '../util/jsonObject';

/**
 * Flattens a jsondiffpatch delta into readable changes with paths like `state`,
 * `participants[participantId=007352CE]` or `userData.Segment`, and collects the set-like
 * capability changes and the participants who joined or left.
 */

/** One flattened change. For 'moved', before/after are the old and new array positions. */
export interface StateChange {
  path: string;
  op: 'added' | 'removed' | 'changed' | 'moved';
  before?: unknown;
  after?: unknown;
}

/** Capabilities gained and lost by one capabilities array. */
export interface CapabilityChange {
  path: string;
  added: string[];
  removed: string[];
}

/** Everything the walk collects. */
export interface DeltaSummary {
  changes: StateChange[];
  capabilities: CapabilityChange[];
  participants: { joined: unknown[]; left: unknown[] };
}

/** Fields that identify an array item, in order of preference. */
export const ITEM_KEYS = ['participantId', 'id', 'phoneNumber', 'digits', 'e164Number'] as const;

/** `field=value` for the first identifying field an item has, or undefined. */
export function itemKey(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  for (const field of ITEM_KEYS) {
    if (!Object.hasOwn(item, field)) continue;
    const v = (item as Record<string, unknown>)[field];
    if ((typeof v === 'string' && v !== '') || typeof v === 'number') return `${field}=${v}`;
  }
  return undefined;
}

/** `parent.key`, or `parent["odd key"]` when the key is not a plain name. */
function joinKey(parent: string, key: string): string {
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

/** `parent[label]` where label is the item's key, its value for primitives, else its index. */
function joinItem(parent: string, item: unknown, index: number): string {
  const key = itemKey(item);
  if (key !== undefined) return `${parent}[${key}]`;
  if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') return `${parent}[${String(item)}]`;
  return `${parent}[${index}]`;
}

function lastKey(path: string): string {
  const m = /(?:^|\.)([^.[\]]+)$/.exec(path);
  return m ? m[1] : '';
}

/** Walks `delta` (between `before` and `after`) into a DeltaSummary. */
export function summarizeDelta(delta: Delta, before: unknown, after: unknown): DeltaSummary {
  const out: DeltaSummary = { changes: [], capabilities: [], participants: { joined: [], left: [] } };
  if (delta !== undefined) walk(delta, before, after, '', out);
  return out;
}

function walk(delta: Delta, before: unknown, after: unknown, path: string, out: DeltaSummary): void {
  if (Array.isArray(delta)) {
    leaf(delta, path, out);
    return;
  }
  if (!isObject(delta)) return;
  if ((delta as Record<string, unknown>)._t === 'a') {
    walkArray(delta, Array.isArray(before) ? before : [], Array.isArray(after) ? after : [], path, out);
    return;
  }
  for (const key of Object.keys(delta)) {
    walk(delta[key] as Delta, isObject(before) ? before[key] : undefined, isObject(after) ? after[key] : undefined, joinKey(path, key), out);
  }
}

/** A leaf delta: [new] added, [old, new] changed, [old, 0, 0] removed. */
function leaf(delta: unknown[], path: string, out: DeltaSummary): void {
  if (delta.length === 1) out.changes.push({ path, op: 'added', after: delta[0] });
  else if (delta.length === 2) out.changes.push({ path, op: 'changed', before: delta[0], after: delta[1] });
  else if (delta[2] === 0) out.changes.push({ path, op: 'removed', before: delta[0] });
  else out.changes.push({ path, op: 'changed', before: delta[0] });
}

function walkArray(delta: Record<string, unknown>, before: unknown[], after: unknown[], path: string, out: DeltaSummary): void {
  const added: unknown[] = [];
  const removed: unknown[] = [];
  for (const key of Object.keys(delta)) {
    if (key === '_t') continue;
    const d = delta[key];
    if (key.startsWith('_')) {
      const index = Number(key.slice(1));
      if (!Array.isArray(d)) continue;
      if (d[2] === 3) {
        out.changes.push({ path: joinItem(path, before[index], index), op: 'moved', before: index, after: d[1] });
      } else {
        removed.push(d[0]);
        out.changes.push({ path: joinItem(path, d[0], index), op: 'removed', before: d[0] });
      }
      continue;
    }
    const index = Number(key);
    const item = after[index];
    if (Array.isArray(d) && d.length === 1) {
      added.push(d[0]);
      out.changes.push({ path: joinItem(path, d[0], index), op: 'added', after: d[0] });
    } else if (Array.isArray(d)) {
      leaf(d, joinItem(path, item, index), out);
    } else {
      const key2 = itemKey(item);
      const old = key2 !== undefined ? before.find((b) => itemKey(b) === key2) : before[index];
      walk(d as Delta, old, item, joinItem(path, item, index), out);
    }
  }
  collectSets(path, added, removed, out);
}

/** Records capability and participant changes of the array at `path`. */
function collectSets(path: string, added: unknown[], removed: unknown[], out: DeltaSummary): void {
  const name = lastKey(path);
  if (name === 'capabilities' && (added.length > 0 || removed.length > 0)) {
    out.capabilities.push({ path, added: added.map(String), removed: removed.map(String) });
  }
  if (path === 'participants') {
    out.participants.joined.push(...added);
    out.participants.left.push(...removed);
  }
}
