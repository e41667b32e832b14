import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { REPO, tempDir } from '../support/harness';
import { login } from './simulatorSupport';
import { CLI, runCli } from './cliSupport';

const HAR = join(REPO, 'test', 'fixtures', 'har', 'wwe-session.har');

const run = (args: string[]) => runCli(args);

describe('gws-notify import-har, export and replay', () => {
  const tmp = tempDir('gws-exchange-cli-');
  after(() => tmp.cleanup());
  const capture = join(tmp.dir, 'har.ndjson');

  test('import-har writes an NDJSON capture and refuses to overwrite without --force', async () => {
    const r = await run(['import-har', HAR, '--out', capture]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /imported 11 messages, 13 events and 2 REST calls/);
    const again = await run(['import-har', HAR, '--out', capture]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /--force/);
    assert.equal((await run(['import-har', HAR, '--out', capture, '--force'])).code, 0);
    const s = await run(['summary', capture, '--json']);
    assert.equal((JSON.parse(s.stdout) as { messages: number }).messages, 11);
  });

  test('export: formats, a resource, a time range, redaction, and clear usage errors', async () => {
    const md = join(tmp.dir, 'chat.md');
    const r = await run(['export', capture, '--format', 'markdown', '--resource', 'chat:00048aKHC3Y1004M', '--redact', '--out', md]);
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(md, 'utf8');
    assert.match(text, /\| 1 \| Invited \|/);
    assert.ok(!text.includes('Maria Customer'));
    const part = join(tmp.dir, 'late.json');
    const j = await run(['export', capture, '--format', 'json', '--from', '2024-05-01T10:00:15Z', '--redact-keys', 'userData', '--out', part]);
    assert.equal(j.code, 0, j.stderr);
    const doc = JSON.parse(readFileSync(part, 'utf8')) as { header: { redacted: boolean; exportScope: string }; records: Array<{ seq: number }> };
    // 27 and 28: the GET /api/v2/me/calls at 10:00:32 and its answer.
    assert.deepEqual(doc.records.map((x) => x.seq), [18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28]);
    assert.equal(doc.header.redacted, true);
    assert.match(doc.header.exportScope, /^time 2024-05-01T10:00:15\.000Z/);
    assert.ok(!readFileSync(part, 'utf8').includes('ACC-88231'), 'userData masked');
    assert.ok(readFileSync(part, 'utf8').includes('5559876543'), 'phone numbers kept: only userData was asked for');
    for (const [args, pattern] of [
      [['--format', 'markdown'], /add --resource/],
      [['--resource', 'agent:1'], /--resource: expected kind:id/],
      [['--from', 'soon'], /--from is not an ISO-8601 time/],
      [['--resource', 'call:x', '--to', '2024-01-01'], /either --resource or --from\/--to/],
    ] as const) {
      const bad = await run(['export', capture, ...args, '--out', join(tmp.dir, 'never')]);
      assert.equal(bad.code, 2, bad.stderr);
      assert.match(bad.stderr, pattern);
    }
    const har = await run(['export', HAR, '--out', join(tmp.dir, 'never')]);
    assert.equal(har.code, 2);
    assert.match(har.stderr, /HAR file.*import-har/);
  });

  test('replay prints the URL and serves the capture to a logged-in user', async () => {
    const child = spawn(process.execPath, [CLI, 'replay', capture, '--port', '0', '--speed', 'max', '--users', 'agent9:pw9'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) resolve(out.trim());
        });
        child.on('exit', (code) => reject(new Error(`replay exited ${code}`)));
      });
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const session = await login(url, 'agent9', 'pw9');
      assert.ok(session.cookie.startsWith('JSESSIONID='));
      const status = (await (await fetch(`${url}/sim/status`)).json()) as { scenarios: Array<{ user: string; scenario: string }> };
      assert.deepEqual(status.scenarios.map((s) => [s.user, s.scenario]), [['agent9', 'replay']]);
    } finally {
      child.kill('SIGTERM');
    }
    const bad = await run(['replay', capture, '--speed', 'fast']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--speed must be a positive number or "max"/);
  });
});
