import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordColumns } from '../../../src/tracker/recordColumns';
import type { IndexEntry } from '../../../src/indexing/indexEntry';

const entry = (seq: number, extra: Partial<IndexEntry> = {}): IndexEntry => ({ seq, offset: seq * 10, length: 9, at: 1000 + seq, rec: 'message', refs: [], ...extra });

describe('RecordColumns', () => {
  test('keeps every field as the columns grow', () => {
    const c = new RecordColumns();
    for (let i = 0; i < 20_000; i++) c.append(entry(i, { channel: `/ch${i % 3}`, messageType: 'M', referenceId: i % 2 ? i : `r${i}` }));
    assert.equal(c.count, 20_000);
    assert.deepEqual(c.view(8192), { index: 8192, seq: 8192, offset: 81920, length: 9, at: 9192, rec: 'message', channel: '/ch2', messageType: 'M', referenceId: 'r8192', resource: -1, refs: [] });
    assert.equal(c.view(19_999).referenceId, 19_999);
    assert.equal(c.indexOfSeq(16_385), 16_385);
    // 10 dense row columns, 53 bytes a row, doubled from 1024 rows; the fact columns no row used cost nothing.
    assert.ok(c.byteSize >= 20_000 * 53 && c.byteSize <= 2 * 20_000 * 53 + 1024 * 8, `${c.byteSize}`);
  });

  test('finds seqs that arrived out of order, and reports misses', () => {
    const c = new RecordColumns();
    [5, 1, 9, 3].forEach((s) => c.append(entry(s)));
    assert.deepEqual([1, 3, 5, 9].map((s) => c.indexOfSeq(s)), [1, 3, 0, 2]);
    assert.equal(c.indexOfSeq(4), -1);
    c.append(entry(4));
    assert.equal(c.indexOfSeq(4), 4, 'the lazy sort order is rebuilt after an append');
  });

  test('stores kinds, malformed reasons, event names and gap ends', () => {
    const c = new RecordColumns();
    c.append(entry(1, { rec: 'event', event: 'connected' }));
    c.append(entry(2, { rec: 'gap', until: 5000 }));
    c.append(entry(3, { rec: 'bad-line', malformed: 'not JSON' }));
    c.append(entry(4, { rec: 'snapshot' }));
    assert.deepEqual([0, 1, 2, 3].map((i) => c.recAt(i)), ['event', 'gap', 'bad-line', 'snapshot']);
    assert.equal(c.typeAt(0), 'connected');
    assert.equal(c.view(1).until, 5000);
    assert.equal(c.view(2).malformed, 'not JSON');
    assert.equal(c.view(3).malformed, undefined);
  });
});
