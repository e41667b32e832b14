import { read } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { isObject } from '../util/jsonObject';
import type { BadLineRecord, CaptureLine } from './records';

/**
 * Random access to journal records by the offset and length the index holds. The host reads
 * payloads on demand this way while the connection process keeps appending to the same file.
 * Every read is asynchronous (libuv's pool), so the extension host's main thread never waits on
 * the disk.
 */

/**
 * One-line reads go through blocks of this size, the last BLOCKS_KEPT of them kept: a diff reads a
 * record and its resource's previous state, a payload its neighbours, and these usually share
 * blocks, so most reads cost no trip to libuv's pool. Only full blocks are kept: the journal only
 * grows, so a full block never changes.
 */
const BLOCK = 64 * 1024;
const BLOCKS_KEPT = 32;

/** Most bytes one read of readMany() spans. */
const SPAN_BYTES = 4 * 1024 * 1024;
/**
 * Most bytes one read of readMany() skips between two lines it wants: `lint` reads about one
 * ErrorMessage in a thousand records, and reading the megabyte between each pair read the whole
 * file a second time.
 */
const GAP_BYTES = BLOCK;

/**
 * Reads `length` bytes at `offset` (into `into` when given, which must be large enough); fewer
 * bytes come back when the file is shorter. Uses the callback `fs.read` on the handle's fd: it is
 * still libuv's pool, but about a third of `FileHandle.read`'s cost per call (bench row 4), and a
 * diff reads two lines per pair. Callers keep the handle open until the read settles.
 */
export async function readBytesAt(handle: FileHandle, offset: number, length: number, into?: Buffer): Promise<Buffer> {
  const buf = into ?? Buffer.allocUnsafe(Math.max(0, length));
  let got = 0;
  while (got < length) {
    const bytesRead = await new Promise<number>((resolve, reject) => read(handle.fd, buf, got, length - got, offset + got, (err, n) => (err ? reject(err) : resolve(n))));
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

/** The lenient line parse: a JSON object with a string `kind`, else why not. */
export function parseLine(text: string): CaptureLine | string {
  try {
    const value: unknown = JSON.parse(text);
    if (isObject(value) && typeof value.kind === 'string') {
      return value as unknown as CaptureLine;
    }
    return 'not a capture record';
  } catch (err) {
    return `not JSON: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** Parses one record's text (at byte `offset`); a line that does not parse comes back as a bad-line record with `seq`. */
export function parseRecord(text: string, offset: number, seq: number): CaptureLine {
  const parsed = parseLine(text);
  if (typeof parsed !== 'string') return parsed;
  const bad: BadLineRecord = { kind: 'bad-line', seq, line: 0, reason: `at byte ${offset}: ${parsed}`, raw: text.slice(0, 4096) };
  return bad;
}

/** Reads the record at `offset` (`length` bytes, no newline) from a path; never throws on bad content. */
export async function readRecordAt(path: string, offset: number, length: number, seq = -1): Promise<CaptureLine> {
  const file = new JournalFile(path);
  try {
    return await file.read(offset, length, seq);
  } finally {
    await file.closeAsync();
  }
}

/** Where a line is: its byte offset and length (no line ending). */
export interface LineSpan {
  offset: number;
  length: number;
}

/** A journal held open for repeated reads by offset; the file opens on the first read. */
export class JournalFile {
  /** The journal's path. */
  readonly path: string;
  private handle: Promise<FileHandle> | undefined;
  private closed = false;
  /** Reads in flight: the fd must outlive them (callback reads are not tracked by the FileHandle). */
  private readonly reading = new Set<Promise<unknown>>();
  /** Full blocks by number, least recently used first. */
  private readonly blocks = new Map<number, Buffer>();

  constructor(path: string) {
    this.path = path;
  }

  /** The record at `offset`/`length`; a damaged line comes back as a bad-line record carrying `seq`. */
  async read(offset: number, length: number, seq = -1): Promise<CaptureLine> {
    return parseRecord(await this.readRaw(offset, length), offset, seq);
  }

  /** The raw text of the line at `offset`/`length` (through the block cache unless longer than a block). */
  async readRaw(offset: number, length: number): Promise<string> {
    if (length > BLOCK) return (await this.track(readBytesAt(await this.open(), offset, length))).toString('utf8');
    if (length <= 0) return '';
    const first = Math.floor(offset / BLOCK);
    const last = Math.floor((offset + length - 1) / BLOCK);
    const parts: Buffer[] = [];
    for (let b = first; b <= last; b++) parts.push(this.cachedBlock(b) ?? (await this.readBlock(b)));
    const buf = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    const start = offset - first * BLOCK;
    return buf.toString('utf8', Math.min(start, buf.length), Math.min(buf.length, start + length));
  }

  private cachedBlock(b: number): Buffer | undefined {
    const block = this.blocks.get(b);
    if (block) {
      this.blocks.delete(b);
      this.blocks.set(b, block);
    }
    return block;
  }

  private async readBlock(b: number): Promise<Buffer> {
    const block = await this.track(readBytesAt(await this.open(), b * BLOCK, BLOCK));
    if (block.length === BLOCK) {
      this.blocks.set(b, block);
      if (this.blocks.size > BLOCKS_KEPT) this.blocks.delete(this.blocks.keys().next().value as number);
    }
    return block;
  }

  /**
   * The texts of `spans` (in file order), with few reads and little read in vain: neighbouring
   * lines share one read (up to 4 MB, skipping at most 64 KiB between two lines).
   */
  async readMany(spans: ReadonlyArray<LineSpan>): Promise<string[]> {
    const handle = await this.open();
    const out: string[] = [];
    let i = 0;
    while (i < spans.length) {
      let j = i + 1;
      while (j < spans.length && spans[j].offset >= spans[j - 1].offset && spans[j].offset - (spans[j - 1].offset + spans[j - 1].length) <= GAP_BYTES && spans[j].offset + spans[j].length - spans[i].offset <= SPAN_BYTES) j++;
      const start = spans[i].offset;
      const buf = await this.track(readBytesAt(handle, start, spans[j - 1].offset + spans[j - 1].length - start));
      for (let k = i; k < j; k++) out.push(buf.toString('utf8', spans[k].offset - start, Math.min(buf.length, spans[k].offset - start + spans[k].length)));
      i = j;
    }
    return out;
  }

  /** The records at `spans`, parsed leniently: an unreadable line gives undefined. */
  async readRecords(spans: ReadonlyArray<LineSpan>): Promise<Array<CaptureLine | undefined>> {
    return (await this.readMany(spans)).map((text) => {
      const parsed = parseLine(text);
      return typeof parsed === 'string' ? undefined : parsed;
    });
  }

  /** Current file size in bytes (grows while a capture runs). */
  async size(): Promise<number> {
    return (await (await this.open()).stat()).size;
  }

  /** Closes the file without waiting (pending reads finish first); idempotent. */
  close(): void {
    void this.closeAsync().catch(() => undefined);
  }

  /** Closes the file once pending reads are done; idempotent. */
  async closeAsync(): Promise<void> {
    this.closed = true;
    const handle = this.handle;
    this.handle = undefined;
    this.blocks.clear();
    await Promise.allSettled([...this.reading]);
    if (handle) await (await handle.catch(() => undefined))?.close();
  }

  private track<T>(reading: Promise<T>): Promise<T> {
    this.reading.add(reading);
    const done = (): void => void this.reading.delete(reading);
    reading.then(done, done);
    return reading;
  }

  private open(): Promise<FileHandle> {
    if (this.closed) return Promise.reject(new Error(`journal ${this.path} is closed`));
    this.handle ??= open(this.path, 'r');
    // A failed open (the file is not there yet) is retried on the next read.
    this.handle.catch(() => (this.handle = undefined));
    return this.handle;
  }
}
