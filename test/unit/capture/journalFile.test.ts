import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { JournalWriter } from '../../../src/capture/journalWriter';
import { JournalFile, readRecordAt } from '../../../src/capture/journalFile';
import { header, message, tempDir } from './helpers';

describe('JournalFile and readRecordAt', () => {
  test('read records by offset while the writer keeps appending', () => {
    const t = tempDir();
    try {
      const path = t.file('c.ndjson');
      const w = new JournalWriter(path, header());
      const a = w.append(message(1, { messageType: 'A', text: 'ünïcode' }));
      w.flush();
      const file = new JournalFile(path);
      assert.deepEqual(file.read(a.offset, a.length), message(1, { messageType: 'A', text: 'ünïcode' }));
      const b = w.append(message(2, { messageType: 'B' }));
      w.flush();
      assert.equal((file.read(b.offset, b.length) as { seq: number }).seq, 2);
      assert.equal(file.size, w.size);
      assert.equal(JSON.parse(file.readRaw(b.offset, b.length)).seq, 2);
      assert.equal((readRecordAt(path, a.offset, a.length) as { seq: number }).seq, 1);
      file.close();
      file.close();
      assert.throws(() => file.read(0, 1), /closed/);
      w.close();
    } finally {
      t.cleanup();
    }
  });

  test('a damaged line comes back as a bad-line record carrying the given seq', () => {
    const t = tempDir();
    try {
      const path = t.file('c.ndjson');
      writeFileSync(path, '{"kind":"header"}\n{"kind":"mess\n[1,2]\n');
      const bad = readRecordAt(path, 18, 13, 5);
      assert.equal(bad.kind, 'bad-line');
      if (bad.kind === 'bad-line') {
        assert.equal(bad.seq, 5);
        assert.match(bad.reason, /at byte 18: not JSON/);
        assert.equal(bad.raw, '{"kind":"mess');
      }
      const arr = readRecordAt(path, 32, 5);
      assert.equal(arr.kind, 'bad-line');
      if (arr.kind === 'bad-line') assert.match(arr.reason, /not a capture record/);
    } finally {
      t.cleanup();
    }
  });
});
