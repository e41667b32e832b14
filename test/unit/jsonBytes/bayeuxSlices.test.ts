import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_RAW_DEPTH, scanBayeuxResponse, type BayeuxSlices } from '../../../src/jsonBytes/bayeuxSlices';

const text = (buf: Buffer, start: number, end: number): string => buf.toString('utf8', start, end);

/** Checks every slice against what JSON.parse makes of the same body; returns how many data slices were offered. */
function checkAgainstParse(body: string): number {
  const buf = Buffer.from(body, 'utf8');
  const parsed = JSON.parse(body) as Array<Record<string, unknown>>;
  const slices = scanBayeuxResponse(buf) as BayeuxSlices;
  assert.ok(slices, 'an array of objects is scanned');
  assert.equal(slices.count, parsed.length);
  let offered = 0;
  for (let k = 0; k < slices.count; k++) {
    const [cs, ce, ds, de] = slices.ranges.subarray(k * 4, k * 4 + 4);
    if (cs >= 0) assert.deepEqual(JSON.parse(text(buf, cs, ce)), parsed[k].channel);
    if (ds >= 0) {
      offered++;
      const slice = text(buf, ds, de);
      assert.deepEqual(JSON.parse(slice), parsed[k].data, `message ${k}`);
      assert.ok(!/[\r\n]/.test(slice), 'a slice is one line');
    }
  }
  return offered;
}

const hostileKey = fc.constantFrom('data', 'channel', 'id', '__proto__', 'd"ata', 'da\\ta', 'x\ny', '');
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie('a'), tie('o')),
  a: fc.array(tie('v'), { maxLength: 4 }),
  o: fc.dictionary(fc.oneof(fc.string(), hostileKey), tie('v'), { maxKeys: 4 }),
})).v;
const message = fc.record(
  { channel: fc.oneof(fc.constantFrom('/v2/me/calls', '/meta/connect', '/v2/me/ch"ats'), fc.string()), data: json, id: fc.string(), successful: fc.boolean() },
  { requiredKeys: ['channel'] },
);

describe('scanBayeuxResponse', () => {
  test('every offered slice parses to the message data JSON.parse sees (1,000 generated responses, compact and indented)', () => {
    let offered = 0;
    fc.assert(
      fc.property(fc.array(message, { maxLength: 6 }), fc.constantFrom(undefined, 2, '\t'), (messages, indent) => {
        offered += checkAgainstParse(JSON.stringify(messages, null, indent));
      }),
      { numRuns: 1000, seed: 3 },
    );
    assert.ok(offered > 200, `slices were offered (${offered})`);
  });

  test('offers object and array payloads of a compact response, and nothing for short scalar ones', () => {
    const body = JSON.stringify([
      { channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', call: { id: 'c1', state: 'Dialing', participants: [{ digits: '5000' }] } }, id: '7' },
      { channel: '/meta/connect', successful: true, advice: { timeout: 30000 } },
      { channel: '/v2/me/devices', data: [1, [2, { x: 'a"]}' }]] },
      { channel: '/v2/me/chats', data: 'text' },
      { channel: '/v2/me/chats', data: 12 },
    ]);
    assert.equal(checkAgainstParse(body), 2);
  });

  test('an escaped key that spells data wins in JSON.parse, so the message gets no slice', () => {
    const body = '[{"channel":"/v2/me/calls","data":{"x":1},"d\\u0061ta":{"x":2}}]';
    const slices = scanBayeuxResponse(Buffer.from(body))!;
    assert.equal(slices.count, 1);
    assert.equal(slices.ranges[2], -1);
    assert.deepEqual(JSON.parse(body)[0].data, { x: 2 });
  });

  test('of duplicate data keys the last one is taken, as JSON.parse does', () => {
    const body = '[{"channel":"/a","data":{"x":1},"id":"1","data":{"x":2}}]';
    const buf = Buffer.from(body);
    const [, , ds, de] = scanBayeuxResponse(buf)!.ranges;
    assert.equal(text(buf, ds, de), '{"x":2}');
  });

  test('a payload nested deeper than MAX_RAW_DEPTH is left to the serializer', () => {
    const deep = '['.repeat(MAX_RAW_DEPTH + 1) + ']'.repeat(MAX_RAW_DEPTH + 1);
    const ok = '['.repeat(MAX_RAW_DEPTH) + ']'.repeat(MAX_RAW_DEPTH);
    const slices = scanBayeuxResponse(Buffer.from(`[{"channel":"/a","data":${deep}},{"channel":"/a","data":${ok}}]`))!;
    assert.equal(slices.ranges[2], -1);
    assert.ok(slices.ranges[6] >= 0);
  });

  test('anything but a JSON array of objects gives no slices at all', () => {
    for (const body of ['{"channel":"/a","data":{}}', '[1,{"channel":"/a"}]', '[{"channel":"/a","data":{}}', 'x[{}]', '', '["a"]']) {
      assert.equal(scanBayeuxResponse(Buffer.from(body)), undefined, body);
    }
    assert.equal(scanBayeuxResponse(Buffer.from(' \n[]'))?.count, 0);
  });

  test('multi-byte UTF-8 and escapes inside strings do not throw the scan off', () => {
    const body = JSON.stringify([{ channel: '/v2/me/chats', data: { text: 'héllo 你好 😀 \\" \\\\', 'k"': ['}', '{', '"\\'] } }]);
    assert.equal(checkAgainstParse(body), 1);
  });
});
