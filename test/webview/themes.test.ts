import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sharedChromium } from './support/browser';
import { demoRecords, openCapture } from './support/fixtures';
import { pageServerSuite } from './support/timelineSuite';
import { REPO } from './support/pageServer';
import { openTimeline } from './support/timelinePage';

/** Light, dark and high contrast: colours come from the --vscode-* variables; screenshots go to test-results/. */

const THEMES = {
  dark: { background: 'rgb(31, 31, 31)', error: 'rgb(248, 81, 73)' },
  light: { background: 'rgb(255, 255, 255)', error: 'rgb(248, 81, 73)' },
  hc: { background: 'rgb(0, 0, 0)', error: 'rgb(244, 135, 113)' },
} as const;

const server = pageServerSuite();

test('the timeline takes its colours from the theme variables in light, dark and high contrast', async () => {
  const capture = await openCapture(demoRecords(300));
  const outDir = join(REPO, 'test-results');
  mkdirSync(outDir, { recursive: true });
  try {
    for (const [theme, expected] of Object.entries(THEMES) as Array<[keyof typeof THEMES, (typeof THEMES)[keyof typeof THEMES]]>) {
      const t = await openTimeline(await sharedChromium(), server, capture.session, { theme });
      await t.page.focus('.vlist');
      await t.page.keyboard.press('Home');
      await t.page.waitForSelector('.row[data-seq="7"]');
      await t.clickSeq(7);
      await t.page.waitForSelector('.capability-removed');
      const colours = await t.page.evaluate(() => ({
        background: getComputedStyle(document.body).backgroundColor,
        error: getComputedStyle(document.querySelector('.row-error')!).color,
        outline: `${getComputedStyle(document.querySelector('.row.selected')!).outlineStyle} ${getComputedStyle(document.querySelector('.row.selected')!).outlineColor}`,
      }));
      assert.equal(colours.background, expected.background, `${theme} background`);
      assert.equal(colours.error, expected.error, `${theme} error rows`);
      if (theme === 'hc') assert.match(colours.outline, /^(solid|dashed) rgb\(243, 133, 24\)$/, 'high contrast marks the selection with an orange outline');
      await t.page.screenshot({ path: join(outDir, `timeline-${theme}.png`) });
      assert.deepEqual(await t.violations(), []);
      await t.close();
    }
  } finally {
    capture.cleanup();
  }
});
