import { after, before, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import type { CaptureRecord } from '../../../src/capture/records';
import { OfflineSession } from '../../../src/session/offlineSession';
import { isWebviewEvent, MAX_PAGE_ROWS, type HostMessage, type WebviewMessage } from '../../../src/timelineProtocol';
import { callMsg, chatMsg, harness, journalIn, tempDir, writeJournal } from './helpers';

/** The TimelineService's side of "every request gets exactly one answer": refusals, failures, closing, progress. */

function records(): CaptureRecord[] {
  const out: CaptureRecord[] = [chatMsg(1, 'ch1', 'Chatting', [])];
  for (let seq = 2; seq <= 300; seq++) out.push(callMsg(seq, `c${seq % 4}`, seq % 2 ? 'Held' : 'Established', { userData: { Tag: `T-${seq}` } }));
  return out;
}

describe('TimelineService answers every request exactly once', () => {
  const tmp = tempDir();
  let path: string;
  let session: OfflineSession;
  before(async () => {
    path = journalIn(tmp.dir);
    writeJournal(path, records());
    session = await OfflineSession.open(path);
  });
  after(() => {
    session.dispose();
    tmp.cleanup();
  });

  /** Replies (progress left out) to `messageId`. */
  const repliesTo = (h: ReturnType<typeof harness>, messageId: number): HostMessage[] => h.posted.filter((p) => p.inReplyTo === messageId && p.body.type !== 'request/progress').map((p) => p.body);

  test('each request type gets one reply and each event type none', async () => {
    const h = harness(session);
    const all: WebviewMessage[] = [
      { type: 'webview/ready' },
      { type: 'view/filter/set', filter: { text: 'T-1' } },
      { type: 'view/scope/set', scope: { kind: 'all' } },
      { type: 'rows/get', generation: 0, start: 0, count: 10 },
      { type: 'rows/locate', generation: 0, seq: 5 },
      { type: 'record/get', seq: 5 },
      { type: 'diff/get', seq: 5 },
      { type: 'resource/get', kind: 'call', id: 'c1' },
      { type: 'transcript/get', chatId: 'ch1' },
      { type: 'lanes/get', start: 0, count: 10 },
      { type: 'webview/error', message: 'x' },
      { type: 'diff/open', seq: 5, kind: 'call', id: 'c1' },
      { type: 'export/run' },
    ];
    let id = 1;
    for (const body of all) {
      const messageId = id++;
      await h.service.receive({ messageId, body });
      const got = repliesTo(h, messageId);
      assert.equal(got.length, isWebviewEvent(body.type) ? 0 : 1, `${body.type}: ${got.map((r) => r.type).join(', ')}`);
      assert.ok(got.every((r) => r.type !== 'request/failed'), `${body.type} succeeds`);
    }
    assert.equal(h.posted.length, all.filter((b) => !isWebviewEvent(b.type)).length, 'nothing else was posted');
    h.service.dispose();
  });

  test('a malformed request is answered request/failed with the reason and logged; a malformed event or an unusable id only logged', async () => {
    const h = harness(session);
    const answered: Array<[unknown, RegExp]> = [
      [{ messageId: 1 }, /body is not an object/],
      [{ messageId: 2, body: { type: 'no/such/type' } }, /unknown message type/],
      [{ messageId: 3, body: { type: 'rows/get', generation: 1, start: -1, count: 10 } }, /start/],
      [{ messageId: 4, body: { type: 'rows/get', generation: 1, start: 0, count: MAX_PAGE_ROWS + 1 } }, /count/],
      [{ messageId: 5, body: { type: 'record/get', seq: 'DROP TABLE' } }, /seq/],
      [{ messageId: 6, body: { type: 'view/scope/set', scope: { kind: 'resource', resourceKind: 'planet', id: 'x' } } }, /resourceKind/],
      [{ messageId: 7, body: { type: 'view/filter/set', filter: { text: 'x'.repeat(5000) } } }, /longer than/],
      [{ messageId: 9, body: { type: '__proto__' } }, /unknown message type/],
      [{ messageId: 10, inReplyTo: 3, body: { type: 'record/get', seq: 1 } }, /inReplyTo/],
    ];
    const unanswered: unknown[] = [null, 'webview/ready', { messageId: 'x', body: { type: 'webview/ready' } }, { messageId: -4, body: { type: 'record/get', seq: 1 } }, { messageId: 8, body: { type: 'diff/open', seq: 1, kind: 'call', id: 42 } }];
    for (const [raw, reason] of answered) {
      await h.service.receive(raw);
      const got = repliesTo(h, (raw as { messageId: number }).messageId);
      assert.equal(got.length, 1, JSON.stringify(raw));
      assert.equal(got[0].type, 'request/failed');
      if (got[0].type === 'request/failed') {
        assert.equal(got[0].code, 'invalid');
        assert.match(got[0].reason, reason);
      }
    }
    const before = h.posted.length;
    for (const raw of unanswered) await h.service.receive(raw);
    assert.equal(h.posted.length, before, 'no reply without a usable id, none to an event');
    assert.equal(h.logs.length, answered.length + unanswered.length);
    assert.ok(h.logs.every((l) => l.startsWith('timeline: refused a message:')));
    assert.deepEqual(h.opened, []);
    h.service.dispose();
  });

  test('a request whose handler throws is answered request/failed with the reason, and the service keeps working', async () => {
    const h = harness(session);
    const moved = `${path}.away`;
    renameSync(path, moved);
    try {
      await h.service.receive({ messageId: 1, body: { type: 'record/get', seq: 5 } });
      await h.service.receive({ messageId: 2, body: { type: 'rows/get', generation: 0, start: 0, count: 5 } });
    } finally {
      renameSync(moved, path);
    }
    for (const id of [1, 2]) {
      const got = repliesTo(h, id);
      assert.equal(got.length, 1);
      assert.equal(got[0].type, 'request/failed');
      if (got[0].type === 'request/failed') assert.deepEqual([got[0].code, /ENOENT/.test(got[0].reason)], ['error', true], got[0].reason);
    }
    assert.ok(h.logs.some((l) => /record\/get failed: .*ENOENT/.test(l)), h.logs.join('\n'));
    const payload = await h.request<'record/payload'>({ type: 'record/get', seq: 5 });
    assert.equal(payload.type, 'record/payload');
    assert.equal(payload.seq, 5);
    h.service.dispose();
  });

  test('once the session is closed, requests are refused with the reason; events are not answered', async () => {
    const h = harness(session);
    await h.request({ type: 'webview/ready' });
    h.service.close('the session was closed');
    await h.service.receive({ messageId: 50, body: { type: 'rows/get', generation: 0, start: 0, count: 5 } });
    await h.service.receive({ messageId: 51, body: { type: 'export/run' } });
    assert.deepEqual(repliesTo(h, 50), [{ type: 'request/failed', code: 'refused', reason: 'the capture is closed: the session was closed' }]);
    assert.deepEqual(repliesTo(h, 51), []);
    h.service.dispose();
  });
});

describe('TimelineService progress', () => {
  test('a long text scan reports request/progress for its request, then answers once', async () => {
    const tmp = tempDir();
    const path = journalIn(tmp.dir);
    const many: CaptureRecord[] = [];
    for (let seq = 1; seq <= 400; seq++) many.push(callMsg(seq, `c${seq}`, 'Ringing', { pad: 'x'.repeat(40_000), userData: { Tag: seq % 100 === 0 ? 'needle' : 'hay' } }));
    writeJournal(path, many);
    const session = await OfflineSession.open(path);
    const h = harness(session, { textBudget: 0 });
    // The scan yields between chunks; each yield, the mocked clock jumps a second.
    mock.timers.enable({ apis: ['Date'] });
    let ticking = true;
    const tick = (): void => {
      if (!ticking) return;
      mock.timers.tick(1000);
      setImmediate(tick);
    };
    try {
      await h.request({ type: 'webview/ready' });
      setImmediate(tick);
      await h.service.receive({ messageId: 77, body: { type: 'view/filter/set', filter: { text: 'needle' } } });
      ticking = false;
      const mine = h.posted.filter((p) => p.inReplyTo === 77);
      const progress = mine.filter((p) => p.body.type === 'request/progress').map((p) => p.body as Extract<HostMessage, { type: 'request/progress' }>);
      assert.ok(progress.length >= 1, 'the scan reported progress for the request');
      assert.ok(progress.every((p, i) => p.total > 0 && p.done <= p.total && (i === 0 || p.done >= progress[i - 1].done)), JSON.stringify(progress));
      const final = mine.filter((p) => p.body.type !== 'request/progress');
      assert.equal(final.length, 1);
      assert.equal(mine.at(-1), final[0], 'the answer comes last');
      const snap = final[0].body as Extract<HostMessage, { type: 'timeline/snapshot' }>;
      assert.equal(snap.total, 4);
    } finally {
      ticking = false;
      mock.timers.reset();
      h.service.dispose();
      session.dispose();
      tmp.cleanup();
    }
  });
});
