import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { JournalWriter } from '../../../src/capture/journalWriter';
import { writeJournal } from '../../../src/capture/writeJournal';
import type { CaptureRecord } from '../../../src/capture/records';
import { deep, header, message, tempDir } from './helpers';

describe('writeJournal (the host\'s asynchronous journal write)', () => {
  test('writes exactly the bytes JournalWriter writes, across several chunks', async () => {
    const t = tempDir();
    try {
      const big = 'x'.repeat(300_000);
      const records: CaptureRecord[] = [
        message(1, { text: 'héllo 😀 ✓ a\u2028b' }),
        ...Array.from({ length: 8 }, (_, i) => message(i + 2, { big, i })),
        message(10, deep(400)),
        { kind: 'event', seq: 11, at: '2024-05-01T10:00:01.000Z', event: 'error', subject: 's', detail: 'd' },
        message(12, undefined),
      ];
      const w = new JournalWriter(t.file('sync.ndjson'), header());
      for (const r of records) w.append(r);
      w.close();
      await writeJournal(t.file('async.ndjson'), header(), records);
      const expected = readFileSync(t.file('sync.ndjson'));
      assert.ok(expected.length > 2 * 1024 * 1024, 'the journal spans more than one chunk');
      assert.ok(readFileSync(t.file('async.ndjson')).equals(expected));
    } finally {
      t.cleanup();
    }
  });

  test('refuses to clobber a file unless told to overwrite it', async () => {
    const t = tempDir();
    try {
      writeFileSync(t.file('c.ndjson'), 'keep me');
      await assert.rejects(writeJournal(t.file('c.ndjson'), header(), [message(1, { a: 1 })]), /EEXIST/);
      assert.equal(readFileSync(t.file('c.ndjson'), 'utf8'), 'keep me');
      await writeJournal(t.file('c.ndjson'), header(), [], { overwrite: true });
      const lines = readFileSync(t.file('c.ndjson'), 'utf8').split('\n');
      assert.deepEqual(lines.map((l) => (l ? (JSON.parse(l) as { kind: string }).kind : '')), ['header', '']);
    } finally {
      t.cleanup();
    }
  });
});
