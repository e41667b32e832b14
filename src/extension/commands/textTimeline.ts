import * as vscode from 'vscode';
import type { ResourceKind } from '../../model/gwsTypes';
import type { CaptureSession } from '../../session/captureSession';
import type { RecordView } from '../../tracker/resourceTracker';

export const TIMELINE_SCHEME = 'gws-timeline';
const MAX_LINES = 20_000;

/** Scope of a plain-text timeline: all traffic, one topic, or one resource. */
export type TimelineScope = { kind: 'all' } | { kind: 'topic'; channel: string } | { kind: 'resource'; resourceKind: ResourceKind; id: string };

/** Control characters from hostile payloads are shown as '?'. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
}

function line(session: CaptureSession, v: RecordView): string {
  const time = v.at ? new Date(v.at).toISOString().slice(11, 23) : '--:--:--.---';
  switch (v.rec) {
    case 'message': {
      const r = session.tracker.resourceAt(v.resource);
      const type = [v.messageType ?? '(no messageType)', v.notificationType].filter(Boolean).join('/');
      return `#${v.seq}  ${time}  ${v.channel ?? ''}  ${type}  ${r ? `${r.kind} ${r.id}` : ''}${v.malformed ? `  MALFORMED: ${v.malformed}` : ''}  ${v.length} B`;
    }
    case 'gap':
      return `#${v.seq}  ${time}  ===== GAP until ${v.until ? new Date(v.until).toISOString().slice(11, 23) : '?'} =====`;
    case 'snapshot':
      return `#${v.seq}  ${time}  ===== REST snapshot =====`;
    case 'event':
      return `#${v.seq}  ${time}  -- ${v.messageType ?? 'event'}`;
    default:
      return `#${v.seq}  unreadable line: ${v.malformed ?? ''}`;
  }
}

/**
 * A plain-text timeline as a read-only document: the records of a scope, one line each, newest
 * last. The webview timeline (with diffs) replaces it as the main view.
 */
export function renderTextTimeline(session: CaptureSession, scope: TimelineScope): string {
  const t = session.tracker;
  const lines: string[] = [];
  if (scope.kind === 'resource') {
    const seqs = t.seqsOf(scope.resourceKind, scope.id);
    for (const seq of seqs.subarray(Math.max(0, seqs.length - MAX_LINES))) {
      const v = t.entryAt(seq);
      if (v) lines.push(line(session, v));
    }
  } else {
    for (let i = t.recordCount - 1; i >= 0 && lines.length < MAX_LINES; i--) {
      const v = t.recordAt(i)!;
      if (scope.kind === 'topic' && v.channel !== undefined && !channelMatches(scope.channel, v.channel)) continue;
      if (scope.kind === 'topic' && v.rec === 'message' && v.channel === undefined) continue;
      lines.push(line(session, v));
    }
    lines.reverse();
  }
  const title = scope.kind === 'all' ? 'all traffic' : scope.kind === 'topic' ? `topic ${scope.channel}` : `${scope.resourceKind} ${scope.id}`;
  return printable(`# ${session.label}: ${title}, ${lines.length} record(s)${lines.length >= MAX_LINES ? ` (last ${MAX_LINES})` : ''}\n`) + lines.map(printable).join('\n') + '\n';
}

function channelMatches(pattern: string, channel: string): boolean {
  if (pattern.endsWith('/**')) return channel.startsWith(pattern.slice(0, -2));
  if (pattern.endsWith('/*')) {
    const base = pattern.slice(0, -1);
    return channel.startsWith(base) && !channel.slice(base.length).includes('/');
  }
  return pattern === channel;
}

/** gws-timeline:/<title>?session=..&scope=<json> */
export function timelineUri(session: CaptureSession, scope: TimelineScope): vscode.Uri {
  const title = scope.kind === 'all' ? 'all' : scope.kind === 'topic' ? scope.channel.replace(/\//g, '_') : `${scope.resourceKind}-${encodeURIComponent(scope.id).slice(0, 60)}`;
  return vscode.Uri.from({ scheme: TIMELINE_SCHEME, path: `/timeline-${title}.log`, query: new URLSearchParams({ session: session.id, scope: JSON.stringify(scope) }).toString() });
}
