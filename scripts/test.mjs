// Runs every test suite and ends with one plain line CI can read: "N passed, N failed".
// Suites: node (unit + integration, node:test via tsx); more are registered in SUITES as they land.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Test files under `dir` whose names end in `.test.ts`, sorted for a stable order. */
function findTests(dir) {
  const out = [];
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries.sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findTests(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** Runs node's test runner over `files`, echoing its output, and reads its own pass/fail totals. */
function runNodeTests(name, files, extraArgs = []) {
  return new Promise((resolve) => {
    if (files.length === 0) {
      resolve({ name, passed: 0, failed: 1, note: 'no test files found' });
      return;
    }
    const args = ['--import', 'tsx', '--test', '--test-reporter=tap', ...extraArgs, ...files];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString()).slice(-4096);
    });
    child.on('close', (code) => {
      const passed = Number(/^# pass (\d+)/m.exec(tail)?.[1] ?? 0);
      const failed = Number(/^# fail (\d+)/m.exec(tail)?.[1] ?? 0);
      // A runner that crashed or printed no totals counts as a failure, never as a silent pass.
      const broken = code !== 0 && failed === 0 ? 1 : 0;
      resolve({ name, passed, failed: failed + broken, note: broken ? `exited ${code}` : '' });
    });
  });
}

/** A TCP port free right now (for the untrusted-workspace trap server). */
function freePort() {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** `npm run package`: the production .vsix, as users install it. */
function packageVsix() {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'package'], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`npm run package exited ${code}`));
      const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
      resolve(join(process.cwd(), `gws-notification-debugger-${version}.vsix`));
    });
  });
}

/**
 * The extension's suites inside a real VS Code (code-server's VS Code server + Debian chromium):
 * the main suite with the Playwright UI pass, then an untrusted-workspace launch.
 */
async function runVscodeSuites() {
  try {
    const { buildTests } = await import('./vscode/buildTests.mjs');
    const { runExtensionTests } = await import('./vscode/launch.mjs');
    const main = await buildTests({ suiteDir: 'test/vscode/extension', outDir: 'out/test/vscode/extension' });
    const ui = (await import('../test/vscode/extensionUi.mjs')).default;
    const e = await runExtensionTests({ extensionDevelopmentPath: '.', extensionTestsPath: main.outDir, workspace: mkdtempSync('/tmp/vsct-ws-'), label: 'extension', ui, timeoutMs: 300_000 });
    const trust = await buildTests({ suiteDir: 'test/vscode/untrusted', outDir: 'out/test/vscode/untrusted' });
    const port = await freePort();
    const folder = mkdtempSync('/tmp/vsct-untrusted-');
    mkdirSync(join(folder, '.vscode'));
    writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'gwsNotifications.servers': [{ name: 'From the workspace', url: `http://127.0.0.1:${port}`, username: 'agent1' }] }));
    const u = await runExtensionTests({ extensionDevelopmentPath: '.', extensionTestsPath: trust.outDir, workspace: folder, trusted: false, label: 'untrusted', env: { GWS_TRAP_PORT: String(port) } });
    const demo = await buildTests({ suiteDir: 'test/vscode/demo', outDir: 'out/test/vscode/demo' });
    const demoFolder = mkdtempSync('/tmp/vsct-demo-');
    writeFileSync(join(demoFolder, '.gws-demo'), JSON.stringify({ autoStart: true }));
    const d = await runExtensionTests({ extensionDevelopmentPath: '.', extensionTestsPath: demo.outDir, workspace: demoFolder, label: 'demo' });
    const vsix = await packageVsix();
    const vsixTests = await buildTests({ suiteDir: 'test/vscode/vsix', outDir: 'out/test/vscode/vsix' });
    const vsixUi = (await import('../test/vscode/vsixUi.mjs')).default;
    const v = await runExtensionTests({ extensionDevelopmentPath: 'test/vscode/vsixProbe', extensionTestsPath: vsixTests.outDir, workspace: mkdtempSync('/tmp/vsct-ws-'), installExtensions: [vsix], ui: vsixUi, label: 'vsix', env: { GWS_SOURCE_ROOT: process.cwd() } });
    const runs = [e, u, d, v];
    return { name: 'vscode', passed: runs.reduce((n, r) => n + r.passed, 0), failed: runs.reduce((n, r) => n + r.failed, 0) };
  } catch (err) {
    console.error(err);
    return { name: 'vscode', passed: 0, failed: 1, note: err?.message ?? String(err) };
  }
}

const SUITES = {
  unit: () => runNodeTests('unit', findTests('test/unit')),
  integration: () => runNodeTests('integration', findTests('test/integration'), ['--test-concurrency=1']),
  reliability: () => runNodeTests('reliability', findTests('test/reliability'), ['--test-concurrency=1']),
  browser: () => runNodeTests('browser', findTests('test/webview'), ['--test-concurrency=1']),
  vscode: runVscodeSuites,
};

const only = process.argv.includes('--suite') ? process.argv[process.argv.indexOf('--suite') + 1] : null;
const names = only ? [only] : Object.keys(SUITES);
const results = [];
for (const name of names) {
  if (!SUITES[name]) {
    console.error(`unknown suite ${name}; known: ${Object.keys(SUITES).join(', ')}`);
    process.exit(2);
  }
  results.push(await SUITES[name]());
}

console.log('');
for (const r of results) console.log(`suite ${r.name}: ${r.passed} passed, ${r.failed} failed${r.note ? ` (${r.note})` : ''}`);
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
