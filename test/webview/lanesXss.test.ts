import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CaptureRecord } from '../../src/capture/records';
import { LaneBook } from '../../src/lanes/laneBook';
import { SPAN_STRIDE } from '../../src/lanesProtocol';
import { CORPUS_SEED, HOSTILE_STRINGS, textArb } from '../reliability/hostileCorpus';
import { callMsg, chatMsg, devicesMsg, T0 } from '../unit/timeline/helpers';
import { sharedChromium } from './support/browser';
import { openCapture } from './support/fixtures';
import { pageServerSuite } from './support/timelineSuite';
import { openTimeline, until } from './support/timelinePage';

/**
 * The hostile corpus as the ids and states of calls, chats and devices, through the Lanes tab:
 * every lane label in sight and the tooltip of every lane read exactly the text the host sent
 * (rendered as text), and nothing runs: window.__pwned stays 0, no element or on* attribute is
 * injected, no CSP violation, no dialog.
 */
const STRINGS = [...HOSTILE_STRINGS, ...fc.sample(textArb, { seed: CORPUS_SEED, numRuns: 40 })];
const nonEmpty = (s: string, i: number): string => (s.trim() === '' ? `empty-${i}` : s);
/** Lone surrogates cannot cross Playwright's UTF-8 channel as they are: both sides compare them as U+FFFD. */
const wellFormed = (s: string): string => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

function records(): CaptureRecord[] {
  const out: CaptureRecord[] = [];
  const timed = (r: CaptureRecord, ms: number): CaptureRecord => ({ ...r, receivedAt: new Date(T0 + ms).toISOString() }) as CaptureRecord;
  STRINGS.forEach((s, i) => {
    const id = nonEmpty(s, i);
    const state = nonEmpty(STRINGS[(i + 1) % STRINGS.length], i);
    out.push(timed(callMsg(out.length + 1, id, state, { participants: [{ phoneNumber: s, digits: s }] }), i));
    out.push(timed(chatMsg(out.length + 1, id, state, [{ participantId: s, nickname: s, type: 'Customer' }]), i));
    out.push(timed(devicesMsg(out.length + 1, [{ id, state }]), i));
  });
  // A second state a minute later, so every first span is wide enough to hover.
  STRINGS.forEach((s, i) => out.push(timed(callMsg(out.length + 1, nonEmpty(s, i), 'Released'), 60_000)));
  return out;
}

const server = pageServerSuite();

test(`${STRINGS.length} hostile corpus strings as lane labels and tooltips: shown as text, nothing runs`, async () => {
  const capture = await openCapture(records());
  const t = await openTimeline(await sharedChromium(), server, capture.session, { viewport: { width: 1400, height: 700 } });
  const dialogs: string[] = [];
  t.page.on('dialog', (d) => void (dialogs.push(d.message()), d.dismiss()));
  try {
    const expected = await new LaneBook().page([{ session: capture.session, findings: () => undefined }], { type: 'lanes/get', start: 0, count: 500 });
    const names = expected.lanes.map((l) => wellFormed(`${l.kind} ${l.label}`));
    // The state at 30 s (the middle of the plot): a repeated id's lane may hold several states at its start.
    const states = expected.lanes.map((l) => {
      let i = 0;
      while (i + SPAN_STRIDE < l.spans.length && l.spans[i + SPAN_STRIDE] <= T0 + 30_000) i += SPAN_STRIDE;
      return wellFormed(expected.names[l.spans[i + 2]]);
    });
    assert.equal(expected.total, new Set(STRINGS.map(nonEmpty)).size * 3, 'a lane for each distinct id of each kind');
    const census = (): Promise<{ elements: number; handlers: string[]; pwned: number }> =>
      t.page.evaluate(() => ({ elements: document.querySelectorAll('img, script, iframe, object, embed, svg, style, a, form, b').length, handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)), pwned: (window as unknown as { __pwned: number }).__pwned }));
    const baseline = await census();
    await t.page.click('#tab-lanes');
    await t.page.waitForSelector('.lane-label:not([hidden])');
    await t.page.focus('.lanes-canvas');
    const box = (await (await t.page.$('.lanes-canvas'))!.boundingBox())!;
    const seen = new Set<number>();
    let hovered = 0;
    const firstRow = (): Promise<number> => t.page.$$eval('.lane-label:not([hidden])', (els) => Math.min(...els.map((e) => Number((e as HTMLElement).dataset.row))));
    // Down page by page, then back up for any lane a page turn left at an edge: each turn waits
    // until the lanes in sight have changed, so no label is read at its old height.
    for (const key of ['PageDown', 'PageUp']) {
      for (let turn = 0; turn < 40 && seen.size < names.length; turn++) {
        await until(() => t.page.$$eval('.lane-label:not([hidden])', (els) => els.every((e) => e.textContent !== '…')), (ok) => ok, 'the lanes in sight loaded');
        const shown = (await t.page.$$eval('.lane-label:not([hidden])', (els) => els.map((e) => ({ row: Number((e as HTMLElement).dataset.row), text: e.textContent ?? '', y: new DOMMatrix(getComputedStyle(e).transform).m42 })))).map((l) => ({ ...l, text: wellFormed(l.text) }));
        for (const label of shown) {
          if (seen.has(label.row) || label.y < 22 || label.y + 20 > box.height) continue;
          seen.add(label.row);
          assert.equal(label.text, names[label.row], `lane ${label.row}'s label is the host's text`);
          // Each try hovers where the lane's label is now: under load the lanes may still be settling
          // after the last page turn, and a hover at a stale height shows a neighbour's tooltip.
          const hover = async (): Promise<string[]> => {
            const y = await t.page.$eval(`.lane-label[data-row="${label.row}"]:not([hidden])`, (e) => new DOMMatrix(getComputedStyle(e).transform).m42).catch(() => undefined);
            if (y === undefined) return [];
            await t.page.mouse.move(box.x + 190 + (box.width - 190) / 2, box.y + y + 10);
            return t.page.$$eval('.lane-tip:not([hidden]) > div', (els) => els.map((e) => e.textContent ?? '')).then((lines) => lines.map(wellFormed));
          };
          const tip = await until(hover, (lines) => lines[0] === names[label.row], `the tooltip of lane ${label.row}`);
          assert.ok(tip[1].startsWith(`${states[label.row]} · `), `lane ${label.row}'s tooltip names its state ${JSON.stringify(states[label.row])}: ${JSON.stringify(tip[1])}`);
          hovered++;
        }
        const before = await firstRow();
        await t.page.keyboard.press(key);
        const after = await until(firstRow, (row) => row !== before, 'the page turned', 2000).catch(() => before);
        if (after === before) break;
      }
    }
    assert.equal(seen.size, names.length, 'every lane was shown');
    assert.ok(hovered >= names.length - 2, `tooltips read for ${hovered} lanes`);
    assert.deepEqual(await census(), { ...baseline, handlers: [], pwned: 0 }, 'no element injected, no on* attribute, nothing ran');
    assert.deepEqual(dialogs, []);
    assert.deepEqual(await t.violations(), []);
  } finally {
    await t.close();
    capture.cleanup();
  }
});
