import { randomUUID } from 'node:crypto';
import { mkdir, open, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import type { IndexEntry } from '../indexing/indexEntry';
import { toIndexEntry } from '../indexing/indexer';
import { NotACaptureError, readJournalBatches, recordProblem, type JournalLine } from '../capture/journalReader';
import { serializeRecord } from '../capture/journalWriter';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type BadLineRecord, type CaptureLine, type HeaderRecord } from '../capture/records';
import { ResourceTracker } from '../tracker/resourceTracker';
import { setCaptureSource } from '../timing/deliveryTimes';
import { Growable } from '../util/growable';
import { JsonExportScanner, JsonShapeError } from './jsonScanner';
import { OutputFile } from './outputFile';
import { sniffCapture, type CaptureFileKind } from './sniff';
import { importWweToFile } from '../wwe/wweImport';

/**
 * Opens any capture file (an NDJSON journal, a JSON export, or a WWE console log) as a stream of
 * journal lines whose offsets point into an NDJSON file: the file itself, or a temp NDJSON the
 * export or log is converted to on the way. The offline session then reads payloads by offset
 * exactly as it does live.
 */

export { sniffCapture, type CaptureFileKind } from './sniff';

/** Where conversions go and how to stop. */
export interface OpenCaptureOptions {
  /** Directory for the NDJSON a JSON export is converted to (default: the OS temp dir). */
  tempDir?: string;
  signal?: AbortSignal;
  /** Keep each NDJSON line's text (exporters copy clean lines verbatim); default false. */
  withText?: boolean;
  /** Bytes of the original file handled so far, of its size (a WWE log reports while it is imported). */
  onProgress?: (done: number, total: number) => void;
}

/** Lines read from one chunk, and how far into the original file reading has got (bytes). */
export interface LineBatch {
  lines: JournalLine[];
  position: number;
}

/** An opened capture; iterate batches() once. */
export interface OpenedCapture {
  kind: CaptureFileKind;
  /** The NDJSON that offsets point into; for a JSON export, complete once batches() is exhausted. */
  journalPath: string;
  /** Size of the original file in bytes. */
  size: number;
  /** The header first, then every record, in batches (one per chunk read). */
  batches(): AsyncGenerator<LineBatch>;
}

const MAX_RAW = 4096;
const CHUNK = 2 * 1024 * 1024;
/**
 * Bytes per read of an NDJSON capture. Each chunk's parsed records stay alive until its batch is
 * indexed; at 2 MiB (some 3,000 records) they outlive the young generation and are copied and
 * promoted before they die, which cost as much as the parsing itself. 128 KiB batches die young.
 */
const NDJSON_CHUNK = 128 * 1024;

/** Opens `path` (an NDJSON capture or a JSON export) for one pass over its lines; throws NotACaptureError (naming the file and what it looks like) for anything else. */
export async function openCapture(path: string, options: OpenCaptureOptions = {}): Promise<OpenedCapture> {
  const kind = await sniffCapture(path);
  const size = (await stat(path)).size;
  if (kind === 'ndjson') {
    return {
      kind,
      journalPath: path,
      size,
      batches: async function* () {
        for await (const batch of readJournalBatches(path, { withText: options.withText ?? false, chunkSize: NDJSON_CHUNK })) {
          options.signal?.throwIfAborted();
          const last = batch[batch.length - 1];
          yield { lines: batch, position: last.offset + last.length + 1 };
        }
      },
    };
  }
  const dir = options.tempDir ?? tmpdir();
  // The extension's capture folder does not exist until something is saved in it.
  await mkdir(dir, { recursive: true });
  const journalPath = join(dir, `${basename(path, extname(path))}-${randomUUID().slice(0, 8)}.ndjson`);
  if (kind === 'wwe') return { kind, journalPath, size, batches: () => importWweLog(path, journalPath, size, options) };
  return { kind, journalPath, size, batches: () => convertJsonExport(path, journalPath, options.signal) };
}

/**
 * Imports a WWE log to `out` (progress: the log read), then reads the capture it became; each
 * record's `line` is the log's line it came from (its `Message received` or `$.ajax` line), so
 * what names a line (lint) names one of the file the user gave.
 */
async function* importWweLog(path: string, out: string, size: number, options: OpenCaptureOptions): AsyncGenerator<LineBatch> {
  const { sourceLines } = await importWweToFile(path, out, { signal: options.signal, onProgress: options.onProgress, sourceLines: true });
  for await (const batch of readJournalBatches(out, { withText: options.withText ?? false, chunkSize: NDJSON_CHUNK })) {
    options.signal?.throwIfAborted();
    for (const l of batch) if ('seq' in l.record && sourceLines) l.line = sourceLines[l.record.seq - 1] ?? l.line;
    yield { lines: batch, position: size };
  }
}

type ScanEvent = { type: 'member'; key: string; text: string } | { type: 'start' } | { type: 'element'; text: string; line: number; complete: boolean };

/** Parses a member value of the JSON export, or refuses the file. */
function parseMember(path: string, key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new NotACaptureError(path, `the JSON export's "${key}" is not valid JSON`);
  }
}

/** Checks format, version and header of a JSON export before its records start. */
function checkHeader(path: string, members: Map<string, unknown>): HeaderRecord {
  if (members.get('format') !== CAPTURE_FORMAT) throw new NotACaptureError(path, 'a JSON object without "format": "gws-notify-capture" before its records');
  const version = members.get('version');
  if (typeof version === 'number' && version > CAPTURE_VERSION) throw new NotACaptureError(path, `format version ${version}; this tool reads version ${CAPTURE_VERSION}`);
  const header = members.get('header') as Partial<HeaderRecord> | undefined;
  if (!header || typeof header !== 'object' || header.kind !== 'header') throw new NotACaptureError(path, 'the JSON export has no header before its records');
  return header as HeaderRecord;
}

/** The record an element holds, or a bad-line record numbered after `lastSeq`. */
function elementRecord(ev: { text: string; line: number; complete: boolean }, lastSeq: number): CaptureLine {
  let problem: string;
  try {
    const value: unknown = JSON.parse(ev.text);
    const p = recordProblem(value);
    if (p === undefined) return value as CaptureLine;
    problem = p;
  } catch (err) {
    problem = `not JSON: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (!ev.complete) problem = `truncated last record (the file ends inside it); ${problem}`;
  const bad: BadLineRecord = { kind: 'bad-line', seq: lastSeq + 1, line: ev.line, reason: problem, raw: ev.text.slice(0, MAX_RAW) };
  return bad;
}

/** Streams a JSON export, writing it out as NDJSON at `out` and yielding its lines (with their new offsets) per chunk. */
async function* convertJsonExport(path: string, out: string, signal?: AbortSignal): AsyncGenerator<LineBatch> {
  const events: ScanEvent[] = [];
  const scanner = new JsonExportScanner({
    member: (key, text) => events.push({ type: 'member', key, text }),
    recordsStart: () => events.push({ type: 'start' }),
    element: (text, line, complete) => events.push({ type: 'element', text, line, complete }),
  });
  const members = new Map<string, unknown>();
  const file = new OutputFile(out);
  const handle = await open(path, 'r');
  let offset = 0;
  let position = 0;
  let headerDone = false;
  let lastSeq = 0;
  let committed = false;
  const emit = async (record: CaptureLine, line: number): Promise<JournalLine> => {
    const text = serializeRecord(record);
    const length = Buffer.byteLength(text, 'utf8');
    const result: JournalLine = { line, offset, length, record, text };
    offset += length + 1;
    await file.write(`${text}\n`);
    return result;
  };
  try {
    for (let ended = false; !ended; ) {
      signal?.throwIfAborted();
      const buf = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
      position += bytesRead;
      let finished = true;
      try {
        if (bytesRead > 0) scanner.push(buf.subarray(0, bytesRead));
        else {
          ended = true;
          finished = scanner.end();
        }
      } catch (err) {
        if (err instanceof JsonShapeError) throw new NotACaptureError(path, err.message);
        throw err;
      }
      const batch: JournalLine[] = [];
      for (const ev of events.splice(0)) {
        if (ev.type === 'member') members.set(ev.key, parseMember(path, ev.key, ev.text));
        else if (ev.type === 'start') {
          batch.push(await emit(checkHeader(path, members), 1));
          headerDone = true;
        } else {
          const record = elementRecord(ev, lastSeq);
          if (record.kind !== 'header') lastSeq = record.seq;
          batch.push(await emit(record, ev.line));
        }
      }
      if (ended && !headerDone) {
        if (!finished) throw new NotACaptureError(path, 'the JSON export is cut short before its records');
        // A complete export without a "records" member holds no records.
        batch.push(await emit(checkHeader(path, members), 1));
        headerDone = true;
      }
      if (batch.length > 0) yield { lines: batch, position };
    }
    await file.commit();
    committed = true;
  } finally {
    await handle.close();
    if (!committed) await file.discard();
  }
}

/** A capture loaded for an offline session: the tree and timeline are `tracker`, payloads are read from `journalPath`. */
export interface LoadedCapture {
  kind: CaptureFileKind;
  header: HeaderRecord;
  /** The NDJSON to read payloads from by offset: the original file when it is NDJSON. */
  journalPath: string;
  /** True when journalPath is a converted temp file (a JSON export's or a WWE log's) the caller should delete when done. */
  converted: boolean;
  tracker: ResourceTracker;
  /** Records indexed (header not counted). */
  entries: number;
  /** Of which unreadable lines. */
  badLines: number;
  /** With `lines`: each record's 1-based line in the file read, by tracker row. */
  lines?: Float64Array;
}

/** Load options; progress is in bytes of the original file. */
export interface LoadCaptureOptions extends OpenCaptureOptions {
  /** Keep each record's line number (`gws-notify lint` reports lines of the file it was given). */
  lines?: boolean;
}

/** Reads, indexes and tracks any capture file; throws NotACaptureError for other files. */
export async function loadCapture(path: string, options: LoadCaptureOptions = {}): Promise<LoadedCapture> {
  const opened = await openCapture(path, options);
  const tracker = new ResourceTracker();
  let header: HeaderRecord | undefined;
  let entries = 0;
  let badLines = 0;
  const lineOf = options.lines ? new Growable((n) => new Float64Array(n)) : undefined;
  for await (const { lines, position } of opened.batches()) {
    // Ingested chunk by chunk: entries kept for several chunks outlive the young generation and
    // are copied before they die (see NDJSON_CHUNK).
    const batch: IndexEntry[] = [];
    for (const { record, offset, length, warning, line } of lines) {
      if (record.kind === 'header') {
        if (!header) setCaptureSource(tracker.columns, record.source);
        header ??= record;
        continue;
      }
      entries++;
      lineOf?.push(line);
      const entry = toIndexEntry(record, offset, length);
      if (warning !== undefined) entry.malformed = entry.malformed === undefined ? warning : `${entry.malformed}; ${warning}`;
      if (record.kind === 'bad-line') {
        badLines++;
        // Reading the line again by offset cannot tell its line number: the index keeps it.
        entry.malformed = `line ${record.line}: ${record.reason}`;
      }
      batch.push(entry);
    }
    tracker.ingestBatch(batch);
    options.onProgress?.(Math.min(position, opened.size), opened.size);
  }
  options.onProgress?.(opened.size, opened.size);
  if (!header) throw new NotACaptureError(path);
  const loaded: LoadedCapture = { kind: opened.kind, header, journalPath: opened.journalPath, converted: opened.kind !== 'ndjson', tracker, entries, badLines };
  if (lineOf) loaded.lines = lineOf.view();
  return loaded;
}
