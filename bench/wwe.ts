/**
 * Row 15: `gws-notify import-wwe` speed on a generated Workspace Web Edition console log (100 MB by
 * default), against a bare line read of the same file in the same run (chunked read, split into
 * lines, each decoded), alternating. The import reads and parses in a worker thread while the main
 * thread maps and writes: the row judges wall-clock speed, and the CPU of both threads is printed
 * beside it. The log mixes Chrome and Firefox lines: page noise, WWE's own
 * logging, notifications pretty-printed with tabs, REST calls with their answers and timing lines.
 * Usage: node --import tsx --expose-gc bench/wwe.ts [--mb N] [--runs R]
 */
import { closeSync, createWriteStream, fsyncSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { LineSplitter } from '../src/capture/lineSplitter';
import { importWweToFile } from '../src/wwe/wweImport';
import { tempDir } from '../test/support/harness';
import { median, numberArg, printFigures, timed } from './benchSupport';

const MB = numberArg('--mb', 100);
/** The production log reader, as the CLI and the extension run it (`npm run bench` builds it first). */
const WORKER = join(__dirname, '..', 'dist', 'wweWorker.js');
const RUNS = numberArg('--runs', 3);
const T0 = Date.UTC(2024, 4, 1, 8, 0, 0);

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
/** `2024-05-01 08:00:00.000` for `ms` after T0, read as the log's wall clock. */
function stamp(ms: number): string {
  const d = new Date(T0 + ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** One minute of a busy agent's log, ~`i`-th block: noise, a call notification, a device update, an operation. */
function block(i: number, ms: number, firefox: boolean): string {
  const line = (t: number, level: string, logger: string, text: string): string => (firefox ? `${stamp(t)} [${level.padEnd(5)}] [${logger}] ${text} main.js:2:164635` : `main.js?version=:2 ${stamp(t)} [${level.padEnd(5)}] [${logger}] ${text}`);
  const id = `013V08JRL498H10I04000VTAES${pad(i % 100000, 6)}`;
  const call = JSON.stringify({ notificationType: 'StatusChange', call: { id, state: i % 2 ? 'Established' : 'Ringing', callUuid: `UUID-${i}`, connId: `006e02b${pad(i, 9)}`, callType: 'Inbound', participants: [{ formattedPhoneNumber: '5551234', phoneNumber: '5551234', digits: '5551234' }], capabilities: ['Answer', 'Hangup', 'Hold'], userData: { CaseId: `CASE-${i}`, Segment: 'Gold', Notes: 'customer called about order 1234 that never arrived' } }, messageType: 'CallStateChangeMessage' }, null, '\t');
  const device = JSON.stringify({ messageType: 'DeviceStateChangeMessage', devices: [{ id: 'dev-1', deviceState: 'Active', phoneNumber: '5005', userState: { id: 'us-1', displayName: 'Ready', state: i % 3 ? 'Ready' : 'NotReady' }, capabilities: ['NotReady', 'Dial'] }] }, null, '\t');
  const out = [
    line(ms, 'DEBUG', 'WWE.Layout', `render pass ${i}: 14 widgets, 3 dirty`),
    `vendor.js:1 [Violation] 'setTimeout' handler took ${i % 90}ms`,
    line(ms + 1, 'TRACE', 'WWE.Presence', `heartbeat ${i} ok`),
    'sipml5.js:1043 SIP stack: OPTIONS sip:5005@sip.example.com keep-alive',
    line(ms + 2, 'DEBUG', 'WWE.Voice.MediaVoiceExtension', 'Message received from /v2/me/calls'),
    `${line(ms + 2, 'TRACE', 'WWE.Voice.MediaVoiceExtension', '{').replace(/ main\.js:2:164635$/, '')}`,
    ...call.split('\n').slice(1, -1),
    firefox ? '} main.js:2:164635' : '}',
    line(ms + 10, 'DEBUG', 'WWE.Voice.MediaVoiceExtension', 'Message received from /v2/me/devices'),
    `${line(ms + 10, 'TRACE', 'WWE.Voice.MediaVoiceExtension', '{').replace(/ main\.js:2:164635$/, '')}`,
    ...device.split('\n').slice(1, -1),
    '}',
    line(ms + 20, 'INFO', 'WWE.Voice.Commands', "Command: 'Answer' sending"),
    line(ms + 70, 'INFO', 'WWE.Voice.Commands', "Command: 'Answer' sent in 0.05s"),
    `$.ajax({"type":"POST","url":"/api/v2/me/calls/${id}","data":"{\\"operationName\\":\\"Answer\\"}"}) with { Authorization: agent1:... }`,
    'SUCCEED with:',
    '{',
    '\t"statusCode": 0',
    '}',
  ];
  return `${out.join('\n')}\n`;
}

/** Writes a log of about MB megabytes; returns its size in bytes. */
async function generate(path: string): Promise<number> {
  const out = createWriteStream(path);
  let size = 0;
  for (let i = 0; size < MB * 1e6; i++) {
    const text = block(i, i * 1000, i % 2 === 1);
    size += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const fd = openSync(path, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  return statSync(path).size;
}

/** The baseline: read the file in 1 MiB chunks and split it into decoded lines, as the import's reader does. */
function bareLines(path: string): number {
  const fd = openSync(path, 'r');
  const splitter = new LineSplitter();
  let lines = 0;
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(1024 * 1024);
      const got = readSync(fd, buf, 0, buf.length, null);
      if (got === 0) break;
      splitter.pushText(buf.subarray(0, got), (text) => (lines += text.length >= 0 ? 1 : 0));
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}

async function main(): Promise<void> {
  const { dir, cleanup } = tempDir('gws-bench-wwe-');
  try {
    const log = join(dir, 'wwe.log');
    const bytes = await generate(log);
    console.log(`WWE log import of ${(bytes / 1e6).toFixed(0)} MB, median of ${RUNS} run(s)`);
    const bare: number[] = [];
    const imp: number[] = [];
    // CPU of the whole process (the import's worker thread included): the import uses two threads.
    const bareCpu: number[] = [];
    const impCpu: number[] = [];
    const cpuOf = async (fn: () => Promise<unknown> | unknown, into: number[]): Promise<number> => {
      const before = process.cpuUsage();
      const ms = await timed(fn);
      const used = process.cpuUsage(before);
      into.push((used.user + used.system) / 1000);
      return ms;
    };
    let counts = { notifications: 0, restCalls: 0, skipped: 0, warnings: 0 };
    for (let r = 0; r < RUNS; r++) {
      bare.push(await cpuOf(() => bareLines(log), bareCpu));
      const out = join(dir, 'wwe.ndjson');
      imp.push(await cpuOf(async () => (counts = (await importWweToFile(log, out, { overwrite: true, workerScript: WORKER })).counts), impCpu));
      rmSync(out, { force: true });
      console.log(`  run ${r + 1}: bare line read ${bare[r].toFixed(0)} ms (CPU ${bareCpu[r].toFixed(0)} ms), import ${imp[r].toFixed(0)} ms (CPU ${impCpu[r].toFixed(0)} ms) (${counts.notifications} notifications, ${counts.restCalls} REST calls, ${counts.skipped} lines skipped, ${counts.warnings} warnings)`);
    }
    if (counts.warnings !== 0 || counts.notifications === 0) throw new Error(`the generated log did not import cleanly: ${JSON.stringify(counts)}`);
    const bareMs = median(bare);
    const importMs = median(imp);
    const rate = (ms: number): number => bytes / 1e6 / (ms / 1000);
    const cpuRatio = median(bareCpu) / median(impCpu);
    console.log(`  import ${rate(importMs).toFixed(1)} MB/s, bare line read ${rate(bareMs).toFixed(1)} MB/s, ratio ${(bareMs / importMs).toFixed(2)} (target >= 0.3); CPU ratio ${cpuRatio.toFixed(2)} (two threads)`);
    printFigures({ bytes, bareMs, importMs, importMBs: rate(importMs), bareMBs: rate(bareMs), ratio: bareMs / importMs, bareCpuMs: median(bareCpu), importCpuMs: median(impCpu), cpuRatio, ...counts });
  } finally {
    cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
