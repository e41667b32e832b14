/**
 * The `team` scenario (issue 15): one script for three users, agent1, agent2 and supervisor1 (the
 * first three configured accounts, in that order), each user's runner playing only its own part.
 * Ids come from the seed, never from the user, so every side names the shared call with the
 * same callUuid (and each side has its own call id). The exact messages are documented in
 * docs/SIMULATOR.md; keep both in step.
 */
import type { BayeuxMessage } from '../bayeuxMessage';
import { CallMachine, type CallType, type DeviceRef } from '../machines/callMachine';
import { ChatMachine, type ChatParticipant } from '../machines/chatMachine';
import { DeviceMachine } from '../machines/deviceMachine';
import { callIdFrom, chatIdFrom, connIdFrom, createRng, hashString, participantIdFrom, type Rng } from '../rng';
import { userProfile, type ScenarioContext, type ScriptStep } from './script';

/** The parties, by position in the configured accounts. */
export const TEAM_ROLES = ['agent1', 'agent2', 'supervisor1'] as const;
type Role = 0 | 1 | 2;
const [A, B, S] = [0, 1, 2] as const;

/** One party: its device and how the others dial it. */
interface Party {
  device: DeviceMachine;
  ref: DeviceRef;
  nickname: string;
}

/** A script on one clock whose steps each belong to one party. */
class TeamScript {
  readonly steps: Array<{ role: Role; step: ScriptStep }> = [];
  private t = 0;

  get now(): number {
    return this.t;
  }

  /** Adds the message `build` makes for `role`, `ms` after the previous step. */
  after(ms: number, role: Role, build: (at: number) => BayeuxMessage): this {
    this.t += ms;
    this.steps.push({ role, step: { ...build(this.t), at: this.t } });
    return this;
  }
}

/** The seed of the whole team's run: the same for every user, new per loop iteration. */
function teamSeed(ctx: ScenarioContext): number {
  return (hashString('team') ^ ctx.seed ^ Math.imul(ctx.iteration, 0x9e3779b1)) >>> 0;
}

/** The steps of `ctx.user`'s part (none for a fourth account and beyond). */
export function teamSteps(ctx: ScenarioContext): ScriptStep[] {
  const names = [0, 1, 2].map((i) => ctx.users?.[i] ?? TEAM_ROLES[i]);
  const role = names.indexOf(ctx.user);
  if (role < 0) return [];
  return teamScript(ctx, names).steps.filter((s) => s.role === role).map((s) => s.step);
}

/** The whole team's script, every party's steps on one clock. */
export function teamScript(ctx: ScenarioContext, names: readonly string[]): TeamScript {
  const rng = createRng(teamSeed(ctx));
  const parties = names.map((nickname, i): Party => {
    const p = userProfile(nickname, i, ctx.seed);
    const device = new DeviceMachine(ctx.baseUrl, { id: p.deviceId, phoneNumber: p.phoneNumber, voiceEnvironmentId: p.voiceEnvironmentId });
    return { device, ref: { deviceUri: device.uri, phoneNumber: p.phoneNumber }, nickname };
  });
  const s = new TeamScript();
  for (const role of [A, B, S]) s.after(300, role, () => parties[role].device.setAgentState('NotReady').message());
  for (const role of [A, B, S]) s.after(300, role, () => parties[role].device.setAgentState('Ready').message());
  monitoredTransfer(s, ctx, parties, rng);
  conference(s, ctx, parties, rng);
  chatTransfer(s, ctx, parties, rng);
  return s;
}

/** A call `party` sees, with its own id and the shared callUuid. */
function leg(ctx: ScenarioContext, party: Party, rng: Rng, at: number, init: { callUuid: string; connId: string; callType: CallType; state: 'Dialing' | 'Ringing'; participants: string[]; ani?: string }): CallMachine {
  return new CallMachine(ctx.baseUrl, party.ref, { id: callIdFrom(rng), dnis: init.participants[0], ...init, at });
}

/**
 * A customer calls agent1 (C1); supervisor1 listens in and agent1 mutes and unmutes; agent1
 * consults agent2 (consult call C2, callType Consult, one callUuid on both sides) and completes
 * the transfer: agent2's consult leg takes C1's connId, and agent1's legs are released.
 */
function monitoredTransfer(s: TeamScript, ctx: ScenarioContext, p: readonly Party[], rng: Rng): void {
  const customer = '5551230001';
  const c1 = { callUuid: callIdFrom(rng), connId: connIdFrom(rng) };
  const aMain = leg(ctx, p[A], rng, s.now + 2000, { ...c1, callType: 'Inbound', state: 'Ringing', participants: [customer], ani: customer });
  s.after(2000, A, (t) => aMain.message('StatusChange', t));
  s.after(2000, A, (t) => aMain.to('Established').message('StatusChange', t));
  const sMon = leg(ctx, p[S], rng, s.now + 1500, { ...c1, callType: 'Inbound', state: 'Ringing', participants: [customer, p[A].ref.phoneNumber] });
  s.after(1500, S, (t) => sMon.message('StatusChange', t));
  s.after(300, S, (t) => sMon.to('Established').message('StatusChange', t));
  s.after(100, A, (t) => aMain.listenedInBy(true).message('ParticipantsUpdated', t));
  s.after(2000, S, (t) => sMon.monitoredUserMuted(true).message('MonitoredUserMutedStateChange', t));
  s.after(2000, S, (t) => sMon.monitoredUserMuted(false).message('MonitoredUserMutedStateChange', t));
  s.after(1500, S, (t) => sMon.to('Released').message('StatusChange', t));
  s.after(100, A, (t) => aMain.listenedInBy(false).message('ParticipantsUpdated', t));
  s.after(1500, A, (t) => aMain.to('Held').message('StatusChange', t));
  const c2 = { callUuid: callIdFrom(rng), connId: connIdFrom(rng), callType: 'Consult' as const };
  const aCons = leg(ctx, p[A], rng, s.now + 1000, { ...c2, state: 'Dialing', participants: [p[B].ref.phoneNumber] });
  const bCons = leg(ctx, p[B], rng, s.now + 1100, { ...c2, state: 'Ringing', participants: [p[A].ref.phoneNumber] });
  s.after(1000, A, (t) => aCons.message('StatusChange', t));
  s.after(100, B, (t) => bCons.message('StatusChange', t));
  s.after(2000, B, (t) => bCons.to('Established').message('StatusChange', t));
  s.after(100, A, (t) => aCons.to('Established').message('StatusChange', t));
  s.after(3000, A, (t) => aCons.to('Released').message('StatusChange', t));
  s.after(100, A, (t) => aMain.to('Released').message('StatusChange', t));
  s.after(100, B, (t) => bCons.reconnect(c1.connId).leave(p[A].ref.phoneNumber).join(customer).message('ParticipantsUpdated', t));
  s.after(4000, B, (t) => bCons.to('Released').message('StatusChange', t));
}

/** A customer calls agent1 (C3), agent1 brings agent2 into a conference, then leaves it to agent2. */
function conference(s: TeamScript, ctx: ScenarioContext, p: readonly Party[], rng: Rng): void {
  const customer = '5551230002';
  const c3 = { callUuid: callIdFrom(rng), connId: connIdFrom(rng), callType: 'Inbound' as const };
  const aConf = leg(ctx, p[A], rng, s.now + 2000, { ...c3, state: 'Ringing', participants: [customer], ani: customer });
  s.after(2000, A, (t) => aConf.message('StatusChange', t));
  s.after(1500, A, (t) => aConf.to('Established').message('StatusChange', t));
  const bConf = leg(ctx, p[B], rng, s.now + 2500, { ...c3, state: 'Ringing', participants: [customer, p[A].ref.phoneNumber], ani: customer });
  s.after(2500, B, (t) => bConf.message('StatusChange', t));
  s.after(1000, B, (t) => bConf.to('Established').message('StatusChange', t));
  s.after(100, A, (t) => aConf.join(p[B].ref.phoneNumber).message('ParticipantsUpdated', t));
  s.after(3000, A, (t) => aConf.to('Released').message('StatusChange', t));
  s.after(100, B, (t) => bConf.leave(p[A].ref.phoneNumber).message('ParticipantsUpdated', t));
  s.after(3000, B, (t) => bConf.to('Released').message('StatusChange', t));
}

/** A chat H1 agent1 accepts and transfers to agent2, who completes it. */
function chatTransfer(s: TeamScript, ctx: ScenarioContext, p: readonly Party[], rng: Rng): void {
  const id = chatIdFrom(rng);
  const customer: ChatParticipant = { nickname: 'Maria', type: 'Customer', participantId: participantIdFrom(rng) };
  const [agent1, agent2] = [A, B].map((r): ChatParticipant => ({ nickname: p[r].nickname, type: 'Agent', participantId: participantIdFrom(rng) }));
  const aChat = new ChatMachine(ctx.baseUrl, id, [customer], { Subject: 'Billing' });
  let ref = 40;
  s.after(2000, A, () => aChat.stateMessage('StatusChange', ++ref));
  s.after(1000, A, () => aChat.to('Chatting').join(agent1).stateMessage('StatusChange', ++ref));
  s.after(200, A, (t) => aChat.log([
    { from: customer, type: 'ParticipantJoined' },
    { from: customer, type: 'Text', text: 'My invoice is wrong' },
    { from: agent1, type: 'ParticipantJoined' },
  ], t));
  s.after(1500, A, (t) => aChat.log([{ from: agent1, type: 'Text', text: 'Let me pass you to billing.' }], t));
  const bChat = new ChatMachine(ctx.baseUrl, id, [customer, agent1], { Subject: 'Billing', TransferredBy: p[A].nickname });
  s.after(1500, B, () => bChat.stateMessage('StatusChange', ++ref));
  s.after(1000, B, () => bChat.to('Chatting').join(agent2).stateMessage('StatusChange', ++ref));
  s.after(100, A, () => aChat.join(agent2).leave(agent1.participantId).to('Completed').stateMessage('StatusChange', ++ref));
  s.after(100, B, () => bChat.leave(agent1.participantId).stateMessage('ParticipantsUpdated', ++ref));
  s.after(200, B, (t) => bChat.log([
    { from: agent1, type: 'ParticipantLeft', index: 5 },
    { from: agent2, type: 'ParticipantJoined' },
    { from: agent2, type: 'Text', text: 'Hi Maria, I can fix that.' },
  ], t));
  s.after(2000, B, (t) => bChat.log([{ from: customer, type: 'Text', text: 'Thanks!' }, { from: customer, type: 'ParticipantLeft' }], t));
  s.after(100, B, () => bChat.leave(customer.participantId).stateMessage('ParticipantsUpdated', ++ref));
  s.after(1500, B, () => bChat.to('Completed').stateMessage('StatusChange', ++ref));
}
