import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DeviceMachine, deviceCapabilities } from '../../../../src/simulator/machines/deviceMachine';
import { MediaMachine, mediaCapabilities } from '../../../../src/simulator/machines/mediaMachine';

const make = () => new DeviceMachine('http://h', { id: 'dev-1', phoneNumber: '5005', voiceEnvironmentId: 'env-1' });

describe('DeviceMachine', () => {
  test('capabilities follow agent state, do-not-disturb and forwarding', () => {
    assert.ok(deviceCapabilities('LoggedOut', false, undefined).includes('LogIn'));
    assert.ok(deviceCapabilities('NotReady', false, undefined).includes('Ready'));
    assert.ok(deviceCapabilities('Ready', false, undefined).includes('NotReady'));
    assert.ok(!deviceCapabilities('Ready', false, undefined).includes('Ready'));
    assert.ok(deviceCapabilities('Ready', true, undefined).includes('DoNotDisturbOff'));
    assert.ok(deviceCapabilities('Ready', false, undefined).includes('DoNotDisturbOn'));
    assert.ok(deviceCapabilities('Ready', false, '5010').includes('ForwardCallsOff'));
    assert.ok(deviceCapabilities('Ready', false, undefined).includes('ForwardCallsOn'));
  });

  test('snapshots reflect every change, and callForwarding appears only while forwarding', () => {
    const d = make().setAgentState('NotReady', 'AfterCallWork');
    let s = d.snapshot();
    assert.deepEqual(s.userState, { id: '900D55CC-2BB0-431F-8BF9-D3525B383BE6', displayName: 'Not Ready', state: 'NotReady', workMode: 'AfterCallWork' });
    assert.equal(s.doNotDisturb, 'Off');
    assert.equal('callForwarding' in s, false);
    s = d.setAgentState('Ready').setDoNotDisturb(true).setForwarding('5010').snapshot();
    assert.equal((s.userState as { state: string }).state, 'Ready');
    assert.equal('workMode' in (s.userState as object), false);
    assert.equal(s.doNotDisturb, 'On');
    assert.equal(s.callForwarding, '5010');
    assert.deepEqual(s.capabilities, deviceCapabilities('Ready', true, '5010'));
    assert.equal(s.voiceEnvironmentUri, 'http://h/api/v2/voice-environments/env-1');
  });

  test('message is a DeviceStateChangeMessage; errors go to calls only when they name a call', () => {
    const d = make();
    const m = d.message();
    assert.equal(m.channel, '/v2/me/devices');
    assert.equal((m.data as { devices: Array<{ id: string }> }).devices[0]!.id, 'dev-1');
    assert.deepEqual(d.error('Invalid Called Dn'), { channel: '/v2/me/devices', data: { messageType: 'ErrorMessage', deviceUri: 'http://h/api/v2/devices/dev-1', errorMessage: 'Invalid Called Dn' } });
    const withCall = d.error('Invalid Called Dn', 'http://h/api/v2/me/calls/C1');
    assert.equal(withCall.channel, '/v2/me/calls');
    assert.equal((withCall.data as { callUri: string }).callUri, 'http://h/api/v2/me/calls/C1');
  });
});

describe('MediaMachine', () => {
  test('emails and work items move Invited -> Processing -> Completed with matching capabilities', () => {
    const e = new MediaMachine('http://h', 'email', 'E1', { subject: 's' });
    const first = e.message();
    assert.equal(first.channel, '/v2/me/emails');
    assert.deepEqual((first.data as { email: { capabilities: string[] } }).email.capabilities, mediaCapabilities('Invited'));
    e.to('Processing').to('Completed');
    assert.throws(() => e.to('Processing'));
    const w = new MediaMachine('http://h', 'workitem', 'W1', {});
    assert.equal((w.message().data as { messageType: string }).messageType, 'WorkitemStateChangeMessage');
    assert.equal(w.message().channel, '/v2/me/workitems');
  });
});
