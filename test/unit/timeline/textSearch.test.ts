import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { CaptureRecord } from '../../../src/capture/records';
import { ResourceTracker } from '../../../src/tracker/resourceTracker';
import { RowFacts } from '../../../src/timeline/rowFacts';
import { JournalText, textPattern, type JournalTextOptions } from '../../../src/timeline/textSearch';
import { TextScanner } from '../../../src/timeline/textScan';
import { journalIn, message, tempDir, writeJournal } from './helpers';

function setup(records: CaptureRecord[], options?: JournalTextOptions) {
  const tmp = tempDir();
  const path = journalIn(tmp.dir);
  const tracker = new ResourceTracker();
  tracker.ingestBatch(writeJournal(path, records));
  const facts = new RowFacts(tracker);
  facts.sync();
  const text = new JournalText(path, facts, options);
  return { text, facts, path, cleanup: () => (text.dispose(), tmp.cleanup()) };
}

/** The reference: each row's line, read whole and tested on its own. */
function oracle(path: string, facts: RowFacts, pattern: RegExp, rows: Iterable<number>): number[] {
  const bytes = readFileSync(path);
  const out: number[] = [];
  for (const row of rows) {
    const offset = facts.offsets.at(row);
    pattern.lastIndex = 0;
    if (pattern.test(bytes.toString('latin1', offset, offset + facts.lengths.at(row)))) out.push(row);
  }
  return out;
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

test('the worker maps hits to rows across many chunks, once per row, and caches within the budget', async () => {
  const records: CaptureRecord[] = [];
  const big = 'x'.repeat(40_000);
  for (let seq = 1; seq <= 600; seq++) records.push(message(seq, '/v2/me/calls', { messageType: 'T', pad: big, tag: seq % 100 === 0 ? 'Needle Needle' : 'hay' }));
  const { text, facts, cleanup } = setup(records, { budget: 12 * 1024 * 1024 });
  try {
    const seen: Array<[number, number]> = [];
    const hits = await text.search(textPattern('needle')!, 0, facts.count, { onProgress: (done, total) => seen.push([done, total]) });
    assert.deepEqual([...hits!], [99, 199, 299, 399, 499, 599]);
    assert.deepEqual(seen.at(-1), [600, 600], 'the last progress report is the whole scan');
    assert.ok(text.cachedSize > 0 && text.cachedSize <= 12 * 1024 * 1024, `cached ${text.cachedSize}`);
    assert.deepEqual([...(await text.search(textPattern('NEEDLE')!, 150, 450))!], [199, 299, 399]);
    assert.deepEqual([...(await text.filter(textPattern('needle')!, [5, 199, 200, 599]))!], [199, 599]);
    await text.warm();
    assert.ok(text.cachedSize <= 12 * 1024 * 1024, `cached ${text.cachedSize} after warming`);
    assert.equal(facts.inFileOrder, true);
  } finally {
    cleanup();
  }
});

const WORDS = ['needle', 'NEEDLE', 'nee', 'dle', 'ü', 'é"', 'a\\b', 'x', 'hay', 'né'];

test('property: worker search and filter equal testing each line on its own, whatever the chunking', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }), { minLength: 1, maxLength: 120 }),
      fc.constantFrom('needle', 'ü', 'é"', 'a\\b', 'dle n', 'x'),
      fc.integer({ min: 64, max: 4096 }),
      fc.integer({ min: 0, max: 3 }).map((b) => b * 2048),
      fc.array(fc.nat(), { maxLength: 40 }),
      async (lines, needle, chunkBytes, budget, picks) => {
        const records = lines.map((words, i) => message(i + 1, '/v2/me/calls', { messageType: 'T', text: words.join(' ') }));
        const { text, facts, path, cleanup } = setup(records, { chunkBytes, budget });
        try {
          const pattern = textPattern(needle)!;
          const all = Array.from({ length: facts.count }, (_, i) => i);
          for (let pass = 0; pass < 2; pass++) {
            // The second pass runs on whatever the first one cached.
            assert.deepEqual([...(await text.search(pattern))!], oracle(path, facts, pattern, all));
            const from = Math.floor(facts.count / 3);
            assert.deepEqual([...(await text.search(pattern, from, facts.count))!], oracle(path, facts, pattern, all.slice(from)));
            const candidates = [...new Set(picks.map((p) => p % facts.count))].sort((a, b) => a - b);
            assert.deepEqual([...(await text.filter(pattern, candidates))!], oracle(path, facts, pattern, candidates));
          }
          assert.ok(text.cachedSize <= budget);
        } finally {
          cleanup();
        }
      },
    ),
    { numRuns: 40 },
  );
});

test('an aborted search resolves to undefined at once, the worker stops it, and the next search still answers', async () => {
  const records: CaptureRecord[] = [];
  for (let seq = 1; seq <= 3000; seq++) records.push(message(seq, '/v2/me/calls', { messageType: 'T', pad: 'y'.repeat(500), tag: seq % 1000 === 0 ? 'needle' : 'hay' }));
  const { text, facts, cleanup } = setup(records, { chunkBytes: 4096, budget: 0 });
  try {
    const controller = new AbortController();
    let reports = 0;
    const first = text.search(textPattern('needle')!, 0, facts.count, { signal: controller.signal, onProgress: () => reports++ });
    controller.abort();
    assert.equal(await first, undefined);
    const again = await text.search(textPattern('needle')!);
    assert.deepEqual([...again!], [999, 1999, 2999]);
    const already = new AbortController();
    already.abort();
    assert.equal(await text.search(textPattern('needle')!, 0, facts.count, { signal: already.signal }), undefined);
    assert.equal(reports, 0, 'no progress reaches an aborted search');
  } finally {
    cleanup();
  }
});

test('a search on a journal that is gone rejects with the worker error', async () => {
  const { text, facts, path, cleanup } = setup([message(1, '/v2/me/calls', { messageType: 'T' })]);
  try {
    const { rmSync } = await import('node:fs');
    rmSync(path);
    await assert.rejects(text.search(textPattern('T')!, 0, facts.count), /ENOENT/);
  } finally {
    cleanup();
  }
});

test('the scanner stops a cancelled search at its next chunk', async () => {
  const records: CaptureRecord[] = [];
  for (let seq = 1; seq <= 400; seq++) records.push(message(seq, '/v2/me/calls', { messageType: 'T', tag: 'needle' }));
  const { facts, path, cleanup } = setup(records);
  const scanner = new TextScanner(path, 1 << 20);
  try {
    const n = facts.count;
    const offsets = facts.offsets.view().slice(0, n);
    const lengths = facts.lengths.view().slice(0, n);
    const chunks: number[] = [];
    for (let r = 0; r < n; r += 100) chunks.push(offsets[r], offsets[Math.min(n, r + 100) - 1] + lengths[Math.min(n, r + 100) - 1], 1);
    const request = { type: 'search' as const, id: 7, source: textPattern('needle')!.source, flags: 'g', chunks: Float64Array.from(chunks), offsets, lengths };
    const full = await scanner.search(request);
    assert.equal(full?.length, n);
    const replies: string[] = [];
    const cancelled = scanner.answer({ ...request, id: 8 }, (m) => replies.push(m.type === 'result' ? `result:${m.hits === undefined ? 'none' : m.hits.length}` : m.type));
    scanner.cancel(8);
    await cancelled;
    assert.deepEqual(replies, ['result:none']);
  } finally {
    await scanner.dispose();
    cleanup();
  }
});
