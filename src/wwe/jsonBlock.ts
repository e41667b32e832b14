import { isCompactJson } from '../util/jsonBytes';

/**
 * Collects one JSON value (object, array or string) that a console log pretty-printed over many
 * lines, up to its matching close, whatever follows it on that line (a Firefox script location, a
 * closing parenthesis). Brackets inside strings do not count. It only counts: JSON.parse judges.
 *
 * It reads the file's bytes and copies the value's bytes, without the whitespace outside its
 * strings, into one buffer it reuses from block to block: a pretty-printed notification is some
 * forty lines, and a string per line (or per piece of one) was most of what importing a log cost.
 * Only the bytes of ASCII characters decide anything, so UTF-8 text passes through as it is.
 * It reads on across lines itself while each next line starts as a pretty-printed one does (with
 * a string, a bracket or a comma): the reader then sees only the lines it must judge.
 */

/** Longest block collected (bytes without whitespace); a longer one is given up (a warning), never held whole. */
export const MAX_BLOCK_BYTES = 32 * 1024 * 1024;

/** Why scan() stopped. */
export const enum Scan {
  /** The value is complete (or too long): it ended at `at`, on the line `crossed` line breaks on. */
  Done,
  /** The bytes given ran out first. */
  End,
  /** A line starts at `at` that may not belong to the value: the reader judges it, then scans on from it. */
  Line,
}

/** One block at a time: start() it at the value's first byte, scan() lines until it says Done. */
export class JsonBlock {
  private out = Buffer.allocUnsafe(64 * 1024);
  private size = 0;
  private depth = 0;
  private inString = false;
  /** A line ended inside a string: JSON strings hold no raw line break, so the value is damaged. */
  private damaged = false;
  /** Where the last scan() stopped (Done: just after the value's last byte). */
  at = 0;
  /** Line breaks the last scan() crossed. */
  crossed = 0;
  /** True when the value grew past MAX_BLOCK_BYTES; scan() then says Done at that line's end. */
  tooLong = false;

  /** Forgets the previous block. */
  start(): void {
    this.size = 0;
    this.depth = 0;
    this.inString = false;
    this.damaged = false;
    this.tooLong = false;
  }

  /**
   * Reads the bytes [from, to) of `b`, which start at the value's opening byte or at a line's start;
   * a line's '\r' before its '\n' is whitespace or damage, as any other.
   */
  scan(b: Buffer, from: number, to: number): Scan {
    // Past MAX_BLOCK_BYTES the buffer stops growing and bytes written beyond its end are dropped
    // (a typed array ignores them): the count alone then says the value is too long.
    if (this.size + (to - from) > this.out.length) this.grow(Math.min(this.size + (to - from), MAX_BLOCK_BYTES + 1));
    const out = this.out;
    let o = this.size;
    let depth = this.depth;
    let inString = this.inString;
    // A backslash escapes only within its line: a string broken over lines is damaged anyway.
    let crossed = 0;
    let i = from;
    let result = Scan.End;
    while (i < to) {
      let c = b[i++];
      if (inString) {
        // Most bytes are inside strings: copy them in a tight loop up to a quote, a backslash or a line break.
        while (c !== 34 && c !== 92 && c !== 10) {
          out[o++] = c;
          if (i === to) break;
          c = b[i++];
        }
        if (c === 92) {
          // An escape takes the next byte with it (a quote included), never a line break.
          out[o++] = c;
          if (i < to && b[i] !== 10) out[o++] = b[i++];
          continue;
        }
        if (c === 34) {
          out[o++] = c;
          inString = false;
          if (depth === 0) {
            result = Scan.Done;
            break;
          }
          continue;
        }
        if (c !== 10) break;
      }
      if (c === 10) {
        if (inString) this.damaged = true;
        if (o > MAX_BLOCK_BYTES) {
          result = Scan.Done;
          i--;
          break;
        }
        crossed++;
        if (i < to) {
          // The next line's indentation is skipped once, here: it is whitespace, or damage.
          const first = lineStart(b, i, to);
          if (first < 0) {
            result = Scan.Line;
            break;
          }
          i = first;
        }
      } else if (c !== 32 && c !== 9 && c !== 13) {
        out[o++] = c;
        if (c === 34) {
          // Straight into the string: the loop above copies it.
          inString = true;
          continue;
        } else if (c === 123 || c === 91) depth++;
        else if ((c === 125 || c === 93) && --depth <= 0) {
          result = Scan.Done;
          break;
        }
      }
    }
    this.size = o;
    this.depth = depth;
    this.inString = inString;
    this.at = i;
    this.crossed = crossed;
    if (o > MAX_BLOCK_BYTES) this.tooLong = true;
    if (result === Scan.End) {
      if (inString) this.damaged = true;
      if (this.tooLong) result = Scan.Done;
    }
    return result;
  }

  /** True when the value was read whole and is JSON. */
  valid(): boolean {
    return !this.tooLong && !this.damaged && isCompactJson(this.out, 0, this.size);
  }

  /** The value's compact bytes: a view, valid until the next block starts. */
  bytes(): Buffer {
    return this.out.subarray(0, this.size);
  }

  /** The value's compact text (whitespace outside strings removed). */
  text(): string {
    return this.out.toString('utf8', 0, this.size);
  }

  /** The parsed value with its text, or undefined when the text is not JSON (never the parser's message: it quotes the text). */
  parse(): { value: unknown; text: string } | undefined {
    if (this.tooLong || this.damaged) return undefined;
    const text = this.text();
    try {
      return { value: JSON.parse(text) as unknown, text };
    } catch {
      return undefined;
    }
  }

  private grow(need: number): void {
    if (need <= this.out.length) return;
    const out = Buffer.allocUnsafe(Math.min(Math.max(need, this.out.length * 2), MAX_BLOCK_BYTES + 1));
    this.out.copy(out, 0, 0, Math.min(this.size, this.out.length));
    this.out = out;
  }
}

/**
 * Where the line at `i` has its first byte after ASCII whitespace, when that byte starts a string,
 * a bracket or a comma, as a pretty-printed line does; -1 otherwise (the reader judges the line).
 */
function lineStart(b: Buffer, i: number, to: number): number {
  while (i < to) {
    const c = b[i];
    if (c === 10) return -1;
    if (c === 32 || (c >= 9 && c <= 13)) {
      i++;
      continue;
    }
    return c === 34 || c === 123 || c === 125 || c === 91 || c === 93 || c === 44 ? i : -1;
  }
  return -1;
}
