/**
 * The `load` scenario: a lazy stream of CallStateChangeMessages spread over a fixed number of call
 * slots, each slot cycling Ringing -> Established -> Held -> Established -> Released with a fresh
 * call id every cycle (GWS never reuses a call id after Released; a reused one would be a late
 * message). Nothing is queued ahead: the runner pulls steps as it has room, so an unbounded stream
 * costs constant memory.
 */
import { callCapabilities, participant, type CallState } from '../machines/callMachine';
import { createRng } from '../rng';
import { runSeed, userProfile, type ScenarioContext, type ScriptStep } from './script';

/** Load shape: messages per second (0 = as fast as delivery allows), total (0 = unbounded), calls. */
export interface LoadOptions {
  rate: number;
  count: number;
  resources: number;
}

/** The state sequence every load call repeats. */
export const LOAD_CYCLE: readonly CallState[] = ['Ringing', 'Established', 'Held', 'Established', 'Released'];

const BASE36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const HEX = '0123456789abcdef';

/**
 * The ids of call number `m` of a run: a 32-character call id and a 16-hex-digit connId, unique
 * per m (m in base 36 and 16), with `runId`/`runConn` (drawn per run) in front.
 */
export function loadCallIds(runId: string, runConn: string, m: number): { id: string; connId: string } {
  return { id: `013V08JRL498H10I0400${runId}${m.toString(36).toUpperCase().padStart(6, '0')}`, connId: `007${runConn}${m.toString(16).padStart(8, '0')}` };
}

/**
 * Step n goes to slot n % resources, in state LOAD_CYCLE[floor(n / resources) % 5], as call number
 * floor(n / (resources * 5)) * resources + slot; `call.userData.LoadSequence` carries n so a
 * consumer can check order and gaps.
 */
export function* loadSteps(ctx: ScenarioContext, options: LoadOptions): Generator<ScriptStep, void, undefined> {
  const rng = createRng(runSeed({ ...ctx, iteration: 0 }, 'load'));
  const profile = userProfile(ctx.user, ctx.userIndex, ctx.seed);
  const deviceUri = `${ctx.baseUrl}/api/v2/devices/${profile.deviceId}`;
  const resources = Math.max(1, Math.floor(options.resources));
  const runId = rng.chars(6, BASE36);
  const runConn = rng.chars(5, HEX);
  const calls = Array.from({ length: resources }, (_, i) => {
    const number = String(5550000000 + i);
    return { cycle: -1, id: '', connId: '', participants: [participant(number)], ani: number, uri: '', path: '' };
  });
  const capabilities = new Map(LOAD_CYCLE.map((s) => [s, callCapabilities(s, 'Inbound')]));
  const extensions = { WrapUpTime: 0, BusinessCall: 0 };
  const interval = options.rate > 0 ? 1000 / options.rate : 0;
  for (let n = 0; options.count <= 0 || n < options.count; n++) {
    const slot = n % resources;
    const c = calls[slot]!;
    const round = Math.floor(n / resources);
    const cycle = Math.floor(round / LOAD_CYCLE.length);
    if (c.cycle !== cycle) {
      const ids = loadCallIds(runId, runConn, cycle * resources + slot);
      Object.assign(c, { cycle, id: ids.id, connId: ids.connId, uri: `${ctx.baseUrl}/api/v2/me/calls/${ids.id}`, path: `/calls/${ids.id}` });
    }
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
