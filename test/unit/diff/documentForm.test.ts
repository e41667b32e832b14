import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DOCUMENT_FORM_NOTE, documentForm, documentText } from '../../../src/diff/documentForm';
import { diffStates } from '../../../src/diff/stateDiff';

/** Lines a line diff marks (added + removed), from the longest common subsequence, as the diff editor compares. */
function changedLines(a: string, b: string): number {
  const x = a.split('\n');
  const y = b.split('\n');
  const lcs: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  return x.length + y.length - 2 * lcs[0][0];
}

const before = {
  id: 'C1',
  state: 'Established',
  capabilities: ['Hangup', 'Hold', 'SendDtmf', 'Transfer', 'Conference', 'Mute'],
  participants: [{ participantId: 'P2', nickname: 'Ann' }, { participantId: 'P1', nickname: 'Bob' }],
};
// One capability gained, everything reshuffled: the keyed diff sees one change.
const after = {
  id: 'C1',
  state: 'Established',
  capabilities: ['Mute', 'Conference', 'Transfer', 'SendDtmf', 'Hold', 'Hangup', 'Retrieve'],
  participants: [{ participantId: 'P1', nickname: 'Bob' }, { participantId: 'P2', nickname: 'Ann' }],
};

describe('the diff editor documents (issue 18.11)', () => {
  test('a reordered state differs by one line, as in the keyed diff; as received it differs by many', () => {
    const keyed = diffStates(before, after);
    assert.deepEqual(keyed.capabilities?.map((c) => [c.added, c.removed]), [[['Retrieve'], []]]);
    assert.equal(keyed.participants, undefined);
    assert.equal(changedLines(documentText(before), documentText(after)), 1);
    assert.ok(changedLines(JSON.stringify(before, null, 2), JSON.stringify(after, null, 2)) > 5, 'raw documents show the reordering');
  });

  test('the first line says the documents are normalized; lists without keys keep their order', () => {
    assert.equal(documentText(before).split('\n')[0], DOCUMENT_FORM_NOTE);
    assert.match(DOCUMENT_FORM_NOTE, /^\/\/ Normalized .*capabilities sorted.*participants/);
    assert.deepEqual(documentForm({ list: ['b', 'a'], items: [{ x: 2 }, { x: 1 }], mixed: [{ id: 'b' }, { x: 1 }, { id: 'a' }] }), { list: ['b', 'a'], items: [{ x: 2 }, { x: 1 }], mixed: [{ id: 'b' }, { x: 1 }, { id: 'a' }] });
    assert.deepEqual(documentForm({ devices: [{ id: 'd2' }, { id: 'd1' }] }), { devices: [{ id: 'd1' }, { id: 'd2' }] });
    assert.deepEqual(JSON.parse(documentText({ __proto__: 1, a: [{ id: 'y' }, { id: 'x' }] } as unknown).split('\n').slice(1).join('\n')), { a: [{ id: 'x' }, { id: 'y' }] });
  });
});
