import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { correlate } from '../../../src/operations/correlate';
import { Journal } from './correlationFixture';

const call = (id: string) => ({ kind: 'call' as const, id });

describe('correlate', () => {
  test('Answer → Established is the effect, timed from the request', () => {
    const j = new Journal();
    j.call(0, 'c1', 'Ringing');
    const req = j.request(100, 'Answer', call('c1'));
    j.response(112, req, 200);
    j.call(150, 'c1', 'Ringing', 'AttachedDataChanged');
    const hit = j.call(195, 'c1', 'Established');
    const [o] = correlate(j.tracker());
    assert.equal(o.outcome, 'effect');
    assert.deepEqual(o.effect, { seq: hit, state: 'Established', afterMs: 95 });
    assert.equal(o.httpStatus, 200);
    assert.equal(o.statusCode, 0);
    assert.equal(o.requestSeq, req);
  });

  test('Answer accepted while the call stays Ringing is no-effect, with the time the capture covered', () => {
    const j = new Journal();
    j.call(0, 'c1', 'Ringing');
    const req = j.request(100, 'Answer', call('c1'));
    j.response(110, req, 200);
    j.call(150, 'c1', 'Ringing', 'AttachedDataChanged');
    j.call(2110, 'c1', 'Ringing', 'AttachedDataChanged');
    const [o] = correlate(j.tracker());
    assert.equal(o.outcome, 'no-effect');
    assert.equal(o.effect, null);
    assert.equal(o.coveredMs, 2000);
  });

  test('an effect after the window is not the effect; a live window still open is pending', () => {
    const j = new Journal();
    j.call(0, 'c1', 'Ringing');
    const req = j.request(100, 'Answer', call('c1'));
    j.response(110, req, 200);
    j.call(6000, 'c1', 'Established');
    assert.equal(correlate(j.tracker(), { windowMs: 5000 })[0].outcome, 'no-effect');
    assert.equal(correlate(j.tracker(), { windowMs: 10_000 })[0].outcome, 'effect');
    const live = new Journal();
    live.call(0, 'c1', 'Ringing');
    live.response(110, live.request(100, 'Answer', call('c1')), 200);
    assert.equal(correlate(live.tracker(), { now: Date.parse(Journal.iso(200)) })[0].outcome, 'pending');
  });

  test('a notification may arrive before the HTTP response; afterMs is never negative', () => {
    const j = new Journal();
    j.call(0, 'c1', 'Ringing');
    const req = j.request(100, 'Answer', call('c1'));
    // Clocks disagree: the notification is stamped before the request was sent.
    j.call(90, 'c1', 'Established');
    j.response(130, req, 200);
    const [o] = correlate(j.tracker());
    assert.equal(o.outcome, 'effect');
    assert.equal(o.effect?.afterMs, 0);
  });

  test('a notification is the effect of at most one operation: the earliest pending one', () => {
    const j = new Journal();
    j.call(0, 'c1', 'Established');
    const a = j.request(100, 'SendDtmf', call('c1'), { dtmfDigits: '1' });
    const b = j.request(101, 'SendDtmf', call('c1'), { dtmfDigits: '2' });
    j.response(110, a, 200);
    j.response(111, b, 200);
    const first = j.call(150, 'c1', 'Established', 'DtmfSent');
    const [oa, ob] = correlate(j.tracker());
    assert.equal(oa.effect?.seq, first);
    assert.equal(ob.outcome, 'no-effect');
  });

  test('HTTP errors, non-zero statusCodes and ErrorMessages about the call are errors', () => {
    const j = new Journal();
    j.call(0, 'c1', 'Ringing');
    j.response(110, j.request(100, 'Hold', call('c1')), 400, { statusCode: 2, statusMessage: 'Hold is not allowed in state Ringing' });
    j.response(210, j.request(200, 'Answer', call('c1')), 200, { statusCode: 4, statusMessage: 'Device not registered' });
    j.response(310, j.request(300, 'Answer', call('c1')), 200);
    const err = j.error(350, 'c1', 'Incorrect object state');
    const [held, answered, reported] = correlate(j.tracker());
    assert.deepEqual(held.error, { reason: 'HTTP 400, statusCode 2: Hold is not allowed in state Ringing', seq: null });
    assert.equal(answered.outcome, 'error');
    assert.match(answered.error!.reason, /statusCode 4: Device not registered/);
    assert.equal(reported.outcome, 'error');
    assert.deepEqual(reported.error, { reason: 'ErrorMessage: Incorrect object state', seq: err });
  });

  test('chat operations match by referenceId; an Error notification with it is an error', () => {
    const j = new Journal();
    j.chat(0, 'ch1', 'Invited');
    j.response(110, j.request(100, 'Accept', { kind: 'chat', id: 'ch1' }), 200, { statusCode: 0, referenceId: 7 });
    j.chat(120, 'ch1', 'Invited', 99, 'PropertiesUpdated');
    const hit = j.chat(140, 'ch1', 'Chatting', 7);
    j.response(210, j.request(200, 'SendMessage', { kind: 'chat', id: 'ch1' }, { text: 'hi' }), 200, { statusCode: 0, referenceId: 8 });
    const failed = j.chat(230, 'ch1', 'Chatting', 8, 'Error');
    const [accept, sendMessage] = correlate(j.tracker());
    assert.deepEqual(accept.effect, { seq: hit, state: 'StatusChange', afterMs: 40 });
    assert.equal(accept.referenceId, 7);
    assert.equal(sendMessage.outcome, 'error');
    assert.equal(sendMessage.error?.seq, failed);
  });

  test('without an echoed referenceId the expected effect decides (the chat state)', () => {
    const j = new Journal();
    j.chat(0, 'ch1', 'Chatting');
    j.response(110, j.request(100, 'Complete', { kind: 'chat', id: 'ch1' }), 200, { statusCode: 0, referenceId: 3 });
    const done = j.chat(150, 'ch1', 'Completed');
    assert.equal(correlate(j.tracker())[0].effect?.seq, done);
  });

  test('Dial and InitiateTransfer: a new call Dialing on the device', () => {
    const j = new Journal();
    j.call(0, 'c1', 'Established');
    j.response(110, j.request(100, 'Dial', { kind: 'device', id: 'dev1' }, { destination: { phoneNumber: '5001' } }), 200);
    const dialed = j.call(180, 'c2', 'Dialing');
    j.response(310, j.request(300, 'InitiateTransfer', call('c1'), { destination: { phoneNumber: '5002' } }), 200);
    j.call(320, 'c1', 'Held');
    const consult = j.call(380, 'c3', 'Dialing');
    const [dial, transfer] = correlate(j.tracker());
    assert.equal(dial.effect?.seq, dialed);
    assert.equal(transfer.effect?.seq, consult);
  });

  test('CompleteTransfer: the consult call Released; Ready on voice: the device Ready', () => {
    const j = new Journal();
    j.device(0, 'NotReady');
    j.call(10, 'c3', 'Established');
    j.response(110, j.request(100, 'CompleteTransfer', call('c3'), { parentConnId: 'x' }), 200);
    const released = j.call(150, 'c3', 'Released');
    j.response(210, j.request(200, 'Ready', { kind: 'voice', id: '' }), 200);
    const ready = j.device(260, 'Ready');
    const [complete, readyOutcome] = correlate(j.tracker());
    assert.equal(complete.effect?.seq, released);
    assert.deepEqual(readyOutcome.effect, { seq: ready, state: 'Ready', afterMs: 60 });
  });

  test('StartContactCenterSession: statusCode 7 is an error naming the failed channels; else a DeviceStateChangeMessage', () => {
    const j = new Journal();
    j.response(10, j.request(0, 'StartContactCenterSession', { kind: 'me', id: '' }, { channels: ['voice', 'chat'] }), 200, { statusCode: 7, failed: [{ statusCode: 4, channel: 'chat' }] });
    j.response(110, j.request(100, 'StartContactCenterSession', { kind: 'me', id: '' }, { channels: ['voice'] }), 200);
    const device = j.device(150, 'NotReady');
    const [partial, ok] = correlate(j.tracker());
    assert.equal(partial.outcome, 'error');
    assert.match(partial.error!.reason, /failed channels: chat/);
    assert.equal(ok.effect?.seq, device);
  });

  test('a custom operation: the next notification about the target; no response is an error', () => {
    const j = new Journal();
    j.call(0, 'c1', 'Established');
    j.call(5, 'c9', 'Established');
    j.response(110, j.request(100, 'MuteOn', call('c1')), 200);
    j.call(120, 'c9', 'Established', 'AttachedDataChanged');
    const next = j.call(130, 'c1', 'Established', 'CallRecordingStateChange');
    j.request(200, 'MuteOff', call('c1'));
    j.response(15_010, j.request(15_000, 'Answer', call('c1')), 0, {}, 'http://gws.example/api/v2/me/calls/c1 timed out');
    const [custom, unanswered, timedOut] = correlate(j.tracker());
    assert.deepEqual(timedOut.error, { reason: 'http://gws.example/api/v2/me/calls/c1 timed out', seq: null });
    assert.deepEqual(custom.effect, { seq: next, state: 'CallRecordingStateChange', afterMs: 30 });
    assert.deepEqual(unanswered.error, { reason: 'no response recorded', seq: null });
    assert.equal(correlate(j.tracker(), { now: Date.parse(Journal.iso(300)) })[1].outcome, 'pending');
  });

  test('property: afterMs ≥ 0, every effect lies after its request, no notification is claimed twice', () => {
    const step = fc.record({ gap: fc.integer({ min: 0, max: 3000 }), kind: fc.constantFrom('answer', 'hold', 'established', 'held', 'ringing', 'dtmf', 'dtmfsent') });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const j = new Journal();
        let t = 0;
        j.call(t, 'c1', 'Ringing');
        for (const s of steps) {
          t += s.gap;
          if (s.kind === 'answer' || s.kind === 'hold' || s.kind === 'dtmf') {
            const op = s.kind === 'answer' ? 'Answer' : s.kind === 'hold' ? 'Hold' : 'SendDtmf';
            j.response(t + 5, j.request(t, op, call('c1'), op === 'SendDtmf' ? { dtmfDigits: '1' } : {}), 200);
          } else j.call(t, 'c1', s.kind === 'established' ? 'Established' : s.kind === 'held' ? 'Held' : 'Ringing', s.kind === 'dtmfsent' ? 'DtmfSent' : 'StatusChange');
        }
        const outcomes = correlate(j.tracker());
        const seen = new Set<number>();
        for (const o of outcomes) {
          if (!o.effect) continue;
          assert.ok(o.effect.afterMs >= 0);
          assert.ok(o.effect.seq > o.requestSeq);
          assert.ok(!seen.has(o.effect.seq), `seq ${o.effect.seq} claimed twice`);
          seen.add(o.effect.seq);
        }
      }),
      { numRuns: 300 },
    );
  });
});
