import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { REPO, tempDir } from '../support/harness';
import { WWE_SECRETS } from '../support/wweSecrets';
import { runCli } from './cliSupport';

const FIXTURES = join(REPO, 'test', 'fixtures', 'wwe');

/** `gws-notify import-wwe`, then summary and lint over what it wrote, through the built CLI. */
describe('gws-notify import-wwe', () => {
  const tmp = tempDir('gws-wwe-cli-');
  after(() => tmp.cleanup());

  test('prints its counts, writes a wwe capture, and lint tells the support case from its twin; no secret of the log in any output', async () => {
    const outputs: string[] = [];
    const run = async (args: string[]) => {
      const r = await runCli(args);
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    const none = join(tmp.dir, 'none.ndjson');
    const r = await run(['import-wwe', join(FIXTURES, 'chrome-answer-no-effect.log'), '--out', none]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /imported 3 notifications and 1 REST call from .* 17 lines skipped, 0 warnings/);
    assert.match(r.stderr, /local clock/);
    assert.deepEqual(JSON.parse(readFileSync(none, 'utf8').split('\n')[0]).source, 'wwe');
    const again = await run(['import-wwe', join(FIXTURES, 'chrome-answer-no-effect.log'), '--out', none]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /--force/);
    const lintNone = await run(['lint', none, '--json']);
    assert.equal(lintNone.code, 1, 'an error finding: exit 1');
    assert.deepEqual((JSON.parse(lintNone.stdout) as { findings: Array<{ rule: string }> }).findings.map((f) => f.rule).filter((x) => x !== 'duplicate'), ['no-effect']);
    // Linted as it is, the log's findings name its own lines: the Answer's `$.ajax` line, the repeated device's `Message received` line.
    const lintLog = await run(['lint', join(FIXTURES, 'chrome-answer-no-effect.log'), '--json']);
    assert.equal(lintLog.code, 1);
    assert.deepEqual((JSON.parse(lintLog.stdout) as { findings: Array<{ rule: string; line: number }> }).findings.map((f) => [f.rule, f.line]), [['no-effect', 48], ['duplicate', 58]]);

    const twin = join(tmp.dir, 'twin.ndjson');
    assert.equal((await run(['import-wwe', join(FIXTURES, 'chrome-answer-effect.log'), '--out', twin])).code, 0);
    assert.equal((await run(['lint', twin])).code, 0);
    const summary = JSON.parse((await run(['summary', twin, '--json'])).stdout) as { operations: Array<{ operation: string; outcome: string }> };
    assert.deepEqual(summary.operations.map((o) => [o.operation, o.outcome]), [['Answer', 'effect']]);

    const firefox = join(tmp.dir, 'firefox.ndjson');
    const ff = await run(['import-wwe', join(FIXTURES, 'firefox-session.log'), '--out', firefox]);
    assert.match(ff.stderr, /imported 4 notifications and 6 REST calls/);
    assert.equal((await run(['lint', firefox])).code, 1, 'the refused Hold is an operation-failed error');
    for (const secret of WWE_SECRETS) assert.ok(!outputs.some((o) => o.includes(secret)), `${secret} printed`);
    const missing = await run(['import-wwe', join(tmp.dir, 'nope.log'), '--out', join(tmp.dir, 'x.ndjson')]);
    assert.equal(missing.code, 2);
  });
});
