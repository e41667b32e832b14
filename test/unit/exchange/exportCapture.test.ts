import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { readJournal, type JournalLine } from '../../../src/capture/journalReader';
import type { CaptureLine, CaptureRecord, MessageRecord } from '../../../src/capture/records';
import { exportCapture } from '../../../src/exchange/exportCapture';
import { loadCapture } from '../../../src/exchange/openCapture';
import { SCRUBBED } from '../../../src/exchange/redaction';
import { summarize } from '../../../src/tracker/summary';
import { header, tempDir } from '../capture/helpers';

const tmp = tempDir();
after(() => tmp.cleanup());

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
const iso = (ms: number): string => new Date(T0 + ms).toISOString();

function callMsg(seq: number, id: string, state: string, phone: string): MessageRecord {
  return {
    kind: 'message', seq, receivedAt: iso(seq * 1000), channel: '/v2/me/calls',
    data: { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: { id, state, ani: phone, participants: [{ phoneNumber: phone, digits: phone }], userData: { Segment: 'Platinum-VIP' }, capabilities: state === 'Ringing' ? ['Answer'] : ['Hold', 'Hangup'] } },
  };
}
function chatLog(seq: number, text: string): MessageRecord {
  return {
    kind: 'message', seq, receivedAt: iso(seq * 1000), channel: '/v2/me/chats',
    data: { messageType: 'MessageLogUpdated', notificationType: 'NewMessages', chatUri: 'http://x/api/v2/me/chats/CH1', messages: [{ index: 1, from: { nickname: 'Zoë Customer', type: 'Customer' }, text, type: 'Text' }] },
  };
}
const RECORDS: CaptureLine[] = [
  { kind: 'event', seq: 1, at: iso(500), event: 'subscribed', subject: '/v2/me/calls' },
  callMsg(2, 'C1', 'Ringing', '5551234567'),
  { kind: 'message', seq: 3, receivedAt: iso(3000), channel: '/v2/me/chats', data: { messageType: 'ChatStateChangeMessage', notificationType: 'StatusChange', chat: { id: 'CH1', state: 'Chatting', participants: [{ nickname: 'Zoë Customer', type: 'Customer' }] } } },
  chatLog(4, 'my card is 4111 <script>alert(1)</script> ```` ` done'),
  callMsg(5, 'C1', 'Established', '5551234567'),
  { kind: 'gap', seq: 6, from: iso(5500), to: iso(5900), reason: 'lost' },
  { kind: 'message', seq: 7, receivedAt: iso(7000), channel: '/v2/me/devices', data: { messageType: 'ErrorMessage', callUri: 'http://x/api/v2/calls/C1', errorMessage: 'Hold failed <b>', Cookie: 'JSESSIONID=LEAKED-COOKIE' } },
  callMsg(8, 'C2', 'Ringing', '5559876543'),
];

function write(name: string, lines: readonly CaptureLine[]): string {
  const path = tmp.file(name);
  writeFileSync(path, [header(), ...lines].map((l) => JSON.stringify(l)).join('\n') + '\n');
  return path;
}
const SOURCE = write('source.ndjson', RECORDS);
const now = (): Date => new Date('2025-01-02T03:04:05.000Z');

async function journalLines(path: string): Promise<JournalLine[]> {
  const out: JournalLine[] = [];
  for await (const line of readJournal(path)) out.push(line);
  return out;
}

async function records(path: string): Promise<CaptureRecord[]> {
  return (await journalLines(path)).map((l) => l.record).filter((r): r is CaptureRecord => r.kind !== 'header');
}
const withoutCookie = (r: CaptureLine): CaptureLine => (r.kind === 'message' && r.seq === 7 ? { ...r, data: { ...(r.data as object), Cookie: SCRUBBED } } : r);

describe('exportCapture: NDJSON and JSON', () => {
  test('NDJSON: clean lines are copied byte for byte, credentials scrubbed, header marked', async () => {
    const out = tmp.file('all.ndjson');
    const result = await exportCapture(SOURCE, { kind: 'all' }, 'ndjson', out, { now });
    assert.deepEqual(result, { outPath: out, format: 'ndjson', records: RECORDS.length });
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    const sourceLines = readFileSync(SOURCE, 'utf8').trimEnd().split('\n');
    assert.deepEqual(JSON.parse(lines[0]), { ...header(), exportedAt: '2025-01-02T03:04:05.000Z', exportScope: 'all', redacted: false });
    for (let i = 1; i < lines.length; i++) if (!sourceLines[i].includes('Cookie')) assert.equal(lines[i], sourceLines[i]);
    assert.deepEqual(await records(out), RECORDS.map(withoutCookie));
    assert.ok(!readFileSync(out, 'utf8').includes('LEAKED-COOKIE'));
  });

  test('NDJSON of everything: damaged lines copied as they are (scrubbed), CRLF and an unterminated tail kept', async () => {
    const path = tmp.file('damaged.ndjson');
    const lines = [JSON.stringify(header()), JSON.stringify(RECORDS[0]), '{"kind":"message","seq":2,"Cookie":"JSESSIONID=LEAKED', JSON.stringify(RECORDS[1])];
    writeFileSync(path, lines.join('\r\n') + '\r\n' + JSON.stringify(RECORDS[2]).slice(0, 30));
    const out = tmp.file('damaged-out.ndjson');
    const result = await exportCapture(path, { kind: 'all' }, 'ndjson', out);
    assert.equal(result.records, 4);
    const text = readFileSync(out, 'utf8');
    assert.ok(!text.includes('LEAKED'));
    assert.ok(text.includes(`{"kind":"message","seq":2,"Cookie":"${SCRUBBED}"`));
    const reread = (await loadCapture(out)).tracker;
    const original = (await loadCapture(path)).tracker;
    assert.equal(reread.recordCount, original.recordCount);
    assert.deepEqual(summarize(reread), summarize(original));
    assert.ok(text.endsWith(`${JSON.stringify(RECORDS[2]).slice(0, 30)}\n`));
  });

  test('JSON: one readable document holding the header and every record, re-importable', async () => {
    const out = tmp.file('all.json');
    await exportCapture(SOURCE, { kind: 'all' }, 'json', out, { now });
    const text = readFileSync(out, 'utf8');
    const doc = JSON.parse(text) as { format: string; version: number; header: unknown; records: CaptureLine[] };
    assert.equal(doc.format, 'gws-notify-capture');
    assert.equal(doc.version, 1);
    assert.deepEqual(doc.records, RECORDS.map(withoutCookie));
    assert.ok(text.split('\n').length > RECORDS.length * 5, 'pretty-printed');
    const loaded = await loadCapture(out, { tempDir: tmp.dir });
    const direct = await loadCapture(SOURCE);
    assert.deepEqual(summarize(loaded.tracker), summarize(direct.tracker));
  });

  test('an empty selection still gives a valid JSON document', async () => {
    const out = tmp.file('none.json');
    const result = await exportCapture(SOURCE, { kind: 'seqs', seqs: [] }, 'json', out);
    assert.equal(result.records, 0);
    assert.deepEqual((JSON.parse(readFileSync(out, 'utf8')) as { records: unknown[] }).records, []);
  });

  test('scopes: resource (streamed or by offset), seqs and time range', async () => {
    const loaded = await loadCapture(SOURCE);
    const session = { journalPath: SOURCE, tracker: loaded.tracker };
    const seqsOf = async (source: string | typeof session, scope: Parameters<typeof exportCapture>[1]): Promise<number[]> => {
      const out = tmp.file(`scope-${Math.random()}.ndjson`);
      await exportCapture(source, scope, 'ndjson', out);
      return (await records(out)).map((r) => r.seq);
    };
    const c1 = { kind: 'resource' as const, resource: { kind: 'call' as const, id: 'C1' } };
    assert.deepEqual(await seqsOf(SOURCE, c1), [2, 5, 7], 'its messages and the error naming it');
    assert.deepEqual(await seqsOf(session, c1), [2, 5, 7]);
    assert.deepEqual(await seqsOf(session, { kind: 'seqs', seqs: [8, 1, 4] }), [1, 4, 8]);
    assert.deepEqual(await seqsOf(SOURCE, { kind: 'seqs', seqs: [8, 1, 4] }), [1, 4, 8]);
    assert.deepEqual(await seqsOf(SOURCE, { kind: 'timeRange', from: iso(4000), to: iso(7000) }), [4, 5, 6, 7]);
  });

  test('redacted: no masked value left, tokens consistent, ids and states kept', async () => {
    const out = tmp.file('redacted.ndjson');
    await exportCapture(SOURCE, { kind: 'all' }, 'ndjson', out, { redact: { enabled: true } });
    const text = readFileSync(out, 'utf8');
    for (const secret of ['5551234567', '5559876543', 'Zoë Customer', 'Platinum-VIP', '4111', 'alert(1)', 'LEAKED-COOKIE']) assert.ok(!text.includes(secret), secret);
    const recs = (await records(out)) as MessageRecord[];
    const call2 = (recs[1].data as { call: { ani: string; participants: Array<{ phoneNumber: string }> ; state: string; id: string } }).call;
    const call5 = (recs[4].data as { call: { ani: string; state: string } }).call;
    assert.match(call2.ani, /^«masked:[0-9a-f]{8}»$/);
    assert.equal(call2.participants[0].phoneNumber, call2.ani);
    assert.equal(call5.ani, call2.ani, 'same value, same token across records');
    assert.equal(call2.id, 'C1');
    assert.equal(call5.state, 'Established');
    assert.equal((JSON.parse(text.split('\n')[0]) as { redacted: boolean }).redacted, true);
    const again = tmp.file('redacted2.ndjson');
    await exportCapture(SOURCE, { kind: 'all' }, 'ndjson', again, { redact: { enabled: true } });
    assert.notEqual((((await records(again))[1] as MessageRecord).data as { call: { ani: string } }).call.ani, call2.ani, 'a fresh key per export');
  });
});

describe('exportCapture: progress, cancellation, errors', () => {
  const many: CaptureLine[] = Array.from({ length: 5000 }, (_, i) => callMsg(i + 1, `C${i % 40}`, i % 2 ? 'Established' : 'Ringing', '5550001111'));
  const big = write('big.ndjson', many);

  test('progress rises to the total', async () => {
    const seen: Array<[number, number]> = [];
    await exportCapture(big, { kind: 'all' }, 'json', tmp.file('big.json'), { onProgress: (d, t) => seen.push([d, t]) });
    assert.ok(seen.length >= 4);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i][0] >= seen[i - 1][0]);
    const [done, total] = seen.at(-1)!;
    assert.equal(done, total);
    assert.equal(total, readFileSync(big).length);
  });

  test('an abort stops the export and leaves no file behind', async () => {
    const controller = new AbortController();
    const out = tmp.file('cancelled.ndjson');
    await assert.rejects(
      exportCapture(big, { kind: 'all' }, 'ndjson', out, { signal: controller.signal, onProgress: () => controller.abort(new Error('user cancelled')) }),
      /user cancelled/,
    );
    assert.ok(!existsSync(out));
    assert.deepEqual(readdirSync(tmp.dir).filter((f) => f.endsWith('.partial')), []);
  });

  test('Markdown needs an existing resource', async () => {
    await assert.rejects(exportCapture(SOURCE, { kind: 'all' }, 'markdown', tmp.file('x.md')), /one resource/);
    await assert.rejects(exportCapture(SOURCE, { kind: 'resource', resource: { kind: 'call', id: 'nope' } }, 'markdown', tmp.file('y.md')), /no call nope/);
    assert.ok(!existsSync(tmp.file('y.md')));
  });
});

describe('exportCapture: Markdown report', () => {
  test('state path with times, changed paths, linked errors, first and last states', async () => {
    const out = tmp.file('c1.md');
    const result = await exportCapture(SOURCE, { kind: 'resource', resource: { kind: 'call', id: 'C1' } }, 'markdown', out, { now });
    assert.equal(result.records, 2);
    const md = readFileSync(out, 'utf8');
    assert.match(md, /^# GWS notification report: call `C1`/);
    assert.match(md, /\| 1 \| Ringing \| 2024-05-01T10:00:02\.000Z \| 3\.0 s \|/);
    assert.match(md, /\| 2 \| Established \| 2024-05-01T10:00:05\.000Z \| 3\.0 s \(open at capture end\) \|/);
    assert.match(md, /### seq 5 · 2024-05-01T10:00:05\.000Z · CallStateChangeMessage \/ StatusChange\n\n- `state`: `"Ringing"` → `"Established"`\n- `capabilities`: `\+Hangup` `\+Hold` `−Answer`/);
    assert.match(md, /## Errors\n\n- seq 7 at 2024-05-01T10:00:07\.000Z: Hold failed &lt;b&gt;/);
    assert.match(md, /## First state \(seq 2\)\n\n```json\n\{\n {2}"id": "C1",\n {2}"state": "Ringing"/);
    assert.match(md, /## Last state \(seq 5\)/);
  });

  test('payload text cannot inject markup, with or without masking', async () => {
    const out = tmp.file('ch1.md');
    await exportCapture(SOURCE, { kind: 'resource', resource: { kind: 'chat', id: 'CH1' } }, 'markdown', out);
    const md = readFileSync(out, 'utf8');
    assert.match(md, /- transcript: 1 new message \(Text\)/);
    assert.ok(!md.includes('<script>'), 'chat text never appears outside a state block');
    const masked = tmp.file('ch1-masked.md');
    await exportCapture(SOURCE, { kind: 'resource', resource: { kind: 'chat', id: 'CH1' } }, 'markdown', masked, { redact: { enabled: true } });
    const m = readFileSync(masked, 'utf8');
    assert.ok(!m.includes('Zoë'), 'nickname masked in states and label');
    assert.match(m, /\| Label \| «masked:[0-9a-f]{8}» \|/);
  });
});
