import { isUtf8 } from 'node:buffer';
import { scanBayeuxResponse, type BayeuxSlices } from '../jsonBytes/bayeuxSlices';

/**
 * The raw bytes of the response the cometd client is handling right now, offered message by
 * message to the journal (see jsonBytes/bayeuxSlices.ts). cometd parses a response and hands its
 * messages, in array order, synchronously, through the incoming extensions while the XHR's onload
 * runs: the XHR opens a response here before onload and closes it after, and the extension takes
 * one entry per message it sees. A slice is offered only when the message at that position has the
 * channel the client reports; otherwise, and for bytes that are not UTF-8, the caller serializes.
 */
export class RawResponses {
  private body: Buffer | undefined;
  private slices: BayeuxSlices | undefined;
  private scanned = false;
  private cursor = 0;
  private quotedFor = '';
  private quoted = '';
  /** Messages offered raw bytes, and messages left to the serializer, since the start. */
  readonly counts = { raw: 0, serialized: 0 };

  /** A response body is about to be handled (called by the XHR before onload). */
  open(body: Buffer): void {
    this.body = body;
    this.slices = undefined;
    this.scanned = false;
    this.cursor = 0;
  }

  /** The response has been handled: nothing more is taken from it. */
  close(): void {
    this.body = undefined;
    this.slices = undefined;
  }

  /** Advances past one message of the open response (every message, meta ones too). */
  skip(): void {
    if (this.body) this.cursor++;
  }

  /** The raw `data` bytes of the next message, which the client reports on `channel`; undefined: serialize it. */
  take(channel: string): Uint8Array | undefined {
    const body = this.body;
    if (!body) return this.serialize();
    if (!this.scanned) {
      this.scanned = true;
      // Bytes that are not UTF-8 were decoded with replacement characters: copying them would differ.
      this.slices = isUtf8(body) ? scanBayeuxResponse(body) : undefined;
    }
    const k = this.cursor++;
    const s = this.slices;
    if (!s || k >= s.count) return this.serialize();
    const r = s.ranges;
    const dataStart = r[k * 4 + 2];
    if (dataStart < 0 || !this.sameChannel(body, r[k * 4], r[k * 4 + 1], channel)) return this.serialize();
    this.counts.raw++;
    return body.subarray(dataStart, r[k * 4 + 3]);
  }

  private serialize(): undefined {
    this.counts.serialized++;
    return undefined;
  }

  /** True when body[start, end) is exactly the JSON text of `channel` (no escapes): the message is the one scanned. */
  private sameChannel(body: Buffer, start: number, end: number, channel: string): boolean {
    if (start < 0) return false;
    if (channel !== this.quotedFor) {
      this.quotedFor = channel;
      this.quoted = JSON.stringify(channel);
    }
    const q = this.quoted;
    if (end - start !== q.length) return false;
    for (let i = 0; i < q.length; i++) if (body[start + i] !== q.charCodeAt(i)) return false;
    return true;
  }
}
