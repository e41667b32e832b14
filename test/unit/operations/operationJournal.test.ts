import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { readJournal } from '../../../src/capture/journalReader';
import { JournalWriter } from '../../../src/capture/journalWriter';
import { Redactor } from '../../../src/exchange/redaction';
import { replaySteps } from '../../../src/replay/replaySteps';
import { summarizeFile } from '../../../src/tracker/summary';
import { header, tempDir } from '../capture/helpers';
import { Journal } from './correlationFixture';

describe('request and response records in a journal', () => {
  test('read back as records, ignored as resources and messages, skipped by replay, listed by summary', async () => {
    const tmp = tempDir();
    try {
      const j = new Journal();
      j.call(0, 'c1', 'Ringing');
      const req = j.request(100, 'Answer', { kind: 'call', id: 'c1' });
      j.response(112, req, 200);
      j.call(195, 'c1', 'Established');
      const path = tmp.file('ops.ndjson');
      const w = new JournalWriter(path, header());
      for (const r of j.records) w.append(r);
      w.close();
      const kinds: string[] = [];
      for await (const { record } of readJournal(path)) kinds.push(record.kind);
      assert.deepEqual(kinds, ['header', 'message', 'request', 'response', 'message']);
      const s = await summarizeFile(path);
      assert.equal(s.messages, 2);
      assert.deepEqual(s.resources.map((r) => `${r.kind}:${r.id}`), ['call:c1']);
      assert.deepEqual(s.operations, [
        { operation: 'Answer', target: 'call:c1', httpStatus: 200, statusCode: 0, statusMessage: null, referenceId: null, outcome: 'effect', effect: { seq: 4, state: 'Established', afterMs: 95 } },
      ]);
      assert.equal([...replaySteps(path)].length, 2);
    } finally {
      tmp.cleanup();
    }
  });

  test('a request without a target or a response without its request seq is a bad line, never lost', async () => {
    const tmp = tempDir();
    try {
      const path = tmp.file('bad.ndjson');
      new JournalWriter(path, header()).close();
      appendFileSync(path, '{"kind":"request","seq":1,"at":"2024-05-01T10:00:00.000Z","path":"/api/v2/me","operation":"Answer"}\n{"kind":"response","seq":2,"at":"2024-05-01T10:00:00.000Z","status":200}\n');
      const out: Array<{ kind: string; reason?: string }> = [];
      for await (const { record } of readJournal(path)) if (record.kind === 'bad-line') out.push({ kind: record.kind, reason: record.reason });
      assert.deepEqual(out.map((r) => r.reason), ['request record without a {kind, id} target', 'response record without request, status or at']);
    } finally {
      tmp.cleanup();
    }
  });

  test('exports mask request and response bodies like payloads and scrub credentials in response text', () => {
    const r = new Redactor({ enabled: true });
    const req = r.record({ kind: 'request', seq: 1, at: 'x', method: 'POST', path: '/api/v2/me/calls/c', operation: 'Dial', target: { kind: 'device', id: 'd' }, body: { operationName: 'Dial', destination: { phoneNumber: '5551234567' } } });
    assert.match(JSON.stringify(req.body), /«masked:/);
    assert.ok(!JSON.stringify(req).includes('5551234567'));
    const plain = new Redactor({ enabled: false });
    const res = plain.record({ kind: 'response', seq: 2, request: 1, at: 'x', status: 502, elapsedMs: 3, text: 'Cookie: JSESSIONID=abcdef123' });
    assert.ok(!String(res.text).includes('abcdef123'));
  });
});
