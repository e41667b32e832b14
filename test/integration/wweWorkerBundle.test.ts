import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importWweToFile } from '../../src/wwe/wweImport';
import { tempDir } from '../support/harness';

const REPO = join(__dirname, '..', '..');
const BUNDLE = join(REPO, 'dist', 'wweWorker.js');
const FIXTURES = join(REPO, 'test', 'fixtures', 'wwe');

test('the built log reader (dist/wweWorker.js) gives the capture the source gives, reports progress, and ships in the .vsix', async () => {
  assert.ok(existsSync(BUNDLE), 'npm run build makes dist/wweWorker.js');
  assert.match(readFileSync(join(REPO, '.vscodeignore'), 'utf8'), /^!dist\/wweWorker\.js$/m);
  const { dir, cleanup } = tempDir('gws-wwe-bundle-');
  try {
    const logs = readdirSync(FIXTURES).filter((f) => f.endsWith('.log'));
    assert.ok(logs.length >= 2, 'fixtures');
    for (const log of logs) {
      const progress: number[] = [];
      const built = await importWweToFile(join(FIXTURES, log), join(dir, `${log}.built.ndjson`), { workerScript: BUNDLE, toolVersion: '1', onProgress: (done, total) => progress.push(done / total) });
      const source = await importWweToFile(join(FIXTURES, log), join(dir, `${log}.source.ndjson`), { toolVersion: '1' });
      assert.ok(built.records > 0, `${log}: records`);
      assert.deepEqual([built.records, built.counts, built.warnings], [source.records, source.counts, source.warnings], log);
      assert.equal(readFileSync(join(dir, `${log}.built.ndjson`), 'utf8'), readFileSync(join(dir, `${log}.source.ndjson`), 'utf8'), log);
      assert.equal(progress.at(-1), 1, `${log}: progress reaches the whole file`);
    }
  } finally {
    cleanup();
  }
});

test('a log reader that fails or stops early fails the import with its reason and leaves no file', async () => {
  const { dir, cleanup } = tempDir('gws-wwe-bundle-');
  try {
    const log = join(FIXTURES, readdirSync(FIXTURES).find((f) => f.endsWith('.log'))!);
    const out = join(dir, 'out.ndjson');
    await assert.rejects(importWweToFile(log, out, { workerScript: join(dir, 'missing-worker.js') }), /Cannot find module|missing-worker/);
    assert.deepEqual(readdirSync(dir), []);
    const quitter = join(dir, 'quitter.js');
    writeFileSync(quitter, "require('node:worker_threads').parentPort.postMessage({ type: 'failed', message: 'disk on fire' });");
    await assert.rejects(importWweToFile(log, out, { workerScript: quitter }), /disk on fire/);
    const silent = join(dir, 'silent.js');
    writeFileSync(silent, 'process.exitCode = 0;');
    await assert.rejects(importWweToFile(log, out, { workerScript: silent }), /stopped before the end of the file/);
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('out')), []);
  } finally {
    cleanup();
  }
});
