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
const { outDir } = await buildTests({ suiteDir: 'test/vscode/demo', outDir: 'out/test/vscode/screenshots' });

async function ui({ page, check, openViewContainer, runCommand, webview }) {
  const shot = (name) => page.screenshot({ path: join(out, `${name}.png`) });
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
}

const result = await runExtensionTests({ extensionDevelopmentPath: PROJECT_ROOT, extensionTestsPath: outDir, workspace, label: 'screenshots', ui, timeoutMs: 240_000 });
console.log(`screenshots in ${out}: ${result.failed === 0 ? 'ok' : 'FAILED'}`);
process.exit(result.failed === 0 ? 0 : 1);
