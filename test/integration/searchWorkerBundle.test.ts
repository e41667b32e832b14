import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResourceTracker } from '../../src/tracker/resourceTracker';
import { RowFacts } from '../../src/timeline/rowFacts';
import { JournalText, textPattern } from '../../src/timeline/textSearch';
import { callMsg, journalIn, tempDir, writeJournal } from '../unit/timeline/helpers';

const REPO = join(__dirname, '..', '..');

test('the built search worker (dist/searchWorker.js) answers searches and ships in the .vsix', async () => {
  const bundle = join(REPO, 'dist', 'searchWorker.js');
  assert.ok(existsSync(bundle), 'npm run build makes dist/searchWorker.js');
  // The extension bundle starts the worker from beside itself: the package must carry it.
  assert.match(readFileSync(join(REPO, '.vscodeignore'), 'utf8'), /^!dist\/searchWorker\.js$/m);
  const tmp = tempDir();
  const path = journalIn(tmp.dir);
  const tracker = new ResourceTracker();
  tracker.ingestBatch(writeJournal(path, Array.from({ length: 300 }, (_, i) => callMsg(i + 1, `c${i}`, i % 50 === 7 ? 'Ringing' : 'Established'))));
  const facts = new RowFacts(tracker);
  facts.sync();
  const text = new JournalText(path, facts, { script: bundle, chunkBytes: 4096 });
  try {
    assert.deepEqual([...(await text.search(textPattern('ringing')!))!], [7, 57, 107, 157, 207, 257]);
    assert.deepEqual([...(await text.filter(textPattern('ringing')!, [1, 7, 100, 257]))!], [7, 257]);
  } finally {
    text.dispose();
    tmp.cleanup();
  }
});
