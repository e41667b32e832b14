import type { WweCounts, WweNotification, WweRestCall, WweSink } from './wweFound';

/**
 * What the log-reading worker (wweWorker.ts) posts to the importer: what it found in each chunk of
 * the file, in file order. A notification travels as its data's bytes, in one transferred buffer,
 * and six numbers; REST calls, a few per chunk, travel as one JSON text (cheaper to make than a
 * structured clone of their bodies). The importer makes the records: the worker's thread is the
 * busier one.
 */

/** Numbers per item in `meta`: kind, at, line, channel (notification) or call index (REST), start, end. */
const STRIDE = 6;
const NOTIFICATION = 0;
const REST = 1;

export interface WweBatch {
  type: 'batch';
  meta: Float64Array;
  bytes: Uint8Array;
  /** The REST calls, as a JSON array. */
  calls: string;
  /** Channels first named in this batch, numbered on from those before. */
  channels: string[];
  /** Bytes of the log read so far. */
  done: number;
  /** The first timestamped line's time, once there is one. */
  firstAt: number | undefined;
}

export type WweReply = WweBatch | { type: 'end'; counts: WweCounts; warnings: string[]; firstAt: number | undefined } | { type: 'failed'; message: string };

/** What the importer is given to start the worker. */
export interface WweJob {
  logPath: string;
}

/** The worker's side: a parser sink that gathers items until take(). */
export class BatchBuilder implements WweSink {
  private meta = new Float64Array(STRIDE * 256);
  private bytes = Buffer.allocUnsafe(256 * 1024);
  private items = 0;
  private used = 0;
  private calls: WweRestCall[] = [];
  private readonly channelIds = new Map<string, number>();
  private newChannels: string[] = [];

  get size(): number {
    return this.items;
  }

  notification(n: WweNotification): void {
    let channel = this.channelIds.get(n.channel);
    if (channel === undefined) {
      channel = this.channelIds.size;
      this.channelIds.set(n.channel, channel);
      this.newChannels.push(n.channel);
    }
    this.room(n.json.length);
    this.bytes.set(n.json, this.used);
    this.push(NOTIFICATION, n.at, n.line, channel, this.used, this.used + n.json.length);
    this.used += n.json.length;
  }

  rest(call: WweRestCall): void {
    this.calls.push(call);
    this.push(REST, call.sentAt, call.line, this.calls.length - 1, 0, 0);
  }

  /** The batch gathered so far (its buffers are the caller's to transfer); the builder starts afresh. */
  take(done: number, firstAt: number | undefined): WweBatch {
    // Copies that own their memory (never the pool's, never this builder's): they are transferred.
    const bytes = Buffer.allocUnsafeSlow(this.used);
    this.bytes.copy(bytes, 0, 0, this.used);
    const batch: WweBatch = { type: 'batch', meta: this.meta.slice(0, this.items * STRIDE), bytes, calls: JSON.stringify(this.calls), channels: this.newChannels, done, firstAt };
    this.items = 0;
    this.used = 0;
    this.calls = [];
    this.newChannels = [];
    return batch;
  }

  private room(bytes: number): void {
    if (this.used + bytes <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + bytes));
    this.bytes.copy(grown, 0, 0, this.used);
    this.bytes = grown;
  }

  private push(kind: number, at: number, line: number, index: number, start: number, end: number): void {
    if ((this.items + 1) * STRIDE > this.meta.length) {
      const grown = new Float64Array(this.meta.length * 2);
      grown.set(this.meta);
      this.meta = grown;
    }
    const m = this.meta;
    const k = this.items++ * STRIDE;
    m[k] = kind;
    m[k + 1] = at;
    m[k + 2] = line;
    m[k + 3] = index;
    m[k + 4] = start;
    m[k + 5] = end;
  }
}

/** Where the importer's side puts a batch's items. */
export interface BatchSink {
  /** A notification at `at` on `channel` whose data is bytes[start, end) (a view of the batch). */
  message(at: number, channel: string, bytes: Buffer, start: number, end: number): void;
  rest(call: WweRestCall): void;
}

/** The importer's side: hands a batch's items to `sink` in file order; `channels` gathers the names batches give. */
export function readBatch(batch: WweBatch, channels: string[], sink: BatchSink): void {
  channels.push(...batch.channels);
  const { meta } = batch;
  const calls = JSON.parse(batch.calls) as WweRestCall[];
  const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.length);
  for (let k = 0; k < meta.length; k += STRIDE) {
    if (meta[k] === REST) sink.rest(calls[meta[k + 3]]);
    else sink.message(meta[k + 1], channels[meta[k + 3]], bytes, meta[k + 4], meta[k + 5]);
  }
}
