// Runs every test suite and ends with one plain line CI can read: "N passed, N failed, N skipped".
// Suites: unit, integration, reliability, browser (node:test via tsx), vscode (Mocha in a real VS Code).
// A test that skips because a tool is missing says so with the reason "missing tool: …"
// (test/support/missingTool.ts); under CI (CI=true) each such skip also counts as a failure, because
// `npm run setup:system` installs every tool. `--suite vscode --only extension,vsix` runs some VS Code runs.
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

/** The reason prefix of a skip for a missing tool (test/support/missingTool.ts). */
const MISSING_TOOL = 'missing tool:';

/**
 * Runs node's test runner over `files`, echoing its output, and reads its own pass/fail totals. Skips
 * are counted from the TAP lines (`ok N - title # SKIP reason`): node's `# skipped` total leaves out
 * a skipped describe().
 */
function runNodeTests(name, files, extraArgs = []) {
  return new Promise((resolve) => {
    if (files.length === 0) {
      resolve({ name, passed: 0, failed: 1, skipped: 0, toolSkips: [], note: 'no test files found' });
      return;
    }
    const args = ['--import', 'tsx', '--test', '--test-reporter=tap', ...extraArgs, ...files];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    let partial = '';
    let skipped = 0;
    const toolSkips = [];
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const text = chunk.toString();
      tail = (tail + text).slice(-4096);
      const lines = (partial + text).split('\n');
      partial = lines.pop();
      for (const line of lines) {
        if (!/^\s*(?:not )?ok \d+ - .* # SKIP\b/.test(line)) continue;
        skipped++;
        if (line.includes(MISSING_TOOL)) toolSkips.push(line.trim());
      }
    });
    child.on('close', (code) => {
      const passed = Number(/^# pass (\d+)/m.exec(tail)?.[1] ?? 0);
      const failed = Number(/^# fail (\d+)/m.exec(tail)?.[1] ?? 0);
      // A runner that crashed or printed no totals counts as a failure, never as a silent pass.
      const broken = code !== 0 && failed === 0 ? 1 : 0;
      resolve({ name, passed, failed: failed + broken, skipped, toolSkips, note: broken ? `exited ${code}` : '' });
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
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : null;
  const want = (label) => !only || only.includes(label);
  try {
    const { buildTests } = await import('./vscode/buildTests.mjs');
    const { runExtensionTests } = await import('./vscode/launch.mjs');
    const runs = [];
    if (want('extension')) {
      const main = await buildTests({ suiteDir: 'test/vscode/extension', outDir: 'out/test/vscode/extension' });
      const ui = (await import('../test/vscode/extensionUi.mjs')).default;
      runs.push(await runExtensionTests({ extensionDevelopmentPath: '.', extensionTestsPath: main.outDir, workspace: mkdtempSync('/tmp/vsct-ws-'), label: 'extension', ui, timeoutMs: 300_000 }));
    }
    if (want('untrusted')) {
      const trust = await buildTests({ suiteDir: 'test/vscode/untrusted', outDir: 'out/test/vscode/untrusted' });
      const port = await freePort();
      const folder = mkdtempSync('/tmp/vsct-untrusted-');
      mkdirSync(join(folder, '.vscode'));
      writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'gwsNotifications.servers': [{ name: 'From the workspace', url: `http://127.0.0.1:${port}`, username: 'agent1' }], 'gwsNotifications.connectionSets': [{ name: 'Workspace set', connections: [{ name: 'Set entry', url: `http://127.0.0.1:${port}`, username: 'agent1' }] }] }));
      runs.push(await runExtensionTests({ extensionDevelopmentPath: '.', extensionTestsPath: trust.outDir, workspace: folder, trusted: false, label: 'untrusted', env: { GWS_TRAP_PORT: String(port) } }));
    }
    if (want('demo')) {
      const demo = await buildTests({ suiteDir: 'test/vscode/demo', outDir: 'out/test/vscode/demo' });
      const demoFolder = mkdtempSync('/tmp/vsct-demo-');
      // Speed 20: the script (88 s in real time) plays in under 5 s, so the test sees it end.
      writeFileSync(join(demoFolder, '.gws-demo'), JSON.stringify({ autoStart: true, speed: 20 }));
      runs.push(await runExtensionTests({ extensionDevelopmentPath: '.', extensionTestsPath: demo.outDir, workspace: demoFolder, label: 'demo' }));
    }
    if (want('vsix')) {
      const vsix = await packageVsix();
      const vsixTests = await buildTests({ suiteDir: 'test/vscode/vsix', outDir: 'out/test/vscode/vsix' });
      const vsixUi = (await import('../test/vscode/vsixUi.mjs')).default;
      runs.push(await runExtensionTests({ extensionDevelopmentPath: 'test/vscode/vsixProbe', extensionTestsPath: vsixTests.outDir, workspace: mkdtempSync('/tmp/vsct-ws-'), installExtensions: [vsix], ui: vsixUi, label: 'vsix', env: { GWS_SOURCE_ROOT: process.cwd() } }));
    }
    const sum = (key) => runs.reduce((n, r) => n + r[key], 0);
    // Mocha's pending tests are its skips; none of these runs skips for a missing tool (a missing
    // chromium or VS Code server makes the launcher throw, which is a failure).
    return { name: 'vscode', passed: sum('passed'), failed: sum('failed') + (runs.length ? 0 : 1), skipped: sum('pending'), toolSkips: [], note: runs.length ? '' : `no run matches --only ${only}` };
  } catch (err) {
    console.error(err);
    return { name: 'vscode', passed: 0, failed: 1, skipped: 0, toolSkips: [], note: err?.message ?? String(err) };
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

const ci = !!process.env.CI && !['false', '0'].includes(process.env.CI);
console.log('');
for (const r of results) console.log(`suite ${r.name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${r.note ? ` (${r.note})` : ''}`);
const toolSkips = results.flatMap((r) => r.toolSkips);
if (toolSkips.length) {
  console.log(`${toolSkips.length} test(s) skipped because a tool is missing${ci ? ' (a failure under CI: `npm run setup:system` installs every tool)' : ''}:`);
  for (const line of toolSkips) console.log(`  ${line}`);
}
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0) + (ci ? toolSkips.length : 0);
const skipped = results.reduce((s, r) => s + r.skipped, 0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
