import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { JournalWriter, serializeRecord } from '../../../src/capture/journalWriter';
import { DEPTH_CAPPED } from '../../../src/capture/depthCap';
import type { MessageRecord } from '../../../src/capture/records';
import { deep, header, message, tempDir } from './helpers';

describe('JournalWriter', () => {
  test('writes the header first and returns exact byte offsets and lengths', () => {
    const t = tempDir();
    try {
      const w = new JournalWriter(t.file('c.ndjson'), header());
      const records = [message(1, { messageType: 'A', text: 'plain' }), message(2, { text: 'héllo 😀 ✓' }), message(3, { text: 'a\u2028b' })];
      const placed = records.map((r) => w.append(r));
      w.close();
      const bytes = readFileSync(t.file('c.ndjson'));
      const firstLine = bytes.subarray(0, bytes.indexOf(10)).toString('utf8');
      assert.equal(JSON.parse(firstLine).kind, 'header');
      assert.equal(placed[0].offset, bytes.indexOf(10) + 1);
      placed.forEach((p, i) => {
        const line = bytes.subarray(p.offset, p.offset + p.length);
        assert.deepEqual(JSON.parse(line.toString('utf8')), records[i]);
        assert.equal(bytes[p.offset + p.length], 10, 'a newline follows each line');
      });
      assert.equal(w.size, bytes.length);
    } finally {
      t.cleanup();
    }
  });

  test('lone surrogates round-trip as escapes', () => {
    const line = serializeRecord(message(1, { s: 'a\ud800b\udc00' }));
    assert.match(line, /\\ud800/);
    assert.equal(Buffer.byteLength(line), line.length, 'escaped output is plain ASCII here');
    assert.equal((JSON.parse(line) as MessageRecord & { data: { s: string } }).data.s, 'a\ud800b\udc00');
  });

  test('flushes buffered lines within the flush interval without an explicit flush', async () => {
    const t = tempDir();
    try {
      const w = new JournalWriter(t.file('c.ndjson'), header(), { flushIntervalMs: 20 });
      w.append(message(1, { messageType: 'A' }));
      assert.equal(readFileSync(t.file('c.ndjson')).length, 0, 'nothing written synchronously');
      await sleep(100);
      const lines = readFileSync(t.file('c.ndjson'), 'utf8').trim().split('\n');
      assert.equal(lines.length, 2);
      w.close();
    } finally {
      t.cleanup();
    }
  });

  test('a full buffer is written at once', () => {
    const t = tempDir();
    try {
      const w = new JournalWriter(t.file('c.ndjson'), header(), { maxBufferBytes: 2000 });
      for (let i = 1; i <= 20; i++) w.append(message(i, { pad: 'x'.repeat(200) }));
      const written = readFileSync(t.file('c.ndjson'), 'utf8');
      assert.ok(written.length >= 2000, `expected ≥2000 bytes on disk before close, got ${written.length}`);
      w.close();
      assert.equal(readFileSync(t.file('c.ndjson'), 'utf8').trim().split('\n').length, 21);
    } finally {
      t.cleanup();
    }
  });

  test('refuses to overwrite an existing file unless told to', () => {
    const t = tempDir();
    try {
      writeFileSync(t.file('c.ndjson'), 'old');
      assert.throws(() => new JournalWriter(t.file('c.ndjson'), header()), /EEXIST/);
      const w = new JournalWriter(t.file('c.ndjson'), header(), { overwrite: true });
      w.close();
      assert.equal(JSON.parse(readFileSync(t.file('c.ndjson'), 'utf8')).kind, 'header');
    } finally {
      t.cleanup();
    }
  });

  test('close is idempotent and append after close throws', () => {
    const t = tempDir();
    try {
      const w = new JournalWriter(t.file('c.ndjson'), header());
      w.close();
      w.close();
      assert.equal(w.closed, true);
      assert.throws(() => w.append(message(1, {})), /closed/);
    } finally {
      t.cleanup();
    }
  });

  test('a 10,000-deep payload is written depth-capped with an unserializable reason', () => {
    const line = serializeRecord(message(7, deep(10_000)));
    const back = JSON.parse(line) as MessageRecord;
    assert.match(back.unserializable ?? '', /RangeError/);
    assert.equal(back.seq, 7);
    let node: unknown = back.data;
    let depth = 0;
    while (typeof node === 'object' && node !== null) {
      node = (node as { a: unknown }).a;
      depth++;
    }
    assert.equal(node, DEPTH_CAPPED);
    assert.equal(depth, 64);
  });

  test('a BigInt (not JSON, but possible from code) falls back instead of throwing', () => {
    const line = serializeRecord(message(1, { n: 10n }));
    const back = JSON.parse(line) as MessageRecord;
    assert.match(back.unserializable ?? '', /TypeError/);
    assert.deepEqual(back.data, { n: '10' });
  });

  test('an own __proto__ key survives the depth-capped form as data', () => {
    const data = JSON.parse('{"__proto__":{"x":1}}') as Record<string, unknown>;
    data.deep = deep(5000);
    const back = JSON.parse(serializeRecord(message(1, data))) as MessageRecord;
    assert.ok(back.unserializable);
    assert.ok(Object.hasOwn(back.data as object, '__proto__'));
  });
});

describe('JournalWriter under a synchronous burst', () => {
  test('lines older than the flush interval are written even when the timer cannot run', () => {
    const t = tempDir();
    try {
      const w = new JournalWriter(t.file('c.ndjson'), header(), { flushIntervalMs: 30 });
      w.append(message(1, { messageType: 'A' }));
      const until = Date.now() + 60;
      while (Date.now() < until) {
        // Busy: the event loop, and so the timer, is blocked.
      }
      w.append(message(2, { messageType: 'B' }));
      assert.equal(readFileSync(t.file('c.ndjson'), 'utf8').trim().split('\n').length, 3);
      w.close();
    } finally {
      t.cleanup();
    }
  });
});
