/**
 * Row 7 of `npm run bench`: activation time of the production bundle, and bundle sizes.
 * By default in a real VS Code (the test harness of scripts/vscode/: code-server's VS Code server,
 * its extension host under Node 24): bench/vscode/activation.test.ts times `ext.activate()`,
 * the loading of dist/extension.js included, once per launch. With --stub (or when VS Code is
 * not provisioned) it is measured in this Node process instead: dist/extension.js required and
 * activated against a minimal recording stub of the `vscode` API.
 * Usage: bench/activation.ts [--runs 3] [--stub]
 */
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { flag, median, numberArg, printFigures } from './benchSupport';

const REPO = join(__dirname, '..');
const RUNS = numberArg('--runs', 3);

/** A `vscode` stand-in: every member is a callable proxy returning another; enough for activate() to run. */
function vscodeStub(): unknown {
  const calls: string[] = [];
  const make = (path: string): unknown => {
    const assigned = new Map<PropertyKey, unknown>();
    return new Proxy(function stub() {}, {
      get: (_t, key) => {
        if (assigned.has(key)) return assigned.get(key);
        if (key === 'then') return undefined;
        if (key === Symbol.toPrimitive) return () => path;
        if (key === 'dispose') return () => undefined;
        if (key === 'isTrusted') return false;
        if (key === 'workspaceFolders') return undefined;
        if (key === 'visible') return false;
        if (key === 'get') return (_k: string, fallback: unknown) => fallback;
        return make(`${path}.${String(key)}`);
      },
      set: (_t, key, value) => assigned.set(key, value) !== undefined,
      apply: () => {
        calls.push(path);
        return make(`${path}()`);
      },
      construct: () => make(`new ${path}`) as object,
    });
  };
  // esbuild's __toESM copies the module's own keys: every namespace, class and enum of the API.
  const dts = readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  const names = new Set([...dts.matchAll(/^\t?export (?:namespace|class|enum) (\w+)/gm)].map((m) => m[1]));
  return Object.fromEntries([...names].map((n) => [n, make(`vscode.${n}`)]));
}

/** Loads and activates dist/extension.js in this process against the stub; ms for both. */
function stubActivation(): { activateMs: number; requireMs: number } {
  const stub = vscodeStub();
  const load = (Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown })._load;
  (Module as unknown as { _load: unknown })._load = (req: string, ...rest: unknown[]) => (req === 'vscode' ? stub : load(req, ...rest));
  const storage = mkdtempSync(join(tmpdir(), 'gws-bench-activation-'));
  try {
    const path = join(REPO, 'dist', 'extension.js');
    delete require.cache[require.resolve(path)];
    const t0 = performance.now();
    const ext = require(path) as { activate: (context: unknown) => unknown };
    const t1 = performance.now();
    const subscriptions: Array<{ dispose(): unknown }> = [];
    const memento = { get: (_k: string, d?: unknown) => d, update: async () => undefined, keys: () => [] };
    const context = {
      subscriptions,
      globalStorageUri: { fsPath: storage },
      extensionPath: REPO,
      extension: { packageJSON: JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) },
      secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: () => ({ dispose() {} }) },
      globalState: memento,
      workspaceState: memento,
    };
    ext.activate(context);
    const t2 = performance.now();
    for (const s of subscriptions) s.dispose();
    return { activateMs: t2 - t0, requireMs: t1 - t0 };
  } finally {
    (Module as unknown as { _load: unknown })._load = load;
    rmSync(storage, { recursive: true, force: true });
  }
}

/** One launch of VS Code with the activation suite: ext.activate() ms, and the activate() body's own ms as the extension logged it. */
async function vscodeActivation(): Promise<{ activateMs: number; bodyMs: number }> {
  const { buildTests } = (await import(join(REPO, 'scripts', 'vscode', 'buildTests.mjs'))) as { buildTests: (o: { suiteDir: string; outDir: string }) => Promise<{ outDir: string }> };
  const { runExtensionTests } = (await import(join(REPO, 'scripts', 'vscode', 'launch.mjs'))) as { runExtensionTests: (o: Record<string, unknown>) => Promise<{ failed: number; errors: string[] }> };
  const built = await buildTests({ suiteDir: 'bench/vscode', outDir: 'out/bench/vscode' });
  const work = mkdtempSync('/tmp/gws-bench-act-');
  const out = join(work, 'activation.json');
  try {
    let text = '';
    const r = await runExtensionTests({ extensionDevelopmentPath: REPO, extensionTestsPath: built.outDir, workspace: join(work, 'ws'), label: 'bench-activation', env: { GWS_BENCH_OUT: out }, log: (s: string) => (text += s), timeoutMs: 180_000 });
    if (r.failed > 0 || !existsSync(out)) throw new Error(`the VS Code activation run failed: ${r.errors.join('; ')}\n${text.slice(-2000)}`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { activateMs: number; bodyMs: number; wasActive: boolean };
    if (result.wasActive) throw new Error('the extension was already active when the suite started: nothing to time');
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const size = (name: string): number => statSync(join(REPO, 'dist', name)).size / 1024;
  const real = !flag('--stub') && existsSync(join(REPO, '.vscode-test'));
  const times: number[] = [];
  const bodies: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = real ? await vscodeActivation() : { activateMs: stubActivation().activateMs, bodyMs: NaN };
    times.push(r.activateMs);
    bodies.push(r.bodyMs);
    console.log(`  run ${i + 1}: activation ${r.activateMs.toFixed(1)} ms (${real ? `VS Code extension host; the activate() body logged ${r.bodyMs} ms` : 'Node, stubbed vscode API'})`);
    // The stub measures require() too: only the first load in a process counts (run.ts starts one process per run).
    if (!real) break;
  }
  const activateMs = median(times);
  console.log(`activation ${activateMs.toFixed(1)} ms (${real ? 'real VS Code' : 'Node stub'}, target < 50 ms); dist/extension.js ${size('extension.js').toFixed(0)} KB, dist/webview/webview.js ${size('webview/webview.js').toFixed(0)} KB (target < 400 KB each)`);
  printFigures({ activateMs, bodyMs: median(bodies.filter(Number.isFinite)), method: real ? 'vscode' : 'node-stub', runs: times.length, extensionKB: size('extension.js'), webviewKB: size('webview/webview.js'), connectionKB: size('connection.js') });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
