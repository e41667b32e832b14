import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { REQUEST_TIMEOUT_MS, type Envelope, type RequestControl } from '../../../src/timelineProtocol';
import { isSuperseded, MessageHandler, RequestFailedError, type MessageHandlerOptions, type RequestContext } from '../../../src/timelineRequests';

/** Both ends of the request channel, with the clock mocked: timeouts, progress, failures, supersede. */

type Ask = { type: 'ask'; key?: string; n?: number };
type Answer = { type: 'answer'; n: number } | RequestControl;

/** Flushes promise callbacks (mocked timers leave microtasks alone). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/** How a promise ended so far. */
function watch<T>(p: Promise<T>): { state: () => 'pending' | 'resolved' | 'rejected'; value: () => T | undefined; error: () => unknown } {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  let value: T | undefined;
  let error: unknown;
  p.then((v) => ((state = 'resolved'), (value = v)), (e: unknown) => ((state = 'rejected'), (error = e)));
  return { state: () => state, value: () => value, error: () => error };
}

/** A requester whose posts are recorded and answered by hand. */
function requester(options: MessageHandlerOptions<Ask, Answer> = {}) {
  const sent: Array<Envelope<Ask | RequestControl>> = [];
  const handler = new MessageHandler<Ask, Answer>((m) => sent.push(m), () => undefined, { isEvent: () => true, outgoingKey: (b) => b.key, ...options });
  const reply = (to: number, body: Answer) => handler.handleMessage({ messageId: 900 + to, inReplyTo: to, body });
  return { handler, sent, reply };
}

/** An answering end running `work` for each request, recording its posts. */
function answerer(work: (body: Ask, ctx: RequestContext) => Promise<Answer | undefined> | Answer | undefined, options: MessageHandlerOptions<Answer, Ask> = {}) {
  const posted: Array<Envelope<Answer | RequestControl>> = [];
  const errors: string[] = [];
  const handler = new MessageHandler<Answer, Ask>((m) => posted.push(m), work, { incomingKey: (b) => b.key, onError: (what) => errors.push(what), ...options });
  const repliesTo = (id: number) => posted.filter((p) => p.inReplyTo === id && p.body.type !== 'request/progress').map((p) => p.body);
  return { handler, posted, errors, repliesTo };
}

describe('MessageHandler, requesting side', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'] }));
  afterEach(() => mock.timers.reset());

  test('a reply resolves the request; nothing fires later', async () => {
    const r = requester();
    const p = watch(r.handler.sendRequest({ type: 'ask' }));
    assert.equal(r.sent[0].body.type, 'ask');
    await r.reply(r.sent[0].messageId, { type: 'answer', n: 1 });
    await settle();
    assert.deepEqual([p.state(), p.value()], ['resolved', { type: 'answer', n: 1 }]);
    mock.timers.tick(REQUEST_TIMEOUT_MS * 2);
    await settle();
    assert.equal(p.state(), 'resolved');
    assert.equal(r.handler.pendingCount, 0);
  });

  test('the timeout counts silence only: 15 s with no reply rejects, not a moment sooner', async () => {
    const r = requester();
    const p = watch(r.handler.sendRequest({ type: 'ask' }));
    mock.timers.tick(REQUEST_TIMEOUT_MS - 1);
    await settle();
    assert.equal(p.state(), 'pending');
    mock.timers.tick(1);
    await settle();
    assert.equal(p.state(), 'rejected');
    assert.ok(p.error() instanceof RequestFailedError);
    assert.equal((p.error() as RequestFailedError).code, 'timeout');
    assert.equal(r.handler.pendingCount, 0);
    await r.reply(r.sent[0].messageId, { type: 'answer', n: 1 });
    assert.equal(p.state(), 'rejected', 'a late reply is ignored');
  });

  test('progress resets the timeout and reaches the caller; silence after it still times out', async () => {
    const r = requester();
    const heard: Array<[number, number]> = [];
    const p = watch(r.handler.sendRequest({ type: 'ask' }, (done, total) => heard.push([done, total])));
    const id = r.sent[0].messageId;
    for (let s = 1; s <= 4; s++) {
      mock.timers.tick(10_000);
      await r.reply(id, { type: 'request/progress', done: s, total: 4 });
    }
    await settle();
    assert.equal(p.state(), 'pending', '40 s in, with progress every 10 s');
    assert.deepEqual(heard, [[1, 4], [2, 4], [3, 4], [4, 4]]);
    mock.timers.tick(REQUEST_TIMEOUT_MS - 1);
    await settle();
    assert.equal(p.state(), 'pending');
    mock.timers.tick(1);
    await settle();
    assert.equal((p.error() as RequestFailedError).code, 'timeout');
  });

  test('request/failed rejects with its code and reason', async () => {
    const r = requester();
    const p = watch(r.handler.sendRequest({ type: 'ask' }));
    await r.reply(r.sent[0].messageId, { type: 'request/failed', code: 'refused', reason: 'the capture is closed' });
    await settle();
    const err = p.error() as RequestFailedError;
    assert.deepEqual([p.state(), err.code, err.message, isSuperseded(err)], ['rejected', 'refused', 'the capture is closed', false]);
  });

  test('a newer request of the same key supersedes the older one; other keys are untouched', async () => {
    const r = requester();
    const older = watch(r.handler.sendRequest({ type: 'ask', key: 'view' }));
    const other = watch(r.handler.sendRequest({ type: 'ask', key: 'rows' }));
    const newer = watch(r.handler.sendRequest({ type: 'ask', key: 'view' }));
    await settle();
    assert.equal(older.state(), 'rejected');
    assert.ok(isSuperseded(older.error()));
    assert.deepEqual([other.state(), newer.state()], ['pending', 'pending']);
    await r.reply(r.sent[0].messageId, { type: 'request/failed', code: 'superseded', reason: 'superseded' });
    await r.reply(r.sent[2].messageId, { type: 'answer', n: 3 });
    await settle();
    assert.deepEqual(newer.value(), { type: 'answer', n: 3 });
    assert.equal(r.handler.pendingCount, 1);
  });

  test('dispose ends every pending request', async () => {
    const r = requester();
    const p = watch(r.handler.sendRequest({ type: 'ask' }));
    r.handler.dispose('panel closed');
    await settle();
    assert.equal((p.error() as RequestFailedError).code, 'closed');
    const late = watch(r.handler.sendRequest({ type: 'ask' }));
    await settle();
    assert.equal(late.state(), 'rejected');
  });
});

describe('MessageHandler, answering side', () => {
  afterEach(() => mock.timers.reset());

  test('a handler that throws, or has no answer, is answered request/failed once; an event never is', async () => {
    const a = answerer((b) => {
      if (b.n === 1) throw new Error('disk on fire');
      if (b.n === 2) return undefined;
      return { type: 'answer', n: b.n ?? 0 };
    }, { isEvent: (b) => b.n === 4 });
    await a.handler.handleMessage({ messageId: 1, body: { type: 'ask', n: 1 } });
    await a.handler.handleMessage({ messageId: 2, body: { type: 'ask', n: 2 } });
    await a.handler.handleMessage({ messageId: 3, body: { type: 'ask', n: 3 } });
    await a.handler.handleMessage({ messageId: 4, body: { type: 'ask', n: 4 } });
    assert.deepEqual(a.repliesTo(1), [{ type: 'request/failed', code: 'error', reason: 'disk on fire' }]);
    assert.deepEqual(a.repliesTo(2).map((b) => b.type), ['request/failed']);
    assert.deepEqual(a.repliesTo(3), [{ type: 'answer', n: 3 }]);
    assert.deepEqual(a.repliesTo(4), []);
    assert.deepEqual(a.errors, ['ask failed']);
  });

  test('a refusal thrown as RequestFailedError keeps its code', async () => {
    const a = answerer(() => {
      throw new RequestFailedError('refused', 'closed for the day');
    });
    await a.handler.handleMessage({ messageId: 7, body: { type: 'ask' } });
    assert.deepEqual(a.repliesTo(7), [{ type: 'request/failed', code: 'refused', reason: 'closed for the day' }]);
  });

  test('receive() answers what the check refuses when it names a request, and drops the rest', async () => {
    const a = answerer(() => ({ type: 'answer', n: 0 }), {
      check: (raw) => (raw === 'ok' ? { ok: true, envelope: { messageId: 5, body: { type: 'ask' } } } : raw === 'bad' ? { ok: false, reason: 'bad', answerTo: 6 } : { ok: false, reason: 'junk' }),
    });
    await a.handler.receive('ok');
    await a.handler.receive('bad');
    await a.handler.receive('junk');
    assert.deepEqual(a.posted.map((p) => [p.inReplyTo, p.body.type]), [[5, 'answer'], [6, 'request/failed']]);
    assert.deepEqual(a.errors, ['refused a message', 'refused a message']);
  });

  test('a newer request of the same key aborts the older work and answers it superseded, once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const signals: AbortSignal[] = [];
    const a = answerer(async (b, ctx) => {
      signals.push(ctx.signal);
      if (b.n === 1) await gate;
      return { type: 'answer', n: b.n ?? 0 };
    });
    const first = a.handler.handleMessage({ messageId: 1, body: { type: 'ask', key: 'view', n: 1 } });
    await a.handler.handleMessage({ messageId: 2, body: { type: 'ask', key: 'view', n: 2 } });
    assert.equal(signals[0].aborted, true);
    assert.deepEqual(a.repliesTo(1), [{ type: 'request/failed', code: 'superseded', reason: 'superseded by a newer ask' }]);
    assert.deepEqual(a.repliesTo(2), [{ type: 'answer', n: 2 }]);
    release();
    await first;
    assert.equal(a.repliesTo(1).length, 1, 'the older work finishing posts nothing more');
    assert.deepEqual(a.errors, []);
  });

  test('progress is posted at most once a second, in reply to the request, and never after the answer', async () => {
    mock.timers.enable({ apis: ['Date'] });
    let ctx!: RequestContext;
    let finish!: () => void;
    const a = answerer((_b, c) => {
      ctx = c;
      return new Promise((resolve) => (finish = () => resolve({ type: 'answer', n: 1 })));
    });
    const done = a.handler.handleMessage({ messageId: 3, body: { type: 'ask' } });
    const progressPosts = () => a.posted.filter((p) => p.body.type === 'request/progress');
    ctx.progress(1, 10);
    mock.timers.tick(999);
    ctx.progress(2, 10);
    assert.equal(progressPosts().length, 0, 'nothing within the first second');
    mock.timers.tick(1);
    ctx.progress(3, 10);
    mock.timers.tick(500);
    ctx.progress(4, 10);
    mock.timers.tick(500);
    ctx.progress(5, 10);
    assert.deepEqual(progressPosts().map((p) => [p.inReplyTo, p.body]), [[3, { type: 'request/progress', done: 3, total: 10 }], [3, { type: 'request/progress', done: 5, total: 10 }]]);
    finish();
    await done;
    mock.timers.tick(5000);
    ctx.progress(9, 10);
    assert.equal(progressPosts().length, 2);
    assert.deepEqual(a.repliesTo(3), [{ type: 'answer', n: 1 }]);
  });

  test('end to end: 40 s of work with progress every second completes; silent work times out at 15 s', async () => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    let toRequester!: (m: Envelope<Answer | RequestControl>) => void;
    const host = answerer(async (b, ctx) => {
      for (let s = 1; s <= 40; s++) {
        await new Promise((r) => setTimeout(r, 1000));
        if (b.n === 1) ctx.progress(s, 40);
      }
      return { type: 'answer', n: b.n ?? 0 };
    });
    const page = new MessageHandler<Ask, Answer>((m) => void host.handler.handleMessage(m as Envelope<Ask>), () => undefined, { isEvent: () => true });
    toRequester = (m) => void page.handleMessage(m as Envelope<Answer>);
    host.posted.push = (...items) => (items.forEach(toRequester), 0);
    const talking = watch(page.sendRequest({ type: 'ask', n: 1 }));
    const silent = watch(page.sendRequest({ type: 'ask', n: 2 }));
    for (let s = 0; s < 41; s++) {
      mock.timers.tick(1000);
      await settle();
    }
    assert.equal(silent.state(), 'rejected');
    assert.equal((silent.error() as RequestFailedError).code, 'timeout');
    assert.deepEqual([talking.state(), talking.value()], ['resolved', { type: 'answer', n: 1 }]);
  });
});
