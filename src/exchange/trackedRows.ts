import { JournalFile, parseRecord, type LineSpan } from '../capture/journalFile';
import type { CaptureLine } from '../capture/records';
import type { ResourceTracker, ResourceView } from '../tracker/resourceTracker';
import { captureEnd } from '../tracker/stateTimes';
import type { ExportScope, ResourceId } from './exportScope';

/**
 * What an export needs of a tracker, taken once as plain data: the rows to read by offset (typed
 * arrays) and, for a Markdown report, a copy of the resource. That is all a worker thread gets, so
 * the tracker stays on the host and the export reads, parses and writes elsewhere.
 */

/** Rows to read by offset, in the order to read them. */
export interface TrackedRows {
  seqs: Float64Array;
  ats: Float64Array;
  offsets: Float64Array;
  lengths: Float64Array;
}

/** What a resource's Markdown report reads besides the journal. */
export interface ReportRows {
  resource: ResourceView;
  records: TrackedRows;
  errors: TrackedRows;
  /** Time of the capture's last record (epoch ms). */
  captureEnd: number;
}

/** A journal and what was taken from its tracker (nothing for the scopes that stream the file). */
export interface IndexedSource {
  journalPath: string;
  rows?: TrackedRows;
  report?: ReportRows;
}

/** One row read back: where it was, its text and its record (a bad-line record if unreadable). */
export interface RowRecord {
  seq: number;
  at: number;
  offset: number;
  length: number;
  text: string;
  record: CaptureLine;
}

/** The rows of `seqs` the tracker knows, in the given order; unknown seqs are left out. Read from its columns, no views built. */
export function rowsOf(tracker: ResourceTracker, seqs: ArrayLike<number>): TrackedRows {
  const columns = tracker.columns;
  const found = new Int32Array(seqs.length);
  let n = 0;
  for (let i = 0; i < seqs.length; i++) {
    const row = columns.indexOfSeq(seqs[i]);
    if (row >= 0) found[n++] = row;
  }
  const rows = { seqs: new Float64Array(n), ats: new Float64Array(n), offsets: new Float64Array(n), lengths: new Float64Array(n) };
  const [seq, at, offset, length] = [columns.seq.data, columns.at.data, columns.offset.data, columns.length.data];
  for (let i = 0; i < n; i++) {
    const row = found[i];
    rows.seqs[i] = seq[row];
    rows.ats[i] = at[row];
    rows.offsets[i] = offset[row];
    rows.lengths[i] = length[row];
  }
  return rows;
}

/** `seqs` ascending without repeats: as given when already so (a timeline's rows are), else sorted. */
function sortedUnique(seqs: Iterable<number> & ArrayLike<number>): Float64Array {
  let ascending = true;
  for (let i = 1; i < seqs.length && ascending; i++) ascending = seqs[i] > seqs[i - 1];
  return ascending ? Float64Array.from(seqs) : Float64Array.from(new Set(seqs)).sort();
}

/** Seqs the tracker knows for the scope, sorted and unique (a resource's errors included). */
function trackedSeqs(tracker: ResourceTracker, scope: ExportScope & { kind: 'resource' | 'seqs' }): Float64Array {
  if (scope.kind === 'seqs') return sortedUnique(scope.seqs);
  const { kind, id } = scope.resource;
  const seqs = new Set<number>(tracker.seqsOf(kind, id));
  for (const seq of tracker.get(kind, id)?.errorSeqs ?? []) seqs.add(seq);
  return Float64Array.from(seqs).sort();
}

/** A plain copy of a resource view (a tracked resource is a class over the tracker's columns). */
function copyResource(r: ResourceView): ResourceView {
  return {
    kind: r.kind,
    id: r.id,
    key: r.key,
    label: r.label,
    state: r.state,
    deviceState: r.deviceState,
    firstSeen: r.firstSeen,
    lastSeen: r.lastSeen,
    messageCount: r.messageCount,
    recordCount: r.recordCount,
    ended: r.ended,
    endReason: r.endReason,
    states: r.states.map((s) => ({ ...s })),
    errorSeqs: [...r.errorSeqs],
    callUuids: [...r.callUuids],
    connIds: [...r.connIds],
  };
}

/** The report's rows for one resource; throws when the tracker does not know it. */
export function reportRows(tracker: ResourceTracker, { kind, id }: ResourceId): ReportRows {
  const resource = tracker.get(kind, id);
  if (!resource) throw new Error(`the capture has no ${kind} ${id}`);
  return {
    resource: copyResource(resource),
    records: rowsOf(tracker, tracker.seqsOf(kind, id)),
    errors: rowsOf(tracker, resource.errorSeqs),
    captureEnd: captureEnd(tracker) || resource.lastSeen,
  };
}

/** What `scope` in `format` reads of `tracker`. */
export function indexSource(journalPath: string, tracker: ResourceTracker, scope: ExportScope, format: string): IndexedSource {
  if (format === 'markdown' && scope.kind === 'resource') return { journalPath, report: reportRows(tracker, scope.resource) };
  if (scope.kind === 'resource' || scope.kind === 'seqs') return { journalPath, rows: rowsOf(tracker, trackedSeqs(tracker, scope)) };
  return { journalPath };
}

/** The buffers of `source`'s typed arrays, to transfer rather than copy. */
export function rowBuffers(source: IndexedSource): ArrayBuffer[] {
  const all = [source.rows, source.report?.records, source.report?.errors].filter((r): r is TrackedRows => r !== undefined);
  return all.flatMap((r) => [r.seqs, r.ats, r.offsets, r.lengths].map((a) => a.buffer as ArrayBuffer));
}

/** Reads rows [start, end) of `rows`. */
export async function readRows(journal: JournalFile, rows: TrackedRows, start = 0, end = rows.seqs.length): Promise<RowRecord[]> {
  const spans: LineSpan[] = [];
  for (let i = start; i < end; i++) spans.push({ offset: rows.offsets[i], length: rows.lengths[i] });
  const texts = await journal.readMany(spans);
  return texts.map((text, k) => {
    const i = start + k;
    const seq = rows.seqs[i];
    return { seq, at: rows.ats[i], offset: rows.offsets[i], length: rows.lengths[i], text, record: parseRecord(text, rows.offsets[i], seq) };
  });
}
