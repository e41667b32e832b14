/**
 * Collects one JSON value (object, array or string) that a console log pretty-printed over many
 * lines, up to its matching close, whatever follows it on that line (a Firefox script location, a
 * closing parenthesis). Brackets inside strings do not count. It only counts: JSON.parse judges.
 */

/** Longest block collected; a longer one is given up (a warning), never held whole. */
export const MAX_BLOCK_CHARS = 32 * 1024 * 1024;

/** A block being collected: push() lines until it reports the end. */
export class JsonBlock {
  private parts: string[] = [];
  private size = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  /** What followed the value on its last line. */
  rest = '';
  /** True when the value grew past MAX_BLOCK_CHARS; push() then ends at once. */
  tooLong = false;

  /**
   * Adds a line (the first from where the value starts); true when the value is complete (its
   * text is text(), what follows it on that line is `rest`).
   */
  push(line: string): boolean {
    let i = 0;
    const n = line.length;
    for (; i < n; i++) {
      const ch = line.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === 92) this.escaped = true;
        else if (ch === 34) {
          this.inString = false;
          if (this.depth === 0) break;
        }
        continue;
      }
      if (ch === 34) {
        this.inString = true;
        this.started = true;
      } else if (ch === 123 || ch === 91) {
        this.depth++;
        this.started = true;
      } else if (ch === 125 || ch === 93) {
        this.depth--;
        if (this.depth <= 0) break;
      }
    }
    const done = this.started && i < n && this.depth <= 0;
    const piece = done ? line.slice(0, i + 1) : line;
    this.size += piece.length + 1;
    if (this.size > MAX_BLOCK_CHARS) {
      this.tooLong = true;
      this.parts = [];
      return true;
    }
    this.parts.push(piece);
    if (done) this.rest = line.slice(i + 1);
    // A JSON string cannot hold a raw line break: a string left open at a line end is damaged.
    if (!done && this.inString) this.escaped = false;
    return done;
  }

  /** The value's text, lines joined with '\n'. */
  text(): string {
    return this.parts.join('\n');
  }

  /** The parsed value, or undefined when the text is not JSON (never the parser's message: it quotes the text). */
  parse(): unknown {
    if (this.tooLong) return undefined;
    try {
      return JSON.parse(this.text()) as unknown;
    } catch {
      return undefined;
    }
  }
}
