/**
 * Row 11: `gws-notify lint` (load, index, every rule, the payload reads they ask for) over a
 * generated 1M-message capture, against a bare chunked read + split + JSON.parse of the same file
 * in the same run, alternating. The capture mixes the load scenario's calls with device, chat and
 * transcript messages and a sprinkling of ErrorMessages, so that every rule has work; every message
 * carries GWS's metrics.eventProcessing as real servers send it (a -1 now and then, one message in
 * 5,000 generated 3 s before it went out), so that `late` has work too.
 * Usage: node --import tsx --expose-gc bench/lint.ts [--count N] [--runs R]
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeJournal } from '../src/capture/writeJournal';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type CaptureRecord, type HeaderRecord } from '../src/capture/records';
import { lintCapture } from '../src/findings/lintCapture';
import { loadSteps } from '../src/simulator/scenarios/load';
import { tempDir } from '../test/support/harness';
import { bareParse, median, numberArg, printFigures, timed } from './benchSupport';

const COUNT = numberArg('--count', 1_000_000);
const RUNS = numberArg('--runs', 3);
const T0 = Date.UTC(2024, 4, 1, 8, 0, 0);
const ctx = { user: 'agent1', userIndex: 0, baseUrl: 'https://gws.example.com', seed: 1, iteration: 0 };

/** The capture's records: 8 in 10 load calls, then devices, chats with transcripts, and an ErrorMessage per 1,000. */
function* records(): Generator<CaptureRecord> {
  const calls = loadSteps(ctx, { rate: 1000, count: 0, resources: 50 });
  let transcript = 0;
  for (let seq = 1; seq <= COUNT; seq++) {
    const receivedAt = new Date(T0 + seq).toISOString();
    const k = seq % 10;
    let channel = '/v2/me/calls';
    let data: unknown;
    if (seq % 1000 === 0) data = { messageType: 'ErrorMessage', deviceUri: `${ctx.baseUrl}/api/v2/devices/d1`, errorMessage: 'Invalid Called Dn' };
    else if (k === 8) [channel, data] = ['/v2/me/devices', { messageType: 'DeviceStateChangeMessage', devices: [{ id: 'd1', deviceState: 'Active', userState: { id: 'x', displayName: 'Ready', state: seq % 20 < 10 ? 'Ready' : 'NotReady' }, phoneNumber: '5005', capabilities: ['NotReady', 'Dial'] }] }];
    else if (k === 9) {
      const chat = `0000Wa9CAM${String(Math.floor(seq / 200)).padStart(5, '0')}`;
      transcript = seq % 200 === 9 ? 1 : transcript + 1;
      [channel, data] = ['/v2/me/chats', { messageType: 'MessageLogUpdated', notificationType: 'NewMessages', chatUri: `${ctx.baseUrl}/api/v2/chats/${chat}`, messages: [{ index: transcript, type: 'Text', text: 'Order 1234 never arrived, can you check?', from: { nickname: 'Jane', type: 'Customer' }, timestamp: receivedAt }] }];
    } else data = calls.next().value!.data;
    const eventProcessing = { nodeProcessingTimeNanos: 2_400_000, serverGenerationTimestamp: T0 + seq - 1250 - (seq % 7) - (seq % 5000 === 0 ? 3000 : 0), serverProcessingTimeTotalMs: seq % 97 === 0 ? -1 : 2 + (seq % 4) };
    yield { kind: 'message', seq, receivedAt, channel, data: { ...(data as object), metrics: { eventProcessing } } };
  }
}

async function main(): Promise<void> {
  const { dir, cleanup } = tempDir('gws-bench-lint-');
  try {
    const path = join(dir, 'lint.ndjson');
    const header: HeaderRecord = { kind: 'header', format: CAPTURE_FORMAT, version: CAPTURE_VERSION, createdAt: new Date(T0).toISOString(), server: null, user: null, topics: [], source: 'import', tool: { name: 'bench', version: '0' } };
    await writeJournal(path, header, records());
    const bytes = statSync(path).size;
    console.log(`lint of ${COUNT.toLocaleString('en')} messages (${(bytes / 1e6).toFixed(0)} MB), median of ${RUNS} run(s)`);
    const bare: number[] = [];
    const lint: number[] = [];
    let findings = 0;
    for (let r = 0; r < RUNS; r++) {
      bare.push(await timed(() => bareParse(path)));
      lint.push(await timed(async () => (findings = (await lintCapture(path)).findings.length)));
      console.log(`  run ${r + 1}: bare ${bare[r].toFixed(0)} ms, lint ${lint[r].toFixed(0)} ms (${findings} findings)`);
    }
    const bareMs = median(bare);
    const lintMs = median(lint);
    printFigures({ count: COUNT, bytes, bareMs, lintMs, ratio: bareMs / lintMs, findings });
    rmSync(path, { force: true });
  } finally {
    cleanup();
  }
}

void main();
