/**
 * One line of a Workspace Web Edition console log, as Chrome and Firefox save it:
 * `[location ]YYYY-MM-DD HH:MM:SS.mmm [LEVEL] [Logger.Name] text[ location]` (docs/IMPORT-WWE.md).
 * Times name no zone: they are read as if they were UTC, never in this machine's zone.
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

/** The log-line head; searched only in a line's first characters, so a megabyte of noise costs nothing. */
const HEAD = /(?:^|\s)(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3}) \[([A-Z]{1,8}) *\] \[([^\]\s]{1,200})\] ?/;
const HEAD_WINDOW = 400;
/** A script location: `main.js?version=:2`, `main.js:2:164635`, `https://host/x.js:10:5`. */
const LOCATION = /^\S{0,300}\.js(?:\?\S{0,200})?:\d+(?::\d+)?$/;

/** The line's text with a trailing script location (Firefox puts it there) removed. */
export function withoutLocation(text: string): string {
  const end = text.trimEnd();
  const space = end.lastIndexOf(' ');
  if (space < 0 || end.length - space > 500) return end;
  return LOCATION.test(end.slice(space + 1)) ? end.slice(0, space).trimEnd() : end;
}

/** The timestamped log line `line` holds, or undefined for any other line. */
export function parseLogLine(line: string): LogLine | undefined {
  // Cheap reject: every log line has `] [` between its level and logger near its start.
  const mark = line.indexOf('] [');
  if (mark < 0 || mark > HEAD_WINDOW) return undefined;
  const head = line.length > HEAD_WINDOW ? line.slice(0, HEAD_WINDOW) : line;
  const m = HEAD.exec(head);
  if (!m) return undefined;
  // Only a script location may come before the time: a date inside a JSON string is no log line.
  const prefix = head.slice(0, m.index).trim();
  if (prefix !== '' && (/\s/.test(prefix) || prefix.startsWith('"'))) return undefined;
  const at = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], +m[7]);
  if (!Number.isFinite(at) || +m[2] > 12 || +m[3] > 31 || +m[4] > 23 || +m[5] > 59 || +m[6] > 60) return undefined;
  const textStart = m.index + m[0].length;
  return { at, level: m[8], logger: m[9], text: withoutLocation(line.slice(textStart)), textStart };
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
