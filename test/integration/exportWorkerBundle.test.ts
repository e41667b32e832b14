import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaptureRecord } from '../../src/capture/records';
import { exportCapture, type ExportFormat } from '../../src/exchange/exportCapture';
import type { ExportScope } from '../../src/exchange/exportScope';
import { exportInWorker } from '../../src/exchange/exportThread';
import { ResourceTracker } from '../../src/tracker/resourceTracker';
import { callMsg, journalIn, message, tempDir, writeJournal } from '../unit/timeline/helpers';

const REPO = join(__dirname, '..', '..');
const BUNDLE = join(REPO, 'dist', 'exportWorker.js');
const now = (): Date => new Date('2025-01-02T03:04:05.000Z');

/** A masked file's text with each export's random tokens numbered by first appearance. */
function canonical(path: string): string {
  const seen = new Map<string, number>();
  return readFileSync(path, 'utf8').replace(/«masked:[0-9a-f]{8}»/g, (t) => {
    if (!seen.has(t)) seen.set(t, seen.size);
    return `«masked:${seen.get(t)}»`;
  });
}

/** `count` records: calls with phone numbers, and every 97th an ErrorMessage carrying a cookie. */
function capture(dir: string, count: number): { journalPath: string; tracker: ResourceTracker } {
  const journalPath = journalIn(dir);
  const records: CaptureRecord[] = Array.from({ length: count }, (_, i) =>
    i % 97 === 50
      ? message(i + 1, '/v2/me/devices', { messageType: 'ErrorMessage', callUri: `http://gws/api/v2/calls/c${i % 40}`, errorMessage: 'Hold failed', Cookie: 'JSESSIONID=LEAKED' })
      : callMsg(i + 1, `c${i % 40}`, i % 3 === 0 ? 'Ringing' : 'Established', { ani: `555${String(i).padStart(7, '0')}` }),
  );
  const tracker = new ResourceTracker();
  tracker.ingestBatch(writeJournal(journalPath, records));
  return { journalPath, tracker };
}

test('the built export worker (dist/exportWorker.js) writes what exportCapture writes in-process, and ships in the .vsix', async () => {
  assert.ok(existsSync(BUNDLE), 'npm run build makes dist/exportWorker.js');
  // The extension bundle starts the worker from beside itself: the package must carry it.
  assert.match(readFileSync(join(REPO, '.vscodeignore'), 'utf8'), /^!dist\/exportWorker\.js$/m);
  const tmp = tempDir();
  try {
    const source = capture(tmp.dir, 3000);
    const call = { kind: 'resource', resource: { kind: 'call', id: 'c7' } } as const;
    const cases: Array<[string, ExportScope, ExportFormat, boolean]> = [
      ['all-copy', { kind: 'all' }, 'ndjson', false],
      ['all-masked', { kind: 'all' }, 'ndjson', true],
      ['seqs', { kind: 'seqs', seqs: [2900, 5, 51, 9999, 5, 1200] }, 'ndjson', false],
      ['resource', call, 'ndjson', true],
      ['time', { kind: 'timeRange', from: 1714557600100, to: 1714557601000 }, 'json', false],
      ['report', call, 'markdown', true],
    ];
    for (const [name, scope, format, masked] of cases) {
      const options = { now, redact: { enabled: masked } };
      const inProcess = await exportCapture(source, scope, format, tmp.file(`${name}.host`), options);
      const progress: number[] = [];
      const inWorker = await exportInWorker(source, scope, format, tmp.file(`${name}.worker`), { ...options, script: BUNDLE, onProgress: (done, total) => progress.push(done / total) });
      assert.equal(inWorker.records, inProcess.records, name);
      assert.ok(inWorker.records > 0, `${name}: the scope selects records`);
      assert.equal(inWorker.format, format);
      const [fromWorker, fromHost] = [tmp.file(`${name}.worker`), tmp.file(`${name}.host`)];
      // Masking tokens are keyed afresh per export, so masked files agree up to the tokens' names.
      if (masked) assert.equal(canonical(fromWorker), canonical(fromHost), `${name}: same text up to the tokens`);
      else assert.ok(readFileSync(fromWorker).equals(readFileSync(fromHost)), `${name}: same bytes`);
      assert.equal(progress.at(-1), 1, `${name}: progress ends at 100 %`);
    }
    assert.doesNotMatch(readFileSync(tmp.file('all-masked.worker'), 'utf8'), /LEAKED|5550000007/);
    assert.match(readFileSync(tmp.file('all-copy.worker'), 'utf8'), /5550000007/);
  } finally {
    tmp.cleanup();
  }
});

test('cancelling a worker export rejects with the reason and leaves no file', async () => {
  const tmp = tempDir();
  try {
    const source = capture(tmp.dir, 60000);
    const out = tmp.file('cancelled.json');
    const controller = new AbortController();
    const progress: number[] = [];
    await assert.rejects(
      exportInWorker(source, { kind: 'all' }, 'json', out, {
        script: BUNDLE,
        signal: controller.signal,
        onProgress: (done, total) => {
          progress.push(done / total);
          controller.abort(new Error('user cancelled'));
        },
      }),
      /user cancelled/,
    );
    assert.ok(progress.length > 0 && progress[0] < 1, 'cancelled while running, not after');
    assert.deepEqual(readdirSync(tmp.dir).filter((f) => f.startsWith('cancelled')), [], 'neither the file nor its .partial is left');
  } finally {
    tmp.cleanup();
  }
});

test('a worker export of a missing journal fails with a clear error; an unknown resource fails before the worker starts', async () => {
  const tmp = tempDir();
  try {
    const missing = join(tmp.dir, 'gone.ndjson');
    const out = tmp.file('out.ndjson');
    await assert.rejects(exportInWorker({ journalPath: missing, tracker: new ResourceTracker() }, { kind: 'all' }, 'ndjson', out, { script: BUNDLE }), (err: Error) => {
      assert.match(err.message, /ENOENT|no such file/);
      assert.ok(err.message.includes(missing), err.message);
      return true;
    });
    const source = capture(tmp.dir, 10);
    await assert.rejects(exportInWorker(source, { kind: 'resource', resource: { kind: 'call', id: 'nope' } }, 'markdown', tmp.file('x.md'), { script: BUNDLE }), /no call nope/);
    await assert.rejects(exportInWorker(source, { kind: 'all' }, 'ndjson', out, { script: join(tmp.dir, 'no-such-worker.js') }), /no-such-worker|Cannot find module/);
    assert.deepEqual(readdirSync(tmp.dir).filter((f) => f.startsWith('out') || f.startsWith('x.md')), []);
  } finally {
    tmp.cleanup();
  }
});
