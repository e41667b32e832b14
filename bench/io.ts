/**
 * `npm run bench:io`: import and export speed on a generated capture, each against a bare
 * read-and-JSON.parse of the same file in the same run. Not a test: it prints figures and ratios.
 * Usage: node --import tsx --expose-gc bench/io.ts [--count N] [--runs R] [--keep] [--import-only]
 * (--keep leaves the files for profiling; --import-only skips the exports). Ends with a
 * `BENCH_JSON` line of the medians for bench/run.ts.
 */
import { closeSync, createWriteStream, fsyncSync, openSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { CaptureLine, HeaderRecord } from '../src/capture/records';
import { exportCapture } from '../src/exchange/exportCapture';
import { loadCapture } from '../src/exchange/openCapture';
import { tempDir } from '../test/support/harness';
import { bareParse, median, printFigures, timed } from './benchSupport';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const COUNT = arg('--count', 1_000_000);
const RUNS = arg('--runs', 1);
const IMPORT_ONLY = process.argv.includes('--import-only');
const T0 = Date.UTC(2024, 4, 1, 8, 0, 0);
const BASE = 'https://gws.example.com/api/v2';

/** A small deterministic generator, so every run writes the same file. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 2 ** 32;
  };
}

const CALL_STATES = ['Ringing', 'Established', 'Held', 'Established', 'Released'];
const CHAT_STATES = ['Invited', 'Chatting', 'Chatting', 'Completed'];
const WORDS = ['order', 'delivery', 'refund', 'account', 'password', 'invoice', 'thanks', 'please', 'today', 'number'];

/** One realistic GWS payload (about 400-800 bytes serialized), picked by `i`. */
function payload(i: number, r: () => number): { channel: string; data: unknown } {
  const kind = i % 10;
  const phone = `555${String(Math.floor(r() * 1e7)).padStart(7, '0')}`;
  if (kind < 5) {
    const callNo = Math.floor(i / 25) % 5000;
    const id = `013V08JRL498H10I04000VTAES${String(callNo).padStart(6, '0')}`;
    const state = CALL_STATES[Math.floor(i / 5) % CALL_STATES.length];
    return {
      channel: '/v2/me/calls',
      data: {
        notificationType: 'StatusChange',
        call: {
          id, state, callUuid: `UUID-${callNo}`, connId: `006e02b${callNo.toString(16).padStart(9, '0')}`, deviceUri: `${BASE}/devices/dev-${callNo % 50}`, callType: 'Inbound',
          participants: [{ e164Number: `+1${phone}`, formattedPhoneNumber: phone, phoneNumber: phone, digits: phone }],
          dnis: '7001', ani: phone, capabilities: state === 'Ringing' ? ['Answer', 'Deflect'] : ['Hangup', 'Hold', 'SendDtmf', 'InitiateTransfer'],
          duration: Math.floor(r() * 600), userData: { CustomerSegment: r() > 0.5 ? 'Gold' : 'Silver', CaseId: `CASE-${Math.floor(r() * 99999)}` },
          uri: `${BASE}/me/calls/${id}`, path: `/calls/${id}`,
        },
        phoneNumber: '5005',
        messageType: 'CallStateChangeMessage',
      },
    };
  }
  if (kind < 7) {
    const dev = i % 50;
    return {
      channel: '/v2/me/devices',
      data: {
        messageType: 'DeviceStateChangeMessage',
        devices: [{ id: `dev-${dev}`, deviceState: 'Active', userState: { id: `us-${dev}`, displayName: 'Ready', state: r() > 0.5 ? 'Ready' : 'NotReady' }, phoneNumber: String(5000 + dev), e164Number: `+1${5000 + dev}`, telephonyNetwork: 'Private', doNotDisturb: 'Off', voiceEnvironmentUri: `${BASE}/voice-environments/ve1`, capabilities: ['ForwardCallsOn', 'DoNotDisturbOn'] }],
      },
    };
  }
  const chatNo = Math.floor(i / 40) % 2000;
  const chatId = `00048aKHC3Y1${String(chatNo).padStart(5, '0')}`;
  if (kind < 9) {
    return {
      channel: '/v2/me/chats',
      data: {
        notificationType: 'StatusChange', messageType: 'ChatStateChangeMessage', referenceId: i,
        chat: { id: chatId, state: CHAT_STATES[Math.floor(i / 10) % CHAT_STATES.length], capabilities: ['SendMessage', 'Complete', 'Transfer'], uri: `${BASE}/me/chats/${chatId}`, participants: [{ nickname: `Customer ${chatNo}`, type: 'Customer', participantId: `P${chatNo}` }, { nickname: 'agent1', type: 'Agent', participantId: 'A1' }] },
      },
    };
  }
  const text = Array.from({ length: 8 + Math.floor(r() * 20) }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
  return {
    channel: '/v2/me/chats',
    data: { notificationType: 'NewMessages', messageType: 'MessageLogUpdated', chatUri: `${BASE}/me/chats/${chatId}`, messages: [{ index: i % 100, from: { nickname: `Customer ${chatNo}`, type: 'Customer', participantId: `P${chatNo}` }, text, visibility: 'All', type: 'Text', timestampSeconds: T0 + i }] },
  };
}

/** Writes a COUNT-message capture and returns its size in bytes. */
async function generate(path: string): Promise<number> {
  const header: HeaderRecord = { kind: 'header', format: 'gws-notify-capture', version: 1, createdAt: new Date(T0).toISOString(), server: 'https://gws.example.com', user: 'agent1', topics: ['/v2/me/calls', '/v2/me/devices', '/v2/me/chats'], source: 'live', tool: { name: 'gws-notify', version: 'bench' } };
  const out = createWriteStream(path);
  const r = rng(42);
  let parts: string[] = [JSON.stringify(header)];
  for (let i = 1; i <= COUNT; i++) {
    const { channel, data } = payload(i, r);
    const record: CaptureLine = { kind: 'message', seq: i, receivedAt: new Date(T0 + i * 7).toISOString(), channel, data };
    parts.push(JSON.stringify(record));
    if (parts.length >= 4096) {
      if (!out.write(parts.join('\n') + '\n')) await once(out, 'drain');
      parts = [];
    }
  }
  out.end(parts.length > 0 ? parts.join('\n') + '\n' : '');
  await once(out, 'finish');
  // On disk before anything is timed, so background writeback does not skew the first run.
  const fd = openSync(path, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  return statSync(path).size;
}

async function main(): Promise<void> {
  const tmp = tempDir('gws-bench-io-');
  try {
    const file = join(tmp.dir, 'capture.ndjson');
    const size = await generate(file);
    console.log(`capture: ${COUNT.toLocaleString('en')} messages, ${(size / 1e6).toFixed(0)} MB (${Math.round(size / (COUNT + 1))} B per line)`);
    const bare: number[] = [];
    const load: number[] = [];
    const ndjson: number[] = [];
    const json: number[] = [];
    let heapPerRecord = 0;
    for (let i = 0; i < RUNS; i++) {
      bare.push(await timed(() => bareParse(file)));
      global.gc?.();
      const heap0 = process.memoryUsage().heapUsed;
      let kept: Awaited<ReturnType<typeof loadCapture>> | undefined;
      load.push(await timed(async () => (kept = await loadCapture(file))));
      if (kept?.entries !== COUNT) throw new Error(`loaded ${kept?.entries}`);
      global.gc?.();
      heapPerRecord = (process.memoryUsage().heapUsed - heap0) / COUNT;
      kept = undefined;
      if (IMPORT_ONLY) continue;
      // Outputs are deleted at once: their writeback would otherwise slow the next measurement.
      ndjson.push(await timed(() => exportCapture(file, { kind: 'all' }, 'ndjson', join(tmp.dir, 'out.ndjson'))));
      rmSync(join(tmp.dir, 'out.ndjson'));
      json.push(await timed(() => exportCapture(file, { kind: 'all' }, 'json', join(tmp.dir, 'out.json'))));
      rmSync(join(tmp.dir, 'out.json'));
    }
    const b = median(bare);
    const rate = (ms: number): string => `${Math.round((COUNT * 1000) / ms).toLocaleString('en')} rec/s`.padStart(16);
    const row = (name: string, ms: number, target?: { rate: number; ratio: number }): void => {
      const ratio = b / ms;
      const verdict = target ? `  ratio ${ratio.toFixed(2)} (target >= ${target.ratio})  rate target >= ${target.rate.toLocaleString('en')}: ${ratio >= target.ratio && (COUNT * 1000) / ms >= target.rate ? 'PASS' : 'FAIL'}` : '';
      console.log(`  ${name.padEnd(30)} ${ms.toFixed(0).padStart(7)} ms ${rate(ms)}${name.startsWith('bare') ? '' : verdict || `  ratio ${ratio.toFixed(2)}`}`);
    };
    console.log(`median of ${RUNS} run(s):`);
    row('bare read + JSON.parse', b);
    row('import (reader→indexer→tracker)', median(load), { rate: 100_000, ratio: 0.5 });
    if (!IMPORT_ONLY) {
      row('export ndjson', median(ndjson), { rate: 100_000, ratio: 0.5 });
      row('export json (pretty)', median(json), { rate: 100_000, ratio: 0.5 });
    }
    console.log(`  tracker heap after import        ${heapPerRecord.toFixed(1)} B per record`);
    const perRecordUs = (ms: number): number => (ms * 1000) / COUNT;
    printFigures({ count: COUNT, runs: RUNS, bytes: size, bareUs: perRecordUs(b), importUs: perRecordUs(median(load)), exportNdjsonUs: IMPORT_ONLY ? null : perRecordUs(median(ndjson)), exportJsonUs: IMPORT_ONLY ? null : perRecordUs(median(json)), heapPerRecord });
  } finally {
    if (process.argv.includes('--keep')) console.log(`files kept in ${tmp.dir}`);
    else tmp.cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
