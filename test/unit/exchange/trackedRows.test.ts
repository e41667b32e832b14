import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { indexSource, rowBuffers, rowsOf } from '../../../src/exchange/trackedRows';
import { ResourceTracker } from '../../../src/tracker/resourceTracker';
import { callMsg, journalIn, message, tempDir, writeJournal } from '../timeline/helpers';

const tmp = tempDir();
after(() => tmp.cleanup());
const journalPath = journalIn(tmp.dir);
const tracker = new ResourceTracker();
tracker.ingestBatch(
  writeJournal(journalPath, [
    ...Array.from({ length: 20 }, (_, i) => callMsg(i + 1, `c${i % 3}`, 'Ringing')),
    message(21, '/v2/me/devices', { messageType: 'ErrorMessage', callUri: 'http://gws/api/v2/calls/c1', errorMessage: 'Hold failed' }),
  ]),
);

test('rowsOf reads seq, time, offset and length from the columns, in the given order, leaving unknown seqs out', () => {
  const rows = rowsOf(tracker, [7, 99, 2]);
  assert.deepEqual([...rows.seqs], [7, 2]);
  for (const [i, seq] of [7, 2].entries()) {
    const view = tracker.entryAt(seq)!;
    assert.deepEqual([rows.ats[i], rows.offsets[i], rows.lengths[i]], [view.at, view.offset, view.length]);
  }
});

test('indexSource: seqs sorted and unique whether given so or not; a resource with its errors; a report; nothing for the streamed scopes', () => {
  assert.deepEqual([...indexSource(journalPath, tracker, { kind: 'seqs', seqs: [3, 5, 9] }, 'ndjson').rows!.seqs], [3, 5, 9]);
  assert.deepEqual([...indexSource(journalPath, tracker, { kind: 'seqs', seqs: [9, 3, 9, 5, 500] }, 'json').rows!.seqs], [3, 5, 9]);
  const c1 = { kind: 'resource', resource: { kind: 'call', id: 'c1' } } as const;
  assert.deepEqual([...indexSource(journalPath, tracker, c1, 'ndjson').rows!.seqs], [2, 5, 8, 11, 14, 17, 20, 21]);
  const report = indexSource(journalPath, tracker, c1, 'markdown').report!;
  assert.deepEqual([...report.errors.seqs], [21]);
  assert.equal(report.resource.recordCount, 7);
  assert.equal(report.captureEnd, tracker.entryAt(21)!.at);
  // A plain copy: it survives a structured clone (what a worker gets), getters and all.
  assert.deepEqual(structuredClone(report.resource), report.resource);
  assert.throws(() => indexSource(journalPath, tracker, { kind: 'resource', resource: { kind: 'call', id: 'nope' } }, 'markdown'), /no call nope/);
  assert.deepEqual(indexSource(journalPath, tracker, { kind: 'all' }, 'ndjson'), { journalPath });
  assert.equal(rowBuffers(indexSource(journalPath, tracker, c1, 'markdown')).length, 8);
});
