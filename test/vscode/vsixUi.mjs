// UI pass on the workbench where the extension was installed from its .vsix.
import assert from 'node:assert/strict';

export default async function vsixUiChecks({ page, check, screenshot, openViewContainer, runCommand, webview }) {
  const rows = page.locator('.sidebar .monaco-list-row');
  await check('the GWS Notifications view appears', async () => {
    await openViewContainer('GWS Notifications');
    await page.locator('.sidebar', { hasText: 'Start the demo simulator' }).first().waitFor({ state: 'visible', timeout: 20_000 });
  });
  await check('Start Demo Simulator runs from the palette and the tree fills', async () => {
    await runCommand('GWS Notifications: Start Demo Simulator');
    // It asks which demo: one agent (the first item) or the team.
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'One agent' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await rows.filter({ hasText: 'Demo simulator' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await rows.filter({ hasText: 'Ready' }).or(rows.filter({ hasText: 'NotReady' })).first().waitFor({ state: 'visible', timeout: 30_000 });
    // The group's count may be painted a refresh after the device row: wait for it, then read it.
    await rows.filter({ hasText: /Devices\s*1/ }).first().waitFor({ state: 'visible', timeout: 10_000 }).catch(() => {});
    const texts = await rows.allInnerTexts();
    assert.ok(texts.some((t) => /Devices\s*1/.test(t)), texts.join(' | '));
    await screenshot('vsix-tree');
  });
  await check('the device opens its timeline: the packaged webview bundle loads from its own folder', async () => {
    await rows.filter({ hasText: 'Ready' }).or(rows.filter({ hasText: 'NotReady' })).first().click();
    await webview().locator('[role="option"].row-message').first().waitFor({ state: 'visible', timeout: 20_000 });
    await screenshot('vsix-timeline');
  });
}
