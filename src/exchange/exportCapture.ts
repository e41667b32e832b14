import { rm, stat } from 'node:fs/promises';
import { JournalFile } from '../capture/journalFile';
import type { JournalLine } from '../capture/journalReader';
import { serializeRecord } from '../capture/journalWriter';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type CaptureLine, type HeaderRecord } from '../capture/records';
import { describeScope, type ExportScope } from './exportScope';
import { renderResourceReport } from './markdownReport';
import { loadCapture, sniffCapture } from './openCapture';
import { copyRecordLines } from './rawCopy';
import { OutputFile } from './outputFile';
import { needsRedaction, Redactor, type RedactOptions } from './redaction';
import { readHeader, selectRecords, type ExportSource } from './recordSelection';
import { indexSource, readRows, reportRows, type IndexedSource, type ReportRows } from './trackedRows';

/**
 * Writes a capture, or part of it, as NDJSON (the journal format, re-importable), as one JSON
 * document (same content, readable) or as a Markdown report of one resource. Records stream from
 * the source to the output with backpressure; only the Markdown report holds its records (one
 * resource's). Output goes to `<out>.partial` and is renamed into place when complete.
 */

export type { ExportSource } from './recordSelection';

/** Output formats. */
export type ExportFormat = 'ndjson' | 'json' | 'markdown';

/** Export options. Progress units are opaque (bytes or records); done/total is the fraction. */
export interface ExportOptions {
  redact?: RedactOptions;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Directory for temporary conversions (default: the OS temp dir). */
  tempDir?: string;
  /** Clock for `exportedAt` (tests). */
  now?: () => Date;
}

/** What an export wrote. */
export interface ExportResult {
  outPath: string;
  format: ExportFormat;
  /** Records written (for Markdown: records of the resource described). */
  records: number;
}

/** The header of an exported file: the source header plus when, what and whether masked. */
export interface ExportHeader extends HeaderRecord {
  exportedAt: string;
  exportScope: string;
  redacted: boolean;
}

const PROGRESS_EVERY = 1024;

/** The exported file's header. */
function exportHeader(header: HeaderRecord, scope: ExportScope, redactor: Redactor, now: Date): ExportHeader {
  return { ...header, exportedAt: now.toISOString(), exportScope: describeScope(scope), redacted: redactor.masking };
}

/** A record's NDJSON line: the original text when nothing needs scrubbing, else the redacted record. */
function ndjsonLine(line: JournalLine, redactor: Redactor): string {
  if (line.text !== undefined && !needsRedaction(redactor, line.text)) return line.text;
  return serializeRecord(redactor.record(line.record as Exclude<CaptureLine, HeaderRecord>));
}

/** `value` pretty-printed, every line indented by `indent`; compact if pretty printing fails. */
function pretty(value: unknown, indent: string): string {
  let text: string;
  try {
    text = JSON.stringify(value, null, 2);
  } catch {
    text = serializeRecord(value as CaptureLine);
  }
  return indent + text.replace(/\n/g, `\n${indent}`);
}

const BATCH_PREFIX = '{\n  "r": [\n';
const BATCH_SUFFIX = '\n  ]\n}';

/**
 * Records pretty-printed as elements of the document's records array (4-space base indent),
 * joined by commas. One JSON.stringify per batch: V8 indents the nesting itself, which is several
 * times faster than re-indenting each record's text.
 */
function prettyBatch(records: readonly unknown[]): string {
  try {
    const text = JSON.stringify({ r: records }, null, 2);
    return text.slice(BATCH_PREFIX.length, text.length - BATCH_SUFFIX.length);
  } catch {
    return records.map((r) => pretty(r, '    ')).join(',\n');
  }
}

/** Opening of the JSON document, up to the records array. */
function jsonStart(header: ExportHeader): string {
  return `{\n  "format": ${JSON.stringify(CAPTURE_FORMAT)},\n  "version": ${CAPTURE_VERSION},\n  "header": ${pretty(header, '  ').trimStart()},\n  "records": [`;
}

/** A whole NDJSON capture, unmasked, to NDJSON: the fast byte copy of rawCopy.ts. */
async function exportCopy(path: string, scope: ExportScope, outPath: string, options: ExportOptions, redactor: Redactor): Promise<ExportResult> {
  const header = exportHeader(await readHeader(path), scope, redactor, options.now?.() ?? new Date());
  const out = new OutputFile(outPath);
  try {
    out.add(`${serializeRecord(header)}\n`);
    const total = (await stat(path)).size;
    const records = await copyRecordLines(path, out, redactor, { signal: options.signal, onProgress: options.onProgress, total });
    options.signal?.throwIfAborted();
    await out.commit();
    options.onProgress?.(total, total);
    return { outPath, format: 'ndjson', records };
  } catch (err) {
    await out.discard();
    throw err;
  }
}

/** Streams the selected records into an NDJSON or JSON file. */
async function exportStream(source: string | IndexedSource, scope: ExportScope, format: 'ndjson' | 'json', outPath: string, options: ExportOptions, redactor: Redactor): Promise<ExportResult> {
  const selection = await selectRecords(source, scope, { tempDir: options.tempDir, signal: options.signal });
  const out = new OutputFile(outPath);
  let records = 0;
  try {
    const header = exportHeader(selection.header, scope, redactor, options.now?.() ?? new Date());
    await out.write(format === 'ndjson' ? `${serializeRecord(header)}\n` : jsonStart(header));
    let sinceProgress = 0;
    for await (const batch of selection.records) {
      options.signal?.throwIfAborted();
      if (format === 'json' && batch.length > 0) {
        out.add(`${records === 0 ? '\n' : ',\n'}${prettyBatch(batch.map(({ line }) => (needsRedaction(redactor, line.text) ? redactor.record(line.record) : line.record)))}`);
      }
      for (const { line, done } of batch) {
        if (format === 'ndjson') out.add(`${ndjsonLine(line, redactor)}\n`);
        records++;
        if (out.full) await out.flush();
        if (++sinceProgress >= PROGRESS_EVERY) {
          sinceProgress = 0;
          options.onProgress?.(done, selection.total);
          options.signal?.throwIfAborted();
        }
      }
    }
    if (format === 'json') await out.write(records === 0 ? ']\n}\n' : '\n  ]\n}\n');
    options.signal?.throwIfAborted();
    await out.commit();
    options.onProgress?.(selection.total, selection.total);
    return { outPath, format, records };
  } catch (err) {
    await out.discard();
    throw err;
  } finally {
    await selection.close();
  }
}

/** Writes the Markdown report of the scope's resource. */
async function exportMarkdown(source: string | IndexedSource, scope: ExportScope, outPath: string, options: ExportOptions, redactor: Redactor): Promise<ExportResult> {
  if (scope.kind !== 'resource') throw new Error('a Markdown report describes one resource: give a resource scope');
  let journalPath: string;
  let report: ReportRows | undefined;
  let header: HeaderRecord;
  let temp: string | undefined;
  if (typeof source === 'string') {
    const loaded = await loadCapture(source, { tempDir: options.tempDir, signal: options.signal, onProgress: options.onProgress });
    ({ journalPath, header } = loaded);
    if (loaded.converted) temp = journalPath;
    try {
      report = reportRows(loaded.tracker, scope.resource);
    } catch (err) {
      if (temp) await rm(temp, { force: true });
      throw err;
    }
  } else {
    ({ journalPath, report } = source);
    if (!report) throw new Error('a Markdown report needs the resource taken from the tracker');
    header = await readHeader(journalPath);
  }
  const journal = new JournalFile(journalPath);
  const out = new OutputFile(outPath);
  try {
    const { resource, captureEnd } = report;
    const records = await readRows(journal, report.records);
    const errors = await readRows(journal, report.errors);
    options.signal?.throwIfAborted();
    await out.write(renderResourceReport({ header, resource, records, errors, redactor, generatedAt: options.now?.() ?? new Date(), captureEnd }));
    await out.commit();
    options.onProgress?.(1, 1);
    return { outPath, format: 'markdown', records: records.length };
  } catch (err) {
    await out.discard();
    throw err;
  } finally {
    await journal.closeAsync();
    if (temp) await rm(temp, { force: true });
  }
}

/** The source with what the export needs of its tracker taken out (see trackedRows.ts). */
export function planExport(source: ExportSource, scope: ExportScope, format: ExportFormat): string | IndexedSource {
  if (typeof source === 'string' || !('tracker' in source)) return source;
  return indexSource(source.journalPath, source.tracker, scope, format);
}

/**
 * Exports `scope` of `source` to `outPath` in `format`. Credentials are always scrubbed; personal
 * data is masked when `options.redact.enabled`. Rejects with the signal's reason when aborted,
 * leaving no file at `outPath`.
 */
export async function exportCapture(source: ExportSource, scope: ExportScope, format: ExportFormat, outPath: string, options: ExportOptions = {}): Promise<ExportResult> {
  const redactor = new Redactor(options.redact ?? { enabled: false });
  options.signal?.throwIfAborted();
  const plain = planExport(source, scope, format);
  if (format === 'markdown') return exportMarkdown(plain, scope, outPath, options, redactor);
  const path = typeof plain === 'string' ? plain : plain.journalPath;
  if (format === 'ndjson' && scope.kind === 'all' && !redactor.masking && (await sniffCapture(path)) === 'ndjson') {
    return exportCopy(path, scope, outPath, options, redactor);
  }
  return exportStream(plain, scope, format, outPath, options, redactor);
}
