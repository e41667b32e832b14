import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { MessageRecord } from '../../src/capture/records';
import type { CaptureSession } from '../../src/session/captureSession';
import { linkedTwins, type TimelineSessions } from '../../src/timeline/sessionSources';
import { Emitter } from '../../src/util/emitter';
import { CORPUS_SEED, HOSTILE_STRINGS, textArb } from '../reliability/hostileCorpus';
import { callMsg, FedSession, journalIn, T0, tempDir, writeJournal } from '../unit/timeline/helpers';
import { closeSharedChromium, sharedChromium } from './support/browser';
import { openCapture } from './support/fixtures';
import { startPageServer, type PageServer } from './support/pageServer';
import { openTimeline, until, type TimelinePage } from './support/timelinePage';

/**
 * The timeline across sessions in Chromium against the real TimelineService: the Session column,
 * the "All sessions" toggle, reads routed to a row's own session, a late row merged in place, and
 * hostile session labels shown as text.
 */

const callAt = (seq: number, ms: number, id: string, state: string, extra: Record<string, unknown> = {}): MessageRecord => ({ ...callMsg(seq, id, state, extra), receivedAt: new Date(T0 + ms).toISOString() });

/** agent1's and agent2's sides of one call (callUuid U1), received alternately. */
const sideA = (): MessageRecord[] => [1, 2, 3, 4].map((seq) => callAt(seq, seq * 10, 'A-1', seq < 4 ? 'Established' : 'Released', { callUuid: 'U1', userData: { Side: 'side-of-agent1' } }));
const sideB = (): MessageRecord[] => [1, 2, 3, 4].map((seq) => callAt(seq, seq * 10 + 5, 'B-1', seq < 4 ? 'Established' : 'Released', { callUuid: 'U1', userData: { Side: 'side-of-agent2' } }));

/** Gives a session the label the tree would show. */
function named<T extends CaptureSession>(session: T, label: string): T {
  Object.defineProperty(session, 'label', { get: () => label });
  return session;
}

function directory(list: CaptureSession[]): TimelineSessions {
  return { all: () => list, onDidChange: new Emitter<void>().event, twinsOf: (s, kind, id) => linkedTwins(list, s, kind, id) };
}

describe('timeline across sessions in Chromium', () => {
  let server: PageServer;
  const cleanups: Array<() => void> = [];
  let a: CaptureSession;
  let b: CaptureSession;
  let tl: TimelinePage | undefined;
  before(async () => {
    server = await startPageServer();
    const ca = await openCapture(sideA());
    const cb = await openCapture(sideB());
    cleanups.push(ca.cleanup, cb.cleanup);
    a = named(ca.session, 'agent1@sim');
    b = named(cb.session, 'agent2@sim');
  });
  afterEach(async () => {
    if (!tl) return;
    assert.deepEqual(await tl.violations(), [], 'no CSP violations');
    assert.deepEqual((await tl.posted()).filter((m) => m.type === 'webview/error'), [], 'the page reported no error of its own');
    await tl.close();
    tl = undefined;
  });
  after(async () => {
    await closeSharedChromium();
    await server?.close();
    for (const c of cleanups) c();
  });

  const sessionCells = (t: TimelinePage): Promise<string[]> => t.page.$$eval('.row', (rows) => [...rows].sort((x, y) => Number((x as HTMLElement).dataset.index) - Number((y as HTMLElement).dataset.index)).map((r) => r.querySelector('.cell.session')?.textContent ?? '-'));
  const headerShown = (t: TimelinePage): Promise<boolean> => t.page.$eval('.list-header .cell.session', (el) => getComputedStyle(el).display !== 'none');

  test('All sessions: a Session column, rows merged by time, and a row of the other session read from its own journal', async () => {
    const t = (tl = await openTimeline(await sharedChromium(), server, a, { service: { sessions: directory([a, b]), scope: { kind: 'all', allSessions: true } } }));
    await t.page.waitForSelector('.list-pane.across');
    assert.equal(await headerShown(t), true);
    assert.deepEqual(await sessionCells(t), ['agent1@sim', 'agent2@sim', 'agent1@sim', 'agent2@sim', 'agent1@sim', 'agent2@sim', 'agent1@sim', 'agent2@sim']);
    assert.equal(await t.page.$eval('vscode-button.across', (el) => [el.hasAttribute('hidden'), el.getAttribute('aria-pressed')].join()), 'false,true');
    assert.match(await t.page.$eval('.status', (el) => el.textContent ?? ''), /8 rows · All sessions · all traffic, every session/);
    await t.page.click('.row[data-index="3"]');
    await t.page.click('#tab-json');
    await t.page.waitForSelector('pre.json');
    assert.match(await t.page.$eval('pre.json', (el) => el.textContent ?? ''), /side-of-agent2/);
    const asked = (await t.posted()).filter((m) => m.type === 'record/get');
    assert.deepEqual(asked.at(-1), { type: 'record/get', seq: 2, session: b.id });
  });

  test('the toggle spans every session and back; a resource scope spans its twins', async () => {
    const t = (tl = await openTimeline(await sharedChromium(), server, a, { service: { sessions: directory([a, b]) } }));
    assert.equal(await t.page.$eval('vscode-button.across', (el) => [el.hasAttribute('hidden'), el.getAttribute('aria-pressed')].join()), 'false,false');
    assert.equal(await t.page.$('.list-pane.across'), null);
    assert.equal(await headerShown(t), false);
    assert.equal(await t.page.$('.row .cell.session'), null);
    await t.page.click('vscode-button.across');
    await t.page.waitForSelector('.list-pane.across .row[data-index="7"] .cell.session');
    assert.ok((await t.posted()).some((m) => m.type === 'view/scope/set' && m.scope.kind === 'all' && m.scope.allSessions === true));
    await t.page.click('vscode-button.across');
    await until(() => t.page.$$eval('.row', (rows) => rows.length), (n) => n === 4, 'the single session again');
    assert.equal(await t.page.$('.list-pane.across'), null);
    // The service scoped to agent2's call with its twins: agent1's side of the same call joins it.
    t.host.service.setScope({ kind: 'resource', resourceKind: 'call', id: 'B-1', session: b.id, allSessions: true });
    await until(() => sessionCells(t), (cells) => cells.length === 8 && cells[0] === 'agent1@sim', 'the call with its twin');
    assert.match(await t.page.$eval('.status', (el) => el.textContent ?? ''), /call B-1, with its twins/);
  });

  test('a row received late goes to its place; the selected row stays selected', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const late = callAt(5, 12, 'A-9', 'Dialing', { callUuid: 'U7' });
    const fa = named(new FedSession(journalIn(tmp.dir, 'a.ndjson')), 'live-agent1');
    const fb = named(new FedSession(journalIn(tmp.dir, 'b.ndjson')), 'live-agent2');
    const aEntries = writeJournal(journalIn(tmp.dir, 'a.ndjson'), [...sideA(), late]);
    fa.feed(aEntries.slice(0, 4));
    fb.feed(writeJournal(journalIn(tmp.dir, 'b.ndjson'), sideB()));
    const t = (tl = await openTimeline(await sharedChromium(), server, fa, { service: { sessions: directory([fa, fb]), scope: { kind: 'all', allSessions: true }, appendIntervalMs: 0 } }));
    await t.page.click('.row[data-index="5"]');
    assert.equal(await t.page.$eval('.row[data-index="5"]', (el) => [el.getAttribute('aria-selected'), el.querySelector('.cell.session')?.textContent].join()), 'true,live-agent2');
    fa.feed([aEntries[4]]);
    // Received at 12 ms: second in the merged order, before every row but the first.
    await until(() => t.page.$$eval('.row[data-index="1"] .cell.resource', (els) => els.map((e) => e.textContent)), (v) => v[0] === 'call A-9 5000', 'the late row in its place');
    // The selection mark leaves the moved rows at once and comes back on the same record once located.
    const selected = () => t.page.$$eval('.row[aria-selected="true"]', (els) => els.map((e) => [(e as HTMLElement).dataset.index, (e as HTMLElement).dataset.seq, e.querySelector('.cell.session')?.textContent].join()));
    await until(selected, (v) => v.length === 1 && v[0] === '6,3,live-agent2', 'the selected record marked at its new place');
    fa.dispose();
    fb.dispose();
  });

  test('hostile session labels in the Session column are shown as text: nothing runs, nothing is injected', async () => {
    const labels = [...HOSTILE_STRINGS, ...fc.sample(textArb, { seed: CORPUS_SEED, numRuns: 20 })];
    const sessions: CaptureSession[] = [];
    for (const [i, label] of labels.entries()) {
      const c = await openCapture([callAt(1, i * 2, `c${i}`, 'Established'), callAt(2, i * 2 + 1, `c${i}`, 'Released')]);
      cleanups.push(c.cleanup);
      sessions.push(named(c.session, label));
    }
    const t = (tl = await openTimeline(await sharedChromium(), server, sessions[0], { service: { sessions: directory(sessions), scope: { kind: 'all', allSessions: true } } }));
    const dialogs: string[] = [];
    t.page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
    const injected = (): Promise<number> => t.page.evaluate(() => document.querySelectorAll('img, script, iframe, svg, style, object, embed, b, a, form').length);
    const baseline = await injected();
    await t.page.focus('.vlist');
    await t.page.keyboard.press('Home');
    for (let i = 0; i < labels.length * 2; i++) await t.page.keyboard.press('ArrowDown');
    const shown = await t.page.$$eval('.row .cell.session', (els) => els.map((e) => [e.textContent ?? '', e.getAttribute('title') ?? ''] as const));
    assert.ok(shown.length > 10, `${shown.length} session cells rendered`);
    const wellFormed = new Set(labels.filter((l) => (l as string & { isWellFormed(): boolean }).isWellFormed()));
    for (const [text, title] of shown) {
      assert.equal(text, title);
      if (wellFormed.has(text)) continue;
      assert.ok(labels.some((l) => l.length === text.length), `a label shown whole: ${JSON.stringify(text)}`);
    }
    assert.ok(shown.some(([text]) => text === HOSTILE_STRINGS[0]) || shown.some(([text]) => HOSTILE_STRINGS.includes(text)), 'hostile labels are among the rows shown');
    assert.equal(await injected(), baseline, 'no element injected');
    assert.deepEqual(await t.page.evaluate(() => [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((at) => /^on/i.test(at.name)).map((at) => at.name))), []);
    assert.equal(await t.page.evaluate(() => (window as unknown as { __pwned: number }).__pwned), 0, 'no payload ran');
    assert.deepEqual(dialogs, []);
    console.log(`figure sessionLabels: ${JSON.stringify({ sessions: sessions.length, cellsChecked: shown.length })}`);
  });
});
