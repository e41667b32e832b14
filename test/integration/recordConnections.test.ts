import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { SimulatorProcess } from '../../src/simulator/spawnSimulator';
import { summarizeFile } from '../../src/tracker/summary';
import { freePort, startSim, tempDir } from '../support/harness';
import { runCli } from './cliSupport';

describe('gws-notify record --connections', () => {
  const tmp = tempDir();
  const sims: SimulatorProcess[] = [];
  after(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    tmp.cleanup();
  });

  const write = (name: string, doc: unknown): string => {
    const path = join(tmp.dir, name);
    writeFileSync(path, JSON.stringify(doc));
    return path;
  };

  test('records every connection at once; a wrong password and an unreachable server fail alone, each saying why; the exit code is the worst', async () => {
    const sim = await startSim({ scenario: 'team', speed: 0 });
    sims.push(sim);
    const down = `http://127.0.0.1:${await freePort()}`;
    const file = write('team.json', {
      connections: [
        { url: sim.url, user: 'agent1', passwordEnv: 'PW_GOOD', out: 'agent1.ndjson' },
        { url: sim.url, user: 'agent2', passwordEnv: 'PW_BAD', out: 'agent2.ndjson' },
        { url: sim.url, user: 'supervisor1', passwordEnv: 'PW_GOOD', topics: ['/v2/me/calls', '/v2/me/devices'], out: 'supervisor1.ndjson' },
        { url: down, user: 'agent1', passwordEnv: 'PW_GOOD', out: 'down.ndjson' },
      ],
    });
    // supervisor1's part has 7 messages: every working connection reaches the count.
    const r = await runCli(['record', '--connections', file, '--count', '7'], { PW_GOOD: 'secret', PW_BAD: 'wrong' }, 60_000);
    assert.equal(r.code, 4, r.stderr);
    const host = new URL(sim.url).host;
    assert.match(r.stderr, new RegExp(`\\[agent2@${host}\\] error: GWS rejected the credentials \\(HTTP 401`));
    assert.match(r.stderr, new RegExp(`\\[agent1@${new URL(down).host}\\] error: Cannot reach ${down}/api/v2/me`));
    assert.ok(!r.stderr.includes('wrong') && !r.stderr.includes('secret'), 'no password in the output');
    for (const user of ['agent1', 'supervisor1']) {
      assert.match(r.stderr, new RegExp(`\\[${user}@${host}\\] recorded \\d+ messages \\(0 malformed\\) to ${join(tmp.dir, `${user}.ndjson`).replace(/[.\\/]/g, '\\$&')} \\[--count reached\\]`));
      const summary = await summarizeFile(join(tmp.dir, `${user}.ndjson`));
      assert.ok(summary.messages >= 7, `${user}: ${summary.messages}`);
    }
    const sup = await summarizeFile(join(tmp.dir, 'supervisor1.ndjson'));
    assert.deepEqual(Object.keys(sup.byChannel).sort(), ['/v2/me/calls', '/v2/me/devices'], 'its own topics');
  });

  test('a connections file with a password field is refused before anything connects, exit code 2', async () => {
    const file = write('secret.json', { connections: [{ url: 'http://127.0.0.1:1', user: 'agent1', passwordEnv: 'PW', password: 'hunter2', out: 'x.ndjson' }] });
    const r = await runCli(['record', '--connections', file], { PW: 'x' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /connections\[0\]\.password: a password field is refused/);
    assert.ok(!r.stderr.includes('hunter2'));
    const unset = write('unset.json', { connections: [{ url: 'http://127.0.0.1:1', user: 'agent1', passwordEnv: 'T15_NOT_SET_ANYWHERE', out: 'y.ndjson' }] });
    const r2 = await runCli(['record', '--connections', unset]);
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /environment variable T15_NOT_SET_ANYWHERE not set/);
    const clash = await runCli(['record', '--connections', unset, '--url', 'http://x']);
    assert.equal(clash.code, 2);
    assert.match(clash.stderr, /--connections replaces --url/);
  });
});
