import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DEEP_NESTING, HUGE_PAYLOAD_BYTES, deepObject, faultSteps } from '../../../../src/simulator/scenarios/faults';

const ctx = { user: 'agent1', userIndex: 0, baseUrl: 'http://127.0.0.1:8090', seed: 1, iteration: 0 };
type AnyData = Record<string, any>;

/** Depth of nested objects/arrays in a JSON value (a scalar is 0). */
function depth(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 0;
  let max = 0;
  for (const x of Object.values(v)) max = Math.max(max, depth(x));
  return max + 1;
}

describe('faults scenario', () => {
  const steps = faultSteps(ctx);

  test('has the 19 documented messages: calls 13, devices 1, chats 5', () => {
    assert.equal(steps.length, 19);
    const counts: Record<string, number> = {};
    for (const s of steps) counts[s.channel] = (counts[s.channel] ?? 0) + 1;
    assert.deepEqual(counts, { '/v2/me/calls': 13, '/v2/me/devices': 1, '/v2/me/chats': 5 });
  });

  test('opens with data missing, string, number, array and null', () => {
    assert.equal(steps[0]!.omitData, true);
    assert.deepEqual(steps.slice(1, 5).map((s) => (Array.isArray(s.data) ? 'array' : s.data === null ? 'null' : typeof s.data)), ['string', 'number', 'array', 'null']);
  });

  test('covers missing and unknown messageType and the nested ErrorMessage', () => {
    assert.equal((steps[5]!.data as AnyData).messageType, undefined);
    assert.equal((steps[6]!.data as AnyData).messageType, 'DeviceTeleportMessage');
    const nested = steps[7]!.data as AnyData;
    assert.equal(nested.data.data.messageType, 'ErrorMessage');
    assert.equal(nested.data.data.calluri, `${ctx.baseUrl}/api/v2/calls/0071023821aec021`);
  });

  test('carries a 5 MiB string and a 1,000-deep Bayeux message', () => {
    assert.equal((steps[9]!.data as AnyData).call.userData.Blob.length, HUGE_PAYLOAD_BYTES);
    const deep = steps[10]!;
    assert.equal(depth({ channel: deep.channel, data: deep.data }), DEEP_NESTING);
    assert.equal(depth(deepObject(10)), 10);
    assert.doesNotThrow(() => JSON.stringify(deep.data));
  });

  test('delivers markup verbatim and transcript index 5 before index 4', () => {
    const texts = (i: number) => (steps[i]!.data as AnyData).messages.map((m: AnyData) => m.text);
    assert.deepEqual(texts(12), ['<img src=x onerror=alert(1)>', '<script>alert("xss")</script>', '<a href="javascript:alert(1)">click me</a>']);
    assert.deepEqual([13, 14].map((i) => (steps[i]!.data as AnyData).messages[0].index), [5, 4]);
  });

  test('ends with one call id in two states at the same instant', () => {
    const [a, b] = steps.slice(17).map((s) => s as { at: number; data: AnyData });
    assert.equal(a!.data.call.id, b!.data.call.id);
    assert.equal(a!.at, b!.at);
    assert.deepEqual([a!.data.call.state, b!.data.call.state], ['Established', 'Held']);
  });
});
