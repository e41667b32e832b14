import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatEntry, printable } from '../../../src/cli/liveView';
import { toIndexEntry } from '../../../src/indexing/indexer';

describe('live view lines', () => {
  test('a message line shows time, channel, types, resource and state', () => {
    const line = formatEntry({ seq: 1, offset: 0, length: 10, at: Date.UTC(2026, 0, 1, 10, 0, 1, 234), rec: 'message', channel: '/v2/me/calls', messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', refs: [{ kind: 'call', id: 'C1', state: 'Established' }] });
    assert.equal(line, '10:00:01.234  /v2/me/calls  CallStateChangeMessage/StatusChange  call C1 → Established');
  });

  test('malformed, gap and snapshot records are named', () => {
    assert.match(formatEntry({ seq: 2, offset: 0, length: 1, at: 0, rec: 'message', channel: '/x', malformed: 'no messageType', refs: [] }), /MALFORMED: no messageType/);
    assert.match(formatEntry({ seq: 3, offset: 0, length: 1, at: 1, rec: 'gap', until: 2, refs: [] }), /GAP until/);
    assert.match(formatEntry({ seq: 4, offset: 0, length: 1, at: 1, rec: 'snapshot', refs: [{ kind: 'call', id: 'a' }], covers: ['call'] }), /snapshot: 1 resource from REST/);
  });

  test('an event line names what it is about: "-- subscribed /v2/me/calls" (issue 18.14)', () => {
    const entry = toIndexEntry({ kind: 'event', seq: 6, at: '2026-01-01T10:00:00.000Z', event: 'subscribed', subject: '/v2/me/calls' }, 0, 1);
    assert.equal(formatEntry(entry), '10:00:00.000  -- subscribed /v2/me/calls');
  });

  test('terminal escape sequences from hostile payloads are neutralized', () => {
    assert.equal(printable('a\u001b[2Jb\u0007c\u009bd'), 'a?[2Jb?c?d');
    const line = formatEntry({ seq: 5, offset: 0, length: 1, at: 0, rec: 'message', channel: '/v2/me/calls', messageType: 'X\u001b]0;pwned\u0007', refs: [{ kind: 'other', id: 'id\r\nforged line' }] });
    assert.ok(!/[\u0000-\u001f]/.test(line), JSON.stringify(line));
  });
});
