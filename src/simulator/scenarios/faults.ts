/**
 * The `faults` scenario: malformed and hostile notifications, one kind per step, 500 ms apart at
 * speed 1. The list (and its order) is documented in docs/SIMULATOR.md; keep both in step.
 */
import { CallMachine } from '../machines/callMachine';
import { ChatMachine, type ChatParticipant } from '../machines/chatMachine';
import type { JsonObject } from '../bayeuxMessage';
import { callIdFrom, chatIdFrom, connIdFrom, createRng, participantIdFrom } from '../rng';
import { runSeed, Script, userProfile, type ScenarioContext, type ScriptStep } from './script';

/** Size of the oversized userData string (5 MiB). */
export const HUGE_PAYLOAD_BYTES = 5 * 1024 * 1024;
/** Nesting depth of the deeply nested payload (JSON.stringify overflows near 4,000). */
export const DEEP_NESTING = 1000;

/** An object nested `depth` levels deep: {"d":{"d":...{"d":"bottom"}}}. */
export function deepObject(depth: number): JsonObject {
  let v: JsonObject = { d: 'bottom' };
  for (let i = 1; i < depth; i++) v = { d: v };
  return v;
}

/** The doc's doubly nested ErrorMessage; duplicated `calluri` keys collapse to the last value. */
export function nestedErrorMessage(deviceUri: string, callUri: string): JsonObject {
  return { data: { data: { messageType: 'ErrorMessage', deviceUri, calluri: callUri, errorMessage: 'Incorrect object state' } } };
}

const UNICODE = {
  emoji: 'Thanks! 😀👍🏽🇫🇷👩‍👩‍👧',
  rtl: 'مرحبا بك — שלום \u202Eevil.exe\u202C',
  combining: 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  invisible: 'zero\u200Bwidth\uFEFF and a NUL\u0000 byte',
};

/** The fault steps for one user (19 messages). */
export function faultSteps(ctx: ScenarioContext): ScriptStep[] {
  const rng = createRng(runSeed(ctx, 'faults'));
  const p = userProfile(ctx.user, ctx.userIndex, ctx.seed);
  const ref = { deviceUri: `${ctx.baseUrl}/api/v2/devices/${p.deviceId}`, phoneNumber: p.phoneNumber };
  const call = (userData: JsonObject) =>
    new CallMachine(ctx.baseUrl, ref, {
      id: callIdFrom(rng), connId: connIdFrom(rng), callType: 'Inbound', state: 'Ringing', participants: ['5551112222'],
      ani: '5551112222', dnis: '7001', userData, at: 0,
    }).to('Established');
  const s = new Script();
  const calls = '/v2/me/calls';
  const step = 500;
  // 1-5: data missing or not an object.
  s.after(step, () => ({ channel: calls, omitData: true }));
  s.after(step, () => ({ channel: calls, data: 'CallStateChangeMessage' }));
  s.after(step, () => ({ channel: calls, data: 42 }));
  s.after(step, () => ({ channel: calls, data: [{ messageType: 'CallStateChangeMessage' }] }));
  s.after(step, () => ({ channel: calls, data: null }));
  // 6-7: no messageType; unknown messageType.
  s.after(step, () => ({ channel: calls, data: { notificationType: 'StatusChange', call: { id: callIdFrom(rng), state: 'Ringing' } } }));
  s.after(step, () => ({ channel: '/v2/me/devices', data: { messageType: 'DeviceTeleportMessage', devices: [{ id: p.deviceId }] } }));
  // 8: the documentation's doubly nested ErrorMessage.
  s.after(step, () => ({ channel: calls, data: nestedErrorMessage(ref.deviceUri, `${ctx.baseUrl}/api/v2/calls/0071023821aec021`) }));
  // 9: right message type, wrong field types.
  s.after(step, () => ({
    channel: calls,
    data: { messageType: 'CallStateChangeMessage', notificationType: 7, call: { id: 12345, state: 42, participants: 'nobody', capabilities: { Hangup: true }, userData: 'none' } },
  }));
  // 10: a 5 MiB userData string; 11: 1,000-deep nesting.
  s.after(step, (t) => call({ Blob: 'x'.repeat(HUGE_PAYLOAD_BYTES) }).message('AttachedDataChanged', t));
  s.after(step, (t) => call({ Deep: deepObject(DEEP_NESTING - 4) }).message('AttachedDataChanged', t));
  // 12-13: markup in chat participants and text (transcript indexes 1-3).
  const customer: ChatParticipant = { nickname: '<b>Mallory</b> 😈 مالوري', type: 'Customer', participantId: participantIdFrom(rng) };
  const agent: ChatParticipant = { nickname: `${ctx.user} Z̤͔ͧ̑̓ä͖̭̈̇`, type: 'Agent', participantId: participantIdFrom(rng) };
  const chat = new ChatMachine(ctx.baseUrl, chatIdFrom(rng), [customer, agent], { Note: UNICODE.rtl });
  s.after(step, () => chat.to('Chatting').stateMessage('StatusChange', 1));
  s.after(step, (t) => chat.log([
    { from: customer, type: 'Text', text: '<img src=x onerror=alert(1)>' },
    { from: customer, type: 'Text', text: '<script>alert("xss")</script>' },
    { from: customer, type: 'Text', text: '<a href="javascript:alert(1)">click me</a>' },
  ], t));
  // 14-15: transcript entries out of order: index 5 arrives before index 4.
  s.after(step, (t) => chat.log([{ from: agent, type: 'Text', text: 'second (index 5)', index: 5 }], t));
  s.after(step, (t) => chat.log([{ from: customer, type: 'Text', text: 'first (index 4)', index: 4 }], t));
  // 16: unicode everywhere in the transcript (indexes 6-9).
  s.after(step, (t) => chat.log(Object.values(UNICODE).map((text) => ({ from: customer, type: 'Text' as const, text })), t));
  // 17: unicode keys and values in attached data.
  s.after(step, (t) => call({ '🔑 ключ': UNICODE.emoji, 'مفتاح': UNICODE.rtl, [UNICODE.combining]: UNICODE.invisible }).message('AttachedDataChanged', t));
  // 18-19: one call id, two conflicting states at the same instant.
  const dup = call({ Case: 'duplicate' });
  s.after(step, (t) => dup.message('StatusChange', t));
  s.after(0, (t) => dup.to('Held').message('StatusChange', t));
  return s.steps;
}
