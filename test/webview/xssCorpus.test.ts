import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CaptureRecord } from '../../src/capture/records';
import { CORPUS_SEED, HOSTILE_STRINGS, textArb } from '../reliability/hostileCorpus';
import { callMsg, chatLog, chatMsg, devicesMsg, message } from '../unit/timeline/helpers';
import { sharedChromium } from './support/browser';
import { openCapture } from './support/fixtures';
import { pageServerSuite } from './support/timelineSuite';
import { openTimeline } from './support/timelinePage';

/**
 * The hostile corpus's strings (the fixed hostile list plus strings fast-check draws: lone
 * surrogates, bidi overrides, zero-width and combining characters, markup) as ids, nicknames,
 * states, chat text, userData keys and values, capabilities and error text, rendered by the built
 * webview in Chromium. Pass: no dialog, window.__pwned still 0, no element injected, no on*
 * attribute or javascript: URL anywhere (shadow roots included), no CSP violation, no page error.
 */
const STRINGS = [...HOSTILE_STRINGS, ...fc.sample(textArb, { seed: CORPUS_SEED, numRuns: 120 })];
const nonEmpty = (s: string, i: number): string => (s === '' ? `empty-${i}` : s);
/** A URI path segment made of the string's safe characters (lone surrogates cannot be URI-encoded). */
const segment = (s: string, i: number): string => s.replace(/[^A-Za-z0-9]/g, '_').slice(0, 40) || `x${i}`;

function corpusRecords(): CaptureRecord[] {
  const records: CaptureRecord[] = [];
  const at = (i: number) => STRINGS[i % STRINGS.length]!;
  for (let i = 0; i < STRINGS.length; i += 4) {
    const [a, b, c, d] = [at(i), at(i + 1), at(i + 2), at(i + 3)];
    const chatId = nonEmpty(a, i);
    const seq = records.length + 1;
    records.push(chatMsg(seq, chatId, b, [{ participantId: c, nickname: d, type: 'Customer' }, { participantId: a, nickname: b, type: c }]));
    records.push(chatLog(seq + 1, segment(chatId, i), [{ index: 2, type: 'Text', text: c, visibility: d, from: { nickname: a, type: 'Customer', participantId: b } }, { index: 1, type: b, text: d, from: { nickname: c, type: 'Agent' } }]));
    records.push(callMsg(seq + 2, nonEmpty(b, i + 1), c, { userData: { [a]: b, [c]: d, [nonEmpty(d, i)]: { [b]: a } }, capabilities: [a, d], participants: [{ phoneNumber: d, digits: a }] }));
    records.push(message(seq + 3, '/v2/me/calls', { messageType: 'ErrorMessage', errorMessage: d, deviceUri: `http://gws/api/v2/devices/${segment(a, i)}`, callUri: `http://gws/api/v2/me/calls/x${i}` }));
    records.push(devicesMsg(seq + 4, [{ id: nonEmpty(c, i + 2), state: a }]));
    records.push(message(seq + 5, `/v2/me/${segment(a, i)}`, { messageType: b, notificationType: c, referenceId: d }));
  }
  return records;
}

const server = pageServerSuite();

test(`${STRINGS.length} hostile corpus strings in every field: nothing runs, nothing is injected`, async () => {
  const records = corpusRecords();
  const capture = await openCapture(records);
  const t = await openTimeline(await sharedChromium(), server, capture.session);
  const dialogs: string[] = [];
  t.page.on('dialog', (dlg) => {
    dialogs.push(dlg.message());
    void dlg.dismiss();
  });
  const census = (): Promise<{ counts: Record<string, number>; handlers: string[] }> =>
    t.page.evaluate(() => {
      const all: Element[] = [];
      const roots: Array<Document | ShadowRoot> = [document];
      while (roots.length > 0) {
        for (const el of roots.pop()!.querySelectorAll('*')) {
          all.push(el);
          if (el.shadowRoot) roots.push(el.shadowRoot);
        }
      }
      const counts: Record<string, number> = {};
      for (const tag of ['img', 'script', 'iframe', 'object', 'embed', 'svg', 'style', 'a', 'form', 'b']) counts[tag] = document.querySelectorAll(tag).length;
      const handlers = all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name) || (/javascript:/i.test(a.value) && ['href', 'src', 'action', 'formaction'].includes(a.name))).map((a) => `${el.tagName}[${a.name}]`));
      return { counts, handlers };
    });
  try {
    const baseline = await census();
    await t.page.focus('.vlist');
    await t.page.keyboard.press('Home');
    let visited = 0;
    // Walk the list with the keyboard (every row renders), opening each tab on every third record.
    for (let seq = 1; seq <= records.length; seq++) {
      await t.page.keyboard.press('ArrowDown');
      if (seq % 3 !== 0) continue;
      const row = await t.page.$(`.row[data-seq="${seq}"]`);
      if (!row) continue;
      await row.click();
      // The Transcript tab is hidden on rows that name no chat.
      for (const tab of ['json', 'resource', 'transcript', 'changes']) if (await t.page.isVisible(`#tab-${tab}`)) await t.page.click(`#tab-${tab}`);
      await t.page.waitForTimeout(20);
      visited++;
    }
    for (const s of HOSTILE_STRINGS.slice(0, 5)) {
      await t.page.click('vscode-text-field.filter');
      await t.page.keyboard.press('Control+A');
      await t.page.keyboard.type(s);
      await t.page.keyboard.press('Enter');
      await t.page.waitForTimeout(80);
    }
    const now = await census();
    assert.deepEqual(now.counts, baseline.counts, 'no element injected');
    assert.deepEqual(now.handlers, [], 'no on* attribute or javascript: URL');
    assert.equal(await t.page.evaluate(() => (window as unknown as { __pwned: number }).__pwned), 0, 'no payload ran');
    assert.deepEqual(dialogs, []);
    assert.deepEqual(await t.violations(), [], 'nothing even tried to run inline');
    assert.ok(visited >= records.length / 4, `details opened for ${visited} records`);
    console.log(`figure xssCorpus: ${JSON.stringify({ strings: STRINGS.length, records: records.length, detailsOpened: visited })}`);
  } finally {
    await t.close();
    capture.cleanup();
  }
});
