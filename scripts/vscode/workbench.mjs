// Opens the VS Code web workbench in Debian's chromium via playwright-core and gives UI checks helpers.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './paths.mjs';

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
];

/** The workbench URL that opens `folder` and runs the given extension's tests in the remote host. */
export function workbenchUrl(port, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
    ['extensionTestsPath', remote(extensionTestsPath)],
    ['skipWelcome', 'true'],
  ];
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Extension-host console lines arrive as `%c[Extension Host] %c<text> %c(at ...)` with CSS arguments. */
function consoleText(msg) {
  return msg.text().replace(/%c/g, '').replace(/\s*color: [^;]*;?/g, '').trim();
}

/**
 * Launches chromium and loads the workbench. Resolves to { browser, page, exited } where `exited`
 * settles with { code, logs } when the workbench reports the test run's end through codeAutomationExit.
 * `onConsole(kind, text)` receives browser console errors/warnings and extension-host console lines.
 */
export async function openWorkbench(url, { onConsole = () => {}, viewport = { width: 1400, height: 900 } } = {}) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    let report;
    const exited = new Promise((resolve) => (report = resolve));
    // Must exist before the workbench loads: it is how the workbench hands back the run's exit code.
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      report({ code: Number(code), logs: Array.isArray(logs) ? logs : [] });
    });
    page.on('console', (msg) => {
      const text = consoleText(msg);
      if (text.includes('[Extension Host]')) onConsole('exthost', text.replace(/^.*?\[Extension Host\]\s*/, ''));
      else if (msg.type() === 'error') onConsole('browser-error', text);
    });
    page.on('pageerror', (err) => onConsole('page-error', String(err?.stack ?? err)));
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    return { browser, page, exited };
  } catch (err) {
    await browser.close().catch(() => {});
    throw err;
  }
}

/** Helpers handed to a UI callback; `checks` collects each named check's outcome. `hostCalls` is the
 *  base path test/vscode/hostCalls.ts serves while the Mocha run waits for the UI pass. */
export function uiHelpers(page, { screenshotDir, label, log, hostCalls }) {
  mkdirSync(screenshotDir, { recursive: true });
  const checks = [];
  const screenshots = [];
  let lastCall = 0;
  const safe = (name) => name.replace(/[^a-z0-9._-]+/gi, '-').replace(/^-|-$/g, '');
  const helpers = {
    page,
    log,
    /** Saves a full-page PNG under the screenshot folder; returns its path. */
    async screenshot(name) {
      const path = join(screenshotDir, `${safe(label)}-${safe(name)}.png`);
      await page.screenshot({ path });
      screenshots.push(path);
      return path;
    },
    /** Runs `fn` as one named check: counted as passed or failed; a failure also saves a screenshot. */
    async check(name, fn) {
      const started = Date.now();
      try {
        await fn();
        checks.push({ title: `ui: ${name}`, state: 'passed', durationMs: Date.now() - started });
        log(`  ✔ ui: ${name} (${Date.now() - started}ms)\n`);
      } catch (err) {
        checks.push({ title: `ui: ${name}`, state: 'failed', error: String(err?.stack ?? err) });
        log(`  ✘ ui: ${name}\n    ${String(err?.message ?? err).split('\n').join('\n    ')}\n`);
        await helpers.screenshot(`fail-${name}`).catch(() => {});
      }
    },
    /** Runs a command by its palette title (F1, type, Enter once the focused row is that command). */
    async runCommand(title) {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      // Enter takes the focused row: wait until the filtered list has put this command there.
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first().waitFor();
      await page.keyboard.press('Enter');
    },
    /**
     * Has the extension host run `{ command, args }` or set `{ setting, value }` (user settings);
     * resolves to the command's JSON result. For state the checks need but do not test.
     */
    async hostCall(call, timeoutMs = 15_000) {
      if (!hostCalls) throw new Error('hostCall needs a run with a UI pass (the host serves calls while it waits)');
      const n = ++lastCall;
      writeFileSync(`${hostCalls}.${n}.tmp`, JSON.stringify(call));
      renameSync(`${hostCalls}.${n}.tmp`, `${hostCalls}.${n}.call`);
      const reply = `${hostCalls}.${n}.reply`;
      for (const deadline = Date.now() + timeoutMs; !existsSync(reply); ) {
        if (Date.now() > deadline) throw new Error(`the extension host did not answer ${JSON.stringify(call)} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const { ok, result, error } = JSON.parse(readFileSync(reply, 'utf8'));
      rmSync(reply, { force: true });
      if (!ok) throw new Error(`host call ${JSON.stringify(call)} failed: ${error}`);
      return result;
    },
    /** Clicks the activity bar entry whose label starts with `label`. */
    async openViewContainer(viewLabel) {
      // Clicking the container that is already shown would hide the side bar (the extension may have
      // revealed its view by itself).
      const sidebar = page.locator('.part.sidebar');
      const title = (await sidebar.isVisible()) ? await sidebar.locator('.composite.title .title-label').first().innerText().catch(() => '') : '';
      if (title.toLowerCase().includes(viewLabel.toLowerCase())) return;
      await page.locator(`.activitybar [aria-label^="${viewLabel}"]`).first().click();
    },
    /** The innermost frame of the (first ready) webview, for locating its content. */
    webview(selector = 'iframe.webview.ready') {
      return page.frameLocator(selector).frameLocator('iframe#active-frame');
    },
  };
  return { helpers, checks, screenshots };
}
