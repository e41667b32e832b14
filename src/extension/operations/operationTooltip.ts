import type { ResourceKind } from '../../model/gwsTypes';
import type { CaptureSession } from '../../session/captureSession';

/**
 * The last operation sent for a resource and its outcome, for the tree's tooltip (`Answer call:…
 * → accepted (statusCode 0) in 12 ms → Established 95 ms later (#7)`). Reads the session's coalesced
 * correlation: at worst a moment old, and it asks for a newer one (the tree refreshes when it comes).
 * A device's tooltip also shows the voice channel's (Ready, NotReady).
 */
export function lastOperationLine(session: CaptureSession, kind: ResourceKind, id: string): string | undefined {
  if (kind !== 'call' && kind !== 'chat' && kind !== 'device') return undefined;
  const view = session.operations.current();
  if (view.outcomes.length === 0) return undefined;
  const own = view.lastByTarget.get(`${kind}:${id}`);
  const voice = kind === 'device' ? view.lastByTarget.get('voice:') : undefined;
  const last = own && voice ? (own.requestSeq > voice.requestSeq ? own : voice) : own ?? voice;
  return last && session.operations.line(last);
}
