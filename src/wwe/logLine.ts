import { digits, utcMs } from '../util/isoTime';

/**
 * One line of a Workspace Web Edition console log, as Chrome and Firefox save it:
 * `[location ]YYYY-MM-DD HH:MM:SS.mmm [LEVEL] [Logger.Name] text[ location]` (docs/IMPORT-WWE.md).
 * Times name no zone: they are read as if they were UTC, never in this machine's zone.
 *
 * The head is read by hand, by index into a string that may hold many lines (the importer decodes
 * a whole chunk of the file at once): a regular expression and the slices it needs cost the
 * import most of its time. The shape it accepts is exactly
 * `(?:^|\s)(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3}) \[([A-Z]{1,8}) *\] \[([^\]\s]{1,200})\] ?`
 * within the line's first 400 characters, with ASCII whitespace for `\s`
 * (test/unit/wwe/logLine.test.ts holds the two equal).
 */

/** A timestamped WWE log line. */
export interface LogLine {
  /** Epoch ms of the log's wall clock read as UTC. */
  at: number;
  level: string;
  logger: string;
  /** The message, without a trailing script location. */
  text: string;
  /** Where the message starts in the line (a block's JSON is read from the line itself). */
  textStart: number;
}

/** Where a log line's parts are in the text that holds it. */
export interface LogHead {
  at: number;
  /** The level's letters: [levelStart, levelEnd). */
  levelStart: number;
  levelEnd: number;
  /** The logger's name: [loggerStart, loggerEnd). */
  loggerStart: number;
  loggerEnd: number;
  textStart: number;
}

/** The head is searched only in a line's first characters, so a megabyte of noise costs nothing. */
export const HEAD_WINDOW = 400;
/** A script location: `main.js?version=:2`, `main.js:2:164635`, `https://host/x.js:10:5`. */
const LOCATION = /^\S{0,300}\.js(?:\?\S{0,200})?:\d+(?::\d+)?$/;
/** `] [`, between a log line's level and its logger: what a caller finds before asking logHead. */
export const HEAD_MARK = '] [';

/** ASCII whitespace: space, tab, line feed, vertical tab, form feed, carriage return. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** A LogHead to fill. */
export function emptyHead(): LogHead {
  // `at` starts as a number that is no small integer, as the times it will hold: its field keeps one representation.
  return { at: Number.NaN, levelStart: 0, levelEnd: 0, loggerStart: 0, loggerEnd: 0, textStart: 0 };
}

/**
 * Whether [start, end) of `s` is a log line; if so its parts are written into `head` (reused: a
 * log holds hundreds of thousands of lines). `mark` is the index of the first `] [` at or after
 * `start` (anything else when there is none before `end`).
 */
export function logHead(s: string, start: number, end: number, mark: number, head: LogHead): boolean {
  const limit = Math.min(end, start + HEAD_WINDOW);
  // `]` of the level, ` [`, a logger of 1 to 200 characters and its `]`: all within the window.
  if (mark < start || mark + 4 >= limit) return false;
  let p = mark - 1;
  while (p >= start && s.charCodeAt(p) === 32) p--;
  const levelEnd = p + 1;
  while (p >= start && s.charCodeAt(p) >= 65 && s.charCodeAt(p) <= 90) p--;
  const levelStart = p + 1;
  if (levelEnd - levelStart < 1 || levelEnd - levelStart > 8 || p < start || s.charCodeAt(p) !== 91) return false;
  // `YYYY-MM-DD HH:MM:SS.mmm ` before the level's `[`.
  const t = p - 24;
  if (t < start || s.charCodeAt(p - 1) !== 32) return false;
  if (s.charCodeAt(t + 4) !== 45 || s.charCodeAt(t + 7) !== 45 || s.charCodeAt(t + 10) !== 32 || s.charCodeAt(t + 13) !== 58 || s.charCodeAt(t + 16) !== 58 || s.charCodeAt(t + 19) !== 46) return false;
  const year = digits(s, t, 4);
  const month = digits(s, t + 5, 2);
  const day = digits(s, t + 8, 2);
  const hour = digits(s, t + 11, 2);
  const minute = digits(s, t + 14, 2);
  const second = digits(s, t + 17, 2);
  const ms = digits(s, t + 20, 3);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || ms < 0) return false;
  if (month > 12 || day > 31 || hour > 23 || minute > 59 || second > 60) return false;
  // Only a script location may come before the time: a date inside a JSON string is no log line.
  if (t > start) {
    if (!isSpace(s.charCodeAt(t - 1))) return false;
    let a = start;
    let b = t - 1;
    while (a < b && isSpace(s.charCodeAt(a))) a++;
    while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
    if (a < b && s.charCodeAt(a) === 34) return false;
    for (let i = a; i < b; i++) if (isSpace(s.charCodeAt(i))) return false;
  }
  const loggerStart = mark + 3;
  let q = loggerStart;
  const loggerLimit = Math.min(limit, loggerStart + 201);
  while (q < loggerLimit) {
    const c = s.charCodeAt(q);
    if (c === 93 || isSpace(c)) break;
    q++;
  }
  if (q === loggerStart || q >= limit || s.charCodeAt(q) !== 93 || q - loggerStart > 200) return false;
  head.at = utcMs(year, month, day, hour, minute, second, ms);
  head.levelStart = levelStart;
  head.levelEnd = levelEnd;
  head.loggerStart = loggerStart;
  head.loggerEnd = q;
  head.textStart = q + 1 < limit && s.charCodeAt(q + 1) === 32 ? q + 2 : q + 1;
  return true;
}

/** White space as String.prototype.trim() sees it. */
function isJsSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Where the text s[start, end) ends without trailing white space and a trailing script location
 * (Firefox puts it there): withoutLocation() by index, so that a caller that reads a few lines'
 * texts out of a whole chunk slices only what it keeps.
 */
export function textEnd(s: string, start: number, end: number): number {
  let e = end;
  while (e > start && isJsSpace(s.charCodeAt(e - 1))) e--;
  const space = e > start ? s.lastIndexOf(' ', e - 1) : -1;
  if (space < start || e - space > 500) return e;
  // A location ends in a digit: a text that does not is never sliced to be tested.
  const last = s.charCodeAt(e - 1);
  if (last < 48 || last > 57 || !LOCATION.test(s.slice(space + 1, e))) return e;
  let f = space;
  while (f > start && isJsSpace(s.charCodeAt(f - 1))) f--;
  return f;
}

/** The line's text with a trailing script location (Firefox puts it there) removed, and trailing white space. */
export function withoutLocation(text: string): string {
  return text.slice(0, textEnd(text, 0, text.length));
}

/** The timestamped log line `line` holds, or undefined for any other line. */
export function parseLogLine(line: string): LogLine | undefined {
  const head = emptyHead();
  if (!logHead(line, 0, line.length, line.indexOf(HEAD_MARK), head)) return undefined;
  return {
    at: head.at,
    level: line.slice(head.levelStart, head.levelEnd),
    logger: line.slice(head.loggerStart, head.loggerEnd),
    text: withoutLocation(line.slice(head.textStart)),
    textStart: head.textStart,
  };
}

/** `Message received from /v2/me/calls` → the channel. */
export function notificationChannel(text: string): string | undefined {
  const m = /^Message received from (\/[\w./*-]{1,200})$/.exec(text);
  return m ? m[1] : undefined;
}

/** `Command: 'ChangeState' sent in 0.05s` → the seconds it took. */
export function commandSeconds(text: string): number | undefined {
  const m = /^Command: '[^']{1,200}' sent in (\d{1,6}(?:\.\d{1,6})?)\s?s\b/.exec(text);
  return m ? Number(m[1]) : undefined;
}
