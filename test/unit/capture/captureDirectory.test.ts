import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CaptureDirectory } from '../../../src/capture/captureDirectory';

describe('CaptureDirectory', () => {
  test('names journals for the time and the server, lists newest first, prunes oldest first but keeps active ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gws-cd-'));
    try {
      const cd = new CaptureDirectory(join(dir, 'captures'));
      const p = await cd.newJournalPath('gws.example.com:8080/../x');
      assert.match(p, /captures\/\d{4}-\d\d-\d\dT[\d-]+Z-gws\.example\.com_8080_\.\._x\.ndjson$/);
      const files = ['a', 'b', 'c', 'd'].map((n, i) => {
        const f = join(cd.dir, `${n}.ndjson`);
        writeFileSync(f, 'x'.repeat(1000));
        utimesSync(f, 1000 + i, 1000 + i);
        return f;
      });
      writeFileSync(join(cd.dir, 'notes.txt'), 'not a capture');
      assert.deepEqual((await cd.list()).map((f) => f.name), ['d.ndjson', 'c.ndjson', 'b.ndjson', 'a.ndjson']);
      const removed = await cd.prune(2000, new Set([files[0]]));
      assert.deepEqual(removed, [files[1], files[2]]);
      assert.ok(existsSync(files[0]) && existsSync(files[3]) && existsSync(join(cd.dir, 'notes.txt')));
      assert.ok(((await cd.freeBytes()) ?? 1) > 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
