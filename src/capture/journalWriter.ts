import { closeSync, openSync, writeSync } from 'node:fs';
import { depthCap } from './depthCap';
import type { CaptureLine, CaptureRecord, HeaderRecord, MessageRecord, SnapshotRecord } from './records';

/**
 * Appends capture records to an NDJSON journal. It sits on the connection process's hot path:
 * one JSON.stringify per record, encoded straight into one growing buffer (the encoder returns the
 * byte length) and written with a single synchronous write per flush, never a syscall per message.
 * The extension host never uses it: it writes whole journals with writeJournal.ts, asynchronously.
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
  /** From appendMessage(): set when the data was written depth-capped, with the reason written. */
  unserializable?: string;
}

const DEFAULT_FLUSH_MS = 50;
const MAX_FLUSH_MS = 100;
const DEFAULT_MAX_BUFFER = 1024 * 1024;

/** Why an error happened, in one line. */
function reasonOf(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** A message whose data cannot be stringified as is, depth-capped; `reason` is its `unserializable`. */
function messageFallback(record: MessageRecord, err: unknown): { line: string; reason: string } {
  const reason = reasonOf(err);
  const capped: MessageRecord = { ...record, data: depthCap(record.data), unserializable: reason };
  try {
    return { line: JSON.stringify(capped), reason };
  } catch (err2) {
    const why = `${reason}; depth-capped form failed too: ${reasonOf(err2)}`;
    return { line: JSON.stringify({ ...record, data: null, unserializable: why }), reason: why };
  }
}

/** Writes a record whose payload cannot be stringified as is (too deep, say) in a depth-capped form. */
function serializeFallback(record: CaptureLine, err: unknown): string {
  if (record.kind === 'message') return messageFallback(record, err).line;
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

/** JSON of a channel name, for the few channels a capture has. */
const quotedChannels = new Map<string, string>();
function quoteChannel(channel: string): string {
  let quoted = quotedChannels.get(channel);
  if (quoted === undefined) {
    quoted = JSON.stringify(channel);
    if (quotedChannels.size < 256) quotedChannels.set(channel, quoted);
  }
  return quoted;
}

/** A message line in parts: `head` + `data` + `}`, or `head` alone when `data` is empty. */
export interface MessageParts {
  head: string;
  data: string;
  /** Set when the data could not be written as parsed: the line's `unserializable` reason. */
  unserializable?: string;
}

/** The message record's line up to, not including, its data key. */
function messageHead(seq: number, receivedAt: string, channel: string): string {
  return `{"kind":"message","seq":${seq},"receivedAt":${JSON.stringify(receivedAt)},"channel":${quoteChannel(channel)}`;
}

/**
 * The line of the message record { kind: 'message', seq, receivedAt, channel, data }, equal to
 * serializeRecord() of it: the wrapper is built by concatenation and only `data` goes through
 * JSON.stringify. Falls back to the depth-capped form like serializeRecord.
 */
export function serializeMessageParts(seq: number, receivedAt: string, channel: string, data: unknown): MessageParts {
  let json: string | undefined;
  try {
    json = data === undefined ? undefined : JSON.stringify(data);
  } catch (err) {
    const fallback = messageFallback({ kind: 'message', seq, receivedAt, channel, data }, err);
    return { head: fallback.line, data: '', unserializable: fallback.reason };
  }
  // JSON.stringify(record) leaves out a data key whose value serializes to nothing.
  const head = messageHead(seq, receivedAt, channel);
  return json === undefined ? { head: `${head}}`, data: '' } : { head: `${head},"data":`, data: json };
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

/** First size of the line buffer; it grows to hold what one flush writes. */
const INITIAL_BUFFER = 64 * 1024;

/** An open capture journal; the header is written by the constructor. */
export class JournalWriter {
  /** The journal's path. */
  readonly path: string;
  private fd: number;
  /** Lines encoded as UTF-8, newline-terminated, not yet written: buf[0, used). */
  private buf: Buffer = Buffer.allocUnsafe(INITIAL_BUFFER);
  private used = 0;
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
    this.push(serializeRecord(header), '');
  }

  /** Buffers one record (its seq is the caller's) and returns where its line will be in the file. */
  append(record: CaptureRecord): AppendResult {
    this.checkOpen();
    return this.push(serializeRecord(record), '');
  }

  /**
   * Buffers the message record { kind: 'message', seq, receivedAt, channel, data } (no data key
   * when `data` is undefined): the same line append() writes, built without a wrapper object.
   */
  appendMessage(seq: number, receivedAt: string, channel: string, data: unknown): AppendResult {
    this.checkOpen();
    const parts = serializeMessageParts(seq, receivedAt, channel, data);
    const placed = this.push(parts.head, parts.data);
    if (parts.unserializable !== undefined) placed.unserializable = parts.unserializable;
    return placed;
  }

  /**
   * Buffers the message record whose data is `json`: the UTF-8 JSON text of the data exactly as
   * received, on one line (the connection process checks that; see jsonBytes/bayeuxSlices.ts). The
   * bytes are copied, not decoded and re-encoded.
   */
  appendMessageBytes(seq: number, receivedAt: string, channel: string, json: Uint8Array): AppendResult {
    this.checkOpen();
    return this.push(`${messageHead(seq, receivedAt, channel)},"data":`, '', json);
  }

  private checkOpen(): void {
    if (this.fd < 0) throw new Error(`journal ${this.path} is closed`);
    if (this.lastError) throw this.lastError;
  }

  /** Buffers the line `head` + `tail` (+ `}` when tail is not empty), or `head` + `bytes` + `}`, and a newline. */
  private push(head: string, tail: string, bytes?: Uint8Array): AppendResult {
    const closing = tail === '' && bytes === undefined ? 0 : 1;
    const extra = bytes === undefined ? 0 : bytes.length;
    // UTF-8 needs at most 3 bytes per UTF-16 unit; count exactly only when that bound does not fit.
    let room = this.buf.length - this.used;
    if ((head.length + tail.length) * 3 + extra + 2 > room) {
      this.reserve(Buffer.byteLength(head, 'utf8') + Buffer.byteLength(tail, 'utf8') + extra + closing + 1);
      room = this.buf.length - this.used;
    }
    // JSON.stringify escapes lone surrogates, so every unit encodes and the byte counts are exact.
    const start = this.used;
    let end = start + this.buf.write(head, start, room, 'utf8');
    if (bytes !== undefined) {
      this.buf.set(bytes, end);
      end += bytes.length;
    } else if (closing) {
      end += this.buf.write(tail, end, this.buf.length - end, 'utf8');
    }
    if (closing) this.buf[end++] = 0x7d; // }
    const length = end - start;
    this.buf[end++] = 0x0a;
    this.used = end;
    const offset = this.nextOffset;
    this.nextOffset += length + 1;
    if (start === 0) this.bufferedSince = Date.now();
    // The size and age checks keep the ≤100 ms promise even when a burst starves the timer.
    if (this.used >= this.maxBuffer || Date.now() - this.bufferedSince >= this.flushMs) this.flush();
    else if (this.timer === undefined) this.schedule();
    return { offset, length };
  }

  /** Makes room for `bytes` more: writes what is buffered, then grows the buffer if still needed. */
  private reserve(bytes: number): void {
    if (this.used + bytes <= this.buf.length) return;
    const kept = this.buf.subarray(0, this.used);
    const size = Math.max(this.buf.length * 2, this.used + bytes);
    const next = Buffer.allocUnsafe(size);
    kept.copy(next);
    this.buf = next;
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
    if (this.used === 0 || this.fd < 0) return;
    const total = this.used;
    this.used = 0;
    let written = 0;
    while (written < total) written += writeSync(this.fd, this.buf, written, total - written);
    // One huge message must not pin a huge buffer for the rest of the capture.
    if (this.buf.length > Math.max(4 * this.maxBuffer, INITIAL_BUFFER)) this.buf = Buffer.allocUnsafe(INITIAL_BUFFER);
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
