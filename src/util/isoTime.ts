import { writeAscii } from './asciiBytes';

/**
 * Epoch ms of an ISO-8601 time, or 0 when it does not parse. Every record of a capture carries
 * `receivedAt` as `Date.toISOString()` writes it (`2024-05-01T08:00:00.007Z`), and importing a
 * million records spent more time in Date.parse than in classifying them: that exact shape is read
 * digit by digit; anything else goes to Date.parse, with the same answer.
 */
export function epochMs(iso: unknown): number {
  if (typeof iso !== 'string') return 0;
  const fast = canonicalIso(iso);
  if (!Number.isNaN(fast)) return fast;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : 0;
}

/** Epoch ms of `s`; NaN when `s` is not exactly `YYYY-MM-DDTHH:MM:SS.sssZ` with a day ≤ 28 (later days depend on the month) and a year ≥ 100 (Date.UTC reads 0-99 as 1900-1999): Date.parse decides those. */
function canonicalIso(s: string): number {
  if (s.length !== 24 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46 || s.charCodeAt(23) !== 90) return NaN;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  const milli = digits(s, 20, 3);
  if ((year | month | day | hour | minute | second | milli) < 0) return NaN;
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 28 || hour > 23 || minute > 59 || second > 59) return NaN;
  return utcMs(year, month, day, hour, minute, second, milli);
}

/**
 * `Date.UTC(year, month - 1, day, …)` (month 1-12), without Date's general path: a log of hundreds
 * of thousands of lines reads a time on each. Days from the civil date by Howard Hinnant's
 * days_from_civil where that is plain (a year from 100 on, a day up to the 28th); Date.UTC decides
 * the rest (two-digit years, day 0, a 31st that a month lacks).
 */
export function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number, milli: number): number {
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 28) return Date.UTC(year, month - 1, day, hour, minute, second, milli);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const days = era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
  return days * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + milli;
}

/** Latest time toISOString() writes as `YYYY-…Z` (year 9999); earlier than 0 it writes a sign. */
const LAST_PLAIN_MS = 253402300799999;
const pad = (n: number, width: number): string => `${n}`.padStart(width, '0');
/** `SS.` for each second, `mmmZ` for each millisecond: a time is its minute's head and one of each. */
const SECOND_DOT = Array.from({ length: 60 }, (_, n) => `${pad(n, 2)}.`);
const MILLI_Z = Array.from({ length: 1000 }, (_, n) => `${pad(n, 3)}Z`);

/**
 * `YYYY-MM-DDTHH:MM:` of the minute `minute` (ms / 60,000, plain range), from the day number by
 * Howard Hinnant's civil_from_days. One minute's head serves every time in it: the times an import
 * writes come in runs.
 */
let headMinute = Number.NaN;
let head = '';
function minuteHead(minute: number): string {
  if (minute === headMinute) return head;
  const days = Math.floor(minute / 1440);
  const inDay = minute - days * 1440;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  headMinute = minute;
  head = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(Math.floor(inDay / 60), 2)}:${pad(inDay % 60, 2)}:`;
  return head;
}

/**
 * `new Date(ms).toISOString()` for an integer `ms`, without a Date: the import of a large log writes
 * hundreds of thousands of times, and a Date and its formatting were a tenth of that work, then
 * a fifth of its garbage.
 */
export function isoString(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > LAST_PLAIN_MS) return new Date(ms).toISOString();
  const minute = Math.floor(ms / 60_000);
  const rest = ms - minute * 60_000;
  const second = Math.floor(rest / 1000);
  return minuteHead(minute) + SECOND_DOT[second] + MILLI_Z[rest - second * 1000];
}

/** Writes isoString(ms) (ASCII) into `buf` at `at`, making no string; returns the offset after it. */
export function writeIsoString(buf: Uint8Array, at: number, ms: number): number {
  if (!Number.isInteger(ms) || ms < 0 || ms > LAST_PLAIN_MS) return writeAscii(buf, at, new Date(ms).toISOString());
  const minute = Math.floor(ms / 60_000);
  let o = writeAscii(buf, at, minuteHead(minute));
  const rest = ms - minute * 60_000;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  buf[o++] = 48 + Math.floor(second / 10);
  buf[o++] = 48 + (second % 10);
  buf[o++] = 46;
  buf[o++] = 48 + Math.floor(milli / 100);
  buf[o++] = 48 + (Math.floor(milli / 10) % 10);
  buf[o++] = 48 + (milli % 10);
  buf[o++] = 90;
  return o;
}

/** The decimal number in s[at, at + n), or -1 if any of those is not a digit. */
export function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}
