import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { BadLineRecord, CaptureLine } from './records';

/**
 * Random access to journal records by the offset and length the index holds. The host reads
 * payloads on demand this way while the connection process keeps appending to the same file.
 */

/** Reads `length` bytes at `offset` as text; fewer bytes come back when the file is shorter. */
function readText(fd: number, offset: number, length: number): string {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, offset + got);
    if (n === 0) break;
    got += n;
  }
  return buf.toString('utf8', 0, got);
}

/** Parses one record's text; a line that does not parse comes back as a bad-line record with `seq`. */
function parseRecord(text: string, offset: number, seq: number): CaptureLine {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { kind?: unknown }).kind === 'string') {
      return value as CaptureLine;
    }
    return badLine(seq, offset, 'not a capture record', text);
  } catch (err) {
    return badLine(seq, offset, `not JSON: ${err instanceof Error ? err.message : String(err)}`, text);
  }
}

function badLine(seq: number, offset: number, reason: string, raw: string): BadLineRecord {
  return { kind: 'bad-line', seq, line: 0, reason: `at byte ${offset}: ${reason}`, raw: raw.slice(0, 4096) };
}

/** Reads the record at `offset` (`length` bytes, no newline) from an open fd or a path; never throws on bad content. */
export function readRecordAt(fdOrPath: number | string, offset: number, length: number, seq = -1): CaptureLine {
  if (typeof fdOrPath === 'number') return parseRecord(readText(fdOrPath, offset, length), offset, seq);
  const fd = openSync(fdOrPath, 'r');
  try {
    return parseRecord(readText(fd, offset, length), offset, seq);
  } finally {
    closeSync(fd);
  }
}

/** A journal held open for repeated reads by offset. */
export class JournalFile {
  /** The journal's path. */
  readonly path: string;
  private fd: number;

  /** Opens `path` for reading. */
  constructor(path: string) {
    this.path = path;
    this.fd = openSync(path, 'r');
  }

  /** The record at `offset`/`length`; a damaged line comes back as a bad-line record carrying `seq`. */
  read(offset: number, length: number, seq = -1): CaptureLine {
    return readRecordAt(this.openFd(), offset, length, seq);
  }

  /** The raw text of the line at `offset`/`length`. */
  readRaw(offset: number, length: number): string {
    return readText(this.openFd(), offset, length);
  }

  /** Current file size in bytes (grows while a capture runs). */
  get size(): number {
    return fstatSync(this.openFd()).size;
  }

  /** Closes the file; idempotent. */
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private openFd(): number {
    if (this.fd < 0) throw new Error(`journal ${this.path} is closed`);
    return this.fd;
  }
}
