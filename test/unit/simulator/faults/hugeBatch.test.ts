import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyMessage } from '../../../../src/model/classify';
import { hugeBatch } from '../../../../src/simulator/faults/hugeBatch';

test('a huge batch: count well-formed call messages, numbered from start, padded to about the size asked', () => {
  const messages = hugeBatch({ count: 300, bytes: 400_000, channel: '/v2/me/calls', start: 1000, resources: 7 }, 'http://sim');
  assert.equal(messages.length, 300);
  const bytes = messages.reduce((n, m) => n + JSON.stringify(m.data).length, 0);
  assert.ok(Math.abs(bytes - 400_000) < 4000, `within 1% of 400,000 bytes (${bytes})`);
  messages.forEach((m, i) => {
    assert.equal((m.data as { call: { userData: { LoadSequence: number } } }).call.userData.LoadSequence, 1000 + i);
    assert.equal(classifyMessage(m.channel, m.data).malformed, undefined);
  });
  assert.equal(new Set(messages.map((m) => (m.data as { call: { id: string } }).call.id)).size, 7);
});
