#!/usr/bin/env node
// Runs an extension's Mocha suite inside a real VS Code extension host (the VS Code 1.139 server bundled
// by code-server, under Node 24; its web workbench in Debian's chromium via playwright-core), then optional
// Playwright UI checks on the same page while the host is still alive. Library: runExtensionTests().
// CLI: `node scripts/vscode/launch.mjs --help`.
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from './paths.mjs';
import { checkSystemPackages, provision } from './provision.mjs';
import { installExtension, serverDirs, startServer } from './server.mjs';
import { openWorkbench, uiHelpers, workbenchUrl } from './workbench.mjs';

/** Default folder for screenshots, console and workbench logs (git-ignored). */
export const RESULTS_DIR = join(PROJECT_ROOT, 'test-results', 'vscode');

// Unref'd: a wait still pending after the run ended must not keep the caller's process alive.
const sleep = (ms) => new Promise((r) => setTimeout(r, ms).unref());

/** Calls `onText` with whatever is appended to `file`, polling; stop() flushes the rest. */
function tailFile(file, onText) {
  let offset = 0;
  const buf = Buffer.alloc(64 * 1024);
  const pump = () => {
    if (!existsSync(file)) return;
    const fd = openSync(file, 'r');
    try {
      for (let n; (n = readSync(fd, buf, 0, buf.length, offset)) > 0; offset += n) onText(buf.toString('utf8', 0, n));
    } finally {
      closeSync(fd);
    }
  };
  const timer = setInterval(pump, 200);
  return { flush: pump, stop: () => (clearInterval(timer), pump()) };
}

/** Resolves once `file` exists. */
async function waitForFile(file) {
  while (!existsSync(file)) await sleep(100);
}

/** Parsed JSON of `file`, or null when it is absent or unreadable. */
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Saves the workbench's own log files (handed over with the exit code) for post-mortems. */
function saveWorkbenchLogs(logs, dir) {
  for (const { relativePath, contents } of logs) {
    const path = join(dir, relativePath);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, contents);
  }
}

/**
 * Runs `extensionTestsPath` (a folder whose index.js exports `run()`, e.g. built by buildTests.mjs) in an
 * extension host that loads `extensionDevelopmentPath`, with `workspace` open. Options: trusted (default
 * true; false keeps workspace trust on), ui (async (helpers) => void, run after Mocha finished while the
 * host is alive; see workbench.mjs uiHelpers), env (extra env for the server and extension host),
 * installExtensions (.vsix paths), timeoutMs (hard limit for the run after provisioning), label,
 * screenshotDir, log (text sink, default stdout), verbose (echo server output and browser errors).
 * Never throws for test failures: resolves { passed, failed, pending, exitCode, tests, errors, screenshots, durationMs }.
 */
export async function runExtensionTests(options) {
  const o = { trusted: true, timeoutMs: 180_000, label: 'vscode', env: {}, installExtensions: [], verbose: false,
    screenshotDir: RESULTS_DIR, log: (s) => process.stdout.write(s),
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  const log = o.log;
  await provision({ log: (m) => log(`${m}\n`) });
  checkSystemPackages({ forBuild: false });
  const extensionDevelopmentPath = resolve(o.extensionDevelopmentPath);
  const extensionTestsPath = resolve(o.extensionTestsPath);
  const workspace = resolve(o.workspace);
  if (!existsSync(join(extensionDevelopmentPath, 'package.json'))) throw new Error(`no extension at ${extensionDevelopmentPath}`);
  if (!existsSync(join(extensionTestsPath, 'index.js'))) throw new Error(`no index.js in ${extensionTestsPath} (build the tests first)`);
  mkdirSync(workspace, { recursive: true });
  mkdirSync(o.screenshotDir, { recursive: true });

  const started = Date.now();
  const root = mkdtempSync('/tmp/vsct-'); // short on purpose: socket paths under it must stay <= 107 bytes
  const dirs = serverDirs(root);
  const files = { results: join(root, 'results.json'), mocha: join(root, 'mocha.log'), gate: join(root, 'ui-done'), calls: join(root, 'host') };
  const consoleFile = join(o.screenshotDir, `${o.label}-console.log`);
  writeFileSync(consoleFile, '');
  const onConsole = (kind, text) => {
    writeFileSync(consoleFile, `[${kind}] ${text}\n`, { flag: 'a' });
    if (kind === 'exthost' || o.verbose) log(`[${kind}] ${text}\n`);
  };
  const errors = [];
  const ui = uiState();
  let server, wb, exit = null, timer;
  const tail = tailFile(files.mocha, (text) => log(text));
  log(`vscode ${o.label}: starting (${o.trusted ? 'trusted' : 'untrusted'} workspace ${workspace})\n`);

  const body = async () => {
    for (const vsix of o.installExtensions) log(`${installExtension(resolve(vsix), dirs)}\n`);
    const env = { ...o.env, EXTHOST_TEST_RESULTS: files.results, EXTHOST_TEST_LOG: files.mocha };
    if (o.ui) Object.assign(env, { EXTHOST_TEST_GATE: files.gate, EXTHOST_TEST_CALLS: files.calls });
    server = await startServer({ dirs, trusted: o.trusted, env, onLine: (l) => o.verbose && log(`[server] ${l}\n`) });
    const url = workbenchUrl(server.port, { folder: workspace, extensionDevelopmentPath, extensionTestsPath });
    wb = await openWorkbench(url, { onConsole });
    wb.exited.then((e) => (exit = e));
    // Mocha finishing (results written) or the host ending first (it crashed or run() threw early).
    await Promise.race([waitForFile(files.results), wb.exited]);
    tail.flush(); // the whole Mocha report before the UI pass's lines
    if (o.ui && !exit) await runUi(wb.page, o, ui, log, files.calls);
    writeFileSync(files.gate, '');
    await Promise.race([wb.exited, sleep(30_000)]);
  };
  const running = body();
  running.catch(() => {}); // after a timeout it may still fail while everything is torn down
  try {
    await Promise.race([running, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`hard timeout: ${o.timeoutMs} ms`)), o.timeoutMs)))]);
  } catch (err) {
    errors.push(err?.message ?? String(err));
    const shot = join(o.screenshotDir, `${o.label}-error.png`);
    if (wb) await wb.page.screenshot({ path: shot, timeout: 5000 }).then(() => ui.screenshots.push(shot), () => {});
  } finally {
    clearTimeout(timer);
    tail.stop();
    await wb?.browser.close().catch(() => {});
    await server?.stop();
  }
  return summarize({ o, files, exit, ui, errors, server, root, started, log });
}

/** Mutable record of the UI pass. */
function uiState() {
  return { checks: [], screenshots: [] };
}

/** Runs the caller's UI callback with helpers; an exception outside any check counts as one failure. */
async function runUi(page, o, ui, log, hostCalls) {
  const { helpers, checks, screenshots } = uiHelpers(page, { screenshotDir: o.screenshotDir, label: o.label, log, hostCalls });
  log('\n  UI checks\n');
  try {
    await o.ui(helpers);
  } catch (err) {
    checks.push({ title: 'ui: callback', state: 'failed', error: String(err?.stack ?? err) });
    log(`  ✘ ui callback threw: ${err?.message ?? err}\n`);
  }
  ui.checks.push(...checks);
  ui.screenshots.push(...screenshots);
}

/** Folds Mocha's results, the UI checks, the exit code and harness errors into one verdict, prints it,
 *  and removes the run's temp folder. Harness errors (no results, no exit, timeout) count as failures. */
function summarize({ o, files, exit, ui, errors, server, root, started, log }) {
  const mocha = readJson(files.results);
  if (!mocha) errors.push('the extension host wrote no results: run() never finished (see the console log and server output)');
  if (exit === null) errors.push('the workbench never reported the end of the run (codeAutomationExit)');
  else if (mocha && (exit.code === 0) !== (mocha.failed === 0)) errors.push(`extension host exit code ${exit.code} disagrees with ${mocha.failed} failure(s)`);
  if (exit?.logs?.length) saveWorkbenchLogs(exit.logs, join(o.screenshotDir, `${o.label}-logs`));
  const uiPassed = ui.checks.filter((c) => c.state === 'passed').length;
  const uiFailed = ui.checks.length - uiPassed;
  const passed = (mocha?.passed ?? 0) + uiPassed;
  // However many ways one broken run is reported (timeout, no results, no exit), it is one failure.
  const failed = (mocha?.failed ?? 0) + uiFailed + (errors.length ? 1 : 0);
  for (const e of errors) log(`vscode ${o.label}: HARNESS ERROR: ${e}\n`);
  if (errors.length && server) log(`--- server output (last lines) ---\n${server.output().split('\n').slice(-40).join('\n')}\n`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`vscode ${o.label}: mocha ${mocha?.passed ?? 0} passed, ${mocha?.failed ?? 0} failed, ${mocha?.pending ?? 0} pending; ` +
    `ui ${uiPassed} passed, ${uiFailed} failed; exit code ${exit?.code ?? 'none'}; ${seconds}s\n`);
  if (!o.keepTemp) rmSync(root, { recursive: true, force: true });
  return {
    passed, failed, pending: mocha?.pending ?? 0, exitCode: exit?.code ?? null,
    tests: [...(mocha?.tests ?? []), ...ui.checks], errors, screenshots: ui.screenshots, durationMs: Date.now() - started,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // No top-level await here: launchCli.mjs imports this module, and a pending await would deadlock it.
  import('./launchCli.mjs').then(({ main }) => main(process.argv.slice(2))).then((code) => process.exit(code));
}
