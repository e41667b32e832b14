/**
 * Collects one JSON value (object, array or string) that a console log pretty-printed over many
 * lines, up to its matching close, whatever follows it on that line (a Firefox script location, a
 * closing parenthesis). Brackets inside strings do not count. It only counts: JSON.parse judges.
 */

/** Longest block collected; a longer one is given up (a warning), never held whole. */
export const MAX_BLOCK_CHARS = 32 * 1024 * 1024;

/** A block being collected: push() lines until it reports the end. */
export class JsonBlock {
  /** The value's text without the whitespace outside its strings: what JSON.parse reads and the journal keeps. */
  private parts: string[] = [];
  private joined: string | undefined;
  private size = 0;
  private depth = 0;
  private inString = false;
  private started = false;
  /** A line ended inside a string: JSON strings hold no raw line break, so the value is damaged. */
  private damaged = false;
  /** What followed the value on its last line. */
  rest = '';
  /** True when the value grew past MAX_BLOCK_CHARS; push() then ends at once. */
  tooLong = false;

  /**
   * Adds a line (the first from where the value starts); true when the value is complete (its
   * text is text(), what follows it on that line is `rest`).
   */
  push(line: string): boolean {
    const n = line.length;
    let i = 0;
    let from = 0;
    let done = false;
    while (i < n) {
      if (this.inString) {
        // Strings are most of the text: jump to the next quote that no backslash escapes.
        const q = line.indexOf('"', i);
        if (q < 0) {
          i = n;
          break;
        }
        let b = q - 1;
        while (b >= i && line.charCodeAt(b) === 92) b--;
        i = q + 1;
        if ((q - 1 - b) % 2 === 1) continue;
        this.inString = false;
        if (this.depth === 0) {
          done = true;
          break;
        }
        continue;
      }
      const ch = line.charCodeAt(i);
      if (ch === 32 || ch === 9 || ch === 13) {
        if (i > from) this.add(line.slice(from, i));
        while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9 || line.charCodeAt(i) === 13)) i++;
        from = i;
        continue;
      }
      i++;
      if (ch === 34) {
        this.inString = true;
        this.started = true;
      } else if (ch === 123 || ch === 91) {
        this.depth++;
        this.started = true;
      } else if (ch === 125 || ch === 93) {
        this.depth--;
        if (this.depth <= 0) {
          done = true;
          break;
        }
      }
    }
    done = done && this.started;
    if (i > from) this.add(line.slice(from, i));
    if (this.size > MAX_BLOCK_CHARS) {
      this.tooLong = true;
      this.parts = [];
      return true;
    }
    if (done) this.rest = line.slice(i);
    else if (this.inString) this.damaged = true;
    return done;
  }

  private add(piece: string): void {
    this.size += piece.length;
    if (this.size <= MAX_BLOCK_CHARS) this.parts.push(piece);
  }

  /** The value's compact text (whitespace outside strings removed), joined once. */
  text(): string {
    this.joined ??= this.parts.length === 1 ? this.parts[0] : this.parts.join('');
    return this.joined;
  }

  /** The parsed value, or undefined when the text is not JSON (never the parser's message: it quotes the text). */
  parse(): unknown {
    if (this.tooLong || this.damaged) return undefined;
    try {
      return JSON.parse(this.text()) as unknown;
    } catch {
      return undefined;
    }
  }
}
