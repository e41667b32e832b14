import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BAD_LINES_ID, toIndexEntry } from '../../../src/indexing/indexer';
import { message } from '../capture/helpers';

describe('toIndexEntry', () => {
  test('a call message carries its classification, time and place', () => {
    const rec = message(4, { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', referenceId: 9, call: { id: 'c1', state: 'Dialing' } });
    const e = toIndexEntry(rec, 120, 77);
    assert.deepEqual(e, {
      seq: 4,
      offset: 120,
      length: 77,
      at: Date.parse(rec.receivedAt),
      rec: 'message',
      channel: '/v2/me/calls',
      messageType: 'CallStateChangeMessage',
      notificationType: 'StatusChange',
      referenceId: 9,
      refs: [{ kind: 'call', id: 'c1', state: 'Dialing', ended: false, stateHash: e.refs[0].stateHash }],
    });
    assert.ok(Number.isInteger(e.refs[0].stateHash) && e.refs[0].stateHash! > 0);
  });

  test('a message carries its GWS timing metrics and a transcript update its first and last index', () => {
    const metrics = { eventProcessing: { nodeProcessingTimeNanos: 5, serverGenerationTimestamp: 1714557600123, serverProcessingTimeTotalMs: -1 } };
    const e = toIndexEntry(message(5, { messageType: 'MessageLogUpdated', chatUri: '/chats/ch1', metrics, messages: [{ index: 7 }, { index: 9 }] }, '/v2/me/chats'), 0, 1);
    assert.equal(e.serverGenerationTimestamp, 1714557600123);
    assert.equal(e.serverProcessingTimeTotalMs, -1, '-1 is a value GWS sends, kept as such');
    assert.deepEqual([e.transcriptFirst, e.transcriptLast], [7, 9]);
    const none = toIndexEntry(message(6, { messageType: 'CallStateChangeMessage', call: { id: 'c1' } }), 0, 1);
    assert.deepEqual(['serverGenerationTimestamp', 'serverProcessingTimeTotalMs', 'transcriptFirst', 'transcriptLast'].filter((k) => k in none), []);
  });

  test('an error gets its seq as id', () => {
    const e = toIndexEntry(message(31, { messageType: 'ErrorMessage', deviceUri: 'http://h/devices/d1', errorMessage: 'x' }, '/v2/me/devices'), 0, 1);
    assert.equal(e.refs[0].kind, 'error');
    assert.equal(e.refs[0].id, '31');
    assert.deepEqual(e.refs[0].links, [{ kind: 'device', id: 'd1' }]);
  });

  test('malformed and unserializable messages are flagged with both reasons', () => {
    const e = toIndexEntry({ ...message(2, { a: '[depth-capped]' }), unserializable: 'RangeError: Maximum call stack size exceeded' }, 0, 1);
    assert.equal(e.malformed, 'unserializable: RangeError: Maximum call stack size exceeded; no messageType');
    assert.deepEqual(e.refs, [{ kind: 'other', id: '/v2/me/calls (none)' }]);
  });

  test('a bad receivedAt gives at 0 rather than NaN', () => {
    const e = toIndexEntry({ ...message(1, { messageType: 'X' }), receivedAt: 'yesterday' }, 0, 1);
    assert.equal(e.at, 0);
  });

  test('events, gaps, snapshots and bad lines', () => {
    const ev = toIndexEntry({ kind: 'event', seq: 1, at: '2024-05-01T10:00:00.000Z', event: 'connected' }, 10, 20);
    assert.deepEqual(ev, { seq: 1, offset: 10, length: 20, at: Date.parse('2024-05-01T10:00:00.000Z'), rec: 'event', event: 'connected', refs: [] });
    const gap = toIndexEntry({ kind: 'gap', seq: 2, from: '2024-05-01T10:00:00.000Z', to: '2024-05-01T10:00:05.000Z', reason: 'reconnect' }, 0, 1);
    assert.equal(gap.at, Date.parse('2024-05-01T10:00:00.000Z'));
    assert.equal(gap.until, Date.parse('2024-05-01T10:00:05.000Z'));
    const snap = toIndexEntry({ kind: 'snapshot', seq: 3, at: '2024-05-01T10:00:06.000Z', calls: [{ id: 'c1', state: 'Held' }], failed: { devices: 'HTTP 500' }, devices: [] }, 0, 1);
    assert.deepEqual(snap.covers, ['call']);
    assert.deepEqual(snap.refs, [{ kind: 'call', id: 'c1', state: 'Held', ended: false, stateHash: snap.refs[0].stateHash }]);
    const bad = toIndexEntry({ kind: 'bad-line', seq: 4, line: 9, reason: 'not JSON', raw: '{' }, 0, 1);
    assert.equal(bad.malformed, 'not JSON');
    assert.deepEqual(bad.refs, [{ kind: 'other', id: BAD_LINES_ID }]);
  });
});
