import { closeSync, openSync, writeSync } from 'node:fs';
import { depthCap } from './depthCap';
import type { CaptureLine, CaptureRecord, HeaderRecord, MessageRecord, SnapshotRecord } from './records';

/**
 * Appends capture records to an NDJSON journal. It sits on the connection process's hot path:
 * one JSON.stringify and one Buffer.byteLength per record, lines joined and written with a single
 * synchronous write per flush, never a syscall per message.
 */

/** Tuning for JournalWriter. */
export interface JournalWriterOptions {
  /** Longest time a line waits in memory before it is written (default 50 ms, at most 100). */
  flushIntervalMs?: number;
  /** Buffered size that forces an immediate write (default 1 MiB). */
  maxBufferBytes?: number;
  /** Replace an existing file instead of refusing to (default false). */
  overwrite?: boolean;
  /** Receives write errors raised by timer-driven flushes, which have no caller to throw to. */
  onError?: (err: Error) => void;
}

/** Where a record's line landed: byte offset in the file and UTF-8 byte length without the newline. */
export interface AppendResult {
  offset: number;
  length: number;
}

const DEFAULT_FLUSH_MS = 50;
const MAX_FLUSH_MS = 100;
const DEFAULT_MAX_BUFFER = 1024 * 1024;

/** Why an error happened, in one line. */
function reasonOf(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** Writes a record whose payload cannot be stringified as is (too deep, say) in a depth-capped form. */
function serializeFallback(record: CaptureLine, err: unknown): string {
  const reason = reasonOf(err);
  if (record.kind === 'message') {
    const capped: MessageRecord = { ...record, data: depthCap(record.data), unserializable: reason };
    try {
      return JSON.stringify(capped);
    } catch (err2) {
      return JSON.stringify({ ...record, data: null, unserializable: `${reason}; depth-capped form failed too: ${reasonOf(err2)}` });
    }
  }
  if (record.kind === 'snapshot') {
    const capped: SnapshotRecord = { ...record };
    for (const key of ['calls', 'devices', 'chats'] as const) {
      if (record[key] !== undefined) capped[key] = depthCap(record[key], 63) as unknown[];
    }
    return JSON.stringify(capped);
  }
  // Other records hold only our own short strings; cap them all the same rather than lose the line.
  return JSON.stringify(depthCap(record, 8));
}

/** The record as one JSON line (no newline); falls back to a depth-capped form, never throws for parsed JSON. */
export function serializeRecord(record: CaptureLine): string {
  try {
    const line = JSON.stringify(record);
    if (typeof line === 'string') return line;
    return serializeFallback(record, new TypeError('record serialized to nothing'));
  } catch (err) {
    return serializeFallback(record, err);
  }
}

/** An open capture journal; the header is written by the constructor. */
export class JournalWriter {
  /** The journal's path. */
  readonly path: string;
  private fd: number;
  private lines: string[] = [];
  private bufferedBytes = 0;
  private nextOffset = 0;
  private timer: NodeJS.Timeout | undefined;
  /** When the oldest buffered line was appended (epoch ms). */
  private bufferedSince = 0;
  private readonly flushMs: number;
  private readonly maxBuffer: number;
  private readonly onError: ((err: Error) => void) | undefined;
  private lastError: Error | undefined;

  /** Creates the file (refusing to clobber one unless `overwrite`) and buffers the header line. */
  constructor(path: string, header: HeaderRecord, options: JournalWriterOptions = {}) {
    this.path = path;
    this.flushMs = Math.max(0, Math.min(options.flushIntervalMs ?? DEFAULT_FLUSH_MS, MAX_FLUSH_MS));
    this.maxBuffer = options.maxBufferBytes ?? DEFAULT_MAX_BUFFER;
    this.onError = options.onError;
    this.fd = openSync(path, options.overwrite ? 'w' : 'wx');
    this.push(serializeRecord(header));
  }

  /** Buffers one record (its seq is the caller's) and returns where its line will be in the file. */
  append(record: CaptureRecord): AppendResult {
    if (this.fd < 0) throw new Error(`journal ${this.path} is closed`);
    if (this.lastError) throw this.lastError;
    return this.push(serializeRecord(record));
  }

  private push(line: string): AppendResult {
    // JSON.stringify escapes lone surrogates, so the UTF-8 length is exact.
    const length = Buffer.byteLength(line, 'utf8');
    const offset = this.nextOffset;
    this.nextOffset += length + 1;
    if (this.lines.length === 0) this.bufferedSince = Date.now();
    this.lines.push(line);
    this.bufferedBytes += length + 1;
    // The size and age checks keep the ≤100 ms promise even when a burst starves the timer.
    if (this.bufferedBytes >= this.maxBuffer || Date.now() - this.bufferedSince >= this.flushMs) this.flush();
    else if (this.timer === undefined) this.schedule();
    return { offset, length };
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.flush();
      } catch (err) {
        this.lastError = err instanceof Error ? err : new Error(String(err));
        this.onError?.(this.lastError);
      }
    }, this.flushMs);
    this.timer.unref();
  }

  /** Total bytes appended so far, buffered or written: the offset the next line will get. */
  get size(): number {
    return this.nextOffset;
  }

  /** True once close() has run. */
  get closed(): boolean {
    return this.fd < 0;
  }

  /** Writes every buffered line now, synchronously; throws on a write error. */
  flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.lines.length === 0 || this.fd < 0) return;
    const chunk = Buffer.from(this.lines.join('\n') + '\n', 'utf8');
    this.lines = [];
    this.bufferedBytes = 0;
    let written = 0;
    while (written < chunk.length) written += writeSync(this.fd, chunk, written, chunk.length - written);
  }

  /** Flushes and closes the file; synchronous, so it is safe in a process 'exit' handler. Idempotent. */
  close(): void {
    if (this.fd < 0) return;
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}
