import type { OutputFile } from '../exchange/outputFile';
import { writeAscii, writeDecimal } from '../util/asciiBytes';
import { Growable } from '../util/growable';
import { writeIsoString } from '../util/isoTime';
import type { RecordLine } from './recordTails';

/**
 * The records of an import that wait for their seq, put in time order as the log's clock leaves
 * them behind. WWE logs a REST call when it completes, so its request can belong before
 * notifications logged earlier: nothing is numbered until no later line can come before it.
 *
 * Each record is held as the bytes of its line after the seq (and a response's request seq), in
 * large buffers outside the JS heap: a busy log holds tens of thousands at a time, and as strings
 * every collection copied them. What is known of each record sits in typed arrays, one slot per
 * record, not in an object per record: ten minutes of a busy log's records outlived young-space
 * collections, and copying them was a sixth of the importing thread's time.
 */

/** What a held record's bytes are. */
const enum Kind {
  /** A message's data: its line is written around them. */
  Data,
  Message,
  Request,
  Response,
}
const KINDS = { message: Kind.Message, request: Kind.Request, response: Kind.Response } as const;
const HEAD = ['{"kind":"message","seq":', '{"kind":"message","seq":', '{"kind":"request","seq":', '{"kind":"response","seq":'];

const SLAB = 1024 * 1024;
const OUT_CHUNK = 1024 * 1024;
/** The longest head a record's line starts with: a message's, up to its data, with a channel of up to 200 characters (parser's limit). */
const HEAD_ROOM = 320;

export class HeldRecords {
  /** Per slot: time, rank (at equal times a request comes first, a response last), kind, bytes. */
  private readonly at = new Growable((n) => new Float64Array(n));
  private readonly rank = new Growable((n) => new Uint8Array(n));
  private readonly kind = new Growable((n) => new Uint8Array(n));
  private readonly slab = new Growable((n) => new Int32Array(n));
  private readonly start = new Growable((n) => new Int32Array(n));
  private readonly end = new Growable((n) => new Int32Array(n));
  /**
   * A data record's channel (index into channels); a request's own id; a response's request's id,
   * or, once the request is numbered, -1 - its seq (a response held without request: -1, seq 0).
   */
  private readonly ref = new Growable((n) => new Float64Array(n));
  /** The log line a record came from. */
  private readonly line = new Growable((n) => new Float64Array(n));
  /** Slots in use, in the order records came (which breaks ties of time and rank). */
  private count = 0;
  /** Ids given: a record's id is the number of records held before it. */
  private ids = 0;
  /** Slot numbers, sorted into time order by take(). */
  private readonly order: number[] = [];
  /** The buffers records' bytes are in, and how many held records use each (a buffer goes when none does). */
  private readonly slabs: Array<Buffer | undefined> = [];
  private readonly uses: number[] = [];
  private textSlab = -1;
  private used = SLAB;
  private readonly channels: string[] = [];
  private readonly channelIds = new Map<string, number>();
  private chunk = Buffer.allocUnsafe(OUT_CHUNK);
  private filled = 0;
  /** The latest time held so far. */
  latest = -Infinity;
  /** Seqs given so far. */
  numbered = 0;
  /** When asked for: the log line of each record written, by seq - 1. */
  readonly sourceLines: Growable<Float64Array> | undefined;

  constructor(keepLines: boolean) {
    this.sourceLines = keepLines ? new Growable((n) => new Float64Array(n)) : undefined;
  }

  get length(): number {
    return this.count;
  }

  /** Holds a record (from log line `from`) whose line after the seq is `text.line` from `text.tail` on; returns its id (a response names its request's). */
  holdText(at: number, rank: number, kind: keyof typeof KINDS, text: RecordLine, from: number, request = -1): number {
    const { line, tail } = text;
    if (this.used + line.length * 3 > SLAB || this.textSlab < 0) {
      // The full slab goes once no held record uses it (take() lets go of the others).
      if (this.textSlab >= 0 && this.uses[this.textSlab] === 0) this.slabs[this.textSlab] = undefined;
      this.textSlab = this.addSlab(Buffer.allocUnsafe(Math.max(SLAB, line.length * 3)));
      this.used = 0;
    }
    const b = this.slabs[this.textSlab]!;
    // The head before `tail` is ASCII: its characters are its bytes.
    const start = this.used + tail;
    this.used += b.write(line, this.used, 'utf8');
    return this.hold(at, rank, KINDS[kind], this.textSlab, start, this.used, kind === 'response' ? request : this.ids, from);
  }

  /**
   * Holds a message whose data is bytes[start, end) (kept as they are, not copied), on `channel`
   * (as JSON): its line is written around them.
   */
  holdData(at: number, channel: string, bytes: Buffer, start: number, end: number, from: number): void {
    const last = this.slabs.length - 1;
    const slab = last >= 0 && this.slabs[last] === bytes ? last : this.addSlab(bytes);
    let id = this.channelIds.get(channel);
    if (id === undefined) {
      id = this.channels.push(channel) - 1;
      this.channelIds.set(channel, id);
    }
    this.hold(at, 1, Kind.Data, slab, start, end, id, from);
  }

  /**
   * Numbers and queues on `out`, in time order, the records held from `upTo` or earlier (all when
   * it is Infinity); stable among equal times.
   */
  async take(upTo: number, out: OutputFile): Promise<void> {
    // The columns' arrays: nothing is held while records are taken, so none grows meanwhile.
    const at = this.at.data;
    const rank = this.rank.data;
    const kind = this.kind.data;
    const slab = this.slab.data;
    const start = this.start.data;
    const end = this.end.data;
    const ref = this.ref.data;
    const line = this.line.data;
    const order = this.order;
    order.length = this.count;
    for (let k = 0; k < this.count; k++) order[k] = k;
    // Mostly in order already: the sort finds the runs. Slots are in the order records came.
    order.sort((a, b) => at[a] - at[b] || rank[a] - rank[b] || a - b);
    let n = 0;
    while (n < order.length && at[order[n]] <= upTo) n++;
    for (let k = 0; k < n; k++) {
      const h = order[k];
      const seq = ++this.numbered;
      this.sourceLines?.push(line[h]);
      const length = HEAD_ROOM + end[h] - start[h] + 2;
      if (this.filled + length > this.chunk.length) {
        await this.emit(out);
        if (length > this.chunk.length) this.chunk = Buffer.allocUnsafe(length);
      }
      // ASCII only: a channel is `[\w./*-]` (the parser's), times and numbers are digits.
      const c = this.chunk;
      const what = kind[h];
      let o = writeDecimal(c, writeAscii(c, this.filled, HEAD[what]), seq);
      if (what === Kind.Request) {
        // Its response was held just after it, and slots keep that order: it learns the seq here.
        if (kind[h + 1] === Kind.Response && ref[h + 1] === ref[h]) ref[h + 1] = -1 - seq;
      } else if (what === Kind.Response) {
        o = writeDecimal(c, writeAscii(c, o, ',"request":'), ref[h] < 0 ? -1 - ref[h] : 0);
      } else if (what === Kind.Data) {
        o = writeIsoString(c, writeAscii(c, o, ',"receivedAt":"'), at[h]);
        o = writeAscii(c, writeAscii(c, writeAscii(c, o, '","channel":'), this.channels[ref[h]]), ',"data":');
      }
      o += this.slabs[slab[h]]!.copy(c, o, start[h], end[h]);
      if (what === Kind.Data) c[o++] = 125;
      c[o++] = 10;
      this.filled = o;
      if (--this.uses[slab[h]] === 0 && slab[h] !== this.textSlab) this.slabs[slab[h]] = undefined;
      // Marks the slot written; the rest move to the front below, in the order they came.
      start[h] = -1;
    }
    let kept = 0;
    for (let h = 0; h < this.count; h++) {
      if (start[h] < 0) continue;
      at[kept] = at[h];
      rank[kept] = rank[h];
      kind[kept] = kind[h];
      slab[kept] = slab[h];
      start[kept] = start[h];
      end[kept] = end[h];
      ref[kept] = ref[h];
      line[kept] = line[h];
      kept++;
    }
    this.count = kept;
    await this.emit(out);
  }

  private async emit(out: OutputFile): Promise<void> {
    if (this.filled === 0) return;
    out.add(this.chunk.subarray(0, this.filled));
    this.chunk = Buffer.allocUnsafe(OUT_CHUNK);
    this.filled = 0;
    if (out.full) await out.flush();
  }

  private addSlab(bytes: Buffer): number {
    this.uses.push(0);
    return this.slabs.push(bytes) - 1;
  }

  private hold(at: number, rank: number, kind: Kind, slab: number, start: number, end: number, ref: number, from: number): number {
    const h = this.count++;
    // All columns grow together: the first one's capacity is theirs.
    if (h >= this.at.data.length) for (const column of [this.at, this.rank, this.kind, this.slab, this.start, this.end, this.ref, this.line]) column.reserve(h + 1);
    this.at.data[h] = at;
    this.rank.data[h] = rank;
    this.kind.data[h] = kind;
    this.slab.data[h] = slab;
    this.start.data[h] = start;
    this.end.data[h] = end;
    this.ref.data[h] = ref;
    this.line.data[h] = from;
    this.uses[slab]++;
    if (at > this.latest) this.latest = at;
    return this.ids++;
  }
}
