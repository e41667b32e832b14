import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { readJournal } from '../../../src/capture/journalReader';
import { JournalFile } from '../../../src/capture/journalFile';
import { writeJournal } from '../../../src/capture/writeJournal';
import { FindingsEngine, journalRecordReader } from '../../../src/findings/engine';
import { lintCapture } from '../../../src/findings/lintCapture';
import { toIndexEntry } from '../../../src/indexing/indexer';
import type { IndexEntry } from '../../../src/indexing/indexEntry';
import { packIndex } from '../../../src/indexing/packedIndex';
import { ResourceTracker } from '../../../src/tracker/resourceTracker';
import { tempDir } from '../../support/harness';
import { CaptureBuilder, header } from './captureBuilder';

/** One capture with a case of every rule. */
function everything(): CaptureBuilder {
  return new CaptureBuilder()
    .call(0, 'c1', 'Ringing', { capabilities: ['Answer'] })
    .call(40_000, 'c1', 'Established', { capabilities: ['Hold', 'Answer'] })
    .call(41_000, 'c1', 'Released', { capabilities: [] })
    .call(42_000, 'c1', 'Established')
    .transcript(43_000, 'ch', [1])
    .transcript(44_000, 'ch', [3])
    .message(45_000, '/v2/me/devices', { messageType: 'ErrorMessage', deviceUri: '/devices/d1' })
    .device(46_000, 'd1', 'Ready')
    .device(47_000, 'd1', 'Ready')
    .device(48_000, 'd2', 'LoggedIn')
    .message(49_000, '/v2/me/calls', null)
    .call(50_000, 'c2', 'Established')
    .gap(51_000, 52_000)
    .snapshot(53_000, { calls: [{ id: 'c2', state: 'Held', callType: 'Inbound', participants: [{ phoneNumber: '5001' }] }], devices: [{ id: 'd1', deviceState: 'Active', userState: { state: 'Ready' } }, { id: 'd2', deviceState: 'Active', userState: { state: 'LoggedIn' } }] });
}

const key = (f: { rule: string; row: number; seqs: number[]; message: string; severity: string }): string => `${f.row} ${f.rule} ${f.severity} ${f.seqs.join(',')} ${f.message}`;

describe('FindingsEngine', () => {
  test('finds every rule once in the capture built for all of them', async () => {
    const { dir, cleanup } = tempDir('gws-engine-');
    try {
      const path = join(dir, 'all.ndjson');
      await writeJournal(path, header(), everything().records);
      const found = (await lintCapture(path)).findings;
      const rules = found.map((f) => f.rule).sort();
      assert.deepEqual(rules, ['after-end', 'capability-mismatch', 'drift', 'duplicate', 'error-message', 'gap', 'malformed', 'stuck', 'transcript-gap', 'unknown-value']);
    } finally {
      cleanup();
    }
  });

  test('live, fed in batches of any size, packed or not, it finds exactly what lint finds', async () => {
    const { dir, cleanup } = tempDir('gws-engine-');
    try {
      const path = join(dir, 'all.ndjson');
      await writeJournal(path, header(), everything().records);
      const bulk = (await lintCapture(path)).findings.map(key).sort();
      const entries: IndexEntry[] = [];
      for await (const line of readJournal(path)) if (line.record.kind !== 'header') entries.push(toIndexEntry(line.record, line.offset, line.length));
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 14 }), fc.boolean(), async (sizes, packed) => {
          const tracker = new ResourceTracker();
          const journal = new JournalFile(path);
          const engine = new FindingsEngine(tracker, journalRecordReader(journal, tracker));
          const stop = engine.follow();
          let at = 0;
          for (let k = 0; at < entries.length; k++) {
            const part = entries.slice(at, at + sizes[k % sizes.length]);
            at += part.length;
            if (packed) tracker.ingestPacked(packIndex(part));
            else tracker.ingestBatch(part);
            // Live, reads finish whenever they finish: sometimes between batches.
            if (k % 2 === 0) await engine.settled();
          }
          engine.tick(53_000 + Date.UTC(2024, 4, 1, 10, 0, 0));
          await engine.settled();
          stop();
          await journal.closeAsync();
          assert.deepEqual(engine.findings.map(key).sort(), bulk);
        }),
        { numRuns: 25 },
      );
    } finally {
      cleanup();
    }
  });

  test('severity settings map across and off turns a rule off; only limits the rules run', async () => {
    const b = everything();
    const found = await b.lint({ severity: { 'error-message': 'warning', duplicate: 'off' } });
    assert.equal(found.find((f) => f.rule === 'error-message')?.severity, 'warning');
    assert.equal(found.some((f) => f.rule === 'duplicate'), false);
    assert.deepEqual([...new Set((await b.lint({ only: new Set(['gap']) })).map((f) => f.rule))], ['gap']);
  });

  test('following a big tracker feeds it in slices, yielding the event loop, and says when it caught up', async () => {
    const tracker = new ResourceTracker();
    const entries: IndexEntry[] = [];
    for (let i = 0; i < 50_000; i++) entries.push(toIndexEntry({ kind: 'message', seq: i + 1, receivedAt: new Date(Date.UTC(2024, 0, 1) + i).toISOString(), channel: '/v2/me/calls', data: { messageType: 'X' } }, i * 10, 9));
    tracker.ingestBatch(entries);
    const engine = new FindingsEngine(tracker, async (rows) => rows.map(() => undefined));
    let caughtUp = 0;
    const stop = engine.follow(() => caughtUp++);
    assert.equal(engine.caughtUp, false, 'not all 50,000 rows in one turn');
    while (!engine.caughtUp) await new Promise((r) => setImmediate(r));
    assert.equal(caughtUp, 1);
    assert.equal(engine.findings.filter((f) => f.rule === 'unknown-value').length, 1);
    stop();
  });
});
