import { credentialHintSpans, spanInside } from '../util/scrub';
import { requestOf } from './ajaxRequest';
import type { WweCounts, WweNotification, WweRestCall, WweRestFound, WweSink } from './wweFound';

/**
 * What the log-reading worker (wweWorker.ts) posts to the importer: what it found in each chunk of
 * the file, in file order, as bytes in one transferred buffer and numbers. A notification is its
 * data's bytes; a REST call, its `$.ajax` argument's and its answer's (checked JSON, parsed only
 * here: building values, then a JSON text of them to post, was a tenth of the worker's time). The
 * importer makes the records; the two threads' shares of the work are about even.
 */

/**
 * Numbers per item in `meta`: kind, time, then a notification's channel, its data's [start, end)
 * and its line; or a call's answer time, its argument's [start, end), its answer's [start, end)
 * and its line (where it began in the log).
 */
const STRIDE = 8;
const NOTIFICATION = 0;
const SUCCEEDED = 1;
const FAILED = 2;

export interface WweBatch {
  type: 'batch';
  meta: Float64Array;
  bytes: Uint8Array;
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
    const start = this.put(n.json);
    this.push(NOTIFICATION, n.at, channel, start, this.used, n.line, 0, 0);
  }

  rest(call: WweRestFound): void {
    this.room(call.args.length * 3 + call.answer.length);
    const args = this.used;
    this.used += this.bytes.write(call.args, args, 'utf8');
    const answer = this.put(call.answer);
    this.push(call.succeeded ? SUCCEEDED : FAILED, call.sentAt, call.answeredAt, args, answer, answer, this.used, call.line);
  }

  /** The batch gathered so far (its buffers are the caller's to transfer); the builder starts afresh. */
  take(done: number, firstAt: number | undefined): WweBatch {
    // Copies that own their memory (never the pool's, never this builder's): they are transferred.
    const bytes = Buffer.allocUnsafeSlow(this.used);
    this.bytes.copy(bytes, 0, 0, this.used);
    const batch: WweBatch = { type: 'batch', meta: this.meta.slice(0, this.items * STRIDE), bytes, channels: this.newChannels, done, firstAt };
    this.items = 0;
    this.used = 0;
    this.newChannels = [];
    return batch;
  }

  private room(bytes: number): void {
    if (this.used + bytes <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + bytes));
    this.bytes.copy(grown, 0, 0, this.used);
    this.bytes = grown;
  }

  /** Copies `b` to the end of the batch's bytes; returns where it starts. */
  private put(b: Uint8Array): number {
    this.room(b.length);
    const start = this.used;
    this.bytes.set(b, start);
    this.used += b.length;
    return start;
  }

  private push(kind: number, a: number, b: number, c: number, d: number, e: number, f: number, g: number): void {
    if ((this.items + 1) * STRIDE > this.meta.length) {
      const grown = new Float64Array(this.meta.length * 2);
      grown.set(this.meta);
      this.meta = grown;
    }
    const m = this.meta;
    const k = this.items++ * STRIDE;
    m[k] = kind;
    m[k + 1] = a;
    m[k + 2] = b;
    m[k + 3] = c;
    m[k + 4] = d;
    m[k + 5] = e;
    m[k + 6] = f;
    m[k + 7] = g;
  }
}

/** Where the importer's side puts a batch's items. */
export interface BatchSink {
  /**
   * A notification at `at` on `channel` whose data is bytes[start, end) (a view of the batch);
   * `hinted` when the data's text holds a credential hint (util/scrub.ts).
   */
  message(at: number, channel: string, bytes: Buffer, start: number, end: number, hinted: boolean, line: number): void;
  /** A call whose `$.ajax` line is `line`. */
  rest(call: WweRestCall, line: number): void;
}

/** The importer's side: hands a batch's items to `sink` in file order; `channels` gathers the names batches give. */
export function readBatch(batch: WweBatch, channels: string[], sink: BatchSink): void {
  channels.push(...batch.channels);
  const { meta } = batch;
  const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.length);
  // One search over all the batch's bytes; notifications lie in them in order, apart.
  const hints = credentialHintSpans(bytes.toString('latin1'));
  let h = 0;
  for (let k = 0; k < meta.length; k += STRIDE) {
    const kind = meta[k];
    if (kind !== NOTIFICATION) {
      // The worker posts only calls whose argument names a request.
      const request = requestOf(JSON.parse(bytes.toString('utf8', meta[k + 3], meta[k + 4])))!;
      const answer = JSON.parse(bytes.toString('utf8', meta[k + 5], meta[k + 6])) as unknown;
      // A literal, not a spread of `request`: V8 spent 3 µs on each spread object, a third of mapping a call.
      sink.rest({ method: request.method, url: request.url, data: request.data, succeeded: kind === SUCCEEDED, answer, sentAt: meta[k + 1], answeredAt: meta[k + 2] }, meta[k + 7]);
      continue;
    }
    const start = meta[k + 3];
    const end = meta[k + 4];
    while (h < hints.length && hints[h] < start) h += 2;
    sink.message(meta[k + 1], channels[meta[k + 2]], bytes, start, end, spanInside(hints, h, start, end), meta[k + 5]);
  }
}
