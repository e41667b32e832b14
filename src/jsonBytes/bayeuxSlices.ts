import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './jsonChars';

/**
 * Finds, in the raw bytes of a Bayeux response (a JSON array of messages), where each message's
 * `data` value lies, so the journal can copy those bytes instead of re-serializing the value the
 * cometd client parsed. JSON.stringify and UTF-8 encoding of every payload were the largest cost
 * the connection process added to the bare client; one byte scan is about half of it.
 *
 * The scan is conservative: whatever it is not sure of (an escaped top-level key, a line break in
 * the value, deep nesting, bytes that are not UTF-8) yields no slice for that message, and the
 * caller serializes the parsed value as before. It never decides what a message is; it only offers
 * bytes for a message the client has already parsed, and the caller checks the channel matches.
 */

/** Nesting past which a value is left to JSON.stringify (and its depth cap): real GWS payloads use about 6. */
export const MAX_RAW_DEPTH = 64;

/** Per message of the response, in order: the byte ranges of its `channel` and `data` values (-1: none usable). */
export interface BayeuxSlices {
  readonly count: number;
  /** [channelStart, channelEnd, dataStart, dataEnd] per message. */
  readonly ranges: Int32Array;
}

const LF = 0x0a;
const CR = 0x0d;

/** The index of the quote closing the string that opens at `start`, or -1. */
function stringEnd(buf: Uint8Array, start: number): number {
  let i = start + 1;
  for (;;) {
    i = buf.indexOf(QUOTE, i);
    if (i < 0) return -1;
    let backslashes = 0;
    while (buf[i - 1 - backslashes] === BACKSLASH) backslashes++;
    if ((backslashes & 1) === 0) return i;
    i++;
  }
}

/** True when buf[start, end) holds `word` exactly (an ASCII key without escapes). */
function isWord(buf: Uint8Array, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (buf[start + k] !== word.charCodeAt(k)) return false;
  return true;
}

const enum Key {
  Other,
  Channel,
  Data,
}

/** Scan state of the message being read (depth 2 is its top level). */
class MessageScan {
  channelStart = -1;
  channelEnd = -1;
  dataStart = -1;
  dataEnd = -1;
  unsafe = false;
  key = Key.Other;
  expectKey = true;
  maxDepth = 0;

  reset(): void {
    this.channelStart = this.channelEnd = this.dataStart = this.dataEnd = -1;
    this.unsafe = false;
    this.key = Key.Other;
    this.expectKey = true;
    this.maxDepth = 0;
  }
}

/**
 * Slices for every message of a response body, or undefined when the body is not a plain JSON
 * array of objects (the caller then serializes every message itself).
 */
export function scanBayeuxResponse(buf: Uint8Array): BayeuxSlices | undefined {
  let i = 0;
  while (i < buf.length && buf[i] !== OPEN_ARRAY) {
    if (buf[i] > 0x20) return undefined;
    i++;
  }
  const ranges: number[] = [];
  const m = new MessageScan();
  let depth = 1;
  for (i++; i < buf.length; i++) {
    const c = buf[i];
    if (c === QUOTE) {
      const end = stringEnd(buf, i);
      if (end < 0 || depth === 1) return undefined;
      if (depth === 2) readTopLevelString(buf, i, end, m);
      i = end;
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (depth === 1) {
        if (c !== OPEN_OBJECT) return undefined;
        m.reset();
      } else if (depth === 2 && m.key === Key.Data) {
        m.dataStart = i;
      }
      depth++;
      if (depth - 2 > m.maxDepth) m.maxDepth = depth - 2;
      continue;
    }
    if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
      if (depth === 2 && m.key === Key.Data) {
        m.dataEnd = i + 1;
        m.key = Key.Other;
      } else if (depth === 1) {
        const usable = !m.unsafe && m.maxDepth <= MAX_RAW_DEPTH && m.dataEnd > m.dataStart;
        ranges.push(m.channelStart, m.channelEnd, usable ? m.dataStart : -1, usable ? m.dataEnd : -1);
      } else if (depth === 0) {
        return { count: ranges.length / 4, ranges: Int32Array.from(ranges) };
      }
      continue;
    }
    if (depth === 1) {
      if (c !== COMMA && c > 0x20) return undefined;
    } else if (depth === 2) {
      if (c === COMMA) {
        m.expectKey = true;
        m.key = Key.Other;
      } else if (c !== COLON && c > 0x20 && m.key === Key.Data) {
        // A number, true, false or null: left to JSON.stringify, it is short.
        m.key = Key.Other;
      }
    } else if ((c === LF || c === CR) && depth > 2 && m.key === Key.Data) {
      // A line break between tokens would split the journal line: serialize this one instead.
      m.unsafe = true;
    }
  }
  return undefined;
}

/** A string at the message's top level: a key, or the value of `channel` or `data`. */
function readTopLevelString(buf: Uint8Array, start: number, end: number, m: MessageScan): void {
  if (m.expectKey) {
    m.expectKey = false;
    // An escaped key could spell "data" or "channel": JSON.parse would see it, byte matching not.
    for (let k = start + 1; k < end; k++) if (buf[k] === BACKSLASH) m.unsafe = true;
    if (isWord(buf, start + 1, end, 'channel')) m.key = Key.Channel;
    else if (isWord(buf, start + 1, end, 'data')) {
      // The last of duplicate keys wins, as in JSON.parse.
      m.key = Key.Data;
      m.dataStart = m.dataEnd = -1;
    } else m.key = Key.Other;
    return;
  }
  if (m.key === Key.Channel) {
    m.channelStart = start;
    m.channelEnd = end + 1;
  }
  // A string `data` is short: left to JSON.stringify.
  m.key = Key.Other;
}
