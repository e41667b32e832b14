import { requestOf } from './ajaxRequest';
import type { WweCounts, WweSink } from './wweFound';
import { JsonBlock, Scan } from './jsonBlock';
import { IDLE, state, type BlockState, type Mark, type Pending, type State } from './parserStates';
import { commandSeconds, emptyHead, HEAD_MARK, isSpace, logHead, notificationChannel, textEnd, type LogHead } from './logLine';

/**
 * Reads a Workspace Web Edition console log line by line (docs/IMPORT-WWE.md): the notifications
 * (`Message received from <channel>` and the JSON on the next log line) and the REST calls
 * (`$.ajax(…)`, then `SUCCEED with:` or `FAILED with:` and a JSON object). Everything else is
 * noise, counted and never kept. A started block that cannot be read is a warning with its line
 * number; nothing throws, and each line is scanned a bounded number of times.
 *
 * It reads runs of whole lines as bytes (LineSplitter.pushLines), each run decoded once as Latin-1
 * so that a character's index is its byte's: lines are found and judged by index into that one
 * string, and only what is kept (a JSON value, a channel) becomes a string of its own. Every
 * character that decides anything is ASCII, so UTF-8 text reads the same; `\s` here is ASCII
 * whitespace.
 */

/** Warnings kept in full (all are counted). */
const MAX_WARNINGS = 1000;
/** `$.ajax(` is looked for this far into a line (a script location may precede it). */
const AJAX_WINDOW = 300;
const AJAX = '$.ajax(';
const SUCCEED = 'SUCCEED with:';
const FAILED = 'FAILED with:';

/**
 * Past any index in a run (runs are at most a chunk of the file). A small integer, as -1 is: a
 * field that held both and Infinity changed representation, and V8 threw away the parser's
 * optimized code each time it did.
 */
const NONE = 0x3fffffff;

/** Feed runs of whole lines in order with lines(); call end() once. */
export class WweParser {
  readonly counts: WweCounts = { lines: 0, notifications: 0, restCalls: 0, skipped: 0, warnings: 0 };
  readonly warnings: string[] = [];
  private state: State = IDLE;
  private readonly block = new JsonBlock();
  private lastAt: number | undefined;
  /** The first timestamped line's time (the capture's createdAt). */
  firstAt: number | undefined;
  /** The latest timestamped line's time and seconds when it was a `Command: '…' sent in Ss` line. */
  private sentIn: { at: number; seconds: number } | undefined;
  private used = 0;
  /** The run being read: its bytes, and the same decoded as Latin-1 (index = byte offset). */
  private b: Buffer = Buffer.alloc(0);
  private s = '';
  /** The first `] [` and `$.ajax(` at or after the line last asked about (NONE: none in the run). */
  private markAt = -1;
  private ajaxAt = -1;
  private readonly head = emptyHead();
  /** The notification awaited or read: its time. The call whose argument is read: its times. */
  private at = Number.NaN;
  private sentAt = Number.NaN;
  private answeredAt = Number.NaN;

  constructor(private readonly sink: WweSink) {}

  /**
   * Whole lines of the file, in order: each ended by '\n' (a '\r' before it is dropped) but for
   * the file's last (an empty run is that last line, empty); `firstLine` is the 1-based number of
   * the first. Returns how many lines it read.
   */
  lines(bytes: Buffer, firstLine: number): number {
    if (bytes.length === 0) bytes = Buffer.from('\n');
    const s = bytes.toString('latin1');
    this.b = bytes;
    this.s = s;
    this.markAt = -1;
    this.ajaxAt = -1;
    const n = s.length;
    let line = firstLine;
    let pos = 0;
    while (pos < n) {
      let nl = s.indexOf('\n', pos);
      if (nl < 0) nl = n;
      const end = nl > pos && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      const st = this.state;
      if ((st.s === 'notification' || st.s === 'args' || st.s === 'answer') && !this.isBoundary(pos, end)) {
        // The block reads on across the lines that plainly belong to it.
        const stop = this.block.scan(bytes, pos, n);
        line += this.block.crossed;
        if (stop === Scan.Line) {
          pos = this.block.at;
          continue;
        }
        if (stop === Scan.End) {
          if (s.charCodeAt(n - 1) !== 10) line++;
          break;
        }
        let doneNl = s.indexOf('\n', this.block.at);
        if (doneNl < 0) doneNl = n;
        this.finishBlock(st, line, doneNl > this.block.at && s.charCodeAt(doneNl - 1) === 13 ? doneNl - 1 : doneNl);
        pos = doneNl + 1;
        line++;
        continue;
      }
      this.line(pos, end, line);
      pos = nl + 1;
      line++;
    }
    this.counts.lines += line - firstLine;
    return line - firstLine;
  }

  /** The end of the file: a block still open is a warning. */
  end(): void {
    const st = this.state;
    if (st.s === 'notification' || st.s === 'args' || st.s === 'answer') this.warn(st.line, `${what(st.s)} is cut short by the end of the file; skipped`);
    else if (st.s === 'awaitJson') this.warn(st.line, `notification on ${st.channel} without its JSON (end of file); skipped`);
    else if (st.s === 'awaitMark' || st.s === 'awaitAnswer') this.warn(st.call.line, 'REST call without its answer (end of file); skipped');
    this.state = IDLE;
    this.counts.skipped = this.counts.lines - this.used;
  }

  /** The line [start, end) of the run, numbered `line`, unless a block reads it. */
  private line(start: number, end: number, line: number): void {
    const st = this.state;
    if (st.s === 'notification' || st.s === 'args' || st.s === 'answer') {
      this.warn(st.line, `${what(st.s)} is cut short by line ${line}; skipped`);
    } else if (st.s === 'awaitJson') {
      const head = this.headOf(start, end);
      if (!head && !this.isAjax(start, end)) return;
      if (head && head.textStart < end && this.s.charCodeAt(head.textStart) === 123) return this.startBlock(state('notification', st.line, st.channel, undefined), head.textStart, end, line);
      this.warn(st.line, `notification on ${st.channel} without its JSON on the next log line; skipped`);
    } else if (st.s === 'awaitMark' || st.s === 'awaitAnswer') {
      const a = this.skipSpace(start, end);
      let z = end;
      while (z > a && isSpace(this.s.charCodeAt(z - 1))) z--;
      if (a === z) return;
      if (st.s === 'awaitMark') {
        const mark = this.headOf(start, end) ? undefined : this.answerMark(a, z, AJAX_WINDOW);
        if (mark) return this.answered(st.call, mark, end, line);
        this.warn(st.call.line, `REST call without SUCCEED or FAILED after it; skipped`);
      } else {
        const at = this.openerAt(a, Math.min(z, a + AJAX_WINDOW));
        if (at >= 0 && !this.headOf(start, end)) return this.startBlock(state('answer', st.call.line, '', st.call, st.succeeded), at, end, line);
        this.warn(st.call.line, `REST answer without its JSON; skipped`);
      }
    }
    this.state = IDLE;
    this.idle(start, end, line);
  }

  private idle(start: number, end: number, line: number): void {
    const head = this.headOf(start, end);
    if (head) return this.logLine(head, end, line);
    if (!this.isAjax(start, end)) return;
    if (this.lastAt === undefined) return this.warn(line, 'REST call before any timestamped line (no time to give it); skipped');
    const sentIn = this.sentIn;
    this.answeredAt = sentIn ? sentIn.at : this.lastAt;
    this.sentAt = sentIn ? this.answeredAt - Math.round(sentIn.seconds * 1000) : this.lastAt;
    const args = this.skipSpace(this.ajaxAt + AJAX.length, end);
    const c = args < end ? this.s.charCodeAt(args) : -1;
    if (c !== 123 && c !== 34) return this.warn(line, 'REST call whose $.ajax argument is neither an object nor a URL string; skipped');
    this.startBlock(state('args', line, '', undefined), args, end, line);
  }

  private logLine(head: LogHead, end: number, line: number): void {
    this.lastAt = head.at;
    this.firstAt ??= head.at;
    this.sentIn = undefined;
    const s = this.s;
    // Most log lines are neither: their text is not cut out unless it starts as one of them.
    if (s.startsWith("Command: '", head.textStart)) {
      const seconds = commandSeconds(s.slice(head.textStart, textEnd(s, head.textStart, end)));
      if (seconds !== undefined) this.sentIn = { at: head.at, seconds };
    } else if (s.startsWith('Message received from /', head.textStart)) {
      const channel = notificationChannel(s.slice(head.textStart, textEnd(s, head.textStart, end)));
      if (channel !== undefined) {
        this.state = state('awaitJson', line, channel, undefined);
        this.at = head.at;
      }
    }
  }

  private startBlock(st: BlockState, at: number, end: number, line: number): void {
    this.state = st;
    this.block.start();
    if (this.block.scan(this.b, at, end) === Scan.Done) this.finishBlock(st, line, end);
  }

  /** The block of `st` ended on `line`, which ends at `end`. */
  private finishBlock(st: BlockState, line: number, end: number): void {
    this.state = IDLE;
    const why = this.block.tooLong ? 'is longer than 32 MB' : 'is not valid JSON';
    if (st.s === 'notification') {
      // Its block began at a `{`: valid, it is an object. Only the importer's redaction parses it.
      if (!this.block.valid()) return this.warn(st.line, `notification on ${st.channel}: its JSON ${why}; skipped`);
      this.used += line - st.line + 1;
      this.counts.notifications++;
      this.sink.notification({ line: st.line, at: this.at, channel: st.channel, json: this.block.bytes() });
      return;
    }
    if (st.s === 'args') {
      const parsed = this.block.parse();
      const call = parsed && requestOf(parsed.value);
      if (!call) return this.warn(st.line, `REST call: its $.ajax argument ${parsed ? 'names no url' : why}; skipped`);
      const pending: Pending = { method: call.method, url: call.url, data: call.data, args: parsed.text, sentAt: this.sentAt, answeredAt: this.answeredAt, line: st.line };
      const mark = this.answerMark(this.block.at, end, 2000);
      if (mark) this.answered(pending, mark, end, line);
      else this.state = state('awaitMark', 0, '', pending);
    } else {
      // The answer is only checked: the importer parses it.
      if (!this.block.valid()) return this.warn(st.call.line, `REST answer ${why}; skipped`);
      this.used += line - st.call.line + 1;
      this.counts.restCalls++;
      const c = st.call;
      this.sink.rest({ line: c.line, method: c.method, url: c.url, data: c.data, args: c.args, succeeded: st.succeeded, answer: this.block.bytes(), sentAt: c.sentAt, answeredAt: c.answeredAt });
    }
  }

  private answered(call: Pending, mark: Mark, end: number, line: number): void {
    const at = this.skipSpace(mark.restAt, end);
    const c = at < end ? this.s.charCodeAt(at) : -1;
    if (c === 123 || c === 91) this.startBlock(state('answer', call.line, '', call, mark.succeeded), at, end, line);
    else this.state = state('awaitAnswer', 0, '', call, mark.succeeded);
  }

  /** `SUCCEED with:` / `FAILED with:` whole within `window` (+ its length) characters from `from`; the first of them. */
  private answerMark(from: number, end: number, window: number): Mark | undefined {
    const text = this.s.slice(from, Math.min(end, from + window + 14));
    const ok = text.indexOf(SUCCEED);
    const failed = text.indexOf(FAILED);
    if (ok < 0 && failed < 0) return undefined;
    const succeeded = ok >= 0 && (failed < 0 || ok < failed);
    return { succeeded, restAt: from + (succeeded ? ok + SUCCEED.length : failed + FAILED.length) };
  }

  /** A line that cannot belong to a pretty-printed block: a log line or another REST call. */
  private isBoundary(start: number, end: number): boolean {
    // A pretty-printed line starts with a string, a bracket or a comma: neither a log line nor a call.
    const at = this.skipSpace(start, end);
    const first = at < end ? this.s.charCodeAt(at) : -1;
    if (first === 34 || first === 123 || first === 125 || first === 91 || first === 93 || first === 44) return false;
    return this.isAjax(start, end) || this.headOf(start, end) !== undefined;
  }

  /** The log line's head (this.head, reused), if [start, end) is one. */
  private headOf(start: number, end: number): LogHead | undefined {
    if (this.markAt < start) {
      const at = this.s.indexOf(HEAD_MARK, start);
      this.markAt = at < 0 ? NONE : at;
    }
    return this.markAt < end && logHead(this.s, start, end, this.markAt, this.head) ? this.head : undefined;
  }

  /** A `$.ajax(` line: the call near the line's start (after a script location at most), not inside a JSON string. */
  private isAjax(start: number, end: number): boolean {
    if (this.ajaxAt < start) {
      const at = this.s.indexOf(AJAX, start);
      this.ajaxAt = at < 0 ? NONE : at;
    }
    const at = this.ajaxAt;
    if (at + AJAX.length > end || at - start >= AJAX_WINDOW) return false;
    for (let i = start; i < at; i++) if (this.s.charCodeAt(i) === 34) return false;
    return true;
  }

  /** The first `{` or `[` in [from, to), or -1. */
  private openerAt(from: number, to: number): number {
    for (let i = from; i < to; i++) {
      const c = this.s.charCodeAt(i);
      if (c === 123 || c === 91) return i;
    }
    return -1;
  }

  private skipSpace(from: number, end: number): number {
    while (from < end && isSpace(this.s.charCodeAt(from))) from++;
    return from;
  }

  private warn(line: number, message: string): void {
    this.counts.warnings++;
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(`line ${line}: ${message}`);
  }
}

function what(s: 'notification' | 'args' | 'answer'): string {
  return s === 'notification' ? 'notification JSON' : s === 'args' ? 'REST call ($.ajax argument)' : 'REST answer JSON';
}
