import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { JournalWriter, serializeMessageParts, serializeRecord } from '../../../src/capture/journalWriter';
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

describe('JournalWriter.appendMessage', () => {
  const tricky: unknown[] = [
    { messageType: 'CallStateChangeMessage', call: { id: 'c1', state: 'Ringing' } },
    { text: 'héllo wörld — 日本語 😀', quote: 'a"b\\c\n\u0001', sep: '\u2028\u2029' },
    { s: 'a\ud800b\udc00' },
    JSON.parse('{"__proto__":{"x":1},"constructor":2}'),
    { n: [0, -0, 1.5e300, -1e-7, 123456789012345680000] },
    [1, 'two', null, true],
    'just a string',
    42,
    null,
    undefined,
    {},
    deep(10_000),
    { n: 10n },
  ];

  test('writes exactly the line append() writes for the same message record', () => {
    for (const data of tricky) {
      for (const channel of ['/v2/me/calls', '/weird/"quote"/\u00e9']) {
        const parts = serializeMessageParts(41, '2024-05-01T10:00:00.041Z', channel, data);
        const line = parts.data === '' ? parts.head : `${parts.head}${parts.data}}`;
        assert.equal(line, serializeRecord({ kind: 'message', seq: 41, receivedAt: '2024-05-01T10:00:00.041Z', channel, data }));
      }
    }
  });

  test('offsets and lengths are exact in bytes, across flushes and lines larger than the buffer', () => {
    const t = tempDir();
    try {
      const w = new JournalWriter(t.file('c.ndjson'), header(), { maxBufferBytes: 4096 });
      const placed: Array<{ offset: number; length: number; seq: number }> = [];
      for (let i = 1; i <= 60; i++) {
        // Multi-byte text, and every tenth line bigger than the 64 KiB first buffer.
        const pad = i % 10 === 0 ? 'é'.repeat(70_000) : '日本'.repeat(i * 3);
        placed.push({ ...w.appendMessage(i, message(i, null).receivedAt, '/v2/me/chats', { pad }), seq: i });
      }
      placed.push({ ...w.append(message(61, { last: true })), seq: 61 });
      w.close();
      const file = readFileSync(t.file('c.ndjson'));
      for (const p of placed) {
        const rec = JSON.parse(file.subarray(p.offset, p.offset + p.length).toString('utf8')) as MessageRecord;
        assert.equal(rec.seq, p.seq);
        assert.equal(file[p.offset + p.length], 0x0a);
      }
      assert.equal(placed[placed.length - 1].offset + placed[placed.length - 1].length + 1, file.length);
    } finally {
      t.cleanup();
    }
  });

  test('reports the unserializable reason of a payload written depth-capped', () => {
    const t = tempDir();
    try {
      const w = new JournalWriter(t.file('c.ndjson'), header());
      const fine = w.appendMessage(1, '2024-05-01T10:00:00.001Z', '/v2/me/calls', { a: 1 });
      const capped = w.appendMessage(2, '2024-05-01T10:00:00.002Z', '/v2/me/calls', deep(10_000));
      w.close();
      assert.equal(fine.unserializable, undefined);
      assert.match(capped.unserializable ?? '', /^RangeError/);
      const line = readFileSync(t.file('c.ndjson')).subarray(capped.offset, capped.offset + capped.length).toString('utf8');
      assert.equal((JSON.parse(line) as MessageRecord).unserializable, capped.unserializable);
    } finally {
      t.cleanup();
    }
  });
});

describe('JournalWriter.appendMessageBytes', () => {
  test('copies the received bytes as the data: the line reads back as the record, the server\'s text kept', () => {
    const t = tempDir();
    try {
      const w = new JournalWriter(t.file('c.ndjson'), header(), { maxBufferBytes: 4096 });
      // Number and key spelling as the server wrote them, which JSON.stringify would not reproduce.
      const received = '{"n":1.50,"e":"\\u00e9 é 😀","big":' + `"${'x'.repeat(70_000)}"` + '}';
      const placed = w.appendMessageBytes(7, '2024-05-01T10:00:00.007Z', '/v2/me/"calls"', Buffer.from(received, 'utf8'));
      const next = w.appendMessage(8, '2024-05-01T10:00:00.008Z', '/v2/me/calls', { a: 1 });
      w.close();
      const file = readFileSync(t.file('c.ndjson'));
      const line = file.subarray(placed.offset, placed.offset + placed.length).toString('utf8');
      assert.equal(line, `{"kind":"message","seq":7,"receivedAt":"2024-05-01T10:00:00.007Z","channel":"/v2/me/\\"calls\\"","data":${received}}`);
      assert.deepEqual(JSON.parse(line), { kind: 'message', seq: 7, receivedAt: '2024-05-01T10:00:00.007Z', channel: '/v2/me/"calls"', data: JSON.parse(received) });
      assert.equal(file[placed.offset + placed.length], 0x0a);
      assert.equal(next.offset, placed.offset + placed.length + 1);
    } finally {
      t.cleanup();
    }
  });
});
