// Playwright checks on the workbench after the extension's Mocha suite ran (a demo connection is up).
import assert from 'node:assert/strict';

/** UI callback for scripts/vscode/launch.mjs. */
export default async function extensionUiChecks({ page, check, screenshot, openViewContainer, runCommand }) {
  const rows = page.locator('.sidebar .monaco-list-row');
  await check('the GWS Notifications view shows the session, its groups and the demo resources', async () => {
    await openViewContainer('GWS Notifications');
    await rows.filter({ hasText: 'UI demo' }).first().waitFor({ state: 'visible', timeout: 20_000 });
    for (const text of ['Topics', 'Chats', 'Calls', 'Devices', 'Errors', 'Other', 'Recent Captures']) {
      await rows.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout: 10_000 });
    }
    await rows.filter({ hasText: 'Established' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await rows.filter({ hasText: 'Ready (Active)' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot('tree');
  });
  await check('Subscribe to Topic… from the palette adds the topic to the tree', async () => {
    await runCommand('GWS Notifications: Subscribe to Topic…');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: '/v2/me/emails' }).first().waitFor({ timeout: 10_000 });
    await input.fill('/v2/me/emails');
    await page.keyboard.press('Enter');
    await rows.filter({ hasText: '/v2/me/emails' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    const texts = await rows.allInnerTexts();
    assert.ok(texts.some((t) => t.includes('/v2/me/emails')), texts.join(' | '));
    await screenshot('tree-after-subscribe');
  });
  await check('the status bar shows the connection and the message count', async () => {
    const item = page.locator('.statusbar-item', { hasText: 'GWS' }).first();
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await item.innerText(), /GWS\s+4\d msgs/);
    await item.screenshot({ path: (await screenshot('status-bar-full')).replace('-full.png', '.png') });
  });
}
