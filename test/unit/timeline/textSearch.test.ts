import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureRecord } from '../../../src/capture/records';
import { ResourceTracker } from '../../../src/tracker/resourceTracker';
import { RowFacts } from '../../../src/timeline/rowFacts';
import { JournalText, intersect, textPattern } from '../../../src/timeline/textSearch';
import { journalIn, message, tempDir, writeJournal } from './helpers';

function setup(records: CaptureRecord[], budget?: number) {
  const tmp = tempDir();
  const path = journalIn(tmp.dir);
  const tracker = new ResourceTracker();
  tracker.ingestBatch(writeJournal(path, records));
  const facts = new RowFacts(tracker);
  facts.sync();
  const text = new JournalText(path, facts, budget);
  return { text, facts, cleanup: () => (text.dispose(), tmp.cleanup()) };
}

test('textPattern matches JSON-escaped text, ASCII case-insensitively, and treats regex characters literally', () => {
  const p = textPattern('A"b.*')!;
  assert.ok(p.test(Buffer.from(JSON.stringify({ v: 'xa"B.*y' })).toString('latin1')));
  p.lastIndex = 0;
  assert.equal(p.test(Buffer.from(JSON.stringify({ v: 'aXb..' })).toString('latin1')), false);
  const u = textPattern('Ünïcode')!;
  assert.ok(u.test(Buffer.from(JSON.stringify({ v: 'say Ünïcode' })).toString('latin1')));
  assert.equal(textPattern('   '), undefined);
});

test('search maps hits to rows across many chunks, once per row, and caches within the budget', () => {
  const records: CaptureRecord[] = [];
  const big = 'x'.repeat(40_000);
  for (let seq = 1; seq <= 600; seq++) records.push(message(seq, '/v2/me/calls', { messageType: 'T', pad: big, tag: seq % 100 === 0 ? 'Needle Needle' : 'hay' }));
  const { text, facts, cleanup } = setup(records, 12 * 1024 * 1024);
  try {
    const hits = [...text.search(textPattern('needle')!)];
    assert.deepEqual(hits, [99, 199, 299, 399, 499, 599]);
    assert.ok(text.cachedSize > 0 && text.cachedSize <= 12 * 1024 * 1024, `cached ${text.cachedSize}`);
    assert.deepEqual([...text.search(textPattern('NEEDLE')!, 150, 450)], [199, 299, 399]);
    assert.deepEqual([...text.filter(textPattern('needle')!, [5, 199, 200, 599])], [199, 599]);
    while (text.warmOne());
    assert.ok(text.cachedSize <= 12 * 1024 * 1024);
    assert.equal(facts.inFileOrder, true);
  } finally {
    cleanup();
  }
});

test('intersect keeps values present in both ascending lists', () => {
  assert.deepEqual([...intersect([1, 3, 5, 7], Int32Array.from([2, 3, 7, 9]))], [3, 7]);
});
