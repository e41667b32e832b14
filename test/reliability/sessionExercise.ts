/** Drives every read API of an opened capture over every resource and record, counting what throws, and checks the timeline answers every request. */
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { OfflineSession } from '../../src/session/offlineSession';
import { TimelineService } from '../../src/timeline/timelineService';
import { isWebviewEvent, type Envelope, type HostMessage, type WebviewMessage } from '../../src/timelineProtocol';
import { hostileRequests } from './hostileRequests';

/** Hostile messages sent to the timeline per exercise. */
const HOSTILE = 300;

/** What the exercise saw; see assertExercised for the pass conditions. */
export interface ExerciseResult {
  calls: number;
  /** Exceptions thrown by a session API or by the timeline's receive(). */
  errors: string[];
  /** Requests sent to the timeline (well-formed and hostile). */
  requests: number;
  /** Requests with no reply, or with more than one. */
  unanswered: string[];
  answeredTwice: string[];
  /** Well-formed requests on a readable journal that were answered request/failed (reasons). */
  failedWellFormed: string[];
  /** Hostile messages sent, refused with request/failed, and refusals logged. */
  hostile: number;
  refused: number;
  refusalsLogged: number;
  /** Requests answered request/failed while the journal could not be read (must be all of them). */
  unreadableFailed: number;
  unreadableAsked: number;
}

/**
 * Opens `journalPath` offline, then for every resource: its latest state, its state and diff at
 * each of its records (first 20); and through the timeline service: every record's payload, a
 * diff, the resource detail, chat transcripts; then hostile webview messages; then, with the
 * journal moved away, requests whose reads fail. Every reply is matched to its request.
 */
export async function exerciseSession(journalPath: string, tempDir?: string): Promise<ExerciseResult> {
  const session = await OfflineSession.open(journalPath, journalPath, undefined, tempDir);
  const result: ExerciseResult = { calls: 0, errors: [], requests: 0, unanswered: [], answeredTwice: [], failedWellFormed: [], hostile: 0, refused: 0, refusalsLogged: 0, unreadableFailed: 0, unreadableAsked: 0 };
  const attempt = async (what: string, fn: () => unknown): Promise<void> => {
    result.calls++;
    try {
      await fn();
    } catch (err) {
      result.errors.push(`${what}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    }
  };
  const replies = new Map<number, HostMessage[]>();
  const logs: string[] = [];
  const port = {
    post: (m: Envelope<HostMessage>) => {
      if (m.inReplyTo !== undefined && m.body.type !== 'request/progress') replies.set(m.inReplyTo, [...(replies.get(m.inReplyTo) ?? []), m.body]);
    },
    log: (text: string) => logs.push(text),
  };
  let service = new TimelineService(session, port, { warmText: false });
  let id = 1;
  /** Sends one raw message; returns the replies it got (the id a reply must name, if any). */
  const send = async (raw: unknown, answerTo: number | undefined, what: string): Promise<HostMessage[]> => {
    result.calls++;
    try {
      await service.receive(raw);
    } catch (err) {
      result.errors.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (answerTo === undefined) return [];
    result.requests++;
    const got = replies.get(answerTo) ?? [];
    if (got.length === 0) result.unanswered.push(what);
    if (got.length > 1) result.answeredTwice.push(`${what}: ${got.map((r) => r.type).join(', ')}`);
    return got;
  };
  const ask = async (body: WebviewMessage): Promise<void> => {
    const messageId = id++;
    const got = await send({ messageId, body }, isWebviewEvent(body.type) ? undefined : messageId, body.type);
    for (const r of got) if (r.type === 'request/failed') result.failedWellFormed.push(`${body.type}: ${r.reason}`);
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

    const refusalsBefore = logs.filter((l) => l.includes('refused a message')).length;
    for (const h of hostileRequests(HOSTILE, 1_000_000)) {
      result.hostile++;
      const got = await send(h.raw, h.answerTo, `hostile ${JSON.stringify(h.raw).slice(0, 120)}`);
      if (got.length === 1 && got[0].type === 'request/failed' && got[0].code === 'invalid') result.refused++;
    }
    result.refusalsLogged = logs.filter((l) => l.includes('refused a message')).length - refusalsBefore;

    // The journal moved away: a fresh service cannot read it, and must say so rather than hang.
    service.dispose();
    const moved = `${journalPath}.moved`;
    renameSync(journalPath, moved);
    try {
      service = new TimelineService(session, port, { warmText: false });
      const seq = session.tracker.recordAt(0)?.seq ?? 1;
      for (const body of [{ type: 'webview/ready' }, { type: 'record/get', seq }, { type: 'rows/get', generation: 0, start: 0, count: 10 }] as WebviewMessage[]) {
        const messageId = id++;
        result.unreadableAsked++;
        const got = await send({ messageId, body }, messageId, `unreadable ${body.type}`);
        if (got.length === 1 && got[0].type === 'request/failed' && got[0].code === 'error' && got[0].reason !== '') result.unreadableFailed++;
      }
    } finally {
      renameSync(moved, journalPath);
    }
  } finally {
    service.dispose();
    session.dispose();
  }
  return result;
}

/** The pass conditions: nothing threw, every request got exactly one reply, hostile input was refused out loud, unreadable reads failed out loud. */
export function assertExercised(r: ExerciseResult): void {
  assert.deepEqual(r.errors, [], 'state, diff and timeline requests never throw');
  assert.deepEqual(r.unanswered.slice(0, 10), [], `every timeline request was answered (${r.unanswered.length} of ${r.requests} not)`);
  assert.deepEqual(r.answeredTwice.slice(0, 10), [], 'no request was answered twice');
  assert.deepEqual(r.failedWellFormed.slice(0, 10), [], 'well-formed requests on a readable journal succeed');
  assert.ok(r.refused > r.hostile / 2, `hostile messages were refused with request/failed (${r.refused} of ${r.hostile})`);
  assert.ok(r.refusalsLogged >= r.refused, `every refusal was logged (${r.refusalsLogged} logged, ${r.refused} refused)`);
  assert.equal(r.unreadableFailed, r.unreadableAsked, 'requests on an unreadable journal were answered request/failed');
}
