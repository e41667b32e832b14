/**
 * How resources look in the tree, as pure functions (no vscode import) so they are unit-tested:
 * short ids, labels, icon choice, tooltips.
 */
import type { ResourceKind } from '../../model/gwsTypes';
import { shortId } from '../../model/resourceNames';
import type { ResourceView } from '../../tracker/resourceTracker';

/** Codicon name and theme color id for a resource's icon. */
export interface IconChoice {
  icon: string;
  color?: string;
}

// The short id lives in the core so the timeline webview names resources the same way.
export { shortId } from '../../model/resourceNames';

/** Tree label: short id plus the phone number or nickname where one exists. */
export function resourceLabel(r: Pick<ResourceView, 'kind' | 'id' | 'label'>): string {
  if (r.kind === 'error') return `error #${r.id}`;
  if (r.kind === 'other') return r.id;
  return r.label ? `${shortId(r.id)} ${r.label}` : shortId(r.id);
}

/** The state shown as the description; devices show the agent state with the device state beside it. */
export function resourceDescription(r: Pick<ResourceView, 'kind' | 'state' | 'deviceState' | 'ended' | 'endReason' | 'messageCount'>): string {
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

/** 1234 ms → "1.2 s", 75 s → "1 min 15 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

function clock(ms: number): string {
  return ms ? new Date(ms).toISOString().slice(11, 23) : '?';
}

/** Markdown-free tooltip lines: the state path with the time spent in each state. */
export function stateTooltip(r: ResourceView, now = Date.now()): string {
  const lines = [`${r.kind} ${r.id}`];
  if (r.label) lines.push(r.label);
  lines.push(`first seen ${clock(r.firstSeen)}, last seen ${clock(r.lastSeen)}, ${r.messageCount} message(s)`);
  r.states.forEach((step, i) => {
    const next = r.states[i + 1]?.since ?? (r.ended ? r.lastSeen : now);
    lines.push(`${clock(step.since)}  ${step.state}  (${formatDuration(next - step.since)})`);
  });
  if (r.ended) lines.push(`ended${r.endReason ? `: ${r.endReason}` : ''}`);
  if (r.errorSeqs.length) lines.push(`${r.errorSeqs.length} linked error(s)`);
  return lines.join('\n');
}

/** Live resources first (in first-seen order), ended ones last. */
export function sortResources<T extends Pick<ResourceView, 'ended'>>(list: T[]): T[] {
  return [...list.filter((r) => !r.ended), ...list.filter((r) => r.ended)];
}

export const GROUP_TITLES: Record<ResourceKind, string> = { chat: 'Chats', call: 'Calls', device: 'Devices', error: 'Errors', other: 'Other' };
