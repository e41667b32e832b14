import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { ResultRow } from '../../bench/resultsTable';
import { REPO, tempDir } from '../support/harness';

/**
 * A smoke run of `npm run bench` at small sizes: the suite runs and produces its rows with finite
 * figures. Timings are never asserted (the suite is not part of the tests; its figures are in
 * docs/PERFORMANCE.md). Left out: ingest (bench/ingest.ts rebuilds dist/ in production mode,
 * under the other tests' feet) and the webview (a Chromium of its own); their parsers and rows are
 * covered by test/unit/bench/.
 */
describe('npm run bench --quick (smoke)', () => {
  const tmp = tempDir('gws-bench-smoke-');
  after(() => tmp.cleanup());

  test('every selected bench yields its rows, each with a finite figure and a verdict', { timeout: 150_000 }, async () => {
    const out = join(tmp.dir, 'results.json');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--expose-gc', join(REPO, 'bench', 'run.ts'), '--quick', '--only', 'correlate,load,diff,io,activation,huge,search,sessions,lint,wwe', '--out', out], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 });
    assert.match(stdout, /^#\s+figure\s+value\s+baseline\s+ratio\s+target\s+result$/m, 'the table is printed');
    const rows = JSON.parse(readFileSync(out, 'utf8')) as ResultRow[];
    assert.deepEqual([...new Set(rows.map((r) => r.id))], ['13', '2', '4', '6', '7', '8', '9', '10', '11', '15']);
    assert.equal(rows.length, 17, 'row 2 has the host alone, with the findings rules and their share; row 7 activation and two bundle sizes; row 9 block, busy share and RSS; row 10 busy share and no loss; row 15 the WWE log import');
    for (const r of rows) {
      // A yes/no row (no message lost) has a boolean figure; every other row a finite number.
      assert.ok(typeof r.value === 'boolean' || (typeof r.value === 'number' && Number.isFinite(r.value)), `${r.name}: a finite figure (${r.note ?? ''})`);
      assert.ok(r.target !== '' && typeof r.pass === 'boolean', `${r.name}: a target and a verdict`);
      for (const k of ['name', 'value', 'baseline', 'ratio', 'target', 'pass'] as const) assert.ok(k in r, `${r.name}: has ${k}`);
    }
    for (const id of ['4', '6', '11', '13', '15']) {
      const r = rows.find((x) => x.id === id)!;
      assert.ok(typeof r.baseline === 'number' && r.baseline > 0 && typeof r.ratio === 'number' && Number.isFinite(r.ratio), `row ${id} has a baseline measured in the same run and a ratio`);
    }
  });
});
