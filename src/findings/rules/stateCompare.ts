import type { ResourceKind } from '../../model/gwsTypes';
import { isObject, own } from '../../util/jsonObject';

/**
 * What `drift` compares between the last notified state of a resource and a REST snapshot's: the
 * state (a device's `userState.state` and `deviceState`), participants by key, `userData`, and the
 * capabilities as a set. Everything else (`duration`, `metrics`, URIs, the order of lists) may
 * differ between a notification and a REST answer without anything being lost.
 */

type Obj = Record<string, unknown>;

const text = (v: unknown): string => (v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v));

/** JSON with object keys sorted, so that key order never counts as a difference. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}

/** A participant's key: its id, else its number or nickname; a plain string is its own key. */
function participantKey(p: unknown): string {
  if (!isObject(p)) return text(p);
  for (const k of ['participantId', 'id', 'phoneNumber', 'digits', 'e164Number', 'nickname']) {
    const v = own(p, k);
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return canonical(p);
}

function setOf(list: unknown, key: (item: unknown) => string): Set<string> | undefined {
  return Array.isArray(list) ? new Set(list.map(key)) : undefined;
}

/** `+a −b` for two sets, or undefined when equal (or when either side does not list them). */
function setChange(before: Set<string> | undefined, after: Set<string> | undefined): string | undefined {
  if (!before || !after) return undefined;
  const added = [...after].filter((x) => !before.has(x));
  const removed = [...before].filter((x) => !after.has(x));
  if (added.length === 0 && removed.length === 0) return undefined;
  return [...added.map((x) => `+${x}`), ...removed.map((x) => `−${x}`)].join(' ');
}

/** The differences between `notified` and `snapshot` as short lines, `field: before → after`; empty when they agree. */
export function stateDifferences(kind: ResourceKind, notified: unknown, snapshot: unknown): string[] {
  const a: Obj = isObject(notified) ? notified : {};
  const b: Obj = isObject(snapshot) ? snapshot : {};
  const out: string[] = [];
  const field = (name: string, x: unknown, y: unknown): void => {
    if (canonical(x) !== canonical(y)) out.push(`${name}: ${text(x)} → ${text(y)}`);
  };
  if (kind === 'device') {
    const state = (o: Obj): unknown => (isObject(own(o, 'userState')) ? own(own(o, 'userState') as Obj, 'state') : undefined);
    field('userState.state', state(a), state(b));
    field('deviceState', own(a, 'deviceState'), own(b, 'deviceState'));
  } else {
    field('state', own(a, 'state'), own(b, 'state'));
    const participants = setChange(setOf(own(a, 'participants'), participantKey), setOf(own(b, 'participants'), participantKey));
    if (participants !== undefined) out.push(`participants: ${participants}`);
    const ua = own(a, 'userData');
    const ub = own(b, 'userData');
    if ((ua !== undefined || ub !== undefined) && canonical(ua ?? {}) !== canonical(ub ?? {})) {
      const ka = isObject(ua) ? ua : {};
      const kb = isObject(ub) ? ub : {};
      const keys = [...new Set([...Object.keys(ka), ...Object.keys(kb)])].sort().filter((k) => canonical(own(ka, k)) !== canonical(own(kb, k)));
      out.push(`userData: ${keys.map((k) => `${k} ${text(own(ka, k))} → ${text(own(kb, k))}`).join(', ')}`);
    }
  }
  const caps = setChange(setOf(own(a, 'capabilities'), text), setOf(own(b, 'capabilities'), text));
  if (caps !== undefined) out.push(`capabilities: ${caps}`);
  return out;
}
