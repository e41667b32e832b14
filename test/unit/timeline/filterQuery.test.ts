import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CaptureRecord } from '../../../src/capture/records';
import { OfflineSession } from '../../../src/session/offlineSession';
import { fieldMatches, isEmptyQuery, parseQuery, QUERY_FIELDS, QUERY_HELP, QUERY_PLACEHOLDER } from '../../../src/timeline/filterQuery';
import { callMsg, devicesMsg, harness, journalIn, message, tempDir, writeJournal } from './helpers';

describe('parseQuery', () => {
  test('words are ANDed, quotes keep a phrase, state:/type:/id: narrow to a field', () => {
    assert.deepEqual(parseQuery('BR68MU Held'), { text: ['BR68MU', 'Held'], state: [], type: [], id: [], is: [] });
    assert.deepEqual(parseQuery('  "Invalid Called Dn"  x '), { text: ['Invalid Called Dn', 'x'], state: [], type: [], id: [], is: [] });
    assert.deepEqual(parseQuery('state:Held type:Call ID:000B3 rest'), { text: ['rest'], state: ['Held'], type: ['Call'], id: ['000B3'], is: [] });
    assert.deepEqual(parseQuery('state:"On Hold" type:"'), { text: [], state: ['On Hold'], type: [], id: [], is: [] });
  });

  test('is:finding names rows that trigger a finding; the tooltip and placeholder say so', () => {
    assert.deepEqual(parseQuery('is:finding Held'), { text: ['Held'], state: [], type: [], id: [], is: ['finding'] });
    assert.deepEqual(parseQuery('IS:Finding').is, ['Finding']);
    assert.ok(!isEmptyQuery(parseQuery('is:finding')));
    assert.match(QUERY_HELP, /is:finding: records that trigger a finding/);
    assert.match(QUERY_PLACEHOLDER, /is:finding/);
  });

  test('what is not a field term stays text: unknown fields, a bare field name, an unclosed quote', () => {
    assert.deepEqual(parseQuery('errorCode:5 http://gws/x state: id:').text, ['errorCode:5', 'http://gws/x', 'state:', 'id:']);
    assert.deepEqual(parseQuery('"open phrase').text, ['open phrase']);
    assert.deepEqual(parseQuery('a"b c').text, ['a"b', 'c']);
    assert.ok(isEmptyQuery(parseQuery('  ""  " " ')));
  });

  test('fieldMatches is part of the field, any case', () => {
    assert.ok(fieldMatches('CallStateChangeMessage', 'call'));
    assert.ok(!fieldMatches(undefined, 'x'));
    assert.ok(!fieldMatches('Held', 'Established'));
  });

  test('fuzz: any input parses; every term is non-empty and was typed; words of plain text come back as typed', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'B', ' ', '"', ':', 'state', 'type', 'id', '\t', 'é', '\\') , maxLength: 40 }), (input) => {
        const q = parseQuery(input);
        for (const list of [q.text, ...QUERY_FIELDS.map((f) => q[f])]) for (const term of list) {
          assert.ok(term.length > 0, 'no empty term');
          assert.ok(input.includes(term), `term ${JSON.stringify(term)} comes from the input`);
        }
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z0-9-]{1,8}$/), { maxLength: 6 }), (words) => {
        assert.deepEqual(parseQuery(words.join('  ')).text, words.filter((w) => !/^(state|type|id):$/i.test(w)));
      }),
    );
  });
});

/** Calls with two ids sharing a prefix, one Held then Established, an error naming one, devices. */
function capture(): CaptureRecord[] {
  return [
    callMsg(1, '02ANOM000A1', 'Ringing', { userData: { Tag: 'BR68MU' } }),
    callMsg(2, '02ANOM000B3', 'Held', { userData: { Tag: 'BR68MU' } }),
    callMsg(3, '02ANOM000A1', 'Held', { userData: { Tag: 'other' } }),
    callMsg(4, '02ANOM000B3', 'Held', { userData: { Tag: 'BR68MU' } }, 'AttachedDataChanged'),
    callMsg(5, '02ANOM000B3', 'Established', { userData: { Tag: 'BR68MU' } }),
    message(6, '/v2/me/calls', { messageType: 'ErrorMessage', errorMessage: 'Invalid Called Dn', callUri: 'http://gws/api/v2/me/calls/02ANOM000B3' }),
    devicesMsg(7, [{ id: 'd1', state: 'Ready' }]),
  ];
}

describe('filter terms over a real journal (ViewRows through the service)', () => {
  const tmp = tempDir();
  let session: OfflineSession;
  before(async () => {
    const path = journalIn(tmp.dir);
    writeJournal(path, capture());
    session = await OfflineSession.open(path);
  });
  after(() => {
    session.dispose();
    tmp.cleanup();
  });

  const seqs = async (text: string): Promise<number[]> => {
    const h = harness(session);
    await h.request({ type: 'webview/ready' });
    const snap = await h.request<'timeline/snapshot'>({ type: 'view/filter/set', filter: { text } });
    h.service.dispose();
    return snap.page.rows.map((r) => r.seq);
  };

  test('"BR68MU Held" finds the rows carrying both words, anywhere in the line', async () => {
    assert.deepEqual(await seqs('BR68MU Held'), [2, 4]);
    assert.deepEqual(await seqs('held br68mu'), [2, 4]);
    assert.deepEqual(await seqs('"Invalid Called Dn"'), [6]);
    assert.deepEqual(await seqs('"Called Invalid"'), []);
    assert.deepEqual(await seqs('Called Invalid'), [6]);
  });

  test('state: is the state of a resource the row names after that row, from the tracker', async () => {
    assert.deepEqual(await seqs('state:Held'), [2, 3, 4]);
    assert.deepEqual(await seqs('state:held id:000B3'), [2, 4]);
    assert.deepEqual(await seqs('state:Ready'), [7]);
  });

  test('id: names a resource (with its linked errors); type: the messageType or notificationType', async () => {
    assert.deepEqual(await seqs('id:000B3'), [2, 4, 5, 6]);
    assert.deepEqual(await seqs('id:02anom'), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(await seqs('type:Attached'), [4]);
    assert.deepEqual(await seqs('type:Call type:StatusChange'), [1, 2, 3, 5]);
    assert.deepEqual(await seqs('type:Error Invalid'), [6]);
    assert.deepEqual(await seqs('type:Device id:000B3'), []);
  });
});
