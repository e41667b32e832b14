import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startSimulator } from '../../src/simulator/server';
import type { SimulatorHandle } from '../../src/simulator/simulatorTypes';
import { REPO, tempDir } from '../support/harness';

const CLI = join(REPO, 'dist', 'cli.js');

/** Runs the built gws-notify (the password in GWS_PW). */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, GWS_PW: 'secret' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface JsonFinding {
  rule: string;
  severity: string;
  resource: { kind: string; id: string } | null;
  seqs: number[];
  line: number;
  message: string;
}

/**
 * The rules a scenario cannot produce: an operation sent with `gws-notify op` to the interactive
 * desk, recorded, then linted. `ignore-operations` makes GWS accept Ready and do nothing
 * (no-effect); NotReady while already NotReady is refused (operation-failed).
 */
describe('gws-notify lint over gws-notify op captures', () => {
  const tmp = tempDir('gws-lint-ops-');
  let sim: SimulatorHandle;
  const op = (out: string, ...rest: string[]) => ['op', '--url', sim.url, '--user', 'agent1', '--password-env', 'GWS_PW', '--out', join(tmp.dir, out), ...rest];
  const ops = ['--rule', 'no-effect,operation-failed'];
  before(async () => {
    sim = await startSimulator({ port: 0, scenario: 'interactive', speed: 10, users: [{ user: 'agent1', password: 'secret' }] });
  });
  after(async () => {
    await sim.close();
    tmp.cleanup();
  });

  test('ignore-operations: an accepted Ready that never took effect is one no-effect error, exit 1; judged only over a window the capture covers', async () => {
    await fetch(`${sim.url}/sim/fault`, { method: 'POST', body: JSON.stringify({ kind: 'ignore-operations', operations: ['Ready'], count: 1 }) });
    const sent = await run(op('ignored.ndjson', 'voice', 'Ready', '--timeout', '1'));
    assert.equal(sent.code, 3, sent.stderr);
    const file = join(tmp.dir, 'ignored.ndjson');
    const linted = await run(['lint', file, '--json', ...ops, '--set', 'no-effect.window=1s', '--set', 'operation-failed.window=1s']);
    assert.equal(linted.code, 1, linted.stderr);
    const { findings } = JSON.parse(linted.stdout) as { findings: JsonFinding[] };
    assert.deepEqual(findings.map((f) => [f.rule, f.severity, f.resource, f.seqs.length]), [['no-effect', 'error', null, 2]]);
    assert.match(findings[0].message, /^Ready voice → accepted \(statusCode 0\) in \d+ ms → no effect within 1000 ms \(expected /);
    const text = await run(['lint', file, ...ops, '--set', 'no-effect.window=1s']);
    assert.match(text.stdout, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${findings[0].line} no-effect error - Ready voice → accepted`));
    // The capture stops 1 s after the answer: with the default 5 s window it cannot tell, so it says nothing.
    const undecided = await run(['lint', file, '--json', ...ops]);
    assert.deepEqual([undecided.code, (JSON.parse(undecided.stdout) as { findings: unknown[] }).findings], [0, []]);
  });

  test('a refused NotReady is one operation-failed error at the response line, with GWS statusCode and message', async () => {
    const sent = await run(op('refused.ndjson', 'voice', 'NotReady', '--timeout', '1'));
    assert.equal(sent.code, 2, sent.stderr);
    const file = join(tmp.dir, 'refused.ndjson');
    const linted = await run(['lint', file, '--json', ...ops]);
    assert.equal(linted.code, 1, linted.stderr);
    const { findings } = JSON.parse(linted.stdout) as { findings: JsonFinding[] };
    assert.deepEqual(findings.map((f) => [f.rule, f.severity]), [['operation-failed', 'error']]);
    assert.match(findings[0].message, /^NotReady voice → refused: HTTP 400, statusCode 4: NotReady is not allowed in agent state NotReady/);
    const lines = readFileSync(file, 'utf8').split('\n');
    assert.match(lines[findings[0].line - 1], /"kind":"response".*"status":400/, 'the line is the response record');
    const downgraded = await run(['lint', file, ...ops, '--severity', 'operation-failed=warning']);
    assert.equal(downgraded.code, 0, 'a team that expects refusals keeps them from failing CI');
    assert.match(downgraded.stdout, / operation-failed warning - NotReady voice → refused/);
  });
});
