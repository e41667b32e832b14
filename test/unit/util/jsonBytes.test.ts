import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isCompactJson } from '../../../src/util/jsonBytes';

/** What isCompactJson must answer: whether JSON.parse takes the bytes decoded as UTF-8. */
function parses(bytes: Uint8Array): boolean {
  try {
    JSON.parse(Buffer.from(bytes).toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

const judge = (text: string | Uint8Array): boolean => {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return isCompactJson(bytes, 0, bytes.length);
};

test('every compact JSON value is accepted, as JSON.parse accepts it', () => {
  fc.assert(fc.property(fc.jsonValue(), (v) => assert.equal(judge(JSON.stringify(v)), true)), { numRuns: 2000 });
  for (const text of ['{}', '[]', '""', '0', '-0.5e+10', '1E-2', 'true', 'null', '"\\u00e9\\n\\/"', '{"a":[1,{"b":null}],"":""}', '"é ☃ 😀"', `${'['.repeat(5000)}${']'.repeat(5000)}`]) assert.equal(judge(text), true, text);
});

test('what JSON.parse refuses is refused', () => {
  for (const text of ['', '{', '}', '{"a"}', '{"a":}', '{a:1}', '[1,]', '[,1]', '01', '1.', '.5', '-', '1e', '+1', 'tru', 'nul', 'True', '"\\x"', '"\\u12G4"', '"a\tb"', '"unterminated', '{"a":1}x', '{"a":1,}', "'a'", '[1 2]', '\u000b1', '[1]]', '[[1]', `"${'\u0001'}"`]) {
    assert.equal(judge(text), false, JSON.stringify(text));
    assert.equal(parses(Buffer.from(text)), false, JSON.stringify(text));
  }
});

test('fuzz: on any bytes without whitespace outside strings, the answer is JSON.parse\'s', () => {
  const token = fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '"a"', '"k":', '\\', '\\u', '00e9', '0', '1', '-', '.', 'e', 'E', '+', 'true', 'false', 'null', 'x', '\u00e9', '\u0000', '\u001f', '\uffff');
  // JSON whitespace is left out (tab, line feed and carriage return are refused inside strings too;
  // JSON.stringify's spaces are all inside strings), so that none is outside a string.
  const white = new Set([9, 10, 13, 32]);
  const bytes = fc.oneof(
    fc.array(token, { maxLength: 30 }).map((t) => Buffer.from(t.join(''), 'utf8')),
    fc.uint8Array({ maxLength: 40 }).map((b) => b.filter((c) => !white.has(c))),
    fc.jsonValue().chain((v) => fc.tuple(fc.constant(JSON.stringify(v)), fc.nat(), fc.integer({ min: 0, max: 255 }).filter((c) => !white.has(c)))).map(([text, at, byte]) => {
      const b = Buffer.from(text, 'utf8');
      b[at % b.length] = byte;
      return b;
    }),
  );
  fc.assert(fc.property(bytes, (b) => assert.equal(judge(b), parses(b))), { numRuns: 20000 });
});

test('only [from, to) is read', () => {
  const b = Buffer.from('xx{"a":1}yy');
  assert.equal(isCompactJson(b, 2, 9), true);
  assert.equal(isCompactJson(b, 2, 8), false);
  assert.equal(isCompactJson(b, 2, 10), false);
});
