import { open } from 'node:fs/promises';
import { LineSplitter, type RawLine } from './lineSplitter';
import { depthWarning } from '../jsonBytes/nestingDepth';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type BadLineRecord, type CaptureLine, type HeaderRecord } from './records';

/**
 * Streams an NDJSON capture back as records with their byte offsets. Damage never stops the read:
 * an unreadable line becomes a `bad-line` record; only a file that is not a capture at all throws.
 */

/** Thrown when the first line of a file is not a gws-notify capture header. */
export class NotACaptureError extends Error {
  /** The file that was refused. */
  readonly file: string;
  constructor(file: string, detail = 'first line is not a capture header') {
    super(`${file} is not a gws-notify capture (${detail})`);
    this.name = 'NotACaptureError';
    this.file = file;
  }
}

/** One line of a capture: 1-based line number, byte offset and length (no line ending), and the record. */
export interface JournalLine {
  line: number;
  offset: number;
  length: number;
  record: CaptureLine;
  /** The line's text (no line ending), present only when read with `withText`. */
  text?: string;
  /** Set when the record is readable but risky to process (nested too deep): index it as malformed. */
  warning?: string;
}

/** Reader tuning. */
export interface ReadJournalOptions {
  /** Bytes per read (default 2 MiB). */
  chunkSize?: number;
  /** Longest raw text kept in a bad-line record (default 4096 characters). */
  maxRawChars?: number;
  /** Also hand back each record line's text (exporters copy clean lines verbatim). */
  withText?: boolean;
}

const DEFAULT_CHUNK = 2 * 1024 * 1024;
const DEFAULT_MAX_RAW = 4096;
const RECORD_KINDS = new Set(['message', 'event', 'gap', 'snapshot', 'bad-line', 'request', 'response']);

/** Why `value` is not a capture record, or undefined when it is one (shared with the JSON export reader). */
export function recordProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const v = value as Record<string, unknown>;
  const kind = Object.hasOwn(v, 'kind') ? v.kind : undefined;
  if (typeof kind !== 'string' || !RECORD_KINDS.has(kind)) {
    return kind === 'header' ? 'a second header' : `unknown record kind ${JSON.stringify(kind ?? null)}`;
  }
  if (typeof v.seq !== 'number') return `${kind} record without a numeric seq`;
  if (kind === 'message' && (typeof v.channel !== 'string' || typeof v.receivedAt !== 'string')) {
    return 'message record without channel or receivedAt';
  }
  if (kind === 'request') {
    const t = v.target as Record<string, unknown> | null;
    if (typeof v.operation !== 'string' || typeof v.at !== 'string' || typeof v.path !== 'string') return 'request record without operation, at or path';
    if (typeof t !== 'object' || t === null || typeof t.kind !== 'string' || typeof t.id !== 'string') return 'request record without a {kind, id} target';
  }
  if (kind === 'response' && (typeof v.request !== 'number' || typeof v.status !== 'number' || typeof v.at !== 'string')) {
    return 'response record without request, status or at';
  }
  return undefined;
}

/** Parses the header line, or throws NotACaptureError. */
function parseHeader(file: string, line: string | undefined): HeaderRecord {
  if (line === undefined) throw new NotACaptureError(file, 'the file is empty');
  let text = line;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new NotACaptureError(file);
  }
  const h = value as Partial<HeaderRecord> | null;
  if (typeof h !== 'object' || h === null || h.kind !== 'header' || h.format !== CAPTURE_FORMAT) {
    throw new NotACaptureError(file);
  }
  if (typeof h.version === 'number' && h.version > CAPTURE_VERSION) {
    throw new NotACaptureError(file, `format version ${h.version}; this tool reads version ${CAPTURE_VERSION}`);
  }
  return value as HeaderRecord;
}

/** Turns record lines into JournalLines, numbering bad lines after the last good seq. */
class RecordDecoder {
  private lastSeq = 0;
  private headerSeen = false;

  constructor(
    private readonly file: string,
    private readonly maxRaw: number,
    private readonly withText = false,
  ) {}

  decode(raw: RawLine): JournalLine | undefined {
    return this.decodeText(raw.bytes.toString('utf8'), raw.line, raw.offset, raw.bytes.length, raw.terminated);
  }

  /** Decodes one line given as text, with its 1-based number, byte offset and byte length. */
  decodeText(text: string, line: number, offset: number, length: number, terminated: boolean): JournalLine | undefined {
    if (!this.headerSeen) {
      this.headerSeen = true;
      return { line, offset, length, record: parseHeader(this.file, text) };
    }
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) return undefined;
    let value: unknown;
    let problem: string | undefined;
    try {
      value = JSON.parse(text);
      problem = recordProblem(value);
    } catch (err) {
      problem = `not JSON: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (problem === undefined) {
      const record = value as CaptureLine & { seq: number };
      this.lastSeq = record.seq;
      const out: JournalLine = this.withText ? { line, offset, length, record, text } : { line, offset, length, record };
      const warning = depthWarning(text);
      if (warning !== undefined) out.warning = warning;
      return out;
    }
    if (!terminated) problem = `truncated last line (no newline); ${problem}`;
    this.lastSeq += 1;
    const record: BadLineRecord = { kind: 'bad-line', seq: this.lastSeq, line, reason: problem, raw: text.slice(0, this.maxRaw) };
    return { line, offset, length, record };
  }

  /** Throws when the input ended before any header. */
  finish(): void {
    if (!this.headerSeen) parseHeader(this.file, undefined);
  }
}

/** Turns chunks of a journal into JournalLines: the one decode loop behind every journal reader. */
export class JournalDecoder {
  private readonly decoder: RecordDecoder;
  private readonly splitter = new LineSplitter();

  constructor(path: string, options: ReadJournalOptions) {
    this.decoder = new RecordDecoder(path, options.maxRawChars ?? DEFAULT_MAX_RAW, options.withText);
  }

  /** The lines `chunk` completes. The chunk must not be reused by the caller afterwards. */
  push(chunk: Buffer): JournalLine[] {
    const batch: JournalLine[] = [];
    this.splitter.pushText(chunk, (text, offset, length, line) => {
      const out = this.decoder.decodeText(text, line, offset, length, true);
      if (out) batch.push(out);
    });
    return batch;
  }

  /** The unterminated last line, if any; throws NotACaptureError when there was no header. */
  end(): JournalLine[] {
    const tail = this.splitter.end();
    const out = tail ? this.decoder.decode(tail) : undefined;
    this.decoder.finish();
    return out ? [out] : [];
  }
}

/**
 * Streams the capture at `path` in batches: one array of lines per chunk read, so a consumer pays
 * one await per chunk rather than one per line (several times faster on million-record files).
 * Throws NotACaptureError before yielding anything from a non-capture.
 */
export async function* readJournalBatches(path: string, options: ReadJournalOptions = {}): AsyncGenerator<JournalLine[]> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const decoder = new JournalDecoder(path, options);
  const handle = await open(path, 'r');
  // A fresh buffer per read: pending partial lines keep views into the previous ones.
  const readChunk = (): Promise<{ bytesRead: number; buffer: Buffer }> => {
    const reading = handle.read(Buffer.allocUnsafe(chunkSize), 0, chunkSize, null);
    // Handled here too: it may fail while the consumer holds the previous batch; awaiting it still throws.
    reading.catch(() => undefined);
    return reading;
  };
  // The next chunk is read (in libuv's pool) while this one is parsed: waiting for each read
  // left the thread idle for up to a tenth of an import.
  let next: Promise<{ bytesRead: number; buffer: Buffer }> | undefined = readChunk();
  try {
    for (;;) {
      const { bytesRead, buffer } = await next;
      if (bytesRead === 0) break;
      next = readChunk();
      const batch = decoder.push(buffer.subarray(0, bytesRead));
      if (batch.length > 0) yield batch;
    }
    next = undefined;
    const tail = decoder.end();
    if (tail.length > 0) yield tail;
  } finally {
    // A read still in flight (the consumer stopped early, or decoding threw) settles before the close.
    await next?.catch(() => undefined);
    await handle.close();
  }
}

/** readJournalBatches line by line. */
export async function* readJournal(path: string, options: ReadJournalOptions = {}): AsyncGenerator<JournalLine> {
  for await (const batch of readJournalBatches(path, options)) yield* batch;
}

export { JournalFile, readRecordAt } from './journalFile';
