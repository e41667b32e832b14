import { isObject } from '../util/jsonObject';
import { JsonBlock } from './jsonBlock';
import { commandSeconds, notificationChannel, parseLogLine, type LogLine } from './logLine';

/**
 * Reads a Workspace Web Edition console log line by line (docs/IMPORT-WWE.md): the notifications
 * (`Message received from <channel>` and the JSON on the next log line) and the REST calls
 * (`$.ajax(…)`, then `SUCCEED with:` or `FAILED with:` and a JSON object). Everything else is
 * noise, counted and never kept. A started block that cannot be read is a warning with its line
 * number; nothing throws, and each line is scanned a bounded number of times.
 */

/** A notification: the message's `data`, on its channel, at its logged time. */
export interface WweNotification {
  line: number;
  at: number;
  channel: string;
  data: Record<string, unknown>;
  /** `data` as logged, whitespace outside strings removed: valid JSON, one line. */
  json: string;
}

/** A REST call with its answer. */
export interface WweRestCall {
  line: number;
  method: string;
  url: string;
  /** The `data` of the call: a JSON string or an object, as logged. */
  data: unknown;
  succeeded: boolean;
  /** SUCCEED: the response body; FAILED: the browser's request object (status, responseText, responseJSON...). */
  answer: unknown;
  sentAt: number;
  answeredAt: number;
}

/** What the parser found. */
export interface WweCounts {
  lines: number;
  notifications: number;
  restCalls: number;
  /** Lines that belong to no imported block: noise, and blocks that could not be read. */
  skipped: number;
  warnings: number;
}

/** Where found items go. */
export interface WweSink {
  notification(n: WweNotification): void;
  rest(call: WweRestCall): void;
}

/** Warnings kept in full (all are counted). */
const MAX_WARNINGS = 1000;
/** `$.ajax(` is looked for this far into a line (a script location may precede it). */
const AJAX_WINDOW = 300;

/** `SUCCEED with:` / `FAILED with:` starting within `window` characters of `text`, and what follows it. */
function answerMark(text: string, window: number): { succeeded: boolean; rest: string } | undefined {
  const head = text.length > window + 14 ? text.slice(0, window + 14) : text;
  const ok = head.indexOf('SUCCEED with:');
  const failed = head.indexOf('FAILED with:');
  if (ok < 0 && failed < 0) return undefined;
  const succeeded = ok >= 0 && (failed < 0 || ok < failed);
  const at = succeeded ? ok + 13 : failed + 12;
  return { succeeded, rest: text.slice(at).trim() };
}

type Pending = { method: string; url: string; data: unknown; sentAt: number; answeredAt: number; line: number };

type State =
  | { s: 'idle' }
  | { s: 'awaitJson'; channel: string; line: number; at: number }
  | { s: 'notification'; block: JsonBlock; channel: string; at: number; line: number }
  | { s: 'args'; block: JsonBlock; sentAt: number; answeredAt: number; line: number }
  | { s: 'awaitMark'; call: Pending }
  | { s: 'awaitAnswer'; call: Pending; succeeded: boolean }
  | { s: 'answer'; block: JsonBlock; call: Pending; succeeded: boolean; line: number };

/** Feed lines in order with push(); call end() once. */
export class WweParser {
  readonly counts: WweCounts = { lines: 0, notifications: 0, restCalls: 0, skipped: 0, warnings: 0 };
  readonly warnings: string[] = [];
  private state: State = { s: 'idle' };
  private lastAt: number | undefined;
  /** The first timestamped line's time (the capture's createdAt). */
  firstAt: number | undefined;
  /** The latest timestamped line's time and seconds when it was a `Command: '…' sent in Ss` line. */
  private sentIn: { at: number; seconds: number } | undefined;
  private used = 0;

  constructor(private readonly sink: WweSink) {}

  /** One line of the file (no line break), with its 1-based number. */
  push(text: string, line: number): void {
    this.counts.lines++;
    const st = this.state;
    if (st.s === 'notification' || st.s === 'args' || st.s === 'answer') {
      if (this.isBoundary(text)) {
        this.warn(st.line, `${what(st.s)} is cut short by line ${line}; skipped`);
        this.state = { s: 'idle' };
      } else {
        if (st.block.push(text)) this.finishBlock(st, line);
        return;
      }
    } else if (st.s === 'awaitJson') {
      const log = parseLogLine(text);
      if (!log && !isAjax(text)) return;
      if (log?.text.startsWith('{')) return this.startBlock({ s: 'notification', block: new JsonBlock(), channel: st.channel, at: st.at, line: st.line }, text.slice(text.indexOf('{', log.textStart)), line);
      this.warn(st.line, `notification on ${st.channel} without its JSON on the next log line; skipped`);
      this.state = { s: 'idle' };
    } else if (st.s === 'awaitMark' || st.s === 'awaitAnswer') {
      const t = text.trim();
      if (t === '') return;
      if (st.s === 'awaitMark') {
        const mark = parseLogLine(text) ? undefined : answerMark(t, AJAX_WINDOW);
        if (mark) return this.answered(st.call, mark, line);
        this.warn(st.call.line, `REST call without SUCCEED or FAILED after it; skipped`);
      } else {
        const at = t.search(/[{[]/);
        if (at >= 0 && at < AJAX_WINDOW && !parseLogLine(text)) return this.startBlock({ s: 'answer', block: new JsonBlock(), call: st.call, succeeded: st.succeeded, line: st.call.line }, t.slice(at), line);
        this.warn(st.call.line, `REST answer without its JSON; skipped`);
      }
      this.state = { s: 'idle' };
    }
    this.idle(text, line);
  }

  /** The end of the file: a block still open is a warning. */
  end(): void {
    const st = this.state;
    if (st.s === 'notification' || st.s === 'args' || st.s === 'answer') this.warn(st.line, `${what(st.s)} is cut short by the end of the file; skipped`);
    else if (st.s === 'awaitJson') this.warn(st.line, `notification on ${st.channel} without its JSON (end of file); skipped`);
    else if (st.s === 'awaitMark' || st.s === 'awaitAnswer') this.warn(st.call.line, 'REST call without its answer (end of file); skipped');
    this.state = { s: 'idle' };
    this.counts.skipped = this.counts.lines - this.used;
  }

  private idle(text: string, line: number): void {
    const log = parseLogLine(text);
    if (log) return this.logLine(log, line);
    if (!isAjax(text)) return;
    const ajax = text.indexOf('$.ajax(');
    if (this.lastAt === undefined) return this.warn(line, 'REST call before any timestamped line (no time to give it); skipped');
    const sentIn = this.sentIn;
    const answeredAt = sentIn ? sentIn.at : this.lastAt;
    const sentAt = sentIn ? answeredAt - Math.round(sentIn.seconds * 1000) : this.lastAt;
    const args = text.slice(ajax + 7).trimStart();
    if (!args.startsWith('{') && !args.startsWith('"')) return this.warn(line, 'REST call whose $.ajax argument is neither an object nor a URL string; skipped');
    this.startBlock({ s: 'args', block: new JsonBlock(), sentAt, answeredAt, line }, args, line);
  }

  private logLine(log: LogLine, line: number): void {
    this.lastAt = log.at;
    this.firstAt ??= log.at;
    const seconds = commandSeconds(log.text);
    this.sentIn = seconds === undefined ? undefined : { at: log.at, seconds };
    const channel = notificationChannel(log.text);
    if (channel !== undefined) this.state = { s: 'awaitJson', channel, line, at: log.at };
  }

  private startBlock(st: Extract<State, { block: JsonBlock }>, first: string, line: number): void {
    this.state = st;
    if (st.block.push(first)) this.finishBlock(st, line);
  }

  private finishBlock(st: Extract<State, { block: JsonBlock }>, line: number): void {
    this.state = { s: 'idle' };
    const value = st.block.parse();
    const why = st.block.tooLong ? 'is longer than 32 MB' : 'is not valid JSON';
    if (st.s === 'notification') {
      if (!isObject(value)) return this.warn(st.line, `notification on ${st.channel}: its JSON ${value === undefined ? why : 'is not an object'}; skipped`);
      this.used += line - st.line + 1;
      this.counts.notifications++;
      this.sink.notification({ line: st.line, at: st.at, channel: st.channel, data: value, json: st.block.text() });
    } else if (st.s === 'args') {
      const call = requestOf(value);
      if (!call) return this.warn(st.line, `REST call: its $.ajax argument ${value === undefined ? why : 'names no url'}; skipped`);
      const pending: Pending = { ...call, sentAt: st.sentAt, answeredAt: st.answeredAt, line: st.line };
      const mark = answerMark(st.block.rest, 2000);
      if (mark) this.answered(pending, mark, line);
      else this.state = { s: 'awaitMark', call: pending };
    } else {
      if (value === undefined) return this.warn(st.call.line, `REST answer ${why}; skipped`);
      this.used += line - st.call.line + 1;
      this.counts.restCalls++;
      const { line: callLine, ...call } = st.call;
      this.sink.rest({ ...call, line: callLine, succeeded: st.succeeded, answer: value });
    }
  }

  private answered(call: Pending, { succeeded, rest }: { succeeded: boolean; rest: string }, line: number): void {
    if (rest.startsWith('{') || rest.startsWith('[')) this.startBlock({ s: 'answer', block: new JsonBlock(), call, succeeded, line: call.line }, rest, line);
    else this.state = { s: 'awaitAnswer', call, succeeded };
  }

  /** A line that cannot belong to a pretty-printed block: a log line or another REST call. */
  private isBoundary(text: string): boolean {
    // A pretty-printed line starts with a string, a bracket or a comma: neither a log line nor a call.
    const first = text.charCodeAt(text.length - text.trimStart().length);
    if (first === 34 || first === 123 || first === 125 || first === 91 || first === 93 || first === 44) return false;
    return isAjax(text) || parseLogLine(text) !== undefined;
  }

  private warn(line: number, message: string): void {
    this.counts.warnings++;
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(`line ${line}: ${message}`);
  }
}

/** A `$.ajax(` line: the call near the line's start (after a script location at most), not inside a JSON string. */
function isAjax(text: string): boolean {
  const at = text.indexOf('$.ajax(');
  return at >= 0 && at < AJAX_WINDOW && !text.slice(0, at).includes('"');
}

function what(s: 'notification' | 'args' | 'answer'): string {
  return s === 'notification' ? 'notification JSON' : s === 'args' ? 'REST call ($.ajax argument)' : 'REST answer JSON';
}

/** Method, URL and data of a `$.ajax` argument: an object with `url` (and `type`), or a URL string. */
function requestOf(value: unknown): { method: string; url: string; data: unknown } | undefined {
  if (typeof value === 'string') return value === '' ? undefined : { method: 'GET', url: value, data: undefined };
  if (!isObject(value) || typeof value.url !== 'string' || value.url === '') return undefined;
  const method = typeof value.type === 'string' ? value.type : typeof value.method === 'string' ? value.method : 'GET';
  return { method, url: value.url, data: value.data };
}
