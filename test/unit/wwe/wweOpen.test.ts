import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { NotACaptureError } from '../../../src/capture/journalReader';
import { loadCapture, sniffCapture } from '../../../src/exchange/openCapture';
import { REPO, tempDir } from '../../support/harness';

const FIXTURES = join(REPO, 'test', 'fixtures', 'wwe');
const tmp = tempDir('gws-wwe-open-');
after(() => tmp.cleanup());

/** The support-case log behind `noiseBytes` of WWE and page noise, so its first notification sits far in. */
function farLog(noiseBytes: number): string {
  const noise: string[] = [];
  for (let i = 0, size = 0; size < noiseBytes; i++) {
    const line = i % 3 === 0 ? `main.js?version=:2 2024-05-01 10:41:${String(i % 60).padStart(2, '0')}.000 [DEBUG] [WWE.Layout] render pass ${i}` : `vendor.js:1 [Violation] 'setTimeout' handler took ${i % 90}ms`;
    noise.push(line);
    size += line.length + 1;
  }
  const path = join(tmp.dir, `far-${noiseBytes}.log`);
  writeFileSync(path, `${noise.join('\n')}\n${readFileSync(join(FIXTURES, 'chrome-answer-no-effect.log'), 'utf8')}`);
  return path;
}

describe('Open Capture on a WWE log', () => {
  test('a log whose first notification is 200 KB in is recognized by its log lines and opens as a capture, with progress', async () => {
    const path = farLog(200 * 1024);
    assert.equal(await sniffCapture(path), 'wwe');
    const progress: number[] = [];
    const loaded = await loadCapture(path, { tempDir: tmp.dir, onProgress: (done) => progress.push(done) });
    assert.equal(loaded.converted, true);
    assert.deepEqual([loaded.header.source, loaded.header.clock], ['wwe', 'log-local']);
    assert.equal(loaded.tracker.get('call', '013V08JRL498H10I04000VTAES000015')?.state, 'Ringing');
    assert.ok(progress.length >= 2 && progress.every((p, i) => i === 0 || p >= progress[i - 1]), `progress grows: ${progress.join(', ')}`);
    assert.equal(progress[progress.length - 1], readFileSync(path).length);
  });

  test('cancelling the import stops it; other text files are still refused with what they look like', async () => {
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(loadCapture(farLog(64 * 1024), { tempDir: tmp.dir, signal: abort.signal }), /abort/i);
    const plain = join(tmp.dir, 'plain.txt');
    writeFileSync(plain, 'hello\nworld 2024-05-01 10:00:00.000 [INFO ] [A] x\n');
    await assert.rejects(sniffCapture(plain), (err) => err instanceof NotACaptureError && /first line is not a capture header/.test(err.message));
  });
});
