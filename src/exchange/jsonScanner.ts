/**
 * A streaming splitter for the JSON export (`{"format":…,"version":…,"header":{…},"records":[…]}`):
 * hands over each top-level member's text and, for the `records` array, each element's text as
 * soon as it is complete, so a million-record export never has to be held or parsed whole.
 * It only tracks nesting and strings; the texts it hands over are parsed by the caller.
 */

/** What the scanner reports. */
export interface JsonScanSink {
  /** A top-level member other than `records`, with its raw value text. */
  member(key: string, text: string): void;
  /** `records` has started (its value is an array). */
  recordsStart(): void;
  /** One element of `records`: its text, the 1-based line it starts on, and false when the input ended inside it. */
  element(text: string, line: number, complete: boolean): void;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const NEWLINE = 10;

function isSpace(b: number): boolean {
  return b === 32 || b === 9 || b === 10 || b === 13;
}

/** Thrown when the input is not a JSON object at the top level. */
export class JsonShapeError extends Error {}

/** Feed with push(); end() reports an unfinished last element. */
export class JsonExportScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  private started = false;
  private finished = false;
  private expectKey = false;
  private keyParts: Buffer[] | undefined;
  private key = '';
  private inRecords = false;
  /** Value being captured: its parts so far and where it started. */
  private parts: Buffer[] | undefined;
  private captureLine = 0;
  private captureDepth = 0;
  private pendingValue = false;

  constructor(private readonly sink: JsonScanSink) {}

  /** Scans one chunk. */
  push(chunk: Buffer): void {
    let captureFrom = this.parts ? 0 : -1;
    let keyFrom = this.keyParts ? 0 : -1;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const b = chunk[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) {
          this.inString = false;
          if (keyFrom >= 0) {
            this.keyParts!.push(chunk.subarray(keyFrom, i + 1));
            this.key = JSON.parse(Buffer.concat(this.keyParts!).toString('utf8')) as string;
            this.keyParts = undefined;
            keyFrom = -1;
          }
        }
        continue;
      }
      if (b === NEWLINE) this.line++;
      if (isSpace(b)) continue;
      if (this.finished) throw new JsonShapeError('text after the end of the top-level object');
      if (!this.started) {
        if (b === 0xef || b === 0xbb || b === 0xbf) continue; // UTF-8 byte order mark
        if (b !== 123) throw new JsonShapeError(b === 91 ? 'a JSON array, not an object' : 'not a JSON object');
        this.started = true;
        this.depth = 1;
        this.expectKey = true;
        continue;
      }
      // A value starts at its first non-space character.
      if (this.pendingValue && this.parts === undefined && !(this.inRecords && this.depth === 2 && (b === COMMA || b === 93))) {
        this.pendingValue = false;
        this.parts = [];
        captureFrom = i;
        this.captureLine = this.line;
        this.captureDepth = this.depth;
      }
      if (b === QUOTE) {
        this.inString = true;
        if (this.depth === 1 && this.expectKey) {
          this.keyParts = [];
          keyFrom = i;
        }
        continue;
      }
      const ends = this.parts !== undefined && this.depth === this.captureDepth && (b === COMMA || b === 93 || b === 125);
      if (ends) {
        this.parts!.push(chunk.subarray(captureFrom, i));
        this.emit(true);
        captureFrom = -1;
      }
      if (b === 123 || b === 91) {
        if (this.depth === 1 && this.key === 'records' && b === 91 && this.parts && this.parts.length === 0 && captureFrom === i) {
          // `records` is streamed element by element instead of being captured whole.
          this.parts = undefined;
          captureFrom = -1;
          this.inRecords = true;
          this.pendingValue = true;
          this.sink.recordsStart();
        }
        this.depth++;
      } else if (b === 125 || b === 93) {
        this.pendingValue = false;
        this.depth--;
        if (this.depth === 1 && this.inRecords && b === 93) this.inRecords = false;
        if (this.depth === 0) this.finished = true;
      } else if (b === COLON && this.depth === 1) {
        this.expectKey = false;
        this.pendingValue = true;
      } else if (b === COMMA) {
        if (this.depth === 1) this.expectKey = true;
        else if (this.depth === 2 && this.inRecords) this.pendingValue = true;
      }
    }
    if (this.parts && captureFrom >= 0) this.parts.push(chunk.subarray(captureFrom));
    if (this.keyParts && keyFrom >= 0) this.keyParts.push(chunk.subarray(keyFrom));
  }

  /** Ends the input: an element cut short is reported incomplete; true when the top-level object was closed. */
  end(): boolean {
    if (!this.started) throw new JsonShapeError('the file is empty');
    if (this.parts && this.parts.length > 0 && this.inRecords) this.emit(false);
    this.parts = undefined;
    return this.finished;
  }

  private emit(complete: boolean): void {
    const text = Buffer.concat(this.parts!).toString('utf8').trim();
    this.parts = undefined;
    if (this.captureDepth === 2 && this.inRecords) {
      if (text !== '') this.sink.element(text, this.captureLine, complete);
    } else if (this.captureDepth === 1) {
      this.sink.member(this.key, text);
    }
  }
}
