import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeliveryLog, messageMarker } from '../../../../src/simulator/faults/deliveryLog';

test('a message is known by its LoadSequence, else its caseId; own properties only', () => {
  assert.equal(messageMarker({ call: { userData: { LoadSequence: 7 } }, caseId: 'x' }), 7);
  assert.equal(messageMarker({ caseId: 'case-3' }), 'case-3');
  assert.equal(messageMarker(JSON.parse('{"__proto__":{"caseId":"inherited"}}')), null);
  for (const data of [null, 'text', 42, [1], undefined]) assert.equal(messageMarker(data), null);
});

test('responses are logged per user, meta messages left out, in write order with their end time', () => {
  const log = new DeliveryLog();
  log.addResponse('agent1', [{ channel: '/v2/me/calls', data: { caseId: 1 } }, { channel: '/meta/connect' }], 1000, true);
  log.addResponse('agent1', [{ channel: '/v2/me/chats', data: { caseId: 2 } }], 2000, false);
  log.addResponse('agent2', [{ channel: '/v2/me/calls', data: { caseId: 9 } }], 3000, true);
  assert.deepEqual(log.deliveries('agent1').messages, [
    { n: 1, seq: 1, channel: '/v2/me/calls', at: 1000, complete: true },
    { n: 2, seq: 2, channel: '/v2/me/chats', at: 2000, complete: false },
  ]);
  assert.deepEqual(log.deliveries('agent1', 1).messages.map((m) => m.n), [2]);
  assert.equal(log.deliveries('nobody').total, 0);
});

test('the request log keeps the last 20,000 requests', () => {
  const log = new DeliveryLog();
  for (let i = 0; i < 20_005; i++) log.addRequest({ at: i, end: i, method: 'POST', path: '/x', status: 200, complete: true });
  const { dropped, requests } = log.requestLog();
  assert.equal(dropped, 5);
  assert.equal(requests.length, 20_000);
  assert.equal(requests[0]!.at, 5);
});
