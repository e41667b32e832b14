import { rm } from 'node:fs/promises';
import { toIndexEntry } from '../indexing/indexer';
import { JournalFile } from '../capture/journalFile';
import { readJournal, type JournalLine } from '../capture/journalReader';
import type { HeaderRecord } from '../capture/records';
import type { ResourceTracker } from '../tracker/resourceTracker';
import { scopeFilter, type ExportScope } from './exportScope';
import { openCapture, type LineBatch } from './openCapture';
import { readRows, type IndexedSource, type TrackedRows } from './trackedRows';

/**
 * The records an export takes, streamed in seq order. With rows taken from a tracker, a resource
 * or a list of seqs is read by offset (only those lines are touched); otherwise the whole file is
 * streamed and filtered, record by record, from IndexEntries.
 */

/**
 * An export's input: a capture file, a journal already indexed by a tracker (an open session), or
 * what an export needs of that tracker, taken beforehand (trackedRows.ts; how a worker gets it).
 */
export type ExportSource = string | { journalPath: string; tracker: ResourceTracker } | IndexedSource;

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

/** Reads the tracked rows by offset, in batches. */
async function* byOffset(journal: JournalFile, rows: TrackedRows, signal?: AbortSignal): AsyncGenerator<SelectedLine[]> {
  const BATCH = 1024;
  const count = rows.seqs.length;
  for (let start = 0; start < count; start += BATCH) {
    signal?.throwIfAborted();
    const batch: SelectedLine[] = [];
    const read = await readRows(journal, rows, start, Math.min(count, start + BATCH));
    read.forEach(({ record, offset, length, text }, k) => {
      if (record.kind === 'header') return;
      batch.push({ line: { line: 0, offset, length, record, text: record.kind === 'bad-line' ? undefined : text }, done: start + k + 1 });
    });
    yield batch;
  }
}

/** Opens the records of `source` in `scope`; a JSON export is converted to a temp NDJSON under `tempDir` on the way. */
export async function selectRecords(source: string | IndexedSource, scope: ExportScope, options: { tempDir?: string; signal?: AbortSignal } = {}): Promise<Selection> {
  if (typeof source !== 'string' && source.rows) {
    const header = await readHeader(source.journalPath);
    const journal = new JournalFile(source.journalPath);
    return {
      header,
      total: source.rows.seqs.length,
      records: byOffset(journal, source.rows, options.signal),
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
      if (opened.kind !== 'ndjson') await rm(opened.journalPath, { force: true });
    },
  };
}
