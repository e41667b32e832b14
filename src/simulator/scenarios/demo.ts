/**
 * The `demo` scenario: one agent's working session, about 75 s at speed 1. The exact messages and
 * final states are documented in docs/SIMULATOR.md; keep both in step.
 */
import { CallMachine, type DeviceRef } from '../machines/callMachine';
import { ChatMachine, type ChatParticipant } from '../machines/chatMachine';
import { DeviceMachine } from '../machines/deviceMachine';
import { MediaMachine } from '../machines/mediaMachine';
import { callIdFrom, chatIdFrom, connIdFrom, createRng, participantIdFrom, type Rng } from '../rng';
import { runSeed, Script, userProfile, type ScenarioContext, type ScriptStep } from './script';

/** The demo's scripted steps for one user and iteration. */
export function demoSteps(ctx: ScenarioContext): ScriptStep[] {
  const rng = createRng(runSeed(ctx, 'demo'));
  const profile = userProfile(ctx.user, ctx.userIndex, ctx.seed);
  const device = new DeviceMachine(ctx.baseUrl, { id: profile.deviceId, phoneNumber: profile.phoneNumber, voiceEnvironmentId: profile.voiceEnvironmentId });
  const ref: DeviceRef = { deviceUri: device.uri, phoneNumber: profile.phoneNumber };
  const s = new Script();
  deviceSession(s, device);
  inboundCall(s, ctx, ref, rng);
  s.after(500, () => device.setAgentState('NotReady', 'AfterCallWork').message());
  s.after(4000, () => device.setAgentState('Ready').message());
  badDial(s, ctx, ref, device, rng);
  const agent: ChatParticipant = { nickname: ctx.user, type: 'Agent', participantId: participantIdFrom(rng) };
  firstChat(s, ctx, agent, rng);
  mediaInteractions(s, ctx, rng);
  finalWork(s, ctx, ref, agent, rng);
  return s.steps;
}

/** Login, Ready, do-not-disturb on/off, forwarding on/off: 6 device messages. */
function deviceSession(s: Script, device: DeviceMachine): void {
  s.after(500, () => device.setAgentState('NotReady').message());
  s.after(2500, () => device.setAgentState('Ready').message());
  s.after(2500, () => device.setDoNotDisturb(true).message());
  s.after(2500, () => device.setDoNotDisturb(false).message());
  s.after(2000, () => device.setForwarding('5010').message());
  s.after(2000, () => device.setForwarding(undefined).message());
}

/** Inbound call C1 with a consult call C2 while C1 is held: 12 call messages. */
function inboundCall(s: Script, ctx: ScenarioContext, ref: DeviceRef, rng: Rng): void {
  const customer = '5551234567';
  const c1 = new CallMachine(ctx.baseUrl, ref, {
    id: callIdFrom(rng), connId: connIdFrom(rng), callType: 'Inbound', state: 'Ringing', participants: [customer],
    ani: customer, dnis: '7001', userData: { CustomerSegment: 'Gold', Language: 'English' }, at: s.now + 2500,
  });
  s.after(2500, (t) => c1.message('StatusChange', t));
  s.after(2500, (t) => c1.to('Established').message('StatusChange', t));
  s.after(2500, (t) => c1.attach({ CaseId: `CASE-${rng.int(10000, 99999)}` }).message('AttachedDataChanged', t));
  s.after(3000, (t) => c1.to('Held').message('StatusChange', t));
  const c2 = new CallMachine(ctx.baseUrl, ref, {
    id: callIdFrom(rng), connId: connIdFrom(rng), callType: 'Consult', state: 'Dialing', participants: ['5030'],
    userData: { ConsultFor: c1.id }, at: s.now + 1500,
  });
  s.after(1500, (t) => c2.message('StatusChange', t));
  s.after(2500, (t) => c2.to('Established').message('StatusChange', t));
  s.after(4000, (t) => c2.to('Released').message('StatusChange', t));
  s.after(1500, (t) => c1.to('Established').message('StatusChange', t));
  s.after(2500, (t) => c1.join('5020').message('ParticipantsUpdated', t));
  s.after(4000, (t) => c1.leave('5020').message('ParticipantsUpdated', t));
  s.after(2000, (t) => c1.attach({ Disposition: 'Resolved', CustomerSegment: undefined }).message('AttachedDataChanged', t));
  s.after(2500, (t) => c1.to('Released').message('StatusChange', t));
}

/** Outbound call C3 to an invalid number: Dialing, ErrorMessage (deviceUri + callUri), Released. */
function badDial(s: Script, ctx: ScenarioContext, ref: DeviceRef, device: DeviceMachine, rng: Rng): void {
  const c3 = new CallMachine(ctx.baseUrl, ref, {
    id: callIdFrom(rng), connId: connIdFrom(rng), callType: 'Outbound', state: 'Dialing', participants: ['99999'], at: s.now + 2500,
  });
  s.after(2500, (t) => c3.message('StatusChange', t));
  s.after(500, () => device.error('Invalid Called Dn', c3.uri));
  s.after(500, (t) => c3.to('Released').message('StatusChange', t));
}

/** Chat H1 from invitation to completion: 14 chat messages. */
function firstChat(s: Script, ctx: ScenarioContext, agent: ChatParticipant, rng: Rng): void {
  const customer: ChatParticipant = { nickname: 'Jane Doe', type: 'Customer', participantId: participantIdFrom(rng) };
  const supervisor: ChatParticipant = { nickname: 'supervisor1', type: 'Supervisor', participantId: participantIdFrom(rng) };
  const h1 = new ChatMachine(ctx.baseUrl, chatIdFrom(rng), [customer], { Subject: 'Order status' });
  let ref = 80;
  s.after(2500, () => h1.stateMessage('StatusChange', ++ref));
  s.after(1500, () => h1.to('Chatting').join(agent).stateMessage('StatusChange', ++ref));
  s.after(200, (t) => h1.log([
    { from: customer, type: 'ParticipantJoined' },
    { from: customer, type: 'Text', text: 'Hello, I need help with my order' },
    { from: agent, type: 'ParticipantJoined' },
  ], t));
  s.after(1500, (t) => h1.log([{ from: agent, type: 'Text', messageType: 'Greeting', text: 'How may I help you?' }], t));
  s.after(1500, (t) => h1.log([{ from: customer, type: 'TypingStarted' }], t));
  s.after(2000, (t) => h1.log([
    { from: customer, type: 'TypingStopped' },
    { from: customer, type: 'Text', text: 'Order 1234 never arrived 📦 — can you check?' },
  ], t));
  s.after(1000, () => h1.setUserData({ OrderId: '1234' }).stateMessage('PropertiesUpdated', ++ref));
  s.after(1500, () => h1.join(supervisor).stateMessage('ParticipantsUpdated', ++ref));
  s.after(100, (t) => h1.log([{ from: supervisor, type: 'ParticipantJoined', visibility: 'Int' }], t));
  s.after(3000, () => h1.leave(supervisor.participantId).stateMessage('ParticipantsUpdated', ++ref));
  s.after(100, (t) => h1.log([
    { from: supervisor, type: 'ParticipantLeft', visibility: 'Int' },
    { from: agent, type: 'Text', text: 'It ships tomorrow. Anything else?' },
  ], t));
  s.after(2000, (t) => h1.log([
    { from: customer, type: 'Text', text: 'No, thanks!' },
    { from: customer, type: 'ParticipantLeft' },
  ], t));
  s.after(100, () => h1.leave(customer.participantId).stateMessage('ParticipantsUpdated', ++ref));
  s.after(1500, () => h1.to('Completed').stateMessage('StatusChange', ++ref));
}

/** One email (left Processing) and one work item (Invited, Processing, Completed). */
function mediaInteractions(s: Script, ctx: ScenarioContext, rng: Rng): void {
  const email = new MediaMachine(ctx.baseUrl, 'email', chatIdFrom(rng), { from: 'jane.doe@example.com', subject: 'Invoice question' });
  const item = new MediaMachine(ctx.baseUrl, 'workitem', chatIdFrom(rng), { mediaType: 'workitem', userData: { Queue: 'Back office' } });
  s.after(2000, () => email.message());
  s.after(2000, () => email.to('Processing').message());
  s.after(1500, () => item.message());
  s.after(2000, () => item.to('Processing').message());
  s.after(3000, () => item.to('Completed').message());
}

/** Inbound call C4 and chat H2, both left open: the live state REST reports at the end. */
function finalWork(s: Script, ctx: ScenarioContext, ref: DeviceRef, agent: ChatParticipant, rng: Rng): void {
  const caller = '5559876543';
  const c4 = new CallMachine(ctx.baseUrl, ref, {
    id: callIdFrom(rng), connId: connIdFrom(rng), callType: 'Inbound', state: 'Ringing', participants: [caller],
    ani: caller, dnis: '7001', userData: { CustomerSegment: 'Silver' }, at: s.now + 2500,
  });
  s.after(2500, (t) => c4.message('StatusChange', t));
  s.after(2000, (t) => c4.to('Established').message('StatusChange', t));
  const customer: ChatParticipant = { nickname: 'Omar', type: 'Customer', participantId: participantIdFrom(rng) };
  const h2 = new ChatMachine(ctx.baseUrl, chatIdFrom(rng), [customer], { Subject: 'Password reset' });
  s.after(2000, () => h2.stateMessage('StatusChange', 90));
  s.after(1500, () => h2.to('Chatting').join(agent).stateMessage('StatusChange', 91));
  s.after(200, (t) => h2.log([
    { from: customer, type: 'ParticipantJoined' },
    { from: customer, type: 'Text', text: 'I cannot log in' },
    { from: agent, type: 'ParticipantJoined' },
  ], t));
}
