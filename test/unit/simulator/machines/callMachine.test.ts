import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { CallMachine, callCapabilities, canTransition, participant, type CallState } from '../../../../src/simulator/machines/callMachine';

const device = { deviceUri: 'http://h/api/v2/devices/d1', phoneNumber: '5005' };
const make = () =>
  new CallMachine('http://h', device, {
    id: 'C1', connId: '0070000000000001', callType: 'Inbound', state: 'Ringing', participants: ['5551234567'],
    ani: '5551234567', dnis: '7001', userData: { A: 1 }, at: 1000,
  });

describe('callCapabilities', () => {
  test('follow the state', () => {
    assert.ok(callCapabilities('Ringing', 'Inbound').includes('Answer'));
    assert.ok(!callCapabilities('Ringing', 'Inbound').includes('Hold'));
    assert.ok(callCapabilities('Established', 'Inbound').includes('Hold'));
    assert.ok(!callCapabilities('Established', 'Inbound').includes('Retrieve'));
    assert.ok(callCapabilities('Held', 'Inbound').includes('Retrieve'));
    assert.ok(!callCapabilities('Held', 'Inbound').includes('Hold'));
    assert.ok(!callCapabilities('Released', 'Inbound').includes('Hangup'));
    assert.ok(callCapabilities('Dialing', 'Outbound').includes('Hangup'));
  });

  test('only consult calls can complete a transfer', () => {
    assert.ok(callCapabilities('Established', 'Consult').includes('CompleteTransfer'));
    assert.ok(!callCapabilities('Established', 'Inbound').includes('CompleteTransfer'));
  });
});

describe('CallMachine', () => {
  test('allows GWS transitions and rejects impossible ones', () => {
    assert.ok(canTransition('Ringing', 'Established'));
    assert.ok(!canTransition('Ringing', 'Held'));
    assert.ok(!canTransition('Released', 'Established'));
    const c = make();
    assert.throws(() => c.to('Held'), /illegal transition Ringing -> Held/);
    c.to('Established').to('Held').to('Established').to('Released');
    assert.equal(c.state, 'Released');
    assert.throws(() => c.to('Established'));
  });

  test('every snapshot carries the capabilities of its state', () => {
    const c = make();
    const path: CallState[] = ['Established', 'Held', 'Established', 'Released'];
    for (const s of path) {
      const snap = c.to(s).snapshot(2000);
      assert.equal(snap.state, s);
      assert.deepEqual(snap.capabilities, callCapabilities(s, 'Inbound'));
    }
  });

  test('snapshots are GWS-shaped, independent copies', () => {
    const c = make();
    const snap = c.snapshot(4500);
    assert.equal(snap.uri, 'http://h/api/v2/me/calls/C1');
    assert.equal(snap.path, '/calls/C1');
    assert.equal(snap.deviceUri, device.deviceUri);
    assert.equal(snap.duration, '3');
    assert.deepEqual(snap.participants, [participant('5551234567')]);
    (snap.userData as Record<string, unknown>).A = 99;
    assert.deepEqual(c.snapshot(4500).userData, { A: 1 });
  });

  test('participants join and leave; attach merges and deletes keys', () => {
    const c = make().to('Established').join('5020');
    assert.deepEqual((c.snapshot(0).participants as Array<{ phoneNumber: string }>).map((p) => p.phoneNumber), ['5551234567', '5020']);
    c.leave('5020').attach({ B: 'x', A: undefined });
    assert.equal((c.snapshot(0).participants as unknown[]).length, 1);
    assert.deepEqual(c.snapshot(0).userData, { B: 'x' });
  });

  test('message wraps the call in a CallStateChangeMessage on /v2/me/calls', () => {
    const m = make().message('StatusChange', 1000);
    assert.equal(m.channel, '/v2/me/calls');
    const data = m.data as Record<string, unknown>;
    assert.equal(data.messageType, 'CallStateChangeMessage');
    assert.equal(data.notificationType, 'StatusChange');
    assert.equal(data.phoneNumber, '5005');
    assert.equal((data.call as { id: string }).id, 'C1');
  });

  test('participant formats external numbers in E.164 and leaves extensions alone', () => {
    assert.deepEqual(participant('5551234567'), { e164Number: '+15551234567', formattedPhoneNumber: '(555) 123-4567', phoneNumber: '5551234567', digits: '5551234567' });
    assert.deepEqual(participant('5020'), { e164Number: '', formattedPhoneNumber: '5020', phoneNumber: '5020', digits: '5020' });
  });
});
