/**
 * Issue 13's row: correlating an already-loaded capture of 1M messages and 10k operations,
 * against that capture's load time (loadCapture: read, classify, track). The capture is written
 * here with the real JournalWriter and simulator machines: per operation a request, its response
 * and about 100 notifications on a busy desk, one of them the effect (or none, for a fifth of
 * them). The outcomes are known by construction and checked, so a fast wrong answer fails.
 * Usage: bench/correlate.ts [--messages 1000000] [--operations 10000] [--runs 3]
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { JournalWriter } from '../src/capture/journalWriter';
import type { CaptureRecord } from '../src/capture/records';
import { loadCapture } from '../src/exchange/openCapture';
import { correlate } from '../src/operations/correlate';
import { CallMachine } from '../src/simulator/machines/callMachine';
import { ChatMachine } from '../src/simulator/machines/chatMachine';
import { DeviceMachine } from '../src/simulator/machines/deviceMachine';
import { tempDir } from '../test/support/harness';
import { median, numberArg, printFigures } from './benchSupport';

const MESSAGES = numberArg('--messages', 1_000_000);
const OPERATIONS = numberArg('--operations', 10_000);
const RUNS = numberArg('--runs', 3);
const BASE = 'http://gws.example:8080';
const STEP_MS = 10;

/** Writes the capture; returns how many operations should end with an effect and with none. */
function writeCapture(path: string): { effects: number; noEffects: number } {
  const w = new JournalWriter(path, { kind: 'header', format: 'gws-notify-capture', version: 1, createdAt: new Date(0).toISOString(), server: BASE, user: 'agent1', topics: ['/v2/me/calls', '/v2/me/devices', '/v2/me/chats'], source: 'live', tool: { name: 'bench', version: '0' } });
  const device = new DeviceMachine(BASE, { id: 'dev1', phoneNumber: '5005', voiceEnvironmentId: 've1' }).setAgentState('NotReady');
  const ref = { deviceUri: device.uri, phoneNumber: '5005' };
  const agent = { nickname: 'agent1', type: 'Agent' as const, participantId: 'p1' };
  const chat = new ChatMachine(BASE, 'chat1', [agent]).to('Chatting');
  const busy = Array.from({ length: 20 }, (_, i) => new CallMachine(BASE, ref, { id: `busy${i}`, connId: `b${i}`, callType: 'Inbound', state: 'Ringing', participants: ['5551112222'], at: 0 }).to('Established'));
  let seq = 0;
  let t = 0;
  const iso = (ms: number): string => new Date(Date.UTC(2024, 4, 1) + ms).toISOString();
  const put = (r: CaptureRecord): void => void w.append(r);
  const message = (m: { channel: string; data: unknown }): void => put({ kind: 'message', seq: ++seq, receivedAt: iso((t += STEP_MS)), channel: m.channel, data: m.data });
  const per = Math.max(4, Math.floor(MESSAGES / OPERATIONS));
  let effects = 0;
  let written = 0;
  for (let i = 0; i < OPERATIONS; i++) {
    const kind = i % 5;
    const call = new CallMachine(BASE, ref, { id: `c${i}`, connId: `k${i}`, callType: 'Inbound', state: 'Ringing', participants: ['5553334444'], at: t });
    if (kind === 0 || kind === 3) (message(call.message('StatusChange', t)), written++);
    const operation = ['Answer', 'SendDtmf', 'SendMessage', 'Answer', device.state === 'Ready' ? 'NotReady' : 'Ready'][kind];
    const target = kind === 2 ? { kind: 'chat' as const, id: 'chat1' } : kind === 4 ? { kind: 'voice' as const, id: '' } : { kind: 'call' as const, id: kind === 1 ? 'busy0' : `c${i}` };
    const requestSeq = ++seq;
    put({ kind: 'request', seq: requestSeq, at: iso((t += 1)), method: 'POST', path: '/api/v2/me', operation, target, body: { operationName: operation } });
    put({ kind: 'response', seq: ++seq, request: requestSeq, at: iso((t += 12)), status: 200, statusCode: 0, elapsedMs: 12, body: { statusCode: 0, ...(kind === 2 ? { referenceId: i } : {}) }, ...(kind === 2 ? { referenceId: i } : {}) });
    for (let j = 0; j < per && written < MESSAGES; j++, written++) {
      if (j === 10 && kind !== 3) {
        effects++;
        if (kind === 0) message(call.to('Established').message('StatusChange', t));
        else if (kind === 1) message(busy[0].message('DtmfSent', t));
        else if (kind === 2) message({ ...chat.log([{ from: agent, type: 'Text', text: `line ${i}` }], t), data: { ...(chat.log([], t).data as object), referenceId: i } });
        else message(device.setAgentState(operation === 'Ready' ? 'Ready' : 'NotReady').message());
      } else message(busy[(i + j) % busy.length].attach({ Step: j }).message('AttachedDataChanged', t));
    }
  }
  w.close();
  // Kind 3 never gets an effect, and the last operations none once the message budget is spent.
  return { effects, noEffects: OPERATIONS - effects };
}

async function main(): Promise<void> {
  const tmp = tempDir('gws-bench-correlate-');
  try {
    const path = join(tmp.dir, 'ops.ndjson');
    const expected = writeCapture(path);
    const loadMs: number[] = [];
    const correlateMs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      const loaded = await loadCapture(path);
      loadMs.push(performance.now() - t0);
      const t1 = performance.now();
      const outcomes = correlate(loaded.tracker);
      correlateMs.push(performance.now() - t1);
      const effects = outcomes.filter((o) => o.outcome === 'effect').length;
      const none = outcomes.filter((o) => o.outcome === 'no-effect').length;
      if (outcomes.length !== OPERATIONS || effects !== expected.effects || none !== expected.noEffects) {
        throw new Error(`wrong correlation: ${outcomes.length} outcomes, ${effects} effects (expected ${expected.effects}), ${none} no-effect (expected ${expected.noEffects})`);
      }
      console.log(`run ${r + 1}: load ${loadMs[r].toFixed(0)} ms (${loaded.tracker.messageCount} messages), correlate ${correlateMs[r].toFixed(1)} ms`);
    }
    const load = median(loadMs);
    const corr = median(correlateMs);
    printFigures({ loadMs: load, correlateMs: corr, ratio: corr / load, operations: OPERATIONS, messages: MESSAGES });
  } finally {
    tmp.cleanup();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
