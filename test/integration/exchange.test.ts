import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readJournal, type JournalLine } from '../../src/capture/journalReader';
import type { CaptureRecord, MessageRecord } from '../../src/capture/records';
import { diffStates, stateFromRecord } from '../../src/diff/stateDiff';
import { exportCapture } from '../../src/exchange/exportCapture';
import { keyMatcher, DEFAULT_REDACT_KEYS } from '../../src/exchange/redaction';
import { loadCapture } from '../../src/exchange/openCapture';
import type { ResourceKind } from '../../src/model/gwsTypes';
import type { SimulatorProcess } from '../../src/simulator/spawnSimulator';
import { summarize, summarizeFile } from '../../src/tracker/summary';
import { record, simStatus, startSim, tempDir, waitFor } from '../support/harness';

/** The records of a capture file, header left out. */
async function journalLines(path: string): Promise<JournalLine[]> {
  const out: JournalLine[] = [];
  for await (const line of readJournal(path)) out.push(line);
  return out;
}

async function recordsOf(path: string): Promise<CaptureRecord[]> {
  return (await journalLines(path)).map((l) => l.record).filter((r): r is CaptureRecord => r.kind !== 'header');
}

/** The facts a round trip must keep. */
const facts = (r: CaptureRecord): unknown => (r.kind === 'message' ? [r.kind, r.seq, r.receivedAt, r.channel, r.data] : r);

const masked = keyMatcher(DEFAULT_REDACT_KEYS);

/**
 * The non-empty strings and numbers the default redaction keys cover, anywhere in `value`, less
 * the ones that also appear under other keys (a call id in userData.ConsultFor is still the call's id).
 */
function maskedValues(value: unknown): Set<string> {
  const under = new Set<string>();
  const elsewhere = new Set<string>();
  const walk = (v: unknown, masking: boolean, key: string): void => {
    if (Array.isArray(v)) for (const x of v) walk(x, masking, key);
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, masking || masked(k), k);
    else if ((typeof v === 'string' || typeof v === 'number') && v !== '') (masking ? under : elsewhere).add(String(v));
  };
  walk(value, false, '');
  return new Set([...under].filter((v) => !elsewhere.has(v)));
}

/** Diff paths with item keys generalized (`participants[phoneNumber=*]`), so masked keys compare equal. */
function diffShape(before: unknown, after: unknown): string[] {
  const d = diffStates(before, after);
  return d.changes.map((c) => `${c.op} ${c.path.replace(/=[^\]]*\]/g, '=*]')}`).sort();
}

describe('export and import round trips on a real recording', () => {
  const tmp = tempDir('gws-exchange-');
  let sim: SimulatorProcess;
  let journal: string;

  before(async () => {
    sim = await startSim({ scenario: 'demo', speed: 0 });
    journal = join(tmp.dir, 'demo.ndjson');
    const rec = record(sim.url, journal, { topics: ['/v2/me/**'] });
    await rec.host.ready;
    let delivered = -1;
    await waitFor('the demo to finish', async () => {
      const s = (await simStatus(sim.url)).scenarios.find((x) => x.user === 'agent1');
      delivered = s?.done ? s.delivered : -1;
      return delivered >= 0;
    }, 60_000);
    await waitFor('every message tracked', () => rec.tracker.messageCount >= delivered);
    await rec.host.stop();
  });
  after(async () => {
    await sim?.stop();
    tmp.cleanup();
  });

  for (const format of ['ndjson', 'json'] as const) {
    test(`${format}: the same records and the same summary`, async () => {
      const out = join(tmp.dir, `all.${format}`);
      await exportCapture(journal, { kind: 'all' }, format, out);
      const loaded = await loadCapture(out, { tempDir: tmp.dir });
      assert.equal(loaded.kind, format);
      const original = await recordsOf(journal);
      assert.ok(original.filter((r) => r.kind === 'message').length > 30);
      assert.deepEqual((await recordsOf(loaded.journalPath)).map(facts), original.map(facts));
      assert.deepEqual(summarize(loaded.tracker), await summarizeFile(journal));
    });
  }

  test('redacted: no masked value survives, tokens are consistent, diffs keep their shape', async () => {
    const out = join(tmp.dir, 'redacted.ndjson');
    await exportCapture(journal, { kind: 'all' }, 'ndjson', out, { redact: { enabled: true } });
    const text = readFileSync(out, 'utf8');
    const original = await recordsOf(journal);
    const redacted = await recordsOf(out);
    const header = (await journalLines(journal))[0].record;
    const values = maskedValues([header, ...original.map((r) => (r.kind === 'message' ? r.data : undefined))]);
    assert.ok(values.size > 10, `the demo has personal data to mask (${values.size} values)`);
    for (const v of values) assert.ok(!text.includes(JSON.stringify(v)) && !text.includes(`:${v},`), `${v} is masked`);

    // Same value, same token; different values, different tokens.
    const tokenOf = new Map<string, string>();
    const walk = (a: unknown, b: unknown, under: boolean): void => {
      if (Array.isArray(a)) a.forEach((v, i) => walk(v, (b as unknown[])[i], under));
      else if (typeof a === 'object' && a !== null) for (const [k, v] of Object.entries(a)) walk(v, (b as Record<string, unknown>)[k], under || masked(k));
      else if (under && a !== '' && (typeof a === 'string' || typeof a === 'number')) {
        const prior = tokenOf.get(String(a));
        if (prior !== undefined) assert.equal(b, prior);
        tokenOf.set(String(a), b as string);
      }
    };
    original.forEach((r, i) => walk(r, redacted[i], false));
    assert.equal(new Set(tokenOf.values()).size, tokenOf.size);

    // Per resource, successive diffs change the same paths in the same ways.
    const loaded = await loadCapture(journal);
    let compared = 0;
    for (const res of loaded.tracker.resources()) {
      if (!['call', 'chat', 'device'].includes(res.kind)) continue;
      const states = (list: CaptureRecord[]): unknown[] =>
        [...loaded.tracker.seqsOf(res.kind, res.id)].map((seq) => stateFromRecord(res.kind as ResourceKind, res.id, list.find((r) => r.seq === seq)!)).filter((s) => s !== undefined);
      const a = states(original);
      const b = states(redacted);
      assert.equal(b.length, a.length);
      for (let i = 1; i < a.length; i++) {
        assert.deepEqual(diffShape(b[i - 1], b[i]), diffShape(a[i - 1], a[i]), `${res.key} step ${i}`);
        compared++;
      }
    }
    assert.ok(compared > 20, `compared ${compared} diffs`);
    // Ids and states are never masked: the tree and summary look the same.
    assert.deepEqual(summarize((await loadCapture(out)).tracker), summarize(loaded.tracker));
  });

  test('a Markdown report of a recorded call, redacted, holds no phone number', async () => {
    const loaded = await loadCapture(journal);
    const call = loaded.tracker.resources('call').find((c) => c.states.length >= 3)!;
    const out = join(tmp.dir, 'call.md');
    await exportCapture({ journalPath: journal, tracker: loaded.tracker }, { kind: 'resource', resource: { kind: 'call', id: call.id } }, 'markdown', out, { redact: { enabled: true } });
    const md = readFileSync(out, 'utf8');
    assert.match(md, new RegExp(`call \`${call.id}\``));
    for (const s of call.states) assert.ok(md.includes(`| ${s.state} |`), s.state);
    const phones = maskedValues((await recordsOf(journal)).filter((r): r is MessageRecord => r.kind === 'message' && r.channel === '/v2/me/calls').map((r) => r.data));
    for (const p of phones) assert.ok(!md.includes(p), `${p} masked`);
  });
});
