import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { demoSteps } from '../../../../src/simulator/scenarios/demo';
import { callCapabilities, type CallState, type CallType } from '../../../../src/simulator/machines/callMachine';
import { chatCapabilities, type ChatState } from '../../../../src/simulator/machines/chatMachine';
import { World } from '../../../../src/simulator/world';

// Copied by hand from docs/DEMO-SCENARIO.md (user agent1, seed 1).
const DOC = {
  perChannel: { '/v2/me/devices': 8, '/v2/me/calls': 17, '/v2/me/chats': 17, '/v2/me/emails': 2, '/v2/me/workitems': 3 },
  device: 'fbf6e25b-e549-436d-affc-312dd4a17d56',
  c1: '013V08JRL498H10I04000VTAESEMRLEA',
  c2: '013V08JRL498H10I04000VTAES0Z6I2M',
  c3: '013V08JRL498H10I04000VTAES31W6WU',
  c4: '013V08JRL498H10I04000VTAESA1CRVR',
  h1: '0000t7PRTDZt8n8',
  h2: '0000rJtCs2Z5xog',
  email: '0000SiQoJmHDYY0',
  workitem: '0000Imgk9V0g005',
};

const ctx = { user: 'agent1', userIndex: 0, baseUrl: 'http://127.0.0.1:8090', seed: 1, iteration: 0 };
type AnyData = Record<string, any>;

describe('demo scenario', () => {
  const steps = demoSteps(ctx);

  test('is deterministic for a seed and changes with the seed and the loop iteration', () => {
    assert.equal(JSON.stringify(demoSteps(ctx)), JSON.stringify(steps));
    assert.notEqual(JSON.stringify(demoSteps({ ...ctx, seed: 2 })), JSON.stringify(steps));
    assert.notEqual(JSON.stringify(demoSteps({ ...ctx, iteration: 1 })), JSON.stringify(steps));
  });

  test('sends the documented number of messages per channel, within 60-90 s at speed 1', () => {
    const counts: Record<string, number> = {};
    for (const s of steps) counts[s.channel] = (counts[s.channel] ?? 0) + 1;
    assert.deepEqual(counts, DOC.perChannel);
    assert.equal(steps.length, 47);
    const last = steps[steps.length - 1]!.at;
    assert.ok(last >= 60000 && last <= 90000, `ends at ${last} ms`);
    steps.forEach((s, i) => i > 0 && assert.ok(s.at >= steps[i - 1]!.at, 'script time never goes back'));
  });

  test('every call and chat message advertises the capabilities of its state', () => {
    for (const s of steps) {
      const d = s.data as AnyData;
      if (d.messageType === 'CallStateChangeMessage') assert.deepEqual(d.call.capabilities, callCapabilities(d.call.state as CallState, d.call.callType as CallType));
      if (d.messageType === 'ChatStateChangeMessage') assert.deepEqual(d.chat.capabilities, chatCapabilities(d.chat.state as ChatState));
    }
  });

  test('plays the documented call story', () => {
    const story = (id: string) => steps.map((s) => s.data as AnyData).filter((d) => d.call?.id === id).map((d) => `${d.notificationType}:${d.call.state}`);
    assert.deepEqual(story(DOC.c1), ['StatusChange:Ringing', 'StatusChange:Established', 'AttachedDataChanged:Established', 'StatusChange:Held',
      'StatusChange:Established', 'ParticipantsUpdated:Established', 'ParticipantsUpdated:Established', 'AttachedDataChanged:Established', 'StatusChange:Released']);
    assert.deepEqual(story(DOC.c2), ['StatusChange:Dialing', 'StatusChange:Established', 'StatusChange:Released']);
    assert.deepEqual(story(DOC.c3), ['StatusChange:Dialing', 'StatusChange:Released']);
    assert.deepEqual(story(DOC.c4), ['StatusChange:Ringing', 'StatusChange:Established']);
    const error = steps.map((s) => s.data as AnyData).find((d) => d.messageType === 'ErrorMessage')!;
    assert.equal(error.callUri, `${ctx.baseUrl}/api/v2/me/calls/${DOC.c3}`);
    assert.equal(error.deviceUri, `${ctx.baseUrl}/api/v2/devices/${DOC.device}`);
  });

  test('the first chat transcript is numbered 1..12 across its MessageLogUpdated messages', () => {
    const h1Uri = `${ctx.baseUrl}/api/v2/chats/${DOC.h1}`;
    const indexes = steps.map((s) => s.data as AnyData).filter((d) => d.chatUri === h1Uri).flatMap((d) => d.messages.map((m: AnyData) => m.index));
    assert.deepEqual(indexes, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  test('leaves exactly the documented final state', () => {
    const w = new World();
    for (const s of steps) w.apply('agent1', s.data);
    assert.deepEqual(w.list('agent1', 'calls').map((c) => [c.id, c.state]), [[DOC.c4, 'Established']]);
    assert.deepEqual(w.list('agent1', 'chats').map((c) => [c.id, c.state]), [[DOC.h2, 'Chatting']]);
    assert.deepEqual(w.list('agent1', 'emails').map((c) => [c.id, c.state]), [[DOC.email, 'Processing']]);
    assert.deepEqual(w.list('agent1', 'workitems'), []);
    const [device] = w.list('agent1', 'devices') as AnyData[];
    assert.equal(device!.id, DOC.device);
    assert.equal(device!.userState.state, 'Ready');
    assert.equal(device!.doNotDisturb, 'Off');
    assert.equal(device!.callForwarding, undefined);
  });
});
