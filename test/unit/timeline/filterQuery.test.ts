import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CaptureRecord } from '../../../src/capture/records';
import { OfflineSession } from '../../../src/session/offlineSession';
import { fieldMatches, isEmptyQuery, parseQuery, QUERY_FIELDS, QUERY_HELP, QUERY_PLACEHOLDER } from '../../../src/timeline/filterQuery';
import { callMsg, devicesMsg, FedSession, harness, journalIn, message, tempDir, writeJournal } from './helpers';

describe('parseQuery', () => {
  test('words are ANDed, quotes keep a phrase, state:/type:/id: narrow to a field', () => {
    assert.deepEqual(parseQuery('BR68MU Held'), { text: ['BR68MU', 'Held'], state: [], type: [], id: [], is: [] });
    assert.deepEqual(parseQuery('  "Invalid Called Dn"  x '), { text: ['Invalid Called Dn', 'x'], state: [], type: [], id: [], is: [] });
    assert.deepEqual(parseQuery('state:Held type:Call ID:000B3 rest'), { text: ['rest'], state: ['Held'], type: ['Call'], id: ['000B3'], is: [] });
    assert.deepEqual(parseQuery('state:"On Hold" type:"'), { text: [], state: ['On Hold'], type: [], id: [], is: [] });
  });

  test('is:finding names rows that trigger a finding; the tooltip and placeholder say so', () => {
    assert.deepEqual(parseQuery('is:finding Held'), { text: ['Held'], state: [], type: [], id: [], is: ['finding'] });
    assert.deepEqual(parseQuery('IS:Finding').is, ['finding']);
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
    await h.service.receive({ messageId: 1, body: { type: 'view/filter/set', filter: { text } } });
    // The answer, not a progress report a slow scan sent before it.
    const snap = h.posted.find((p) => p.inReplyTo === 1 && p.body.type !== 'request/progress')?.body;
    h.service.dispose();
    assert.equal(snap?.type, 'timeline/snapshot');
    return snap.type === 'timeline/snapshot' ? snap.page.rows.map((r) => r.seq) : [];
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

test('field terms match rows as they arrive: a new resource for id:, a later state for state:', async () => {
  const tmp = tempDir();
  const path = journalIn(tmp.dir);
  const entries = writeJournal(path, [callMsg(1, '02ANOM000A1', 'Ringing'), callMsg(2, '02ANOM000A1', 'Held'), callMsg(3, '02ANOM000B3', 'Ringing'), callMsg(4, '02ANOM000B3', 'Held'), callMsg(5, '02ANOM000C7', 'Held'), callMsg(6, '02ANOM000A1', 'Established')]);
  const session = new FedSession(path);
  session.feed(entries.slice(0, 2));
  const views = [harness(session, { appendIntervalMs: 5 }), harness(session, { appendIntervalMs: 5 })];
  try {
    const totals: number[] = [];
    for (const [h, text] of [[views[0], 'state:Held'], [views[1], 'id:000B3']] as const) {
      await h.request({ type: 'webview/ready' });
      await h.service.receive({ messageId: 1, body: { type: 'view/filter/set', filter: { text } } });
      const snap = h.posted.find((p) => p.inReplyTo === 1 && p.body.type !== 'request/progress')?.body;
      totals.push(snap?.type === 'timeline/snapshot' ? snap.total : -1);
    }
    assert.deepEqual(totals, [1, 0]);
    session.feed(entries.slice(2));
    const appended = async (h: (typeof views)[number], total: number): Promise<number[]> => {
      for (let i = 0; i < 400; i++) {
        const last = h.posted.map((p) => p.body).filter((b) => b.type === 'timeline/append').at(-1);
        if (last?.type === 'timeline/append' && last.total === total) return last.tail.rows.map((r) => r.seq);
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`no append with ${total} rows`);
    };
    // The tail carries the rows new to the view.
    assert.deepEqual(await appended(views[0], 3), [4, 5]);
    assert.deepEqual(await appended(views[1], 2), [3, 4]);
  } finally {
    for (const h of views) h.service.dispose();
    session.dispose();
    tmp.cleanup();
  }
});
