import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { until, type TimelinePage } from './support/timelinePage';
import { timelineSuite } from './support/timelineSuite';

/**
 * Issue 18's webview points against the real TimelineService over a demo capture, in Chromium:
 * the transcript's layout in both pane layouts at two window sizes, the splitter and column widths
 * kept per panel, the scope chip and the empty list's words, the Changes tab, the Transcript tab.
 */

const SIZES = [
  { width: 1400, height: 900 },
  { width: 1024, height: 768 },
];

const rect = (p: Page, selector: string): Promise<{ left: number; right: number; width: number; height: number; top: number }> =>
  p.$eval(selector, (e) => {
    const r = e.getBoundingClientRect();
    return { left: r.left, right: r.right, width: r.width, height: r.height, top: r.top };
  });
const lastState = (p: Page): Promise<Record<string, unknown>> => p.evaluate(() => (window as unknown as { __states: Array<Record<string, unknown>> }).__states.at(-1) ?? {});

describe('timeline webview: what a newcomer hit (real host)', () => {
  const suite = timelineSuite(300, { noPageErrors: true });
  const text = (selector: string): Promise<string[]> => suite.current!.page.$$eval(selector, (els) => els.map((e) => e.textContent ?? ''));
  const home = async (t: TimelinePage): Promise<void> => {
    await t.page.focus('.vlist');
    await t.page.keyboard.press('Home');
    await t.page.waitForSelector('.row[data-seq="4"]');
  };

  for (const size of SIZES) {
    for (const layout of ['side', 'stacked'] as const) {
      test(`transcript text gets its own full-width line, clocks named: ${layout} at ${size.width}×${size.height}`, async () => {
        const t = await suite.open({ viewport: size, state: { panes: { layout } } });
        await home(t);
        await t.clickSeq(4);
        await t.page.click('#tab-transcript');
        await t.page.waitForSelector('.view-transcript .transcript-line .text');
        const widths = await t.page.$$eval('.view-transcript .transcript-line .text', (els) => els.map((e) => e.getBoundingClientRect().width));
        assert.equal(widths.length, 3);
        for (const w of widths) assert.ok(w > 200, `text box ${w} px wide`);
        const heights = await t.page.$$eval('.view-transcript .transcript-line .text', (els) => els.map((e) => e.getBoundingClientRect().height));
        for (const hgt of heights) assert.ok(hgt < 40, `one short line stays one line (${hgt} px)`);
        assert.ok(await t.page.$(`.main.panes-${layout}`), `${layout} layout applied`);
        assert.deepEqual(await text('.view-transcript .transcript-line .clock'), ['GWS', 'GWS', 'GWS']);
        assert.deepEqual(await text('.view-transcript .transcript-state .clock'), ['received', 'received', 'received']);
      });
    }
  }

  test('the splitter resizes the detail pane and the size is kept per panel; columns resize and Size stays in the list', async () => {
    const t = await suite.open({ viewport: SIZES[1] });
    const sizeInside = async (): Promise<number[]> => t.page.evaluate(() => {
      const pane = document.querySelector('.list-pane')!.getBoundingClientRect();
      return [...document.querySelectorAll('.cell.size')].map((c) => c.getBoundingClientRect().right - pane.right).filter((d) => d > 0.5);
    });
    assert.deepEqual(await sizeInside(), [], 'Size inside the list pane at the default split');
    const before = await rect(t.page, 'vscode-panels.detail');
    const bar = await rect(t.page, '.splitter');
    const x = bar.left + bar.width / 2;
    const y = bar.top + bar.height / 2;
    await t.page.mouse.move(x, y);
    await t.page.mouse.down();
    await t.page.mouse.move(x - 100, y, { steps: 4 });
    await t.page.mouse.move(x - 150, y, { steps: 2 });
    await t.page.mouse.up();
    const after = await rect(t.page, 'vscode-panels.detail');
    assert.ok(Math.abs(after.width - before.width - 150) <= 3, `detail ${before.width} → ${after.width} px`);
    assert.deepEqual(await sizeInside(), [], 'Size inside the narrower list pane');
    const saved = await lastState(t.page);
    assert.equal((saved.panes as { width: number }).width, Math.round(after.width));
    // A column grip: the Resource column grows by the drag, rows follow.
    const cellBefore = await rect(t.page, '.row[data-seq="312"] .cell.resource');
    const grip = await rect(t.page, '.list-header .cell.resource .col-grip');
    await t.page.mouse.move(grip.left + 2, grip.top + 4);
    await t.page.mouse.down();
    await t.page.mouse.move(grip.left + 42, grip.top + 4, { steps: 3 });
    await t.page.mouse.up();
    const cellAfter = await rect(t.page, '.row[data-seq="312"] .cell.resource');
    assert.ok(Math.abs(cellAfter.width - cellBefore.width - 40) <= 4, `resource column ${cellBefore.width} → ${cellAfter.width} px`);
    const kept = await lastState(t.page);
    assert.equal((kept.columns as Record<string, number>).resource, Math.round(cellAfter.width));
    await t.close();
    suite.forget();
    const again = await suite.open({ viewport: SIZES[1], state: kept });
    assert.ok(Math.abs((await rect(again.page, 'vscode-panels.detail')).width - after.width) <= 1, 'the split came back with the panel state');
    assert.ok(Math.abs((await rect(again.page, '.row[data-seq="312"] .cell.resource')).width - cellAfter.width) <= 1, 'the column width came back');
  });

  test('a scoped timeline shows a removable chip; an empty list says "0 matches in this call" and offers to clear', async () => {
    const t = await suite.open();
    await home(t);
    await t.clickSeq(6);
    assert.equal(await t.page.isVisible('#tab-transcript'), false, 'no Transcript tab on a call row');
    await t.page.click('#tab-resource');
    await t.page.click('vscode-button.scope-to');
    await until(() => text('.scope-chip .scope-label'), (v) => v[0] === 'call c1', 'the chip');
    assert.equal(await t.page.isVisible('.scope-chip'), true);
    assert.equal(await t.page.isVisible('.empty-state'), false);
    await t.page.click('vscode-text-field.filter');
    await t.page.keyboard.type('zzzz');
    await t.page.keyboard.press('Enter');
    await t.page.waitForSelector('.empty-state:not([hidden])');
    assert.deepEqual(await text('.empty-state .empty-words'), ['0 matches in this call']);
    assert.deepEqual(await text('.empty-state vscode-button'), ['Clear filter', 'Clear scope']);
    await t.page.click('.empty-state vscode-button.clear-filter');
    await until(() => t.page.$$eval('.row[data-seq]', (els) => els.length), (n) => n === 3, 'the call rows back');
    assert.equal(await t.page.$eval('vscode-text-field.filter', (el) => (el as HTMLInputElement).value), '');
    assert.equal(await t.page.isVisible('.empty-state'), false);
    await t.page.click('.scope-chip .scope-clear');
    await until(() => text('.status'), (v) => /^312 rows .* all traffic$/.test(v[0] ?? ''), 'all traffic again');
    assert.equal(await t.page.isVisible('.scope-chip'), false);
  });

  test('Changes: capabilities only as chips, record numbers say "record", a MessageLogUpdated is a transcript update with its lines', async () => {
    const t = await suite.open();
    await home(t);
    await t.clickSeq(7);
    await t.page.waitForSelector('.capability-removed');
    const paths = await text('.view-changes .change .path');
    assert.ok(paths.includes('state') && !paths.some((p) => p.startsWith('capabilities')), `change rows: ${paths.join(', ')}`);
    assert.deepEqual(await text('.view-changes .against'), ['record #6 → record #7']);
    await t.clickSeq(4);
    await t.page.waitForSelector('.view-changes .transcript-update .transcript-line');
    assert.deepEqual(await text('.view-changes .against'), ['transcript update · record #4']);
    assert.deepEqual(await text('.view-changes .transcript-update > .note'), ['Transcript update: 3 new lines']);
    assert.deepEqual(await text('.view-changes .transcript-update .text'), ['first line', 'second line', 'third line']);
    assert.equal((await text('.view-changes')).join('').includes('first state'), false);
    assert.equal(await t.page.isVisible('#tab-transcript'), true, 'the Transcript tab on a chat row');
  });
});
