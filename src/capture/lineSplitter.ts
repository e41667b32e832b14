/**
 * Splits a byte stream into lines on '\n' while tracking each line's byte offset, without copying
 * chunks: a line that spans chunks is joined once, when its newline arrives.
 */

/** One raw line: its bytes (no '\n', no trailing '\r'), where it starts, and whether a newline ended it. */
export interface RawLine {
  bytes: Buffer;
  offset: number;
  /** 1-based line number. */
  line: number;
  terminated: boolean;
}

/** Feed chunks with pushText(); call end() once for the unterminated tail, if any. */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingStart = 0;
  private position = 0;
  private lineNo = 0;

  /**
   * Hands each line `chunk` completes over as UTF-8 text (no '\r'), with its byte offset and byte
   * length, decoded straight from the chunk: no per-line Buffer view or object, which matters on
   * million-line files. The chunk must not be reused by the caller afterwards.
   */
  pushText(chunk: Buffer, onLine: (text: string, offset: number, length: number, line: number) => void): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      let offset: number;
      let text: string;
      let length: number;
      if (this.pending.length > 0) {
        this.pending.push(chunk.subarray(start, nl));
        const bytes = Buffer.concat(this.pending);
        this.pending = [];
        offset = this.pendingStart;
        length = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
        text = bytes.toString('utf8', 0, length);
      } else {
        offset = this.position + start;
        length = nl > start && chunk[nl - 1] === 13 ? nl - 1 - start : nl - start;
        text = chunk.toString('utf8', start, start + length);
      }
      this.lineNo += 1;
      onLine(text, offset, length, this.lineNo);
      start = nl + 1;
      this.pendingStart = this.position + start;
    }
    this.keepRest(chunk, start);
  }

  /**
   * Hands the lines `chunk` completes over as whole runs of bytes, each line ended by '\n' (with
   * its '\r', if any), and the number of the run's first line: for a reader that scans many lines
   * in one decoded string rather than a string per line. The reader counts the run's lines (it
   * reads each anyway) and returns that count. A line begun in an earlier chunk comes as a run of
   * its own. The chunk must not be reused by the caller afterwards.
   */
  pushLines(chunk: Buffer, onLines: (bytes: Buffer, firstLine: number) => number): void {
    const last = chunk.lastIndexOf(10);
    if (last < 0) return this.keepRest(chunk, 0);
    let start = 0;
    if (this.pending.length > 0) {
      const nl = chunk.indexOf(10);
      this.pending.push(chunk.subarray(0, nl + 1));
      const bytes = Buffer.concat(this.pending);
      this.pending = [];
      this.lineNo += onLines(bytes, this.lineNo + 1);
      start = nl + 1;
    }
    if (start <= last) this.lineNo += onLines(chunk.subarray(start, last + 1), this.lineNo + 1);
    this.pendingStart = this.position + last + 1;
    this.keepRest(chunk, last + 1);
  }

  /** The last line when the input did not end with a newline. */
  end(): RawLine | undefined {
    if (this.pending.length === 0) return undefined;
    const bytes = Buffer.concat(this.pending);
    this.pending = [];
    return this.make(bytes, this.pendingStart, false);
  }

  /** Keeps the chunk's unterminated rest, from `start`, for the next chunk to complete. */
  private keepRest(chunk: Buffer, start: number): void {
    if (start < chunk.length) {
      if (this.pending.length === 0) this.pendingStart = this.position + start;
      this.pending.push(chunk.subarray(start));
    }
    this.position += chunk.length;
  }

  private make(bytes: Buffer, offset: number, terminated: boolean): RawLine {
    this.lineNo += 1;
    const trimmed = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.subarray(0, bytes.length - 1) : bytes;
    return { bytes: trimmed, offset, line: this.lineNo, terminated };
  }
}
