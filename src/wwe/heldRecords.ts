import type { OutputFile } from '../exchange/outputFile';
import type { RecordLine } from './recordTails';
import { writeAscii, writeDecimal } from '../util/asciiBytes';
import { writeIsoString } from '../util/isoTime';

/**
 * The records of an import that wait for their seq, put in time order as the log's clock leaves
 * them behind. WWE logs a REST call when it completes, so its request can belong before
 * notifications logged earlier: nothing is numbered until no later line can come before it.
 *
 * Each record is held as the bytes of its line after the seq (and a response's request seq), in
 * large buffers outside the JS heap: a busy log holds tens of thousands at a time, and as strings
 * every collection copied them.
 */

/** A record waiting for its seq. */
export interface Held {
  at: number;
  /** At equal times a request comes first, a response last. */
  rank: number;
  /** File order, among equal times and ranks. */
  order: number;
  kind: 'message' | 'request' | 'response';
  slab: Buffer;
  start: number;
  end: number;
  /** For a message held as its data's bytes: its channel as JSON; the line is made around the bytes when written. */
  channel: string | undefined;
  /** For a response: its request, whose seq it names once both are numbered. */
  of: Held | undefined;
  /** Given when written (0 until then); every field is set at once, so V8 gives every record one shape. */
  seq: number;
}

const SLAB = 1024 * 1024;
const OUT_CHUNK = 1024 * 1024;
/** The longest head a record's line starts with: a message's, up to its data, with a channel of up to 200 characters (parser's limit). */
const HEAD_ROOM = 320;

export class HeldRecords {
  private held: Held[] = [];
  private slab = Buffer.allocUnsafe(SLAB);
  private used = 0;
  private order = 0;
  private chunk = Buffer.allocUnsafe(OUT_CHUNK);
  private filled = 0;
  /** The latest time held so far. */
  latest = -Infinity;
  /** Seqs given so far. */
  numbered = 0;

  get length(): number {
    return this.held.length;
  }

  /** Holds a record whose line after the seq is `text.line` from `text.tail` on. */
  holdText(at: number, rank: number, kind: Held['kind'], text: RecordLine, of?: Held): Held {
    const { line, tail } = text;
    this.room(line.length * 3);
    // The head before `tail` is ASCII: its characters are its bytes.
    const start = this.used + tail;
    this.used += this.slab.write(line, this.used, 'utf8');
    return this.hold({ at, rank, order: 0, kind, slab: this.slab, start, end: this.used, channel: undefined, of, seq: 0 });
  }

  /**
   * Holds a message whose data is bytes[start, end) (kept as they are, not copied), on `channel`
   * (as JSON): its line is written around them.
   */
  holdData(at: number, channel: string, bytes: Buffer, start: number, end: number): Held {
    return this.hold({ at, rank: 1, order: 0, kind: 'message', slab: bytes, start, end, channel, of: undefined, seq: 0 });
  }

  /**
   * Numbers and queues on `out`, in time order, the records held from `upTo` or earlier (all when
   * it is Infinity); stable among equal times.
   */
  async take(upTo: number, out: OutputFile): Promise<void> {
    const held = this.held;
    // Mostly in order already: the sort finds the runs.
    held.sort((a, b) => a.at - b.at || a.rank - b.rank || a.order - b.order);
    let n = 0;
    while (n < held.length && held[n].at <= upTo) n++;
    for (let k = 0; k < n; k++) {
      const h = held[k];
      h.seq = ++this.numbered;
      const length = HEAD_ROOM + h.end - h.start + 2;
      if (this.filled + length > this.chunk.length) {
        await this.emit(out);
        if (length > this.chunk.length) this.chunk = Buffer.allocUnsafe(length);
      }
      // ASCII only: a channel is `[\w./*-]` (the parser's), times and numbers are digits.
      const c = this.chunk;
      let o = writeAscii(c, this.filled, HEAD[h.kind]);
      o = writeDecimal(c, o, h.seq);
      if (h.kind === 'response') o = writeDecimal(c, writeAscii(c, o, ',"request":'), h.of?.seq ?? 0);
      else if (h.channel !== undefined) {
        o = writeIsoString(c, writeAscii(c, o, ',"receivedAt":"'), h.at);
        o = writeAscii(c, writeAscii(c, writeAscii(c, o, '","channel":'), h.channel), ',"data":');
      }
      this.filled = o + h.slab.copy(c, o, h.start, h.end);
      if (h.channel !== undefined) this.chunk[this.filled++] = 125;
      this.chunk[this.filled++] = 10;
      // A request's own bytes may go; its seq stays for its response.
      h.slab = EMPTY;
    }
    this.held = n === held.length ? [] : held.slice(n);
    await this.emit(out);
  }

  private async emit(out: OutputFile): Promise<void> {
    if (this.filled === 0) return;
    out.add(this.chunk.subarray(0, this.filled));
    this.chunk = Buffer.allocUnsafe(OUT_CHUNK);
    this.filled = 0;
    if (out.full) await out.flush();
  }

  private hold(h: Held): Held {
    h.order = this.order++;
    this.held.push(h);
    if (h.at > this.latest) this.latest = h.at;
    return h;
  }

  /** Makes room for `bytes` more in the current slab, starting a new one when it is full. */
  private room(bytes: number): void {
    if (this.used + bytes <= this.slab.length) return;
    this.slab = Buffer.allocUnsafe(Math.max(SLAB, bytes));
    this.used = 0;
  }
}

const EMPTY = Buffer.alloc(0);
const HEAD: Record<Held['kind'], string> = { message: '{"kind":"message","seq":', request: '{"kind":"request","seq":', response: '{"kind":"response","seq":' };
