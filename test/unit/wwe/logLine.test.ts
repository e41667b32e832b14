import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseLogLine, textEnd, withoutLocation } from '../../../src/wwe/logLine';

/** The shape logLine.ts documents, as a regular expression (ASCII whitespace for `\s`), applied as it says. */
const HEAD = /(?:^|[ \t\n\v\f\r])(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3}) \[([A-Z]{1,8}) *\] \[([^\]\t\n\v\f\r ]{1,200})\] ?/;
function byRegex(line: string): { at: number; level: string; logger: string; text: string } | undefined {
  const head = line.slice(0, 400);
  const m = HEAD.exec(head);
  if (!m) return undefined;
  const prefix = head.slice(0, m.index).replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
  if (prefix !== '' && (/[ \t\n\v\f\r]/.test(prefix) || prefix.startsWith('"'))) return undefined;
  if (+m[2] > 12 || +m[3] > 31 || +m[4] > 23 || +m[5] > 59 || +m[6] > 60) return undefined;
  return { at: Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], +m[7]), level: m[8], logger: m[9], text: withoutLocation(line.slice(m.index + m[0].length)) };
}

test('the hand-read head accepts exactly the documented shape', () => {
  const digit = fc.constantFrom(...'0123456789');
  const n = (k: number): fc.Arbitrary<string> => fc.array(digit, { minLength: k, maxLength: k }).map((d) => d.join(''));
  const time = fc.tuple(n(4), n(2), n(2), n(2), n(2), n(2), n(3)).map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d} ${h}:${mi}:${s}.${ms}`);
  const piece = fc.oneof(
    time, fc.constantFrom(' ', '  ', '\t', '[', ']', '] [', ' [INFO ] ', ' [DEBUG] [', '[TRACE]', 'WWE.Voice', 'main.js?version=:2 ', '"', 'x', ' main.js:2:164635', '{', '2024-05-01 10:42:07.050', '[ABCDEFGHI]', ' [A] [B]'),
    fc.string({ maxLength: 8 }), fc.string({ minLength: 190, maxLength: 420 }).map((x) => x.replace(/[\]\s]/g, 'a')),
  );
  let lines = 0;
  // A log line's usual parts in order, and arbitrary runs of pieces: both kinds of answer come up.
  const pad = (v: number, w = 2): string => String(v).padStart(w, '0');
  const validTime = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 999 }))
    .map(([y, mo, d, h, mi, sec, ms]) => `${pad(y, 4)}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(sec)}.${pad(ms, 3)}`);
  const logLike = fc.tuple(fc.constantFrom('', 'main.js?version=:2 ', ' ', '"x" ', 'a b ', '\t'), fc.oneof(validTime, time), fc.constantFrom(' [INFO ] [', ' [DEBUG] [', ' [X] [', ' [info] [', ' [TRACE]  ['), fc.constantFrom('WWE.Voice', 'A', '', 'a b', 'x]'), fc.constantFrom('] text', ']', '] {', '] x main.js:2:1')).map((p) => [p.join('')]);
  fc.assert(fc.property(fc.oneof(fc.array(piece, { maxLength: 10 }), logLike), (pieces) => {
    const line = pieces.join('');
    const l = parseLogLine(line);
    if (l) lines++;
    assert.deepEqual(l && { at: l.at, level: l.level, logger: l.logger, text: l.text }, byRegex(line), JSON.stringify(line));
  }), { numRuns: 20000 });
  assert.ok(lines > 500, `only ${lines} log lines generated`);
});

/** withoutLocation as it was first written, on strings: the reference for the index-reading textEnd. */
const LOCATION = /^\S{0,300}\.js(?:\?\S{0,200})?:\d+(?::\d+)?$/;
function withoutLocationByRegex(text: string): string {
  const end = text.trimEnd();
  const space = end.lastIndexOf(' ');
  if (space < 0 || end.length - space > 500) return end;
  return LOCATION.test(end.slice(space + 1)) ? end.slice(0, space).trimEnd() : end;
}

test('a text without its trailing script location, read by index within a longer string, is what slicing and testing gives', () => {
  const piece = fc.oneof(
    fc.constantFrom(' ', '  ', '\t', '\u00a0', '\u3000', '\n', 'main.js:2:164635', 'main.js?version=:2', 'a.js', '.js', '?', ':1', ':', '12', 'x', 'Command: \'Answer\' sent in 0.05s', 'Message received from /v2/me/calls', 'https://h/x.js:10:5'),
    fc.string({ maxLength: 6 }), fc.string({ minLength: 300, maxLength: 520 }).map((x) => x.replace(/\s/g, 'a')),
  );
  fc.assert(fc.property(fc.array(piece, { maxLength: 8 }), fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), (pieces, before, after) => {
    const text = pieces.join('');
    const s = `${before}${text}${after}`;
    const expected = withoutLocationByRegex(text);
    assert.equal(s.slice(before.length, textEnd(s, before.length, before.length + text.length)), expected, JSON.stringify(text));
    assert.equal(withoutLocation(text), expected);
  }), { numRuns: 20000 });
});
