/** Drives every read API of an opened capture over every resource and record, counting what throws. */
import { OfflineSession } from '../../src/session/offlineSession';
import { TimelineService } from '../../src/timeline/timelineService';
import type { HostMessage, WebviewMessage } from '../../src/timelineProtocol';

/** Calls made, exceptions thrown (must be none), and requests the timeline answered with a handled failure. */
export interface ExerciseResult {
  calls: number;
  errors: string[];
  handledFailures: number;
}

/**
 * Opens `journalPath` offline, then for every resource: its latest state, its state and diff at
 * each of its records (first 20); and through the timeline service: every record's payload, a
 * diff, the resource detail, chat transcripts. Pass for the caller: `errors` is empty.
 */
export async function exerciseSession(journalPath: string, tempDir?: string): Promise<ExerciseResult> {
  const session = await OfflineSession.open(journalPath, journalPath, undefined, tempDir);
  const result: ExerciseResult = { calls: 0, errors: [], handledFailures: 0 };
  const attempt = async (what: string, fn: () => unknown): Promise<void> => {
    result.calls++;
    try {
      await fn();
    } catch (err) {
      result.errors.push(`${what}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    }
  };
  const replies: HostMessage[] = [];
  const service = new TimelineService(session, { post: (m) => replies.push(m.body) }, { warmText: false });
  let id = 1;
  const ask = async (body: WebviewMessage): Promise<void> => {
    result.calls++;
    const before = replies.length;
    try {
      await service.receive({ messageId: id++, body });
    } catch (err) {
      result.errors.push(`${body.type}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (replies.slice(before).some((r) => r.type === 'request/failed')) result.handledFailures++;
  };
  try {
    await ask({ type: 'webview/ready' });
    for (const r of session.tracker.resources()) {
      await attempt(`latestStateSeq ${r.key}`, () => session.latestStateSeq(r.kind, r.id));
      for (const seq of [...session.tracker.seqsOf(r.kind, r.id)].slice(0, 20)) {
        await attempt(`stateAt ${r.key}@${seq}`, () => session.stateAt(r.kind, r.id, seq));
        await attempt(`diffAt ${r.key}@${seq}`, () => session.diffAt(r.kind, r.id, seq));
      }
      await ask({ type: 'resource/get', kind: r.kind, id: r.id });
      if (r.kind === 'chat') await ask({ type: 'transcript/get', chatId: r.id });
    }
    for (let i = 0; i < session.tracker.recordCount; i++) {
      const seq = session.tracker.recordAt(i)!.seq;
      await ask({ type: 'record/get', seq });
      await ask({ type: 'diff/get', seq });
    }
    await ask({ type: 'view/filter/set', filter: { text: '__proto__' } });
  } finally {
    service.dispose();
    session.dispose();
  }
  return result;
}
