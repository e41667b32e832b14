import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { writeJournal } from '../../src/capture/writeJournal';
import { tempDir } from '../support/harness';
import { CaptureBuilder, header } from '../unit/findings/captureBuilder';
import { runCli } from './cliSupport';


const run = (args: string[]) => runCli(args);

/** The built CLI: commander's own usage errors must exit 2 too, not its default 1. */
describe('gws-notify lint (dist/cli.js)', () => {
  const tmp = tempDir('gws-lint-cli-');
  after(tmp.cleanup);

  test('exit 1 on an error finding, 0 with it downgraded, 2 on usage errors; SARIF on stdout', async () => {
    const path = join(tmp.dir, 'c.ndjson');
    await writeJournal(path, header(), new CaptureBuilder().transcript(0, 'ch', [1]).transcript(1, 'ch', [3]).records);
    const text = await run(['lint', path]);
    assert.deepEqual([text.code, text.stdout.split('\n')[0]], [1, `${path}:3 transcript-gap error chat:ch chat ch: transcript index skips from 1 to 3; message 2 was lost`]);
    assert.equal((await run(['lint', path, '--severity', 'transcript-gap=warning'])).code, 0);
    const sarif = await run(['lint', path, '--format', 'sarif', '--set', 'stuck.ringing=1m']);
    assert.equal(JSON.parse(sarif.stdout).runs[0].results[0].ruleId, 'transcript-gap');
    for (const args of [['lint'], ['lint', path, '--bogus'], ['lint', path, '--format', 'xml'], ['lint', path, '--set', 'stuck.ringing=30'], ['lint', join(tmp.dir, 'none.ndjson')]]) {
      const r = await run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /error:/);
    }
  });
});
