import { createWriteStream, rmSync, renameSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * An output file written through a stream with backpressure, to `<path>.partial` first and renamed
 * into place by commit(), so a cancelled or failed export never leaves a half file under its name.
 */

const CHUNK_BYTES = 1024 * 1024;

/** Buffered writer; write() resolves once the stream can take more. */
export class OutputFile {
  /** Where the file ends up after commit(). */
  readonly path: string;
  private readonly partial: string;
  private readonly stream: WriteStream;
  private parts: string[] = [];
  private buffered = 0;
  private failure: Error | undefined;
  /** Characters written so far (UTF-16 units, close to bytes for JSON). */
  written = 0;

  /** Opens `<path>.partial` for writing. */
  constructor(path: string) {
    this.path = path;
    this.partial = `${path}.partial`;
    this.stream = createWriteStream(this.partial, { flags: 'w' });
    this.stream.on('error', (err) => {
      this.failure = err;
    });
  }

  /** Queues `text`; once about 1 MiB is queued it is handed to the stream, waiting for 'drain' if needed. */
  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.buffered += text.length;
    this.written += text.length;
    if (this.buffered >= CHUNK_BYTES) await this.flush();
  }

  /** Hands everything queued to the stream, honouring backpressure. */
  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.buffered = 0;
    if (!this.stream.write(chunk)) await Promise.race([once(this.stream, 'drain'), once(this.stream, 'error')]);
    if (this.failure) throw this.failure;
  }

  /** Flushes, closes and renames the file into place. */
  async commit(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
    if (this.failure) throw this.failure;
    renameSync(this.partial, this.path);
  }

  /** Closes and deletes the partial file; never throws. */
  async discard(): Promise<void> {
    this.parts = [];
    await new Promise<void>((resolve) => {
      if (this.stream.closed) resolve();
      else this.stream.destroy().once('close', () => resolve());
    });
    try {
      rmSync(this.partial, { force: true });
    } catch {
      // Nothing more can be done; the name ends in .partial so nobody mistakes it.
    }
  }
}
