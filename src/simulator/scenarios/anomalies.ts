/**
 * The `anomalies` scenario: each case a message alone can show, once, for `gws-notify lint` and
 * the Findings view to point at (docs/FINDINGS.md, docs/SIMULATOR.md): a message after a call's
 * Released (after-end), a Held call offering Hold and not Retrieve (capability-mismatch), a
 * transcript index that skips (transcript-gap), an ErrorMessage with no error text
 * (error-message), the same call state twice (duplicate), a CallStateChangeMessage without a call
 * (malformed), a device `userState.state` of `LoggedIn` (unknown-value), and last a message the
 * server generated 5 s before it went out (late; every message before it carries GWS's metrics,
 * so the session has its 20 samples by then). About 10 s at speed 1.
 * `stuck`, `gap` and `drift` need time or an outage, not a message: see the simulator's faults.
 */
import type { BayeuxMessage, JsonObject } from '../bayeuxMessage';
import { CallMachine, type DeviceRef } from '../machines/callMachine';
import { ChatMachine, type ChatParticipant } from '../machines/chatMachine';
import { DeviceMachine } from '../machines/deviceMachine';
import { callIdFrom, chatIdFrom, connIdFrom, createRng, participantIdFrom } from '../rng';
import { runSeed, Script, userProfile, type ScenarioContext, type ScriptStep } from './script';

/** `message` with its call's fields replaced by `patch` (a state GWS should never send). */
function tamper(message: BayeuxMessage, patch: JsonObject): BayeuxMessage {
  const data = message.data as JsonObject;
  return { ...message, data: { ...data, call: { ...(data.call as JsonObject), ...patch } } };
}

export function anomalySteps(ctx: ScenarioContext): ScriptStep[] {
  const rng = createRng(runSeed(ctx, 'anomalies'));
  const profile = userProfile(ctx.user, ctx.userIndex, ctx.seed);
  const device = new DeviceMachine(ctx.baseUrl, { id: profile.deviceId, phoneNumber: profile.phoneNumber, voiceEnvironmentId: profile.voiceEnvironmentId });
  const ref: DeviceRef = { deviceUri: device.uri, phoneNumber: profile.phoneNumber };
  const call = (number: string) =>
    new CallMachine(ctx.baseUrl, ref, { id: callIdFrom(rng), connId: connIdFrom(rng), callType: 'Inbound', state: 'Ringing', participants: [number], ani: number, dnis: '7001', at: 0 });
  const s = new Script();
  const step = 300;
  // unknown-value: LoggedIn, which real GWS sends right after login; then Ready.
  s.after(step, () => {
    const m = device.setAgentState('NotReady').message();
    const data = m.data as { devices: Array<{ userState: JsonObject }> };
    data.devices[0].userState = { ...data.devices[0].userState, state: 'LoggedIn', displayName: 'Logged In' };
    return m;
  });
  s.after(step, () => device.setAgentState('Ready').message());
  // after-end: one more AttachedDataChanged once the call is Released.
  const a = call('5551230001');
  s.after(step, (t) => a.message('StatusChange', t));
  s.after(step, (t) => a.to('Established').message('StatusChange', t));
  s.after(step, (t) => a.to('Released').message('StatusChange', t));
  s.after(step, (t) => a.attach({ Disposition: 'Late' }).message('AttachedDataChanged', t));
  // capability-mismatch: Held, still offering Hold and not Retrieve.
  const b = call('5551230002');
  s.after(step, (t) => b.message('StatusChange', t));
  s.after(step, (t) => b.to('Established').message('StatusChange', t));
  s.after(step, (t) => tamper(b.to('Held').message('StatusChange', t), { capabilities: ['Hold', 'Hangup', 'AttachUserData'] }));
  s.after(step, (t) => b.to('Established').message('StatusChange', t));
  s.after(step, (t) => b.to('Released').message('StatusChange', t));
  // duplicate: the same Established message twice (only metrics would differ on a real server).
  const c = call('5551230003');
  s.after(step, (t) => c.message('StatusChange', t));
  s.after(step, (t) => c.to('Established').message('StatusChange', t));
  s.after(step, (t) => c.message('StatusChange', t));
  s.after(step, (t) => c.to('Released').message('StatusChange', t));
  // transcript-gap: indexes 1-2, then 4.
  const customer: ChatParticipant = { nickname: 'Ana', type: 'Customer', participantId: participantIdFrom(rng) };
  const agent: ChatParticipant = { nickname: ctx.user, type: 'Agent', participantId: participantIdFrom(rng) };
  const chat = new ChatMachine(ctx.baseUrl, chatIdFrom(rng), [customer], { Subject: 'Anomalies' });
  s.after(step, () => chat.stateMessage('StatusChange', 1));
  s.after(step, () => chat.to('Chatting').join(agent).stateMessage('StatusChange', 2));
  s.after(step, (t) => chat.log([{ from: customer, type: 'Text', text: 'one' }, { from: agent, type: 'Text', text: 'two' }], t));
  s.after(step, (t) => chat.log([{ from: customer, type: 'Text', text: 'four (three was lost)', index: 4 }], t));
  s.after(step, () => chat.to('Completed').stateMessage('StatusChange', 3));
  // error-message: a real-looking ErrorMessage with no error text.
  s.after(step, () => ({ channel: '/v2/me/devices', data: { messageType: 'ErrorMessage', devicePath: `/devices/${profile.deviceId}`, deviceUri: device.uri } }));
  // malformed: a CallStateChangeMessage without its call.
  s.after(step, () => ({ channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange' } }));
  // late: the server made it 5 s before it could go out (src/simulator/serverMetrics.ts stamps it so).
  s.after(step, () => ({ ...device.setAgentState('NotReady').message(), lateByMs: 5000 }));
  return s.steps;
}
