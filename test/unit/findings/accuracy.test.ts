import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LintedFinding } from '../../../src/findings/lintCapture';
import { anomalySteps } from '../../../src/simulator/scenarios/anomalies';
import { demoSteps } from '../../../src/simulator/scenarios/demo';
import { loadSteps } from '../../../src/simulator/scenarios/load';
import type { ScriptStep } from '../../../src/simulator/scenarios/script';
import { REPO } from '../../support/harness';
import { CaptureBuilder } from './captureBuilder';

/**
 * False positives are worse than misses: the simulator's own scenarios and the GWS reference
 * pages' examples must give no warning or error, save the ErrorMessages they carry and the damaged
 * example. Scenario steps are timed as at speed 1, so the time-based rules see real durations.
 */

const ctx = { user: 'agent1', userIndex: 0, baseUrl: 'http://127.0.0.1:8090', seed: 1, iteration: 0 };

async function lintSteps(steps: Iterable<ScriptStep>): Promise<LintedFinding[]> {
  const b = new CaptureBuilder();
  for (const step of steps) if (!step.omitData) b.message(step.at, step.channel, step.data);
  return b.lint();
}

const loud = (found: LintedFinding[]): string[] => found.filter((f) => f.severity !== 'info').map((f) => `${f.line} ${f.rule} ${f.message}`);

describe('findings accuracy', () => {
  test('demo: only error-message, on its one ErrorMessage', async () => {
    for (const iteration of [0, 1]) {
      const found = await lintSteps(demoSteps({ ...ctx, iteration }));
      assert.deepEqual(loud(found).map((l) => l.split(' ')[1]), ['error-message'], loud(found).join('\n'));
      assert.match(found.find((f) => f.rule === 'error-message')!.message, /about device .* and call .*: Invalid Called Dn/);
    }
  });

  test('load, 50 slots over many cycles and at 100 msg/s: nothing at all', async () => {
    for (const options of [{ rate: 0, count: 2000, resources: 50 }, { rate: 100, count: 3000, resources: 7 }]) {
      assert.deepEqual(loud(await lintSteps(loadSteps(ctx, options))), []);
    }
  });

  test('the GWS reference examples (test/fixtures/gws): error-message on the ErrorMessage, malformed on the damaged one', async () => {
    const dir = join(REPO, 'test', 'fixtures', 'gws');
    const files = [...readdirSync(dir).filter((f) => f.endsWith('.json')), ...readdirSync(join(dir, 'malformed')).map((f) => join('malformed', f))];
    const b = new CaptureBuilder();
    files.forEach((file, i) => {
      const { channel, data } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { channel: string; data: unknown };
      b.message(i * 1000, channel, data);
    });
    const found = await b.lint();
    const byLine = (rule: string): string[] => found.filter((f) => f.rule === rule).map((f) => files[f.line - 2]);
    assert.deepEqual(loud(found).map((l) => l.split(' ')[1]).sort(), ['error-message', 'malformed']);
    assert.deepEqual(byLine('error-message'), ['error-message.json']);
    assert.deepEqual(byLine('malformed'), ['malformed/nested-error-message.json']);
  });

  test('anomalies: each message-borne rule exactly once, nothing else', async () => {
    const found = await lintSteps(anomalySteps(ctx));
    const rules = found.map((f) => f.rule).sort();
    assert.deepEqual(rules, ['after-end', 'capability-mismatch', 'duplicate', 'error-message', 'malformed', 'transcript-gap', 'unknown-value']);
    assert.match(found.find((f) => f.rule === 'unknown-value')!.message, /"LoggedIn"/);
    assert.match(found.find((f) => f.rule === 'error-message')!.message, /no error text/);
  });
});
