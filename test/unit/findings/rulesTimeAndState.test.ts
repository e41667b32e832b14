import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureBuilder } from './captureBuilder';

const S = 1000;
const MIN = 60 * S;

describe('stuck', () => {
  test('Ringing past 30 s (ended or still open at the capture end), Held past 5 min, a quiet chat past 2 min', async () => {
    const b = new CaptureBuilder()
      .call(0, 'slow', 'Ringing')
      .call(31 * S, 'slow', 'Established')
      .call(0, 'quick', 'Ringing')
      .call(29 * S, 'quick', 'Established')
      .call(40 * S, 'held', 'Held', { capabilities: ['Retrieve'] })
      .chat(50 * S, 'ch', 'Chatting')
      .transcript(100 * S, 'ch', [1])
      .call(10 * MIN - 10 * S, 'open', 'Dialing')
      .device(10 * MIN, 'd1', 'Ready');
    const found = await b.lintOnly('stuck');
    assert.deepEqual(found.map((f) => [f.line, f.resource?.id]), [[2, 'slow'], [6, 'held'], [8, 'ch']]);
    assert.match(found[0].message, /call Ringing for 31 s \(threshold 30 s\)/);
    assert.match(found[1].message, /call Held for 9 min 20 s and still Held/);
    assert.match(found[2].message, /chat with no message for 8 min 20 s and still open/);
  });

  test('thresholds are settings; a Dialing call 1 s from the end is not stuck', async () => {
    const b = new CaptureBuilder().call(0, 'c', 'Ringing').call(10 * S, 'c', 'Established').call(11 * S, 'd', 'Dialing');
    assert.deepEqual(await b.lintOnly('stuck'), []);
    const found = await b.lintOnly('stuck', { settings: { stuck: { ringing: 5 * S } } });
    assert.deepEqual(found.map((f) => f.resource?.id), ['c']);
  });
});

describe('gap', () => {
  test('a gap record is a warning with its window and reason', async () => {
    const found = await new CaptureBuilder().call(0, 'c', 'Established').gap(1000, 6000, 'handshake again').lintOnly('gap');
    assert.equal(found.length, 1);
    assert.equal(found[0].line, 3);
    assert.equal(found[0].severity, 'warning');
    assert.match(found[0].message, /from 2024-05-01T10:00:01.000Z to 2024-05-01T10:00:06.000Z \(5 s\): handshake again/);
  });
});

describe('drift', () => {
  const device = (state: string, deviceState = 'Active') => ({ id: 'd1', deviceState, userState: { state }, phoneNumber: '7001' });
  const call = (state: string, extra: Record<string, unknown> = {}) => ({ id: 'c1', state, callType: 'Inbound', participants: [{ phoneNumber: '5001' }], duration: '9', ...extra });

  test('a snapshot after a gap that agrees (duration and capability order aside) gives nothing', async () => {
    const b = new CaptureBuilder()
      .call(0, 'c1', 'Established', { capabilities: ['Hold', 'Hangup'], duration: '1' })
      .device(1, 'd1', 'Ready')
      .gap(2, 3)
      .snapshot(4, { calls: [call('Established', { capabilities: ['Hangup', 'Hold'] })], devices: [device('Ready')], chats: [] });
    assert.deepEqual(await b.lintOnly('drift'), []);
  });

  test('state, userData, participants and a missing call are drift, at the snapshot line, with the diff', async () => {
    const b = new CaptureBuilder()
      .call(0, 'c1', 'Established', { userData: { a: 1 } })
      .call(0, 'c2', 'Ringing')
      .device(1, 'd1', 'Ready')
      .gap(2, 3)
      .snapshot(4, { calls: [call('Held', { userData: { a: 2 }, participants: [{ phoneNumber: '5002' }] })], devices: [device('NotReady')] });
    const found = await b.lintOnly('drift');
    assert.deepEqual(found.map((f) => [f.line, f.severity, f.resource?.id, f.seqs]).sort(), [[6, 'error', 'c1', [1, 5]], [6, 'error', 'c2', [2, 5]], [6, 'error', 'd1', [3, 5]]]);
    const text = found.map((f) => f.message).join('\n');
    assert.match(text, /call c1 .*state: Established → Held; participants: \+5002 −5001; userData: a 1 → 2/);
    assert.match(text, /call c2 was Ringing before the gap .* does not list it/);
    assert.match(text, /device d1 .*userState.state: Ready → NotReady/);
  });

  test('no gap, a kind the snapshot does not cover, or a resource notified after the reconnect: not judged', async () => {
    const b = new CaptureBuilder()
      .call(0, 'c1', 'Established')
      .snapshot(1, { calls: [] })
      .chat(2, 'ch', 'Chatting')
      .call(2, 'c3', 'Established')
      .gap(3, 4)
      .call(5, 'c3', 'Held')
      .snapshot(6, { calls: [call('Established', { id: 'c3' })], failed: { chats: 'HTTP 500' } });
    assert.deepEqual(await b.lintOnly('drift'), []);
  });
});
