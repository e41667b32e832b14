import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JsonExportScanner, JsonShapeError } from '../../../src/exchange/jsonScanner';

interface Seen {
  members: Array<[string, unknown]>;
  elements: Array<{ value: string; line: number; complete: boolean }>;
  started: number;
  finished: boolean;
}

/** Scans `text` cut into chunks of `size` bytes. */
function scan(text: string, size: number): Seen {
  const seen: Seen = { members: [], elements: [], started: 0, finished: false };
  const scanner = new JsonExportScanner({
    member: (key, t) => seen.members.push([key, JSON.parse(t)]),
    recordsStart: () => seen.started++,
    element: (t, line, complete) => seen.elements.push({ value: t, line, complete }),
  });
  const buf = Buffer.from(text, 'utf8');
  for (let i = 0; i < buf.length; i += size) scanner.push(buf.subarray(i, i + size));
  seen.finished = scanner.end();
  return seen;
}

const DOC = `{
  "format": "gws-notify-capture",
  "version": 1,
  "header": { "kind": "header", "topics": ["/a", "/b"], "odd": "}],\\"{[" },
  "records": [
    { "kind": "message", "seq": 1, "data": { "text": "ünïcödé ✓ , ] }", "list": [1, [2, {"x": "\\\\"}]] } },
    {
      "kind": "gap",
      "seq": 2
    }
  ],
  "extra": [1, 2]
}
`;

describe('JsonExportScanner', () => {
  for (const size of [1, 3, 7, 64, 1 << 20]) {
    test(`splits members and record elements (chunks of ${size} bytes)`, () => {
      const seen = scan(DOC, size);
      assert.equal(seen.finished, true);
      assert.equal(seen.started, 1);
      assert.deepEqual(seen.members.map(([k]) => k), ['format', 'version', 'header', 'extra']);
      assert.deepEqual(seen.members[2][1], { kind: 'header', topics: ['/a', '/b'], odd: '}],"{[' });
      assert.equal(seen.elements.length, 2);
      assert.deepEqual(JSON.parse(seen.elements[0].value).data, { text: 'ünïcödé ✓ , ] }', list: [1, [2, { x: '\\' }]] });
      assert.deepEqual(seen.elements.map((e) => e.line), [6, 7]);
      assert.ok(seen.elements.every((e) => e.complete));
    });
  }

  test('an empty records array gives no elements', () => {
    const seen = scan('{"format":"x","records":[ ],"header":{}}', 5);
    assert.equal(seen.started, 1);
    assert.equal(seen.elements.length, 0);
    assert.deepEqual(seen.members.map(([k]) => k), ['format', 'header']);
  });

  test('a cut-off file reports the last element incomplete and the object unfinished', () => {
    const cut = DOC.slice(0, DOC.indexOf('"seq": 2') + 4);
    const seen = scan(cut, 16);
    assert.equal(seen.finished, false);
    assert.equal(seen.elements.length, 2);
    assert.equal(seen.elements[1].complete, false);
    assert.equal(seen.elements[1].line, 7);
  });

  test('refuses arrays, non-JSON and trailing text', () => {
    assert.throws(() => scan('[{"kind":"header"}]', 4), JsonShapeError);
    assert.throws(() => scan('hello', 4), /not a JSON object/);
    assert.throws(() => scan('{"a":1} {"b":2}', 4), /after the end/);
    assert.throws(() => scan('', 4), /empty/);
  });
});
