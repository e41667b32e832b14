import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';

/**
 * An output file written through a stream with backpressure, to `<path>.partial` first and renamed
 * into place by commit(), so a cancelled or failed export never leaves a half file under its name.
 */

const CHUNK_BYTES = 1024 * 1024;
const STREAM_BYTES = 8 * CHUNK_BYTES;

/** Buffered writer; write() resolves once the stream can take more. */
export class OutputFile {
  /** Where the file ends up after commit(). */
  readonly path: string;
  private readonly partial: string;
  private readonly stream: WriteStream;
  private parts: Array<string | Buffer> = [];
  private buffered = 0;
  private failure: Error | undefined;
  /** Characters or bytes queued so far. */
  written = 0;

  /** Opens `<path>.partial` for writing. */
  constructor(path: string) {
    this.path = path;
    this.partial = `${path}.partial`;
    // Several chunks may wait for the disk while the caller goes on producing the next: with the
    // default 16 KiB mark every chunk made it wait for its own write.
    this.stream = createWriteStream(this.partial, { flags: 'w', highWaterMark: STREAM_BYTES });
    this.stream.on('error', (err) => {
      this.failure = err;
    });
  }

  /** Queues `text`; once about 1 MiB is queued it is handed to the stream, waiting for 'drain' if needed. */
  async write(text: string): Promise<void> {
    this.add(text);
    if (this.full) await this.flush();
  }

  /** Queues `text` (or raw bytes, which must not change after: they may be written as they are) without waiting; the caller flushes once `full` (the hot loop's cheaper write). */
  add(text: string | Buffer): void {
    this.parts.push(text);
    this.buffered += text.length;
    this.written += text.length;
  }

  /** True once about 1 MiB is queued. */
  get full(): boolean {
    return this.buffered >= CHUNK_BYTES;
  }

  /** Hands everything queued to the stream, honouring backpressure. */
  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.parts.length === 0) return;
    const parts = this.parts;
    // One buffer goes as it is: an import hands over whole megabytes, and copying each cost time.
    const chunk = parts.length === 1 ? parts[0] : parts.every((p) => typeof p === 'string') ? parts.join('') : Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    this.parts = [];
    this.buffered = 0;
    if (!this.stream.write(chunk)) await this.drained();
    if (this.failure) throw this.failure;
  }

  /** Resolves on 'drain' or on an error (recorded in `failure`), leaving no listener behind. */
  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
    });
  }

  /** Flushes, closes and renames the file into place. */
  async commit(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
    if (this.failure) throw this.failure;
    await rename(this.partial, this.path);
  }

  /** Closes and deletes the partial file; never throws. */
  async discard(): Promise<void> {
    this.parts = [];
    await new Promise<void>((resolve) => {
      if (this.stream.closed) resolve();
      else this.stream.destroy().once('close', () => resolve());
    });
    try {
      await rm(this.partial, { force: true });
    } catch {
      // Nothing more can be done; the name ends in .partial so nobody mistakes it.
    }
  }
}
