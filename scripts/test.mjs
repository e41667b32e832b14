// Runs every test suite and ends with one plain line CI can read: "N passed, N failed".
// Suites: node (unit + integration, node:test via tsx); more are registered in SUITES as they land.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
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

const SUITES = {
  unit: () => runNodeTests('unit', findTests('test/unit')),
  integration: () => runNodeTests('integration', findTests('test/integration'), ['--test-concurrency=1']),
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
