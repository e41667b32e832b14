import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { JournalWriter } from '../../../src/capture/journalWriter';
import { JournalFile, readRecordAt } from '../../../src/capture/journalFile';
import { header, message, tempDir } from './helpers';

describe('JournalFile and readRecordAt', () => {
  test('read records by offset, asynchronously, while the writer keeps appending', async () => {
    const t = tempDir();
    try {
      const path = t.file('c.ndjson');
      const w = new JournalWriter(path, header());
      const a = w.append(message(1, { messageType: 'A', text: 'ünïcode' }));
      w.flush();
      const file = new JournalFile(path);
      assert.deepEqual(await file.read(a.offset, a.length), message(1, { messageType: 'A', text: 'ünïcode' }));
      const b = w.append(message(2, { messageType: 'B' }));
      w.flush();
      assert.equal(((await file.read(b.offset, b.length)) as { seq: number }).seq, 2);
      assert.equal(await file.size(), w.size);
      assert.equal(JSON.parse(await file.readRaw(b.offset, b.length)).seq, 2);
      assert.equal(((await readRecordAt(path, a.offset, a.length)) as { seq: number }).seq, 1);
      // Reads in flight when close() is called still complete; later ones are refused.
      const inFlight = file.readMany([a, b]);
      file.close();
      file.close();
      assert.deepEqual((await inFlight).map((text) => JSON.parse(text).seq), [1, 2]);
      await assert.rejects(file.read(0, 1), /closed/);
      w.close();
    } finally {
      t.cleanup();
    }
  });

  test('a damaged line comes back as a bad-line record carrying the given seq', async () => {
    const t = tempDir();
    try {
      const path = t.file('c.ndjson');
      writeFileSync(path, '{"kind":"header"}\n{"kind":"mess\n[1,2]\n');
      const bad = await readRecordAt(path, 18, 13, 5);
      assert.equal(bad.kind, 'bad-line');
      if (bad.kind === 'bad-line') {
        assert.equal(bad.seq, 5);
        assert.match(bad.reason, /at byte 18: not JSON/);
        assert.equal(bad.raw, '{"kind":"mess');
      }
      const arr = await readRecordAt(path, 32, 5);
      assert.equal(arr.kind, 'bad-line');
      if (arr.kind === 'bad-line') assert.match(arr.reason, /not a capture record/);
    } finally {
      t.cleanup();
    }
  });

  test('readMany groups neighbouring lines into few reads and returns each line whole; readRecords parses leniently', async () => {
    const t = tempDir();
    try {
      const path = t.file('c.ndjson');
      const w = new JournalWriter(path, header());
      const placed = Array.from({ length: 40 }, (_, i) => w.append(message(i + 1, { messageType: 'M', text: `ü${'y'.repeat(i * 31)}` })));
      w.close();
      const file = new JournalFile(path);
      try {
        const picked = placed.filter((_, i) => i % 3 === 0);
        const texts = await file.readMany(picked);
        assert.deepEqual(texts.map((text) => JSON.parse(text).seq), picked.map((_, k) => k * 3 + 1));
        const records = await file.readRecords([...picked.slice(0, 2), { offset: 3, length: 5 }]);
        assert.equal(records[0]?.kind, 'message');
        assert.equal(records[2], undefined, 'a line that is not a record gives undefined');
      } finally {
        await file.closeAsync();
      }
      await assert.rejects(new JournalFile(t.file('missing.ndjson')).read(0, 1), /ENOENT/);
    } finally {
      t.cleanup();
    }
  });

  test('readRaw through the block cache gives the bytes of the file, across block edges, while the file grows', async () => {
    const t = tempDir();
    try {
      const path = t.file('grow.ndjson');
      // Multi-byte characters, so a block edge can fall inside one.
      let content = Buffer.from('é€'.repeat(30_000) + 'x');
      writeFileSync(path, content);
      const file = new JournalFile(path);
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.nat({ max: 200_000 }), fc.boolean(), async (at, length, grow) => {
          if (grow) {
            const more = Buffer.from(`{"n":${at}}\n`.repeat(1 + (at % 500)));
            appendFileSync(path, more);
            content = Buffer.concat([content, more]);
          }
          const offset = at % content.length;
          const expected = content.toString('utf8', offset, Math.min(content.length, offset + length));
          assert.equal(await file.readRaw(offset, length), expected);
        }),
        { numRuns: 300, seed: 12 },
      );
      await file.closeAsync();
    } finally {
      t.cleanup();
    }
  });
});
