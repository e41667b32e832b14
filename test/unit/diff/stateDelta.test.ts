import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { create, type Delta } from 'jsondiffpatch';
import { DEFAULT_MAX_DEPTH } from '../../../src/capture/depthCap';
import { normalize, stateDelta } from '../../../src/diff/stateDelta';
import { itemKey } from '../../../src/diff/deltaChanges';

// The same options as src/diff/stateDiff.ts: jsondiffpatch over whole normalized states is the oracle.
const differ = create({
  objectHash: (item: object, index?: number) => itemKey(item) ?? `$$index:${index ?? 0}`,
  arrays: { detectMove: true, includeValueOnMove: false },
  cloneDiffValues: false,
});
const diffArrays = (a: unknown[], b: unknown[]): Delta => differ.diff(a, b);
// Bare (prototype-free) copies keep jsondiffpatch from tripping over inherited names such as
// `constructor`; the JSON round trip gives the delta ordinary objects, as stateDelta does.
const oracle = (a: unknown, b: unknown): Delta => {
  const delta = differ.diff(normalize(a, 0, '', true), normalize(b, 0, '', true));
  return delta === undefined ? undefined : (JSON.parse(JSON.stringify(delta)) as Delta);
};

const capability = fc.constantFrom('Answer', 'Hangup', 'Hold', 'Retrieve', 'SendDtmf', 'Complete', 'Transfer');
const participant = fc.record(
  { participantId: fc.constantFrom('P1', 'P2', 'P3', 'P4'), nickname: fc.constantFrom('client', 'agent1', 'agent2'), type: fc.constantFrom('Agent', 'Customer') },
  { requiredKeys: ['nickname'] },
);
const leaf = fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.constant(null));
// Free-form values, including the awkward keys a hostile payload can carry.
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, leaf, tie('arr'), tie('obj')),
  arr: fc.array(tie('any'), { maxLength: 3 }),
  obj: fc.dictionary(fc.constantFrom('a', 'b', 'id', '__proto__', 'constructor', 'odd key'), tie('any'), { maxKeys: 3 }),
})).any;
const state = fc.record(
  {
    id: fc.constantFrom('C1', 'C2'),
    state: fc.constantFrom('Dialing', 'Ringing', 'Established', 'Held', 'Released'),
    capabilities: fc.array(capability, { maxLength: 6 }),
    participants: fc.array(participant, { maxLength: 4 }),
    userData: fc.dictionary(fc.constantFrom('Segment', 'Lang', 'ticket'), leaf, { maxKeys: 3 }),
    devices: fc.array(fc.record({ id: fc.constantFrom('D1', 'D2'), capabilities: fc.array(capability, { maxLength: 3 }) }), { maxLength: 2 }),
    extra: value,
  },
  { requiredKeys: [] },
);
// Successive states share most of their content: derive `after` from `before` by a few edits.
const pair = fc.tuple(state, state, fc.array(fc.constantFrom('id', 'state', 'capabilities', 'participants', 'userData', 'devices', 'extra'), { maxLength: 3 })).map(([before, other, changed]) => {
  const after: Record<string, unknown> = { ...before };
  for (const key of changed) {
    if (Object.hasOwn(other, key)) after[key] = (other as Record<string, unknown>)[key];
    else delete after[key];
  }
  return [before, after] as const;
});

describe('stateDelta', () => {
  test('gives the delta jsondiffpatch gives for the whole normalized states (2,000 generated pairs)', () => {
    fc.assert(
      fc.property(pair, ([before, after]) => {
        assert.deepEqual(stateDelta(before, after, diffArrays), oracle(before, after));
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  test('also for unrelated values of any shape', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        assert.deepEqual(stateDelta(a, b, diffArrays), oracle(a, b));
      }),
      { numRuns: 1000, seed: 11 },
    );
  });

  test('writes capability set changes in jsondiffpatch key order: added, _t, removed', () => {
    const delta = stateDelta({ capabilities: ['Hold', 'Answer', 'Hangup'] }, { capabilities: ['Hangup', 'Retrieve', 'Answer'] }, diffArrays);
    assert.deepEqual(delta, { capabilities: { 2: ['Retrieve'], _t: 'a', _2: ['Hold', 0, 0] } });
    assert.deepEqual(Object.keys((delta as { capabilities: object }).capabilities), ['2', '_t', '_2']);
  });

  test('hands only differing arrays to jsondiffpatch, with unchanged items shared by identity', () => {
    const seen: Array<[unknown[], unknown[]]> = [];
    const spy = (a: unknown[], b: unknown[]): Delta => {
      seen.push([a, b]);
      return differ.diff(a, b);
    };
    const p1 = { participantId: 'P1', nickname: 'agent1' };
    const before = { state: 'Ringing', userData: { a: 1 }, participants: [p1], capabilities: ['Answer'] };
    const after = { state: 'Established', userData: { a: 1 }, participants: [{ ...p1 }, { participantId: 'P2', nickname: 'client' }], capabilities: ['Answer'] };
    assert.deepEqual(stateDelta(before, after, spy), { state: ['Ringing', 'Established'], participants: { 1: [{ participantId: 'P2', nickname: 'client' }], _t: 'a' } });
    assert.equal(seen.length, 1);
    assert.equal(seen[0][1][0], seen[0][0][0], 'the unchanged participant is the same object on both sides');
  });

  test('values past the depth cap compare equal, as in the journal', () => {
    let a: unknown = { x: 1 };
    let b: unknown = { x: 2 };
    for (let i = 0; i < DEFAULT_MAX_DEPTH + 5; i++) {
      a = { n: a };
      b = { n: b };
    }
    assert.equal(stateDelta(a, b, diffArrays), undefined);
    assert.equal(oracle(a, b), undefined);
  });
});
