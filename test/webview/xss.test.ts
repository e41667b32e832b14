import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureRecord } from '../../src/capture/records';
import { callMsg, chatLog, chatMsg, message } from '../unit/timeline/helpers';
import { sharedChromium } from './support/browser';
import { openCapture } from './support/fixtures';
import { pageServerSuite } from './support/timelineSuite';
import { openTimeline } from './support/timelinePage';

/**
 * Hostile payload text through the real host into the real page: chat text, nicknames, userData
 * keys and values, ids, error text. Nothing may run and no element may be injected.
 */

const CORPUS = [
  '<img src=x onerror="window.__pwned=1;alert(1)">',
  '<script>window.__pwned=2;alert(2)</script>',
  '"><svg onload="window.__pwned=3;alert(3)">',
  'javascript:window.__pwned=4;alert(4)',
  "'><iframe src=\"javascript:window.__pwned=5\"></iframe>",
  '</pre><style>*{display:none}</style><b onmouseover=window.__pwned=6>x</b>',
  '{{constructor.constructor("window.__pwned=7")()}}',
];

function hostileRecords(): CaptureRecord[] {
  const [img, script, svg, js, iframe, style, tpl] = CORPUS;
  const evil = { participantId: svg, nickname: img, type: script };
  const userData: Record<string, string> = {};
  CORPUS.forEach((s, i) => (userData[s] = CORPUS[(i + 1) % CORPUS.length]));
  return [
    chatMsg(1, `chat${img}`, 'Chatting', [evil]),
    chatMsg(2, `chat${img}`, style, [evil, { participantId: 'P2', nickname: svg, type: 'Agent' }], 'ParticipantsUpdated'),
    chatLog(3, `chat${img}`, CORPUS.map((text, i) => ({ index: CORPUS.length - i, type: 'Text', text, visibility: js, from: { nickname: iframe, type: tpl, participantId: 'P9' } }))),
    callMsg(4, `call${svg}`, js, { userData, capabilities: [img, script] }),
    callMsg(5, `call${svg}`, iframe, { userData: { ...userData, [tpl]: style }, capabilities: [script, svg] }),
    message(6, '/v2/me/calls', { messageType: 'ErrorMessage', errorMessage: style, deviceUri: `http://gws/api/v2/devices/${encodeURIComponent(img)}`, callUri: `http://gws/api/v2/me/calls/call${svg}` }),
    message(7, `/v2/me/${svg}`, { messageType: img, notificationType: script, referenceId: iframe }),
  ];
}

const server = pageServerSuite();

test('hostile payload text is shown as text: nothing runs, nothing is injected', async () => {
  const capture = await openCapture(hostileRecords());
  const t = await openTimeline(await sharedChromium(), server, capture.session);
  const dialogs: string[] = [];
  t.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const census = (): Promise<{ counts: Record<string, number>; handlers: string[]; bodyStyles: number }> =>
    t.page.evaluate(() => {
      // No named inner functions: tsx would wrap them in a __name() helper the page lacks.
      const all: Element[] = [];
      const roots: Array<Document | ShadowRoot> = [document];
      while (roots.length > 0) {
        for (const el of roots.pop()!.querySelectorAll('*')) {
          all.push(el);
          if (el.shadowRoot) roots.push(el.shadowRoot);
        }
      }
      const counts: Record<string, number> = {};
      for (const tag of ['img', 'script', 'iframe', 'object', 'embed', 'b']) counts[tag] = document.querySelectorAll(tag).length;
      counts.svgOutsideToolkit = [...document.querySelectorAll('svg')].length;
      const handlers = all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name) || /javascript:/i.test(a.value) && ['href', 'src', 'action'].includes(a.name)).map((a) => `${el.tagName}[${a.name}]`));
      return { counts, handlers, bodyStyles: document.body.querySelectorAll('style').length };
    });
  try {
    const baseline = await census();
    assert.deepEqual(baseline.counts, { img: 0, script: 2, iframe: 0, object: 0, embed: 0, b: 0, svgOutsideToolkit: 0 });
    await t.page.focus('.vlist');
    await t.page.keyboard.press('Home');
    for (let seq = 1; seq <= 7; seq++) {
      await t.page.waitForSelector(`.row[data-seq="${seq}"]`);
      await t.clickSeq(seq);
      for (const tab of ['changes', 'json', 'resource', 'transcript']) {
        // The Transcript tab is hidden on rows that name no chat.
        if (!(await t.page.isVisible(`#tab-${tab}`))) continue;
        await t.page.click(`#tab-${tab}`);
        await t.page.waitForTimeout(40);
      }
      await t.page.click('#tab-changes');
      await t.page.$$eval('details.unchanged', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      await t.page.hover('.view-changes').catch(() => undefined);
    }
    await t.page.click('vscode-text-field.filter');
    await t.page.keyboard.type(CORPUS[0]);
    await t.page.keyboard.press('Enter');
    await t.page.waitForTimeout(200);

    const now = await census();
    assert.deepEqual(now.counts, baseline.counts, 'no element injected');
    assert.deepEqual(now.handlers, [], 'no on* attribute or javascript: URL anywhere, shadow roots included');
    assert.equal(now.bodyStyles, 0);
    assert.equal(await t.page.evaluate(() => (window as unknown as { __pwned: number }).__pwned), 0, 'no payload ran');
    assert.deepEqual(dialogs, []);
    assert.deepEqual(await t.violations(), [], 'nothing even tried to run inline');

    // The text is there, as text.
    await t.page.click('vscode-text-field.filter');
    await t.page.keyboard.press('Escape');
    await t.page.waitForSelector('.row[data-seq="3"]');
    await t.clickSeq(3);
    await t.page.click('#tab-transcript');
    await t.page.waitForSelector('.view-transcript .transcript-line');
    const lines = await t.page.$$eval('.view-transcript .transcript-line .text', (els) => els.map((e) => e.textContent));
    assert.deepEqual(lines, [...CORPUS].reverse());
    const senders = await t.page.$$eval('.view-transcript .transcript-line .sender', (els) => els.map((e) => e.textContent));
    assert.equal(senders[0], `${CORPUS[4]} (${CORPUS[6]})`);
    assert.equal(await t.page.$eval('.row[data-seq="4"] .cell.resource', (e) => e.getAttribute('title')), `call call${CORPUS[2]} (5000)`);
  } finally {
    await t.close();
    capture.cleanup();
  }
});
