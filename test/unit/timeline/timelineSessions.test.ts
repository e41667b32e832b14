import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IndexEntry } from '../../../src/indexing/indexEntry';
import type { MessageRecord } from '../../../src/capture/records';
import type { CaptureSession } from '../../../src/session/captureSession';
import { linkedTwins, type TimelineSessions } from '../../../src/timeline/sessionSources';
import type { HostMessage, TimelineRow } from '../../../src/timelineProtocol';
import { Emitter } from '../../../src/util/emitter';
import { callMsg, FedSession, harness, journalIn, T0, tempDir, writeJournal } from './helpers';

/** A fed session with its own name (FedSession's label is the same for all). */
class NamedSession extends FedSession {
  constructor(path: string, private readonly name: string) {
    super(path);
  }
  override get label(): string {
    return this.name;
  }
}

/** A call message received at T0 + `ms`. */
function callAt(seq: number, ms: number, id: string, state: string, extra: Record<string, unknown> = {}): MessageRecord {
  return { ...callMsg(seq, id, state, extra), receivedAt: new Date(T0 + ms).toISOString() };
}

/** The sessions directory the extension gives the service, over a list the test changes. */
function directory(list: CaptureSession[]): TimelineSessions & { changed: Emitter<void> } {
  const changed = new Emitter<void>();
  return { all: () => list, onDidChange: changed.event, twinsOf: (s, kind, id) => linkedTwins(list, s, kind, id), changed };
}

/** Waits (without a clock) until `posted` holds a message the predicate accepts. */
async function postedMatching(posted: Array<{ body: HostMessage }>, accept: (m: HostMessage) => boolean): Promise<HostMessage> {
  for (let i = 0; i < 10_000; i++) {
    const hit = posted.find((p) => accept(p.body));
    if (hit) return hit.body;
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error('no such message was posted');
}

const who = (rows: TimelineRow[]): string[] => rows.map((r) => `${r.session?.label}:${r.seq}`);

describe('timeline across sessions', () => {
  const tmp = tempDir();
  let a: NamedSession;
  let b: NamedSession;
  let aEntries: IndexEntry[];
  let bEntries: IndexEntry[];
  before(() => {
    // agent1's call A-1 and agent2's call B-1 are one call (callUuid U1); A-2 and B-2 are not linked.
    aEntries = writeJournal(journalIn(tmp.dir, 'a.ndjson'), [
      callAt(1, 10, 'A-1', 'Ringing', { callUuid: 'U1' }),
      callAt(2, 30, 'A-1', 'Established', { callUuid: 'U1' }),
      callAt(3, 50, 'A-2', 'Dialing', { callUuid: 'U2' }),
      callAt(4, 70, 'A-1', 'Released', { callUuid: 'U1', userData: { Note: 'only-in-agent1' } }),
      callAt(5, 200, 'A-1', 'Released', { callUuid: 'U1' }),
      callAt(6, 60, 'A-2', 'Released', { callUuid: 'U2' }),
    ]);
    bEntries = writeJournal(journalIn(tmp.dir, 'b.ndjson'), [
      callAt(1, 20, 'B-1', 'Ringing', { callUuid: 'U1' }),
      callAt(2, 40, 'B-1', 'Established', { callUuid: 'U1' }),
      callAt(3, 55, 'B-2', 'Dialing', { callUuid: 'U9' }),
      callAt(4, 80, 'B-1', 'Released', { callUuid: 'U1', userData: { Note: 'only-in-agent2' } }),
    ]);
    a = new NamedSession(journalIn(tmp.dir, 'a.ndjson'), 'agent1@sim');
    b = new NamedSession(journalIn(tmp.dir, 'b.ndjson'), 'agent2@sim');
    a.feed(aEntries.slice(0, 4));
    b.feed(bEntries);
  });
  after(() => {
    a.dispose();
    b.dispose();
    tmp.cleanup();
  });

  test('All sessions: rows of both sessions merged by received time, each tagged with its session', async () => {
    const h = harness(a, { sessions: directory([a, b]) });
    const snap = await h.request<'timeline/snapshot'>({ type: 'webview/ready', scope: { kind: 'all', allSessions: true } });
    assert.equal(snap.total, 8);
    assert.equal(snap.recordCount, 8);
    assert.equal(snap.sessionCount, 2);
    assert.equal(snap.sessionLabel, 'All sessions');
    assert.deepEqual(who(snap.page.rows), ['agent1@sim:1', 'agent2@sim:1', 'agent1@sim:2', 'agent2@sim:2', 'agent1@sim:3', 'agent2@sim:3', 'agent1@sim:4', 'agent2@sim:4']);
    assert.deepEqual(snap.page.rows.map((r) => r.session?.id), [a.id, b.id, a.id, b.id, a.id, b.id, a.id, b.id]);
    // One session's own view carries no tags.
    const own = await h.request<'timeline/snapshot'>({ type: 'view/scope/set', scope: { kind: 'all' } });
    assert.equal(own.total, 4);
    assert.ok(own.page.rows.every((r) => r.session === undefined));
    h.service.dispose();
  });

  test('payloads, diffs, detail and locate go to the session the request names', async () => {
    const h = harness(a, { sessions: directory([a, b]) });
    const snap = await h.request<'timeline/snapshot'>({ type: 'webview/ready', scope: { kind: 'all', allSessions: true } });
    const fromA = await h.request<'record/payload'>({ type: 'record/get', seq: 4 });
    const fromB = await h.request<'record/payload'>({ type: 'record/get', seq: 4, session: b.id });
    assert.match(fromA.text, /only-in-agent1/);
    assert.match(fromB.text, /only-in-agent2/);
    const diff = await h.request<'diff/result'>({ type: 'diff/get', seq: 2, session: b.id });
    assert.deepEqual(diff.entries.map((e) => [e.resource.id, e.previousSeq]), [['B-1', 1]]);
    const detail = await h.request<'resource/detail'>({ type: 'resource/get', kind: 'call', id: 'B-1', session: b.id });
    assert.equal(detail.found, true);
    assert.deepEqual(detail.states.map((s) => s.state), ['Ringing', 'Established', 'Released']);
    assert.equal((await h.request<'resource/detail'>({ type: 'resource/get', kind: 'call', id: 'B-1' })).found, false);
    const located = await h.request<'rows/located'>({ type: 'rows/locate', generation: snap.generation, seq: 3, session: b.id });
    assert.equal(located.index, 5);
    const gone = await h.request<'request/failed'>({ type: 'record/get', seq: 1, session: 'no-such-session' });
    assert.equal(gone.type, 'request/failed');
    assert.equal(gone.code, 'refused');
    h.service.dispose();
  });

  test('the text filter searches every session (one search worker each)', async () => {
    const h = harness(a, { sessions: directory([a, b]) });
    await h.request<'timeline/snapshot'>({ type: 'webview/ready', scope: { kind: 'all', allSessions: true } });
    const both = await h.request<'timeline/snapshot'>({ type: 'view/filter/set', filter: { text: 'only-in-agent' } });
    assert.deepEqual(who(both.page.rows), ['agent1@sim:4', 'agent2@sim:4']);
    const one = await h.request<'timeline/snapshot'>({ type: 'view/filter/set', filter: { text: 'B-2' } });
    assert.deepEqual(who(one.page.rows), ['agent2@sim:3']);
    h.service.dispose();
  });

  test("a resource's timeline with its twins: the linked call of the other session, and nothing else", async () => {
    const h = harness(a, { sessions: directory([a, b]) });
    const alone = await h.request<'timeline/snapshot'>({ type: 'webview/ready', scope: { kind: 'resource', resourceKind: 'call', id: 'A-1' } });
    assert.deepEqual(alone.page.rows.map((r) => r.seq), [1, 2, 4]);
    const twins = await h.request<'timeline/snapshot'>({ type: 'view/scope/set', scope: { kind: 'resource', resourceKind: 'call', id: 'A-1', allSessions: true } });
    assert.deepEqual(who(twins.page.rows), ['agent1@sim:1', 'agent2@sim:1', 'agent1@sim:2', 'agent2@sim:2', 'agent1@sim:4', 'agent2@sim:4']);
    // Scoped from the other side: the resource names its session, and the timeline is about that session.
    const fromB = await h.request<'timeline/snapshot'>({ type: 'view/scope/set', scope: { kind: 'resource', resourceKind: 'call', id: 'B-1', session: b.id } });
    assert.equal(fromB.sessionId, b.id);
    assert.deepEqual(fromB.page.rows.map((r) => r.seq), [1, 2, 4]);
    // A call with no twin is its own timeline, even across sessions.
    const lone = await h.request<'timeline/snapshot'>({ type: 'view/scope/set', scope: { kind: 'resource', resourceKind: 'call', id: 'B-2', session: b.id, allSessions: true } });
    assert.deepEqual(who(lone.page.rows), ['agent2@sim:3']);
    h.service.dispose();
  });

  test('growing sessions: later rows are appended; a late row before rows already sent starts a new generation', async () => {
    const h = harness(a, { sessions: directory([a, b]), appendIntervalMs: 0 });
    const snap = await h.request<'timeline/snapshot'>({ type: 'webview/ready', scope: { kind: 'all', allSessions: true } });
    a.feed([aEntries[4]]);
    const append = await postedMatching(h.posted, (m) => m.type === 'timeline/append');
    assert.ok(append.type === 'timeline/append');
    assert.equal(append.generation, snap.generation);
    assert.equal(append.reordered, undefined);
    assert.deepEqual(who(append.tail.rows), ['agent1@sim:5']);
    // agent1's next record was received at 60 ms, before rows the webview holds.
    h.posted.length = 0;
    a.feed([aEntries[5]]);
    const reorder = await postedMatching(h.posted, (m) => m.type === 'timeline/append');
    assert.ok(reorder.type === 'timeline/append');
    assert.equal(reorder.reordered, true);
    assert.ok(reorder.generation > snap.generation);
    assert.equal(reorder.total, 10);
    const page = await h.request<'rows/page'>({ type: 'rows/get', generation: reorder.generation, start: 0, count: 10 });
    assert.equal(page.generation, reorder.generation);
    assert.deepEqual(who(page.rows).slice(4, 8), ['agent1@sim:3', 'agent2@sim:3', 'agent1@sim:6', 'agent1@sim:4']);
    const times = page.rows.map((r) => r.at);
    assert.deepEqual(times, [...times].sort((x, y) => x - y));
    h.service.dispose();
  });

  test('a session opened while All sessions is shown joins it; a closed one leaves it', async () => {
    const list: CaptureSession[] = [a];
    const dir = directory(list);
    const h = harness(a, { sessions: dir });
    const first = await h.request<'timeline/snapshot'>({ type: 'webview/ready', scope: { kind: 'all', allSessions: true } });
    assert.equal(first.sessionCount, 1);
    assert.ok(first.page.rows.every((r) => r.session?.id === a.id));
    h.posted.length = 0;
    list.push(b);
    dir.changed.fire();
    const joined = await postedMatching(h.posted, (m) => m.type === 'timeline/snapshot');
    assert.ok(joined.type === 'timeline/snapshot');
    assert.equal(joined.total, first.total + 4);
    assert.equal(joined.sessionCount, 2);
    h.posted.length = 0;
    list.pop();
    dir.changed.fire();
    const left = await postedMatching(h.posted, (m) => m.type === 'timeline/snapshot');
    assert.ok(left.type === 'timeline/snapshot');
    assert.equal(left.total, first.total);
    h.service.dispose();
  });
});
