import { rmSync } from 'node:fs';
import { toIndexEntry } from '../capture/indexer';
import { JournalFile } from '../capture/journalFile';
import { readJournal, type JournalLine } from '../capture/journalReader';
import type { HeaderRecord } from '../capture/records';
import type { ResourceTracker } from '../tracker/resourceTracker';
import { scopeFilter, type ExportScope } from './exportScope';
import { openCapture } from './openCapture';

/**
 * The records an export takes, streamed in seq order. With a tracker at hand, a resource or a
 * list of seqs is read by offset (only those lines are touched); otherwise the whole file is
 * streamed and filtered, record by record, from IndexEntries.
 */

/** An export's input: a capture file, or a journal already indexed by a tracker (an open session). */
export type ExportSource = string | { journalPath: string; tracker: ResourceTracker };

/** One selected record and how far the selection has got (`done` of the selection's `total`). */
export interface SelectedLine {
  line: JournalLine;
  done: number;
}

/** An open selection: iterate `records` once, then close(). */
export interface Selection {
  header: HeaderRecord;
  /** Progress units: bytes of the file when streaming, records when reading by offset. */
  total: number;
  records: AsyncGenerator<SelectedLine>;
  close(): Promise<void>;
}

/** The first line of an NDJSON journal, which must be a header. */
export async function readHeader(journalPath: string): Promise<HeaderRecord> {
  for await (const { record } of readJournal(journalPath)) {
    if (record.kind === 'header') return record;
    break;
  }
  throw new Error(`${journalPath} has no capture header`);
}

/** Seqs the tracker knows for the scope, sorted and unique. */
function trackedSeqs(tracker: ResourceTracker, scope: ExportScope & { kind: 'resource' | 'seqs' }): number[] {
  if (scope.kind === 'seqs') return [...new Set(scope.seqs)].sort((a, b) => a - b);
  const { kind, id } = scope.resource;
  const seqs = new Set<number>(tracker.seqsOf(kind, id));
  for (const seq of tracker.get(kind, id)?.errorSeqs ?? []) seqs.add(seq);
  return [...seqs].sort((a, b) => a - b);
}

/** Reads the given seqs by offset through the tracker's index. */
async function* byOffset(journal: JournalFile, tracker: ResourceTracker, seqs: number[], signal?: AbortSignal): AsyncGenerator<SelectedLine> {
  let done = 0;
  for (const seq of seqs) {
    signal?.throwIfAborted();
    done++;
    const view = tracker.entryAt(seq);
    if (!view) continue;
    const text = journal.readRaw(view.offset, view.length);
    const record = journal.read(view.offset, view.length, seq);
    if (record.kind === 'header') continue;
    yield { line: { line: 0, offset: view.offset, length: view.length, record, text: record.kind === 'bad-line' ? undefined : text }, done };
  }
}

/** Opens the records of `source` in `scope`; a JSON export is converted to a temp NDJSON under `tempDir` on the way. */
export async function selectRecords(source: ExportSource, scope: ExportScope, options: { tempDir?: string; signal?: AbortSignal } = {}): Promise<Selection> {
  if (typeof source !== 'string' && (scope.kind === 'resource' || scope.kind === 'seqs')) {
    const header = await readHeader(source.journalPath);
    const seqs = trackedSeqs(source.tracker, scope);
    const journal = new JournalFile(source.journalPath);
    return {
      header,
      total: seqs.length,
      records: byOffset(journal, source.tracker, seqs, options.signal),
      close: async () => journal.close(),
    };
  }
  const path = typeof source === 'string' ? source : source.journalPath;
  const opened = await openCapture(path, options);
  const lines = opened.lines();
  const first = await lines.next();
  if (first.done || first.value.record.kind !== 'header') throw new Error(`${path} has no capture header`);
  const accept = scope.kind === 'all' ? undefined : scopeFilter(scope);
  const total = opened.size;
  const records = (async function* (): AsyncGenerator<SelectedLine> {
    for await (const line of lines) {
      const { record } = line;
      if (record.kind === 'header') continue;
      if (accept && !accept(toIndexEntry(record, line.offset, line.length))) continue;
      yield { line, done: Math.min(line.position, total) };
    }
  })();
  return {
    header: first.value.record,
    total,
    records,
    close: async () => {
      await lines.return(undefined);
      if (opened.kind === 'json') rmSync(opened.journalPath, { force: true });
    },
  };
}
