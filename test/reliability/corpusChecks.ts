/** Checks a journal and its tracker against the hostile corpus it was made from. */
import assert from 'node:assert/strict';
import { JournalFile } from '../../src/capture/journalFile';
import type { MessageRecord } from '../../src/capture/records';
import type { ResourceTracker } from '../../src/tracker/resourceTracker';
import { expectedFinalStates, type HostileCase } from './hostileCorpus';
import { journalRecords } from './support';

/** What a check found, for the figures. */
export interface CorpusResult {
  cases: number;
  malformedExpected: number;
  flagged: number;
  resources: number;
}

/** The properties Object.prototype has now (compare before/after to catch pollution). */
export function prototypeSnapshot(): string {
  return JSON.stringify([Object.getOwnPropertyNames(Object.prototype).sort(), Object.getOwnPropertyNames(Array.prototype).sort()]);
}

/** Asserts nothing added `polluted` (or anything else) to the shared prototypes. */
export function assertNotPolluted(before: string): void {
  assert.equal(prototypeSnapshot(), before, 'Object.prototype and Array.prototype are unchanged');
  assert.equal(({} as { polluted?: unknown }).polluted, undefined, 'no polluted member on plain objects');
}

/**
 * Pass conditions: one message record per case, in order, with the case's channel and exactly its
 * data (JSON-equal after `expectData`); the index flags it malformed exactly when the case says so;
 * every resource's seqs point to records that exist in the tracker and in the journal; the DUP-
 * calls end in the state of their last message.
 */
export async function checkCorpus(cases: readonly HostileCase[], journalPath: string, tracker: ResourceTracker, expectData: (c: HostileCase) => unknown = (c) => c.data): Promise<CorpusResult> {
  const records = await journalRecords(journalPath);
  const messages = records.filter((r): r is MessageRecord => r.kind === 'message');
  assert.equal(messages.length, cases.length, 'one message record per case');
  assert.equal(tracker.messageCount, cases.length, 'the tracker counted every case');
  const wrongData: string[] = [];
  const wrongFlag: string[] = [];
  let flagged = 0;
  const journal = new JournalFile(journalPath);
  try {
    for (const [i, c] of cases.entries()) {
      const m = messages[i]!;
      const label = `case ${c.n} (${c.category})`;
      if (m.channel !== c.channel) wrongData.push(`${label}: channel ${m.channel}`);
      if (Object.hasOwn(m, 'data') !== c.hasData) wrongData.push(`${label}: data key ${Object.hasOwn(m, 'data') ? 'present' : 'missing'}`);
      else if (c.hasData && JSON.stringify(m.data) !== JSON.stringify(expectData(c))) wrongData.push(`${label}: data differs`);
      const entry = tracker.entryAt(m.seq);
      if (!entry) {
        wrongFlag.push(`${label}: seq ${m.seq} not indexed`);
        continue;
      }
      // Journaled raw: the line at the indexed offset reads back as this very record.
      const back = await journal.read(entry.offset, entry.length, m.seq);
      if (back?.kind !== 'message' || back.seq !== m.seq) wrongData.push(`${label}: offset does not read back`);
      if (entry.malformed !== undefined) flagged++;
      if (c.expect === 'malformed' && entry.malformed === undefined) wrongFlag.push(`${label}: not flagged`);
      if (c.expect === 'valid' && entry.malformed !== undefined) wrongFlag.push(`${label}: flagged "${entry.malformed}"`);
    }
  } finally {
    journal.close();
  }
  assert.deepEqual(wrongData.slice(0, 10), [], `every case journaled raw (${wrongData.length} wrong)`);
  assert.deepEqual(wrongFlag.slice(0, 10), [], `flagged exactly where malformed (${wrongFlag.length} wrong)`);

  const seqs = new Set(records.map((r) => r.seq));
  const dangling: string[] = [];
  for (const r of tracker.resources()) {
    for (const seq of tracker.seqsOf(r.kind, r.id)) if (!tracker.entryAt(seq) || !seqs.has(seq)) dangling.push(`${r.key} -> ${seq}`);
    for (const seq of r.errorSeqs) if (!seqs.has(seq)) dangling.push(`${r.key} error -> ${seq}`);
  }
  assert.deepEqual(dangling, [], 'every resource points to existing records');
  for (const [id, state] of expectedFinalStates(cases)) assert.equal(tracker.get('call', id)?.state, state, `call ${id} ends in its last state`);
  return { cases: cases.length, malformedExpected: cases.filter((c) => c.expect === 'malformed').length, flagged, resources: tracker.resourceCount };
}
