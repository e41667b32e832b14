import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { JournalFile } from '../../../src/capture/journalFile';
import { NotACaptureError } from '../../../src/capture/journalReader';
import type { CaptureLine } from '../../../src/capture/records';
import { loadCapture, sniffCapture } from '../../../src/exchange/openCapture';
import { summarize } from '../../../src/tracker/summary';
import { header, message, tempDir } from '../capture/helpers';

const tmp = tempDir();
after(() => tmp.cleanup());

const call = (seq: number, id: string, state: string): CaptureLine =>
  message(seq, { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: { id, state, participants: [{ phoneNumber: '5000' }] } });
const RECORDS: CaptureLine[] = [
  { kind: 'event', seq: 1, at: '2024-05-01T10:00:00.000Z', event: 'subscribed', subject: '/v2/me/calls' },
  call(2, 'C1', 'Ringing'),
  call(3, 'C1', 'Established'),
  { kind: 'gap', seq: 4, from: '2024-05-01T10:00:01.000Z', to: '2024-05-01T10:00:02.000Z', reason: 'lost' },
  { kind: 'snapshot', seq: 5, at: '2024-05-01T10:00:02.100Z', calls: [{ id: 'C1', state: 'Held' }], devices: [] },
  call(6, 'C1', 'Released'),
];

function ndjson(name: string, lines: readonly CaptureLine[], tail = ''): string {
  const path = tmp.file(name);
  writeFileSync(path, [header(), ...lines].map((l) => JSON.stringify(l)).join('\n') + '\n' + tail);
  return path;
}

/** A JSON export of the given records, pretty-printed as exportCapture writes it. */
function jsonExport(name: string, lines: readonly CaptureLine[], cut?: (text: string) => string): string {
  const path = tmp.file(name);
  const text = JSON.stringify({ format: 'gws-notify-capture', version: 1, header: header(), records: lines }, null, 2);
  writeFileSync(path, cut ? cut(text) : text);
  return path;
}

describe('loadCapture: NDJSON', () => {
  test('loads header, index and tracker; payloads are read from the file itself', async () => {
    const path = ndjson('plain.ndjson', RECORDS);
    const loaded = await loadCapture(path);
    assert.equal(loaded.kind, 'ndjson');
    assert.equal(loaded.journalPath, path);
    assert.equal(loaded.converted, false);
    assert.equal(loaded.entries, 6);
    assert.equal(loaded.badLines, 0);
    assert.deepEqual(loaded.header, header());
    const c1 = loaded.tracker.get('call', 'C1');
    assert.deepEqual(c1?.states.map((s) => s.state), ['Ringing', 'Established', 'Held', 'Released']);
    assert.equal(c1?.ended, true);
  });

  test('a truncated last line becomes a bad-line; everything before it loads', async () => {
    const path = ndjson('truncated.ndjson', RECORDS, '{"kind":"message","seq":7,"receivedAt":"2024-05-01T10:0');
    const loaded = await loadCapture(path);
    assert.equal(loaded.entries, 7);
    assert.equal(loaded.badLines, 1);
    const bad = loaded.tracker.entryAt(7);
    assert.equal(bad?.rec, 'bad-line');
    assert.match(bad?.malformed ?? '', /^line 8: truncated last line/);
  });

  test('an unterminated last line that is whole JSON is a normal record', async () => {
    const path = ndjson('unterminated.ndjson', RECORDS.slice(0, 2), JSON.stringify(call(3, 'C1', 'Held')));
    const loaded = await loadCapture(path);
    assert.equal(loaded.badLines, 0);
    assert.equal(loaded.tracker.get('call', 'C1')?.state, 'Held');
  });

  test('a bad middle line becomes a bad-line with its line number and the rest still loads', async () => {
    const path = tmp.file('middle.ndjson');
    const lines = [header(), ...RECORDS].map((l) => JSON.stringify(l));
    lines.splice(3, 0, '{"kind":"message","seq":');
    writeFileSync(path, lines.join('\n') + '\n');
    const loaded = await loadCapture(path);
    assert.equal(loaded.entries, 7);
    assert.equal(loaded.badLines, 1);
    const view = loaded.tracker.recordAt(2)!;
    assert.equal(view.rec, 'bad-line');
    assert.equal(view.seq, 3, 'numbered after the last good seq');
    assert.match(view.malformed ?? '', /^line 4: not JSON/);
    const journal = new JournalFile(path);
    try {
      assert.equal(await journal.readRaw(view.offset, view.length), '{"kind":"message","seq":');
    } finally {
      journal.close();
    }
    assert.equal(loaded.tracker.get('call', 'C1')?.state, 'Released');
    assert.equal(summarize(loaded.tracker).malformed, 1);
  });
});

describe('loadCapture: refused files get one clear error', () => {
  const refuse = async (name: string, content: string | Buffer, pattern: RegExp): Promise<void> => {
    const path = tmp.file(name);
    writeFileSync(path, content);
    await assert.rejects(loadCapture(path), (err: unknown) => {
      assert.ok(err instanceof NotACaptureError, `NotACaptureError, got ${String(err)}`);
      assert.ok(err.message.startsWith(`${path} is not a gws-notify capture`), err.message);
      assert.match(err.message, pattern);
      return true;
    });
  };
  test('binary garbage', () => refuse('garbage.bin', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), /binary data/));
  test('a HAR file, suggesting import-har', () => refuse('session.har', readFileSync('test/fixtures/har/wwe-session.har'), /HAR file.*import-har/));
  test('other JSON', () => refuse('other.json', '{"hello": "world"}', /neither a gws-notify NDJSON capture nor a gws-notify JSON export/));
  test('an empty file', () => refuse('empty.ndjson', '', /empty/));
  test('plain text', () => refuse('notes.txt', 'just some notes\nmore\n', /first line is not a capture header/));
  test('a JSON export of a newer version', () => refuse('newer.json', JSON.stringify({ format: 'gws-notify-capture', version: 9, header: header(), records: [] }), /version 9/));
  test('a JSON export cut short before its records', () => refuse('cut.json', '{"format":"gws-notify-capture","version":1,"header":{"kind":"hea', /cut short/));
});

describe('loadCapture: JSON export', () => {
  test('is converted to a temp NDJSON whose offsets read back every record unchanged', async () => {
    const path = jsonExport('export.json', RECORDS);
    assert.equal(await sniffCapture(path), 'json');
    const loaded = await loadCapture(path, { tempDir: tmp.dir });
    assert.equal(loaded.kind, 'json');
    assert.equal(loaded.converted, true);
    assert.notEqual(loaded.journalPath, path);
    assert.ok(existsSync(loaded.journalPath));
    assert.deepEqual(loaded.header, header());
    assert.equal(loaded.entries, RECORDS.length);
    const journal = new JournalFile(loaded.journalPath);
    try {
      for (let i = 0; i < RECORDS.length; i++) {
        const view = loaded.tracker.recordAt(i)!;
        assert.deepEqual(await journal.read(view.offset, view.length), RECORDS[i]);
      }
    } finally {
      journal.close();
    }
    const fromNdjson = await loadCapture(ndjson('same.ndjson', RECORDS));
    assert.deepEqual(summarize(loaded.tracker), summarize(fromNdjson.tracker));
  });

  test('a truncated JSON export keeps every whole record and flags the cut one', async () => {
    const path = jsonExport('truncated.json', RECORDS, (t) => t.slice(0, t.lastIndexOf('"Released"')));
    const loaded = await loadCapture(path, { tempDir: tmp.dir });
    assert.equal(loaded.entries, RECORDS.length);
    assert.equal(loaded.badLines, 1);
    const last = loaded.tracker.recordAt(RECORDS.length - 1)!;
    assert.equal(last.rec, 'bad-line');
    assert.equal(last.seq, 6);
    assert.match(last.malformed ?? '', /^line \d+: truncated last record/);
    assert.equal(loaded.tracker.get('call', 'C1')?.state, 'Held');
  });

  test('an element that is not a record becomes a bad-line with its line number', async () => {
    const path = jsonExport('badelement.json', [RECORDS[0], { nonsense: true } as unknown as CaptureLine, RECORDS[1]]);
    const loaded = await loadCapture(path, { tempDir: tmp.dir });
    assert.equal(loaded.badLines, 1);
    const journal = new JournalFile(loaded.journalPath);
    try {
      const view = loaded.tracker.recordAt(1)!;
      const bad = await journal.read(view.offset, view.length);
      assert.equal(bad.kind, 'bad-line');
      if (bad.kind !== 'bad-line') return;
      const lineNo = readFileSync(path, 'utf8').split('\n').findIndex((l) => l.includes('"nonsense"')) + 1;
      assert.equal(bad.line, lineNo - 1, 'the line the element opens on');
      assert.match(bad.reason, /unknown record kind/);
      assert.equal(bad.seq, 2);
    } finally {
      journal.close();
    }
  });

  test('progress reaches the file size and an aborted load rejects', async () => {
    const path = jsonExport('progress.json', RECORDS);
    const seen: Array<[number, number]> = [];
    await loadCapture(path, { tempDir: tmp.dir, onProgress: (d, t) => seen.push([d, t]) });
    const size = readFileSync(path).length;
    assert.deepEqual(seen.at(-1), [size, size]);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await assert.rejects(loadCapture(ndjson('abort.ndjson', RECORDS), { signal: controller.signal }), /stop/);
  });
});
