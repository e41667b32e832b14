// `npm run test:desktop`: the same extension Mocha suite in desktop VS Code through @vscode/test-electron,
// for machines that can download VS Code (this project's CI cannot: it uses the VS Code server instead).
import { mkdtempSync } from 'node:fs';
import { runTests } from '@vscode/test-electron';
import { buildTests } from './vscode/buildTests.mjs';
import { PROJECT_ROOT } from './vscode/paths.mjs';

const { outDir } = await buildTests({ suiteDir: 'test/vscode/extension', outDir: 'out/test/vscode/desktop' });
try {
  await runTests({
    extensionDevelopmentPath: PROJECT_ROOT,
    extensionTestsPath: outDir,
    launchArgs: [mkdtempSync('/tmp/gws-desktop-ws-'), '--disable-workspace-trust', '--disable-extensions'],
  });
} catch (err) {
  console.error(`desktop tests failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
