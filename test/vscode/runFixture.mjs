#!/usr/bin/env node
// Proves the VS Code test harness end to end with the fixture extension: a trusted run with Playwright UI
// checks, an untrusted (restricted mode) run, and a run where the fixture comes from a .vsix installed with
// --install-extension. Library: runFixtureSuites(); CLI prints the plain "N passed, N failed" line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildTests } from '../../scripts/vscode/buildTests.mjs';
import { runExtensionTests } from '../../scripts/vscode/launch.mjs';
import { PROJECT_ROOT } from '../../scripts/vscode/paths.mjs';
import fixtureUiChecks from './fixture/uiChecks.mjs';

const FIXTURE = join(PROJECT_ROOT, 'test', 'vscode', 'fixture');

/** Temp folders made for the runs, removed at the end. */
const temps = [];

/** A new temp folder under /tmp that is removed when the runs end. */
function tempDir(prefix) {
  const dir = mkdtempSync(`/tmp/${prefix}`);
  temps.push(dir);
  return dir;
}

/** Packages the fixture with vsce into a temp folder; returns the .vsix path. */
function packageFixture() {
  const vsix = join(tempDir('vsct-vsix-'), 'harness-fixture.vsix');
  const vsce = join(PROJECT_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], {
    cwd: FIXTURE,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return vsix;
}

/** One fixture run in `trusted` mode, expecting the workspace and trust state through env. */
async function fixtureRun(label, trusted, options) {
  const workspace = tempDir('vsct-ws-');
  return runExtensionTests({
    extensionDevelopmentPath: FIXTURE,
    workspace,
    trusted,
    label,
    env: { FIXTURE_EXPECT_WORKSPACE: workspace, FIXTURE_EXPECT_TRUSTED: String(trusted) },
    ...options,
  });
}

/** Builds and runs the three fixture runs; resolves to the summed { passed, failed }. */
export async function runFixtureSuites({ log } = {}) {
  const fixtureTests = (await buildTests({ suiteDir: join(FIXTURE, 'suite'), outDir: 'out/test/vscode-fixture' })).outDir;
  const vsixTests = (await buildTests({ suiteDir: join(FIXTURE, 'vsixSuite'), outDir: 'out/test/vscode-fixture-vsix' })).outDir;
  const runs = [];
  try {
    runs.push(await fixtureRun('fixture-trusted', true, { extensionTestsPath: fixtureTests, ui: fixtureUiChecks, log }));
    runs.push(await fixtureRun('fixture-untrusted', false, { extensionTestsPath: fixtureTests, log }));
    runs.push(await runExtensionTests({
      extensionDevelopmentPath: join(FIXTURE, 'probe'),
      extensionTestsPath: vsixTests,
      workspace: tempDir('vsct-ws-'),
      installExtensions: [packageFixture()],
      label: 'fixture-vsix',
      log,
    }));
  } finally {
    for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
  return {
    passed: runs.reduce((sum, r) => sum + r.passed, 0),
    failed: runs.reduce((sum, r) => sum + r.failed, 0),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runFixtureSuites().then(
    ({ passed, failed }) => {
      console.log(`${passed} passed, ${failed} failed`);
      process.exit(failed > 0 ? 1 : 0);
    },
    (err) => {
      // Setup errors (e.g. a missing system package) still end with a countable line.
      console.error(err instanceof Error ? err.message : err);
      console.log('0 passed, 1 failed');
      process.exit(1);
    },
  );
}
