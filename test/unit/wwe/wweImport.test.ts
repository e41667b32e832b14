import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import type { CaptureLine, HeaderRecord } from '../../../src/capture/records';
import { lintCapture } from '../../../src/findings/lintCapture';
import { loadCapture } from '../../../src/exchange/openCapture';
import { summarizeFile } from '../../../src/tracker/summary';
import { importWweToFile } from '../../../src/wwe/wweImport';
import { REPO, tempDir } from '../../support/harness';
import { WWE_SECRETS } from '../../support/wweSecrets';

const FIXTURES = join(REPO, 'test', 'fixtures', 'wwe');
const CALL = '013V08JRL498H10I04000VTAES000015';

const tmp = tempDir('gws-wwe-');
after(() => tmp.cleanup());

async function imported(name: string): Promise<{ out: string; lines: CaptureLine[]; text: string; result: Awaited<ReturnType<typeof importWweToFile>> }> {
  const out = join(tmp.dir, `${name}-${Math.random().toString(36).slice(2)}.ndjson`);
  const result = await importWweToFile(join(FIXTURES, `${name}.log`), out);
  const text = readFileSync(out, 'utf8');
  return { out, text, result, lines: text.trim().split('\n').map((l) => JSON.parse(l) as CaptureLine) };
}

describe('import-wwe', () => {
  test("each record's source line is the log line it came from: a notification's `Message received`, a call's `$.ajax`", async () => {
    const out = join(tmp.dir, `lines-${Math.random().toString(36).slice(2)}.ndjson`);
    const log = readFileSync(join(FIXTURES, 'firefox-session.log'), 'utf8').split('\n');
    const result = await importWweToFile(join(FIXTURES, 'firefox-session.log'), out, { sourceLines: true });
    const records = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l) as CaptureLine);
    assert.equal(result.sourceLines?.length, records.length);
    for (const r of records) {
      assert.ok('seq' in r);
      const text = log[result.sourceLines![r.seq - 1] - 1];
      if (r.kind === 'message') assert.match(text, new RegExp(`Message received from ${r.channel}( |$)`), `seq ${r.seq}`);
      else assert.match(text, /\$\.ajax\(/, `seq ${r.seq}`);
    }
    assert.equal((await importWweToFile(join(FIXTURES, 'firefox-session.log'), out, { overwrite: true })).sourceLines, undefined, 'kept only when asked for');
  });

  test('Firefox log: notifications and REST calls in time order, the request before the Established it caused though logged after it', async () => {
    const { lines, result } = await imported('firefox-session');
    const header = lines[0] as HeaderRecord;
    assert.deepEqual([header.source, header.clock, header.createdAt, header.server], ['wwe', 'log-local', '2024-05-01T09:00:00.000Z', null]);
    assert.deepEqual(result.counts, { lines: 116, notifications: 4, restCalls: 6, skipped: 11, warnings: 0 });
    const rows = lines.slice(1).map((r) => (r.kind === 'message' ? `${r.seq} message ${r.channel}` : r.kind === 'request' ? `${r.seq} request ${r.method} ${r.path} ${r.operation} ${r.target.kind}:${r.target.id}` : r.kind === 'response' ? `${r.seq} response ${r.request} ${r.status} ${r.at}` : r.kind));
    assert.deepEqual(rows, [
      '1 message /v2/me/calls',
      `2 request POST /api/v2/me/calls/${CALL} Answer call:${CALL}`,
      '3 message /v2/me/calls',
      '4 response 2 200 2024-05-01T09:00:02.080Z',
      `5 request POST /api/v2/me/calls/${CALL} Hold call:${CALL}`,
      '6 response 5 400 2024-05-01T09:00:03.020Z',
      '7 request GET /api/v2/me GET me:',
      '8 response 7 200 2024-05-01T09:00:04.000Z',
      '9 request POST http://127.0.0.1:8000/sip/register POST other:',
      '10 response 9 200 2024-05-01T09:00:04.500Z',
      '11 request POST /api/v2/me/channels/voice NotReady voice:',
      '12 response 11 200 2024-05-01T09:00:05.040Z',
      '13 message /v2/me/devices',
      '14 request GET /internal-api/wwe/settings GET other:',
      '15 response 14 200 2024-05-01T09:00:05.200Z',
      '16 message /v2/me/devices',
    ]);
    const other = lines.filter((r) => (r.kind === 'request' && r.seq === 9) || (r.kind === 'response' && r.seq === 10));
    assert.deepEqual(other.map((r) => ('body' in r ? r.body : 'none')), [null, 'none'], "another host's bodies are never kept");
    const hold = lines.find((r) => r.kind === 'response' && r.seq === 6);
    assert.deepEqual(hold && hold.kind === 'response' && [hold.statusCode, hold.statusMessage, hold.elapsedMs], [2, 'Invalid call state for Hold', 20]);
  });

  test('the capture correlates and summarizes as a live one: effect, refused, answered', async () => {
    const { out } = await imported('firefox-session');
    const summary = await summarizeFile(out);
    assert.deepEqual(summary.operations.map((o) => [o.operation, o.target, o.outcome, o.httpStatus, o.statusCode, o.effect && [o.effect.state, o.effect.afterMs]]), [
      ['Answer', `call:${CALL}`, 'effect', 200, 0, ['Established', 30]],
      ['Hold', `call:${CALL}`, 'error', 400, 2, null],
      ['GET', 'me', 'effect', 200, 0, null],
      ['POST', 'other', 'effect', 200, null, null],
      ['NotReady', 'voice', 'effect', 200, 0, ['NotReady', 100]],
      ['GET', 'other', 'effect', 200, null, null],
    ]);
    const loaded = await loadCapture(out);
    assert.equal(loaded.tracker.get('call', CALL)?.state, 'Established');
  });

  test('the support case: Answer accepted with statusCode 0 and no Established is no-effect; its twin with Established 0.2 s later is an effect', async () => {
    const none = await lintCapture((await imported('chrome-answer-no-effect')).out);
    assert.deepEqual(none.findings.filter((f) => f.rule === 'no-effect' || f.rule === 'operation-failed').map((f) => [f.rule, f.severity, f.message]), [
      ['no-effect', 'error', `Answer call:${CALL} → accepted (statusCode 0) in 50 ms → no effect within 5000 ms (expected that call Established)`],
    ]);
    const twin = await imported('chrome-answer-effect');
    const linted = await lintCapture(twin.out);
    assert.deepEqual(linted.findings.filter((f) => f.severity !== 'info'), []);
    const ops = (await summarizeFile(twin.out)).operations;
    assert.deepEqual(ops.map((o) => [o.operation, o.outcome, o.effect?.state, o.effect?.afterMs]), [['Answer', 'effect', 'Established', 250]]);
  });

  test('no password, digest answer or Authorization text of the log reaches the capture, the warnings or the findings', async () => {
    for (const name of ['chrome-answer-no-effect', 'chrome-answer-effect', 'firefox-session']) {
      const log = readFileSync(join(FIXTURES, `${name}.log`), 'utf8');
      const { text, result, out } = await imported(name);
      const linted = JSON.stringify(await lintCapture(out));
      const present = WWE_SECRETS.filter((s) => log.includes(s));
      assert.ok(present.length >= 3, `${name} holds secrets to look for`);
      for (const secret of present) {
        assert.ok(!text.includes(secret), `${name}: ${secret} in the capture`);
        assert.ok(!JSON.stringify(result).includes(secret) && !linted.includes(secret), `${name}: ${secret} in the output`);
      }
      assert.ok(!/Authorization/i.test(text), `${name}: Authorization text`);
    }
  });

  test('fuzz through the file: bytes of any kind, CRLF and a cut last line import without throwing', { timeout: 60_000 }, async () => {
    const base = readFileSync(join(FIXTURES, 'firefox-session.log'));
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: base.length }), fc.uint8Array({ maxLength: 256 }), fc.nat({ max: base.length }), async (cut, junk, at) => {
        const bytes = Buffer.concat([base.subarray(0, at), Buffer.from(junk), base.subarray(at, Math.max(at, cut))]);
        const file = join(tmp.dir, 'fuzz.log');
        writeFileSync(file, bytes);
        const result = await importWweToFile(file, join(tmp.dir, 'fuzz.ndjson'), { overwrite: true });
        assert.equal(result.records, readFileSync(join(tmp.dir, 'fuzz.ndjson'), 'utf8').trim().split('\n').length - 1);
      }),
      { numRuns: 40 },
    );
  });

  test('refuses to replace a file unless told; a cancelled import leaves no file', async () => {
    const { out } = await imported('chrome-answer-effect');
    await assert.rejects(importWweToFile(join(FIXTURES, 'chrome-answer-effect.log'), out), { code: 'EEXIST' });
    const abort = new AbortController();
    abort.abort();
    const target = join(tmp.dir, 'cancelled.ndjson');
    await assert.rejects(importWweToFile(join(FIXTURES, 'chrome-answer-effect.log'), target, { signal: abort.signal }));
    assert.throws(() => readFileSync(target));
  });
});
