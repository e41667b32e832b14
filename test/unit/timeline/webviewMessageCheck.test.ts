import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWebviewMessage } from '../../../src/timeline/webviewMessageCheck';

test('well-formed messages pass with only the known fields kept', () => {
  const r = checkWebviewMessage({ messageId: 1, body: { type: 'view/filter/set', filter: { text: 'x', channel: '/v2/me/calls', extra: 'dropped' }, evil: true } });
  assert.ok(r.ok);
  assert.deepEqual(r.envelope, { messageId: 1, body: { type: 'view/filter/set', filter: { text: 'x', channel: '/v2/me/calls' } } });
  const ready = checkWebviewMessage({ messageId: 2, body: { type: 'webview/ready', scope: { kind: 'resource', resourceKind: 'chat', id: 'c' }, selectedSeq: 4 } });
  assert.ok(ready.ok);
  // Across sessions: the scope's flag and session, and the session a read names, are kept; allSessions false is dropped.
  const across = checkWebviewMessage({ messageId: 3, body: { type: 'view/scope/set', scope: { kind: 'resource', resourceKind: 'call', id: 'c', session: 'live-2', allSessions: true, more: 1 } } });
  assert.deepEqual(across.ok && across.envelope.body, { type: 'view/scope/set', scope: { kind: 'resource', resourceKind: 'call', id: 'c', session: 'live-2', allSessions: true } });
  const plain = checkWebviewMessage({ messageId: 4, body: { type: 'view/scope/set', scope: { kind: 'all', allSessions: false } } });
  assert.deepEqual(plain.ok && plain.envelope.body, { type: 'view/scope/set', scope: { kind: 'all' } });
  const read = checkWebviewMessage({ messageId: 5, body: { type: 'record/get', seq: 2, session: 'live-2' } });
  assert.deepEqual(read.ok && read.envelope.body, { type: 'record/get', seq: 2, session: 'live-2' });
  const filter = checkWebviewMessage({ messageId: 6, body: { type: 'view/filter/set', filter: { text: '' }, selectedSeq: 3, selectedSession: 'live-2' } });
  assert.deepEqual(filter.ok && filter.envelope.body, { type: 'view/filter/set', filter: { text: '' }, selectedSeq: 3, selectedSession: 'live-2' });
});

test('malformed messages are refused with a reason', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ messageId: 1, body: { type: 'rows/get', generation: 1, start: 0, count: 0 } }, /count/],
    [{ messageId: 1, body: { type: 'rows/get', generation: 1.5, start: 0, count: 1 } }, /generation/],
    [{ messageId: 1, body: { type: 'record/get', seq: Infinity } }, /seq/],
    [{ messageId: 1, body: { type: 'resource/get', kind: 'call' } }, /id/],
    [{ messageId: 1, body: { type: 'view/scope/set', scope: { kind: 'topic' } } }, /channel/],
    [{ messageId: 1, body: { type: 'diff/get', seq: 1, resource: [] } }, /resource/],
    [{ messageId: -1, body: { type: 'export/run' } }, /messageId/],
    [{ messageId: 1, body: { type: 'x'.repeat(500) } }, /unknown message type/],
    [{ messageId: 1, body: { type: 'view/scope/set', scope: { kind: 'all', allSessions: 'yes' } } }, /allSessions/],
    [{ messageId: 1, body: { type: 'view/scope/set', scope: { kind: 'resource', resourceKind: 'call', id: 'c', session: 7 } } }, /session/],
    [{ messageId: 1, body: { type: 'diff/get', seq: 1, session: { id: 'x' } } }, /session/],
    [{ messageId: 1, body: { type: 'rows/locate', generation: 1, seq: 1, session: 'x'.repeat(2000) } }, /session/],
    [{ messageId: 1, body: { type: 'webview/ready', selectedSession: [] } }, /selectedSession/],
  ];
  for (const [raw, reason] of cases) {
    const r = checkWebviewMessage(raw);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, reason);
  }
});

test('a refused request names the messageId to answer; a refused event or an unusable id names none', () => {
  const answer = (raw: unknown) => {
    const r = checkWebviewMessage(raw);
    assert.equal(r.ok, false);
    return r.ok ? 'ok' : r.answerTo;
  };
  assert.equal(answer({ messageId: 4, body: { type: 'rows/get' } }), 4);
  assert.equal(answer({ messageId: 5, body: 'x' }), 5);
  assert.equal(answer({ messageId: 6, inReplyTo: 2, body: { type: 'record/get', seq: 1 } }), 6);
  assert.equal(answer({ messageId: 7, body: { type: 'diff/open', seq: 1 } }), undefined);
  assert.equal(answer({ messageId: 'x', body: { type: 'rows/get' } }), undefined);
  assert.equal(answer(null), undefined);
});
