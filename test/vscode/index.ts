// Mocha bootstrap that VS Code's extension host loads as `extensionTestsPath`: it runs every compiled
// `*.test.js` beside this file and reports to files the launcher (scripts/vscode/launch.mjs) reads.
// Env (set on the server process, inherited by the extension host):
//   EXTHOST_TEST_RESULTS  JSON results file ({passed, failed, pending, tests[]})
//   EXTHOST_TEST_LOG      receives the Mocha report and the host's console output as they come (the launcher tails it)
//   EXTHOST_TEST_GATE     a file whose appearance lets run() return (the launcher's UI pass runs meanwhile)
//   EXTHOST_TEST_CALLS    base path of the UI pass's requests to the host while it waits (hostCalls.ts)
//   EXTHOST_TEST_GREP     optional Mocha grep
import Mocha from 'mocha';
import { appendFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { serveHostCalls } from './hostCalls';
import { mapStack } from './stackMapper';

/** One finished test as written to the results file. */
export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

/** The results file's shape (read by scripts/vscode/launch.mjs). */
export interface RunResults {
  passed: number;
  failed: number;
  pending: number;
  tests: TestOutcome[];
}

/** Compiled test files below `dir`, sorted for a stable order. */
function findTestFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTestFiles(path));
    else if (entry.name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

/** Sends the reporter's lines to the log file instead of the console: the launcher prints the file as
 *  it grows, and the host's console then carries only what extensions themselves log. */
function redirectReporterOutput(logFile: string | undefined): void {
  if (!logFile) return;
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  base.consoleLog = (...args: unknown[]) => appendFileSync(logFile, `${format(...args)}\n`);
}

/** Copies the extension host's console calls into the log file, in order with the Mocha report: during
 *  a test run the remote host forwards them nowhere visible. VS Code pins console.log & co. with no-op
 *  setters, so the global console itself is replaced by one that inherits from it. */
function captureConsole(logFile: string | undefined): void {
  if (!logFile) return;
  const host = console;
  const wrapped = Object.create(host) as Console;
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const write = (...args: unknown[]) => {
      appendFileSync(logFile, `[exthost ${level}] ${format(...args)}\n`);
      host[level](...args);
    };
    Object.defineProperty(wrapped, level, { value: write, writable: true, configurable: true });
  }
  Object.defineProperty(globalThis, 'console', { value: wrapped, writable: true, configurable: true });
}

/** Runs Mocha over the loaded files and collects per-test outcomes. */
function runMocha(mocha: Mocha): Promise<RunResults> {
  const results: RunResults = { passed: 0, failed: 0, pending: 0, tests: [] };
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve(results));
    runner.on('pass', (t) => {
      results.passed++;
      results.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration });
    });
    runner.on('fail', (t, err: Error) => {
      // Rewritten in place before the reporter prints it at the end of the run.
      if (err && typeof err.stack === 'string') err.stack = mapStack(err.stack);
      results.failed++;
      results.tests.push({ title: t.fullTitle(), state: 'failed', error: err?.stack ?? String(err) });
    });
    runner.on('pending', (t) => {
      results.pending++;
      results.tests.push({ title: t.fullTitle(), state: 'pending' });
    });
  });
}

/** Waits until `gate` exists (the launcher creates it once its UI checks are done), serving the UI pass meanwhile. */
async function waitForGate(gate: string | undefined, calls: string | undefined): Promise<void> {
  if (!gate) return;
  await serveHostCalls(calls, () => existsSync(gate));
}

/** Entry point VS Code calls; rejects when any test failed so the host exits non-zero. */
export async function run(): Promise<void> {
  const env = process.env;
  // Makes Node keep the bundles' inline source maps (read by mapStack); must precede loading them.
  process.setSourceMapsEnabled(true);
  redirectReporterOutput(env.EXTHOST_TEST_LOG);
  captureConsole(env.EXTHOST_TEST_LOG);
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  if (env.EXTHOST_TEST_GREP) mocha.grep(env.EXTHOST_TEST_GREP);
  const files = findTestFiles(__dirname);
  for (const file of files) mocha.addFile(file);
  let results: RunResults;
  try {
    results = files.length ? await runMocha(mocha) : { passed: 0, failed: 1, pending: 0, tests: [{ title: 'no test files', state: 'failed' }] };
  } catch (err) {
    // A file that throws while loading is a failure, never a silent pass.
    results = { passed: 0, failed: 1, pending: 0, tests: [{ title: 'loading test files', state: 'failed', error: String((err as Error)?.stack ?? err) }] };
    if (env.EXTHOST_TEST_LOG) appendFileSync(env.EXTHOST_TEST_LOG, `failed to load tests: ${results.tests[0].error}\n`);
  }
  if (env.EXTHOST_TEST_RESULTS) writeFileSync(env.EXTHOST_TEST_RESULTS, JSON.stringify(results, null, 2));
  await waitForGate(env.EXTHOST_TEST_GATE, env.EXTHOST_TEST_CALLS);
  if (results.failed > 0) throw new Error(`${results.failed} test(s) failed`);
}
