import { rm } from 'node:fs/promises';
import { toIndexEntry } from '../indexing/indexer';
import { JournalFile, parseRecord } from '../capture/journalFile';
import { readJournal, type JournalLine } from '../capture/journalReader';
import type { HeaderRecord } from '../capture/records';
import type { RecordView, ResourceTracker } from '../tracker/resourceTracker';
import { scopeFilter, type ExportScope } from './exportScope';
import { openCapture, type LineBatch } from './openCapture';

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
  /** Selected records in batches (possibly empty ones). */
  records: AsyncGenerator<SelectedLine[]>;
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
async function* byOffset(journal: JournalFile, tracker: ResourceTracker, seqs: number[], signal?: AbortSignal): AsyncGenerator<SelectedLine[]> {
  const BATCH = 1024;
  for (let start = 0; start < seqs.length; start += BATCH) {
    signal?.throwIfAborted();
    const batch: SelectedLine[] = [];
    const known: Array<{ i: number; view: RecordView }> = [];
    for (let i = start; i < Math.min(seqs.length, start + BATCH); i++) {
      const view = tracker.entryAt(seqs[i]);
      if (view) known.push({ i, view });
    }
    const texts = await journal.readMany(known.map((k) => k.view));
    for (let k = 0; k < known.length; k++) {
      const { i, view } = known[k];
      const text = texts[k];
      const record = parseRecord(text, view.offset, seqs[i]);
      if (record.kind === 'header') continue;
      batch.push({ line: { line: 0, offset: view.offset, length: view.length, record, text: record.kind === 'bad-line' ? undefined : text }, done: i + 1 });
    }
    yield batch;
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
      close: () => journal.closeAsync(),
    };
  }
  const path = typeof source === 'string' ? source : source.journalPath;
  const opened = await openCapture(path, { ...options, withText: true });
  const batches = opened.batches();
  const first = await batches.next();
  const head = first.done ? undefined : first.value.lines[0];
  if (!head || head.record.kind !== 'header') throw new Error(`${path} has no capture header`);
  const accept = scope.kind === 'all' ? undefined : scopeFilter(scope);
  const total = opened.size;
  const records = (async function* (): AsyncGenerator<SelectedLine[]> {
    const select = ({ lines, position }: LineBatch, from: number): SelectedLine[] => {
      const out: SelectedLine[] = [];
      const done = Math.min(position, total);
      for (let i = from; i < lines.length; i++) {
        const line = lines[i];
        if (line.record.kind === 'header') continue;
        if (accept && !accept(toIndexEntry(line.record, line.offset, line.length))) continue;
        out.push({ line, done });
      }
      return out;
    };
    yield select(first.value!, 1);
    for await (const batch of batches) yield select(batch, 0);
  })();
  return {
    header: head.record,
    total,
    records,
    close: async () => {
      await batches.return(undefined);
      if (opened.kind === 'json') await rm(opened.journalPath, { force: true });
    },
  };
}
