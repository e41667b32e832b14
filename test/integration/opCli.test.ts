import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startSimulator } from '../../src/simulator/server';
import type { SimulatorHandle } from '../../src/simulator/simulatorTypes';
import { tempDir } from '../support/harness';
import { Agent } from './operationsSupport';
import { runCli } from './cliSupport';


/** Runs gws-notify with `args`, the password in GWS_PW. */
const run = (args: string[], password = 'secret') => runCli(args, { GWS_PW: password });

describe('gws-notify op', () => {
  const tmp = tempDir();
  let sim: SimulatorHandle;
  let a: Agent;
  const op = (user: string, out: string, ...rest: string[]) => ['op', '--url', sim.url, '--user', user, '--password-env', 'GWS_PW', '--out', join(tmp.dir, out), ...rest];
  before(async () => {
    sim = await startSimulator({ port: 0, scenario: 'interactive', speed: 10, users: [{ user: 'agent1', password: 'secret' }] });
    a = await Agent.open(sim.url, 'agent1');
  });
  after(async () => {
    await a.close();
    await sim.close();
    tmp.cleanup();
  });

  test('Answer: one line, exit 0, everything journaled without a secret, and summary --json lists the operation', async () => {
    const id = await a.ringing();
    const r = await run(op('agent1', 'answer.ndjson', `call:${id}`, 'Answer'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Answer call:${id} → accepted \\(statusCode 0\\) in \\d+ ms → Established \\d+ ms later \\(#\\d+\\)\\n$`));
    const text = readFileSync(join(tmp.dir, 'answer.ndjson'), 'utf8');
    assert.match(text, /"kind":"request".*"operation":"Answer"/);
    assert.match(text, /"kind":"response".*"status":200/);
    for (const secret of [a.session.csrf, a.session.cookie.split('=')[1], 'X-CSRF', 'Authorization', 'secret']) assert.ok(!text.includes(secret), secret);
    const summary = await run(['summary', join(tmp.dir, 'answer.ndjson'), '--json']);
    const s = JSON.parse(summary.stdout) as { operations: Array<Record<string, unknown>> };
    assert.equal(s.operations.length, 1);
    assert.equal(s.operations[0].outcome, 'effect');
    assert.equal((s.operations[0].effect as { state: string }).state, 'Established');
  });

  test('--json prints every field; a chat operation carries its referenceId', async () => {
    const chat = await a.chatId();
    const r = await run(op('agent1', 'accept.ndjson', `chat:${chat}`, 'Accept', '--json'));
    assert.equal(r.code, 0, r.stderr);
    const o = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(o), ['operation', 'target', 'httpStatus', 'statusCode', 'statusMessage', 'referenceId', 'outcome', 'effect']);
    assert.equal(o.target, `chat:${chat}`);
    assert.equal(o.httpStatus, 200);
    assert.equal(typeof o.referenceId, 'number');
    assert.equal(o.outcome, 'effect');
    const effect = o.effect as { seq: number; state: string; afterMs: number };
    assert.ok(effect.seq > 0 && effect.afterMs >= 0);
  });

  test('ignore-operations: accepted, nothing happens within --timeout: exit 3', async () => {
    await fetch(`${sim.url}/sim/fault`, { method: 'POST', body: JSON.stringify({ kind: 'ignore-operations', operations: ['Ready'], count: 1 }) });
    const r = await run(op('agent1', 'ignored.ndjson', 'voice', 'Ready', '--timeout', '0.5', '--json'));
    assert.equal(r.code, 3, r.stderr);
    const o = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual([o.outcome, o.statusCode, o.effect], ['no-effect', 0, null]);
  });

  test('a refused operation exits 2 with GWS statusCode and message', async () => {
    const r = await run(op('agent1', 'refused.ndjson', 'voice', 'NotReady', '--timeout', '1'));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout, /^NotReady voice → refused: HTTP 400, statusCode 4: NotReady is not allowed in agent state NotReady/);
  });

  test('bad arguments exit 2 before anything is sent; a wrong password exits 2 with record\'s message', async () => {
    for (const args of [op('agent1', 'x.ndjson', 'queue:1', 'Answer'), op('agent1', 'x.ndjson', 'call:c1', 'SendDtmf'), op('agent1', 'x.ndjson', 'call:c1', 'Answer', '--body', '[]'), op('agent1', 'x.ndjson', 'call:c1')]) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /error/);
    }
    const r = await run(op('agent1', 'badpw.ndjson', 'voice', 'Ready'), 'wrong');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /error: GWS rejected the credentials \(HTTP 401/);
  });
});
