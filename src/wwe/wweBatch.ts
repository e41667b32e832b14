import { Redactor } from '../exchange/redaction';
import { isoString } from '../util/isoTime';
import { CREDENTIAL_HINT } from '../util/scrub';
import { tailOf } from './recordTails';
import type { WweCounts, WweNotification, WweRestCall, WweSink } from './wweFound';

/**
 * What the log-reading worker (wweWorker.ts) posts to the importer: what it found in each chunk of
 * the file, in file order. A notification travels as its record's line after the seq, made here,
 * in one transferred buffer, with six numbers; only REST calls, a few per chunk, are cloned as
 * objects, for the importer to map.
 */

/** Numbers per item in `meta`: kind, at, line, the call's index (REST), start, end (a message's bytes). */
const STRIDE = 6;
const NOTIFICATION = 0;
const REST = 1;

export interface WweBatch {
  type: 'batch';
  meta: Float64Array;
  bytes: Uint8Array;
  calls: WweRestCall[];
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
  /** Each channel as a JSON string. */
  private readonly channelText = new Map<string, string>();
  private readonly redactor = new Redactor({ enabled: false });

  get size(): number {
    return this.items;
  }

  /** A message's line after its seq, with its data as logged (compact); the redactor's walk only when the text hints at a credential. */
  notification(n: WweNotification): void {
    let channel = this.channelText.get(n.channel);
    if (channel === undefined) this.channelText.set(n.channel, (channel = JSON.stringify(n.channel)));
    const start = this.used;
    const receivedAt = isoString(n.at);
    // Latin-1 keeps every ASCII byte as it is: the hint's ASCII words match as in the UTF-8 text.
    if (CREDENTIAL_HINT.test(n.json.toString('latin1'))) {
      const data = JSON.parse(n.json.toString('utf8')) as unknown;
      const text = tailOf(this.redactor.record({ kind: 'message', seq: 0, receivedAt, channel: n.channel, data }));
      this.room(text.length * 3);
      this.used += this.bytes.write(text, this.used, 'utf8');
    } else {
      const head = `,"receivedAt":"${receivedAt}","channel":${channel},"data":`;
      this.room(head.length + n.json.length + 1);
      this.used += this.bytes.write(head, this.used, 'latin1');
      this.bytes.set(n.json, this.used);
      this.used += n.json.length;
      this.bytes[this.used++] = 125;
    }
    this.push(NOTIFICATION, n.at, n.line, 0, start, this.used);
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
    const batch: WweBatch = { type: 'batch', meta: this.meta.slice(0, this.items * STRIDE), bytes, calls: this.calls, done, firstAt };
    this.items = 0;
    this.used = 0;
    this.calls = [];
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
  /** A message at `at` whose line after the seq is bytes[start, end). */
  message(at: number, bytes: Buffer, start: number, end: number): void;
  rest(call: WweRestCall): void;
}

/** The importer's side: hands a batch's items to `sink` in file order. */
export function readBatch(batch: WweBatch, sink: BatchSink): void {
  const { meta } = batch;
  const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.length);
  for (let k = 0; k < meta.length; k += STRIDE) {
    if (meta[k] === REST) sink.rest(batch.calls[meta[k + 3]]);
    else sink.message(meta[k + 1], bytes, meta[k + 4], meta[k + 5]);
  }
}
