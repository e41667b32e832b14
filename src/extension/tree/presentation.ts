/**
 * How resources look in the tree, as pure functions (no vscode import) so they are unit-tested:
 * short ids, labels, icon choice, tooltips.
 */
import type { ResourceKind } from '../../model/gwsTypes';
import { shortId } from '../../model/resourceNames';
import type { ResourceView } from '../../tracker/resourceTracker';
import { spanText, stateSpans, timeInStateText, type StateClock } from '../../tracker/stateTimes';
import { plural } from '../../util/wording';

export { shortId } from '../../model/resourceNames';
export { formatDuration } from '../../util/wording';

/** Codicon name and theme color id for a resource's icon. */
export interface IconChoice {
  icon: string;
  color?: string;
}

/** Tree label: short id plus the phone number or nickname where one exists. */
export function resourceLabel(r: Pick<ResourceView, 'kind' | 'id' | 'label'>): string {
  // Errors are named by their text or what they are about (model/classify), the record number last.
  if (r.kind === 'error') return r.label ?? `error #${r.id}`;
  if (r.kind === 'other') return r.id;
  return r.label ? `${shortId(r.id)} ${r.label}` : shortId(r.id);
}

/** The state shown as the description; devices show the agent state with the device state beside it. */
export function resourceDescription(r: Pick<ResourceView, 'kind' | 'id' | 'state' | 'deviceState' | 'ended' | 'endReason' | 'messageCount'>): string {
  if (r.kind === 'error') return `record #${r.id}`;
  const state = r.state ?? '';
  const device = r.kind === 'device' && r.deviceState ? ` (${r.deviceState})` : '';
  const ended = r.ended && r.endReason && r.endReason !== r.state ? ` · ${r.endReason}` : '';
  return `${state}${device}${ended}`;
}

const CALL_ICONS: Record<string, IconChoice> = {
  Dialing: { icon: 'call-outgoing', color: 'charts.blue' },
  Ringing: { icon: 'bell-dot', color: 'charts.yellow' },
  Established: { icon: 'call-incoming', color: 'charts.green' },
  Held: { icon: 'debug-pause', color: 'charts.orange' },
  Released: { icon: 'circle-slash', color: 'disabledForeground' },
};

const KIND_ICONS: Record<ResourceKind, IconChoice> = {
  call: { icon: 'call-incoming' },
  device: { icon: 'device-mobile' },
  chat: { icon: 'comment-discussion' },
  error: { icon: 'error', color: 'errorForeground' },
  other: { icon: 'symbol-event' },
};

/** One icon per kind and state: ringing, established, held, released, ready, not ready, error. */
export function resourceIcon(r: Pick<ResourceView, 'kind' | 'state' | 'ended'>): IconChoice {
  if (r.kind === 'call' && r.state && CALL_ICONS[r.state]) return r.ended ? { ...CALL_ICONS.Released } : CALL_ICONS[r.state];
  if (r.kind === 'device') {
    if (r.state === 'Ready') return { icon: 'pass-filled', color: 'charts.green' };
    if (r.state === 'NotReady') return { icon: 'circle-slash', color: 'charts.red' };
    if (r.ended) return { icon: 'device-mobile', color: 'disabledForeground' };
  }
  if (r.kind === 'chat') {
    if (r.ended) return { icon: 'comment', color: 'disabledForeground' };
    if (r.state === 'Invited') return { icon: 'bell-dot', color: 'charts.yellow' };
    if (r.state === 'Chatting') return { icon: 'comment-discussion', color: 'charts.green' };
  }
  return r.ended ? { ...KIND_ICONS[r.kind], color: 'disabledForeground' } : KIND_ICONS[r.kind];
}

function clock(ms: number): string {
  return ms ? new Date(ms).toISOString().slice(11, 23) : '?';
}

/**
 * Markdown-free tooltip lines: the state path with the time spent in each state and the totals per
 * state, "now" being the session's (the wall clock while live, the capture's last record for a file).
 */
export function stateTooltip(r: ResourceView, now: number, clockOf: StateClock): string {
  const lines = [`${r.kind} ${r.id}`];
  if (r.label) lines.push(r.label);
  lines.push(`first seen ${clock(r.firstSeen)}, last seen ${clock(r.lastSeen)}, ${plural(r.messageCount, 'message')}`);
  const spans = stateSpans(r, now);
  for (const span of spans) lines.push(`${clock(span.since)}  ${span.state}  (${spanText(span, clockOf)})`);
  // Repeated visits add up here: "how long was it NotReady in all?"
  const totals = timeInStateText(spans, clockOf);
  if (totals !== '' && spans.length > 1) lines.push(`time in state: ${totals}`);
  if (r.ended) lines.push(`ended${r.endReason ? `: ${r.endReason}` : ''}`);
  if (r.errorSeqs.length) lines.push(`${plural(r.errorSeqs.length, 'linked error')}`);
  return lines.join('\n');
}

/** Live resources first (in first-seen order), ended ones last. */
export function sortResources<T extends Pick<ResourceView, 'ended'>>(list: T[]): T[] {
  return [...list.filter((r) => !r.ended), ...list.filter((r) => r.ended)];
}

/**
 * A group's rows. Sorted (sortResources), except while the user works in the group (`hold`): then
 * the rows shown before keep their places and new ones are appended, so nothing moves under the
 * pointer; the queued order applies when the hold ends.
 */
export function groupOrder<T extends Pick<ResourceView, 'id' | 'ended'>>(list: T[], shown: readonly string[] | undefined, hold: boolean): T[] {
  const sorted = sortResources(list);
  if (!hold || !shown || shown.length === 0) return sorted;
  const byId = new Map(sorted.map((r) => [r.id, r]));
  const kept = shown.flatMap((id) => byId.get(id) ?? []);
  const placed = new Set(shown);
  return [...kept, ...sorted.filter((r) => !placed.has(r.id))];
}

export const GROUP_TITLES: Record<ResourceKind, string> = { chat: 'Chats', call: 'Calls', device: 'Devices', error: 'Errors', other: 'Other' };
