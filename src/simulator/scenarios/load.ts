/**
 * The `load` scenario: a lazy stream of CallStateChangeMessages spread over a fixed set of calls,
 * each call cycling Ringing -> Established -> Held -> Established -> Released. Nothing is queued
 * ahead: the runner pulls steps as it has room, so an unbounded stream costs constant memory.
 */
import { callCapabilities, participant, type CallState } from '../machines/callMachine';
import { callIdFrom, connIdFrom, createRng } from '../rng';
import { runSeed, userProfile, type ScenarioContext, type ScriptStep } from './script';

/** Load shape: messages per second (0 = as fast as delivery allows), total (0 = unbounded), calls. */
export interface LoadOptions {
  rate: number;
  count: number;
  resources: number;
}

/** The state sequence every load call repeats. */
export const LOAD_CYCLE: readonly CallState[] = ['Ringing', 'Established', 'Held', 'Established', 'Released'];

/**
 * Step n goes to call n % resources, in state LOAD_CYCLE[floor(n / resources) % 5];
 * `call.userData.LoadSequence` carries n so a consumer can check order and gaps.
 */
export function* loadSteps(ctx: ScenarioContext, options: LoadOptions): Generator<ScriptStep, void, undefined> {
  const rng = createRng(runSeed({ ...ctx, iteration: 0 }, 'load'));
  const profile = userProfile(ctx.user, ctx.userIndex, ctx.seed);
  const deviceUri = `${ctx.baseUrl}/api/v2/devices/${profile.deviceId}`;
  const resources = Math.max(1, Math.floor(options.resources));
  const calls = Array.from({ length: resources }, (_, i) => {
    const id = callIdFrom(rng);
    const number = String(5550000000 + i);
    return { id, connId: connIdFrom(rng), participants: [participant(number)], ani: number, uri: `${ctx.baseUrl}/api/v2/me/calls/${id}`, path: `/calls/${id}` };
  });
  const capabilities = new Map(LOAD_CYCLE.map((s) => [s, callCapabilities(s, 'Inbound')]));
  const extensions = { WrapUpTime: 0, BusinessCall: 0 };
  const interval = options.rate > 0 ? 1000 / options.rate : 0;
  for (let n = 0; options.count <= 0 || n < options.count; n++) {
    const c = calls[n % resources]!;
    const round = Math.floor(n / resources);
    const state = LOAD_CYCLE[round % LOAD_CYCLE.length]!;
    yield {
      at: n * interval,
      channel: '/v2/me/calls',
      data: {
        notificationType: 'StatusChange',
        call: {
          id: c.id, state, callUuid: c.id, connId: c.connId, deviceUri, participants: c.participants, dnis: '7001', ani: c.ani,
          callType: 'Inbound', capabilities: capabilities.get(state), duration: String(round % LOAD_CYCLE.length), mute: 'Off',
          supervisorListeningIn: false, monitoredUserMuted: false, userData: { LoadSequence: n }, uri: c.uri, path: c.path,
        },
        phoneNumber: profile.phoneNumber,
        extensions,
        messageType: 'CallStateChangeMessage',
      },
    };
  }
}
