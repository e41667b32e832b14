import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { JournalWriter } from '../../../src/capture/journalWriter';
import { NotACaptureError, readJournal, readJournalBatches, type JournalLine } from '../../../src/capture/journalReader';
import type { MessageRecord } from '../../../src/capture/records';
import { deep, header, message, tempDir } from './helpers';

async function readAll(path: string, chunkSize?: number): Promise<JournalLine[]> {
  const out: JournalLine[] = [];
  for await (const line of readJournal(path, { chunkSize })) out.push(line);
  return out;
}

describe('readJournal', () => {
  test('round-trips what JournalWriter wrote, with the same offsets, across chunk boundaries', async () => {
    const t = tempDir();
    try {
      const path = t.file('c.ndjson');
      const w = new JournalWriter(path, header());
      const records = Array.from({ length: 50 }, (_, i) => message(i + 1, { messageType: 'M', text: `ü${'x'.repeat(i * 7)}` }));
      const placed = records.map((r) => w.append(r));
      w.close();
      for (const chunkSize of [7, 64, 4096]) {
        const lines = await readAll(path, chunkSize);
        assert.equal(lines.length, 51);
        assert.equal(lines[0].record.kind, 'header');
        assert.equal(lines[0].offset, 0);
        lines.slice(1).forEach((l, i) => {
          assert.deepEqual(l.record, records[i]);
          assert.equal(l.offset, placed[i].offset);
          assert.equal(l.length, placed[i].length);
          assert.equal(l.line, i + 2);
        });
      }
      const batched: JournalLine[] = [];
      for await (const batch of readJournalBatches(path, { chunkSize: 13 })) batched.push(...batch);
      assert.deepEqual(batched.map((l) => l.offset), (await readAll(path)).map((l) => l.offset));
    } finally {
      t.cleanup();
    }
  });

  test('a truncated last line becomes a bad-line record, a complete one without newline is accepted', async () => {
    const t = tempDir();
    try {
      const path = t.file('c.ndjson');
      const h = JSON.stringify(header());
      const m1 = JSON.stringify(message(1, { messageType: 'A' }));
      writeFileSync(path, `${h}\n${m1}\n{"kind":"message","seq":2,"rec`);
      const lines = await readAll(path);
      assert.equal(lines.length, 3);
      const bad = lines[2].record;
      assert.equal(bad.kind, 'bad-line');
      if (bad.kind !== 'bad-line') return;
      assert.match(bad.reason, /truncated last line/);
      assert.equal(bad.line, 3);
      assert.equal(bad.seq, 2);
      assert.equal(bad.raw, '{"kind":"message","seq":2,"rec');
      writeFileSync(path, `${h}\n${m1}`);
      const ok = await readAll(path);
      assert.equal(ok.length, 2);
      assert.equal(ok[1].record.kind, 'message');
      assert.equal(ok[1].length, Buffer.byteLength(m1));
    } finally {
      t.cleanup();
    }
  });

  test('a bad line in the middle is reported with its line number and the read goes on', async () => {
    const t = tempDir();
    try {
      const path = t.file('c.ndjson');
      const long = `garbage ${'z'.repeat(10_000)}`;
      const body = [header(), message(1, {}), null, message(3, {}), null, message(4, {})]
        .map((r, i) => (r === null ? (i === 2 ? long : '{"kind":"weird","seq":1}') : JSON.stringify(r)))
        .join('\n');
      writeFileSync(path, `${body}\n`);
      const lines = await readAll(path);
      assert.deepEqual(lines.map((l) => l.record.kind), ['header', 'message', 'bad-line', 'message', 'bad-line', 'message']);
      const bad = lines[2].record;
      if (bad.kind !== 'bad-line') throw new Error('expected bad-line');
      assert.equal(bad.line, 3);
      assert.equal(bad.seq, 2);
      assert.match(bad.reason, /^not JSON/);
      assert.equal(bad.raw.length, 4096);
      const weird = lines[4].record;
      if (weird.kind !== 'bad-line') throw new Error('expected bad-line');
      assert.match(weird.reason, /unknown record kind "weird"/);
    } finally {
      t.cleanup();
    }
  });

  test('CRLF line endings and blank lines are tolerated; offsets stay byte-exact', async () => {
    const t = tempDir();
    try {
      const path = t.file('c.ndjson');
      const h = JSON.stringify(header());
      const m1 = JSON.stringify(message(1, { t: 'é' }));
      writeFileSync(path, `${h}\r\n\r\n${m1}\r\n`);
      const lines = await readAll(path);
      assert.equal(lines.length, 2);
      assert.equal(lines[1].offset, Buffer.byteLength(h) + 4);
      assert.equal(lines[1].length, Buffer.byteLength(m1));
      assert.equal(lines[1].line, 3);
    } finally {
      t.cleanup();
    }
  });

  test('a file that is not a capture throws NotACaptureError with a clear message', async () => {
    const t = tempDir();
    try {
      const cases: Array<[string, RegExp]> = [
        ['{"hello":1}\n', /first line is not a capture header/],
        ['not json at all\n{"kind":"header"}\n', /first line is not a capture header/],
        ['', /the file is empty/],
        [`${JSON.stringify({ ...header(), version: 99 })}\n`, /format version 99/],
      ];
      for (const [content, detail] of cases) {
        const path = t.file('x.ndjson');
        writeFileSync(path, content);
        await assert.rejects(readAll(path), (err: unknown) => {
          assert.ok(err instanceof NotACaptureError);
          assert.match(err.message, /x\.ndjson is not a gws-notify capture/);
          assert.match(err.message, detail);
          return true;
        });
        await assert.rejects(readJournalBatches(path).next(), NotACaptureError);
      }
    } finally {
      t.cleanup();
    }
  });

  test('a 10,000-deep payload is written depth-capped and read back as a valid message', async () => {
    const t = tempDir();
    try {
      const path = t.file('c.ndjson');
      const w = new JournalWriter(path, header());
      w.append(message(1, deep(10_000)));
      w.append(message(2, { messageType: 'after' }));
      w.close();
      const lines = await readAll(path);
      const rec = lines[1].record as MessageRecord;
      assert.equal(rec.kind, 'message');
      assert.match(rec.unserializable ?? '', /RangeError/);
      assert.equal((lines[2].record as MessageRecord).seq, 2);
    } finally {
      t.cleanup();
    }
  });

  test('JSON.parse copes with a 10,000-deep line written by someone else', async () => {
    const t = tempDir();
    try {
      const path = t.file('c.ndjson');
      const data = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
      writeFileSync(path, `${JSON.stringify(header())}\n{"kind":"message","seq":1,"receivedAt":"2024-01-01T00:00:00Z","channel":"/c","data":${data}}\n`);
      const lines = await readAll(path);
      assert.equal(lines[1].record.kind, 'message');
      appendFileSync(path, 'x');
      assert.equal((await readAll(path)).length, 3);
      assert.ok(readFileSync(path).length > 50_000);
    } finally {
      t.cleanup();
    }
  });
});

describe('readJournalBatches', () => {
  test('yields exactly the lines readJournal yields, at any chunk size', async () => {
    const t = tempDir();
    try {
      const path = t.file('mixed.ndjson');
      const lines = [JSON.stringify(header()), JSON.stringify(message(1, { text: 'héllo ✓ 𝄞' })), '', '{"kind":"message","seq":', JSON.stringify(message(3, { a: 1 }))];
      writeFileSync(path, lines.join('\r\n') + '\n' + JSON.stringify(message(4, { b: 'ü' })) + '\n{"kind":"mes');
      for (const chunkSize of [1, 2, 7, 64, undefined]) {
        const batched: JournalLine[] = [];
        for await (const batch of readJournalBatches(path, { chunkSize, withText: true })) batched.push(...batch);
        const plain: JournalLine[] = [];
        for await (const line of readJournal(path, { chunkSize, withText: true })) plain.push(line);
        assert.deepEqual(batched, plain, `chunk size ${chunkSize}`);
        assert.deepEqual(batched.map((l) => l.record.kind), ['header', 'message', 'bad-line', 'message', 'message', 'bad-line']);
        const bytes = readFileSync(path);
        for (const l of batched) if (l.text !== undefined) assert.equal(bytes.toString('utf8', l.offset, l.offset + l.length), l.text);
      }
      const empty = t.file('empty.ndjson');
      writeFileSync(empty, '');
      await assert.rejects(async () => {
        for await (const b of readJournalBatches(empty)) void b;
      }, NotACaptureError);
    } finally {
      t.cleanup();
    }
  });
});
