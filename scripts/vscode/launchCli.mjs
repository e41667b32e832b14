// Command line for launch.mjs: builds (optionally) and runs one extension-host suite, then prints the
// plain closing line "N passed, N failed" and exits non-zero on any failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildTests } from './buildTests.mjs';
import { runExtensionTests } from './launch.mjs';
import { PROJECT_ROOT } from './paths.mjs';

const HELP = `usage: node scripts/vscode/launch.mjs [options]
  --extension <dir>   extension to load (extensionDevelopmentPath; default: the project root)
  --tests <dir>       compiled tests folder with index.js (extensionTestsPath; default: out/test/vscode)
  --suite <dir>       build this folder's *.test.ts into --tests first (e.g. test/vscode/extension)
  --workspace <dir>   folder to open (default: a new temp folder)
  --untrusted         keep workspace trust on (no --disable-workspace-trust)
  --ui <file.mjs>     module whose default export is the UI callback (helpers) => Promise<void>
  --install <vsix>    install a .vsix into the run's extensions dir first (repeatable)
  --env KEY=VALUE     extra environment for the server and extension host (repeatable)
  --timeout <sec>     hard timeout of the run (default 180)
  --label <name>      names screenshots/logs in test-results/vscode (default: vscode)
  --verbose           echo server output and browser console errors`;

/** Runs the CLI with `argv`; resolves to the process exit code. */
export async function main(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      extension: { type: 'string' }, tests: { type: 'string' }, suite: { type: 'string' },
      workspace: { type: 'string' }, untrusted: { type: 'boolean' }, ui: { type: 'string' },
      install: { type: 'string', multiple: true }, env: { type: 'string', multiple: true },
      timeout: { type: 'string' }, label: { type: 'string' }, verbose: { type: 'boolean' }, help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const tests = resolve(values.tests ?? resolve(PROJECT_ROOT, 'out/test/vscode'));
  if (values.suite) {
    const built = await buildTests({ suiteDir: values.suite, outDir: tests });
    console.log(`built ${built.testFiles} test file(s) into ${built.outDir}`);
  }
  const env = Object.fromEntries((values.env ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  const ui = values.ui ? (await import(pathToFileURL(resolve(values.ui)).href)).default : undefined;
  const tempWorkspace = values.workspace ? null : mkdtempSync('/tmp/vsct-ws-');
  try {
    const result = await runExtensionTests({
      extensionDevelopmentPath: values.extension ?? PROJECT_ROOT,
      extensionTestsPath: tests,
      workspace: values.workspace ?? tempWorkspace,
      trusted: !values.untrusted,
      ui,
      env,
      installExtensions: values.install ?? [],
      timeoutMs: Number(values.timeout ?? 180) * 1000,
      label: values.label ?? 'vscode',
      verbose: values.verbose ?? false,
    });
    console.log(`${result.passed} passed, ${result.failed} failed`);
    return result.failed > 0 ? 1 : 0;
  } catch (err) {
    console.error(err?.message ?? err);
    console.log('0 passed, 1 failed');
    return 1;
  } finally {
    if (tempWorkspace) rmSync(tempWorkspace, { recursive: true, force: true });
  }
}
