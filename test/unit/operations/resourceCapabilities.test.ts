import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currentCapabilities, offeredOperations } from '../../../src/operations/resourceCapabilities';
import { Journal } from './correlationFixture';

test('the offer follows the last capabilities listed, in catalogue order, and a device offers Ready/NotReady to voice', () => {
  const j = new Journal();
  j.call(0, 'c1', 'Ringing', 'StatusChange', { call: { id: 'c1', state: 'Ringing', capabilities: ['Answer', 'Reject', 'Hangup'] } });
  j.call(10, 'c1', 'Established', 'StatusChange', { call: { id: 'c1', state: 'Established', capabilities: ['Hold', 'Hangup', 'SendDtmf', 'Mute', 'Answer\\,x'] } });
  j.message(20, '/v2/me/devices', { messageType: 'DeviceStateChangeMessage', devices: [{ id: 'dev1', capabilities: ['Ready', 'Dial', 'ForwardCallsOn'], userState: { state: 'NotReady' } }] });
  const t = j.tracker();
  assert.deepEqual(currentCapabilities(t, 'call', 'c1')?.sort(), ['Answer\\,x', 'Hangup', 'Hold', 'Mute', 'SendDtmf']);
  assert.deepEqual(offeredOperations(t, 'call', 'c1').map((o) => o.entry.operation), ['Hold', 'Hangup', 'SendDtmf']);
  assert.deepEqual(offeredOperations(t, 'device', 'dev1').map((o) => [o.entry.operation, o.target.kind]), [['Dial', 'device'], ['Ready', 'voice']]);
  assert.equal(currentCapabilities(t, 'call', 'nope'), undefined);
  assert.deepEqual(offeredOperations(t, 'error', '1'), []);
});
