import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { writeJournal } from '../../../src/capture/writeJournal';
import { outputFormat, runLint } from '../../../src/cli/lintCommand';
import { exportCapture } from '../../../src/exchange/exportCapture';
import { artifactUri } from '../../../src/findings/lintOutput';
import { tempDir } from '../../support/harness';
import { CaptureBuilder, header } from './captureBuilder';

async function lint(files: string[], o: Record<string, unknown> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runLint(files, { version: '9.9.9', ...o }, (t) => (out += t), (t) => (err += t));
  return { code, out, err };
}

describe('gws-notify lint', () => {
  const { dir, cleanup } = tempDir('gws-lint-');
  const clean = join(dir, 'clean.ndjson');
  const bad = join(dir, 'bad.ndjson');
  test.after(cleanup);

  test('text, JSON with file for several files, SARIF 2.1.0; exit 1 on errors, 0 otherwise', async () => {
    await writeJournal(clean, header(), new CaptureBuilder().call(0, 'c1', 'Ringing').call(1000, 'c1', 'Released').records);
    await writeJournal(bad, header(), new CaptureBuilder().call(0, 'c1', 'Released').call(1000, 'c1', 'Held').message(2000, '/v2/me/devices', { messageType: 'ErrorMessage', deviceUri: '/devices/d1', errorMessage: 'x' }).records);
    assert.deepEqual(await lint([clean]), { code: 0, out: '', err: '' });
    const text = await lint([bad]);
    assert.equal(text.code, 1);
    assert.deepEqual(text.out.trim().split('\n'), [
      `${bad}:3 after-end warning call:c1 CallStateChangeMessage StatusChange about call c1 after it ended (Released at seq 1); the resource stays Released`,
      `${bad}:4 error-message error device:d1 ErrorMessage about device d1: x`,
    ]);
    const one = JSON.parse((await lint([bad], { json: true })).out);
    assert.deepEqual(one.findings[0], { rule: 'after-end', severity: 'warning', resource: { kind: 'call', id: 'c1' }, seqs: [1, 2], line: 3, message: one.findings[0].message });
    const two = JSON.parse((await lint([clean, bad], { format: 'json' })).out);
    assert.deepEqual(two.findings.map((f: { file: string }) => f.file), [bad, bad]);
    const downgraded = await lint([bad], { severity: ['error-message=warning'] });
    assert.equal(downgraded.code, 0, '--severity keeps expected ErrorMessages from failing CI');
    const sarif = JSON.parse((await lint([bad], { format: 'sarif' })).out);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'gws-notify');
    assert.equal(run.results.length, 2);
    const r = run.results[1];
    assert.equal(r.ruleId, 'error-message');
    assert.equal(r.level, 'error');
    assert.equal(run.tool.driver.rules[r.ruleIndex].id, 'error-message');
    assert.deepEqual(r.locations[0].physicalLocation, { artifactLocation: { uri: artifactUri(bad) }, region: { startLine: 4 } });
    assert.equal(run.results[0].level, 'warning');
  });

  test('a JSON export: lines are those of the export, where each record starts', async () => {
    const json = join(dir, 'bad.json');
    await exportCapture(bad, { kind: 'all' }, 'json', json);
    const lines = readFileSync(json, 'utf8').split('\n');
    const found = JSON.parse((await lint([json], { json: true })).out).findings as Array<{ rule: string; line: number; seqs: number[] }>;
    assert.deepEqual(found.map((f) => f.rule), ['after-end', 'error-message']);
    for (const f of found) {
      assert.equal(lines[f.line - 1]?.trim(), '{', 'the line is where the record opens');
      assert.match(lines[f.line + 1] ?? '', new RegExp(`"seq": ${f.seqs[f.seqs.length - 1]},`));
    }
  });

  test('usage and file errors exit 2 with a clear message', async () => {
    writeFileSync(join(dir, 'not.txt'), 'hello\n');
    assert.equal((await lint([clean], { set: ['stuck.ringing=30'] })).code, 2);
    assert.match((await lint([clean], { set: ['stuck.ringing=30'] })).err, /"30" is not a duration/);
    assert.match((await lint([clean], { json: true, format: 'sarif' })).err, /--json asks for JSON, --format for sarif/);
    assert.match((await lint([clean], { rule: 'nope' })).err, /unknown rule "nope"/);
    const missing = await lint([join(dir, 'missing.ndjson')]);
    assert.deepEqual([missing.code, missing.err], [2, `error: ${join(dir, 'missing.ndjson')}: no such file\n`]);
    const notCapture = await lint([join(dir, 'not.txt')]);
    assert.equal(notCapture.code, 2);
    assert.match(notCapture.err, /is not a gws-notify capture/);
  });

  test('fuzz: outputFormat accepts exactly the three formats and one consistent --json', () => {
    fc.assert(
      fc.property(fc.option(fc.string()), fc.boolean(), (format, json) => {
        const o = { format: format ?? undefined, json };
        const ok = (format === null || ['text', 'json', 'sarif'].includes(format)) && (!json || format === null || format === 'json');
        if (ok) assert.equal(outputFormat(o), format ?? (json ? 'json' : 'text'));
        else assert.throws(() => outputFormat(o), /--format takes|--json asks/);
      }),
    );
  });

  test('SARIF artifact URIs: forward slashes, segments encoded', () => {
    assert.equal(artifactUri('caps\\my run #1.ndjson'), 'caps/my%20run%20%231.ndjson');
    assert.equal(artifactUri('C:\\x\\a.ndjson'), 'C:/x/a.ndjson');
  });
});
