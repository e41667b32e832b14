import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FindingsEngine } from '../../../src/findings/engine';
import { RowFindings } from '../../../src/findings/rowFindings';
import { OfflineSession } from '../../../src/session/offlineSession';
import { Emitter } from '../../../src/util/emitter';
import { callMsg, chatLog, harness, journalIn, tempDir, writeJournal } from './helpers';

/**
 * The timeline's side of findings over a real journal and the real engine: rows carry their
 * findings (worst first), `is:finding` keeps only them, and the host can open the view at a record.
 */
describe('findings in the timeline', () => {
  const tmp = tempDir();
  let session: OfflineSession;
  const rows = new RowFindings();
  before(async () => {
    const path = journalIn(tmp.dir);
    writeJournal(path, [
      callMsg(1, 'c1', 'Ringing'),
      callMsg(2, 'c1', 'Released'),
      callMsg(3, 'c1', 'Established'),
      chatLog(4, 'ch', [{ index: 1, type: 'Text', text: 'a' }]),
      chatLog(5, 'ch', [{ index: 3, type: 'Text', text: '<img src=x onerror=alert(1)>' }]),
      callMsg(6, 'c2', 'Ringing'),
    ]);
    session = await OfflineSession.open(path);
    const engine = new FindingsEngine(session.tracker, (r) => session.readRecords(r.map((row) => session.tracker.columns.seqAt(row))), { only: new Set(['after-end', 'transcript-gap']) });
    engine.onDidAdd((added) => rows.add(added));
    engine.advance();
    await engine.settled();
  });
  after(() => {
    session.dispose();
    tmp.cleanup();
  });

  const open = () => harness(session, { sessions: { all: () => [session], onDidChange: new Emitter<void>().event, findingsOf: (s) => (s === session ? rows : undefined) } });

  test('RowFindings answers a range in row order, whatever order the findings came in', () => {
    const r = new RowFindings();
    const f = (row: number) => ({ rule: 'gap' as const, severity: 'warning' as const, resource: null, row, seqs: [row + 1], message: `m${row}` });
    r.add([f(5), f(1)]);
    r.add([f(3), f(5)]);
    assert.deepEqual(r.rows(0, 10), [1, 3, 5]);
    assert.deepEqual(r.rows(2, 5), [3]);
    assert.equal(r.at(5)?.length, 2);
  });

  test('rows carry their findings; is:finding keeps only those rows, in any case, with other terms ANDed', async () => {
    const h = open();
    const all = await h.request<'timeline/snapshot'>({ type: 'webview/ready' });
    const marked = all.page.rows.filter((r) => r.findings).map((r) => [r.seq, r.findings!.map((f) => [f.rule, f.severity])]);
    assert.deepEqual(marked, [[3, [['after-end', 'warning']]], [5, [['transcript-gap', 'error']]]]);
    const only = await h.request<'timeline/snapshot'>({ type: 'view/filter/set', filter: { text: 'is:finding' } });
    assert.deepEqual(only.page.rows.map((r) => r.seq), [3, 5]);
    const anded = await h.request<'timeline/snapshot'>({ type: 'view/filter/set', filter: { text: 'IS:FINDING type:Call' } });
    assert.deepEqual(anded.page.rows.map((r) => r.seq), [3]);
    const unknown = await h.request<'timeline/snapshot'>({ type: 'view/filter/set', filter: { text: 'is:nothing' } });
    assert.equal(unknown.total, 0);
    h.service.dispose();
  });

  test('without a findings source, is:finding shows nothing and rows carry none', async () => {
    const h = harness(session);
    const all = await h.request<'timeline/snapshot'>({ type: 'webview/ready' });
    assert.ok(all.page.rows.every((r) => r.findings === undefined));
    const only = await h.request<'timeline/snapshot'>({ type: 'view/filter/set', filter: { text: 'is:finding' } });
    assert.equal(only.total, 0);
    h.service.dispose();
  });

  test('the host opens the view at a record: asked before the page is ready, the first snapshot selects it', async () => {
    const h = open();
    h.service.setScope({ kind: 'all' }, 3);
    const snap = await h.request<'timeline/snapshot'>({ type: 'webview/ready', selectedSeq: 6 });
    assert.equal(snap.page.rows[snap.selectedIndex - snap.page.start]?.seq, 3);
    h.service.dispose();
  });
});
