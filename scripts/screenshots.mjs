// `npm run screenshots`: the README's pictures, taken from the real product: the VS Code server,
// the extension, the demo simulator (auto-started by a .gws-demo workspace), driven by Playwright.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTests } from './vscode/buildTests.mjs';
import { runExtensionTests } from './vscode/launch.mjs';
import { PROJECT_ROOT } from './vscode/paths.mjs';

const out = join(PROJECT_ROOT, 'docs', 'images');
mkdirSync(out, { recursive: true });
const workspace = mkdtempSync('/tmp/gws-shots-');
writeFileSync(join(workspace, '.gws-demo'), JSON.stringify({ autoStart: true }));
// VS Code's chat and AI features are not part of the product: off in the pictures' workspace and,
// for the settings a workspace cannot set, in the user settings (below, before the first picture).
const NO_AI = {
  'chat.disableAIFeatures': true,
  'chat.agent.enabled': false,
  'chat.viewSessions.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.startupEditor': 'none',
};
mkdirSync(join(workspace, '.vscode'));
writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify(NO_AI, null, 2));
const { outDir } = await buildTests({ suiteDir: 'test/vscode/demo', outDir: 'out/test/vscode/screenshots' });

async function ui({ page, check, openViewContainer, runCommand, webview, hostCall }) {
  const shot = (name) => page.screenshot({ path: join(out, `${name}.png`) });
  for (const [setting, value] of Object.entries(NO_AI)) await hostCall({ setting, value }).catch((err) => console.warn(`could not set ${setting}: ${err.message}`));
  // The built-in chat panel is not part of the product: give its room to the timeline.
  await runCommand('View: Close Secondary Side Bar').catch(() => {});
  await check('tree and timeline', async () => {
    await openViewContainer('GWS Notifications');
    const rows = page.locator('.sidebar .monaco-list-row');
    // The demo runs in real time: wait for the first call to come back from hold (32 s in).
    await rows.filter({ hasText: 'Established' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await page.waitForTimeout(12_000);
    await rows.filter({ hasText: 'EMRLEA' }).first().click();
    const frame = webview();
    const held = frame.locator('[role="option"].row-message', { hasText: 'Held' }).first();
    await held.waitFor({ state: 'visible', timeout: 20_000 });
    await held.click();
    await frame.locator('.change').first().waitFor({ state: 'visible', timeout: 10_000 });
    await shot('tree-and-timeline');
  });
  await check('diff editor', async () => {
    await webview().locator('.open-diff').first().click();
    await page.locator('.monaco-diff-editor').first().waitFor({ state: 'visible', timeout: 10_000 });
    await page.waitForTimeout(500);
    await shot('diff-editor');
  });
  await check('lanes', async () => {
    // Back from the diff editor to the timeline.
    await hostCall({ command: 'workbench.action.closeActiveEditor' });
    const frame = webview();
    await frame.locator('.scope-clear').click();
    await frame.locator('#tab-lanes').click();
    // Room for the lanes (the splitter's keyboard resize: Up grows the detail below the list, Left the one beside it).
    await frame.locator('.splitter').focus();
    for (let i = 0; i < 8; i++) for (const key of ['ArrowUp', 'ArrowLeft']) await page.keyboard.press(key);
    await frame.locator('.lane-label', { hasText: /^call / }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await frame.locator('.lanes-legend .legend-item', { hasText: 'Established' }).first().waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500);
    await shot('lanes');
  });
  await check('lanes of the team', async () => {
    await hostCall({ command: 'gwsNotifications.startDemo', args: ['team'] });
    // The team plays in real time: a transfer, a conference, monitoring and a chat transfer take about a minute.
    await page.waitForTimeout(60_000);
    const frame = webview();
    // A new view tells the toolbar how many sessions are open: filter and clear.
    await frame.locator('vscode-text-field.filter').click();
    for (const key of ['x', 'Enter', 'Backspace', 'Enter']) await page.keyboard.press(key);
    await frame.locator('vscode-button.across:not([hidden])').click();
    await frame.locator('.lanes-status', { hasText: 'in 4 sessions' }).waitFor({ timeout: 20_000 });
    await frame.locator('.lanes-canvas').focus();
    await page.keyboard.press('0');
    await page.waitForTimeout(500);
    await shot('lanes-team');
  });
}

// Only the demo suite's first test: the others wait for the script's end, which takes 88 s at speed 1.
const env = { EXTHOST_TEST_GREP: 'marker activates the extension' };
const result = await runExtensionTests({ extensionDevelopmentPath: PROJECT_ROOT, extensionTestsPath: outDir, workspace, label: 'screenshots', ui, env, timeoutMs: 360_000 });
console.log(`screenshots in ${out}: ${result.failed === 0 ? 'ok' : 'FAILED'}`);
process.exit(result.failed === 0 ? 0 : 1);
