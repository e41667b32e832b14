// Builds every bundle with esbuild. Type-checking is separate (`npm run typecheck`).
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Node bundles: cometd and cometd-nodejs-client are ESM-only, so they are bundled, never required. */
const nodeEntries = [
  { in: 'src/extension/extension.ts', out: 'extension', optional: true },
  { in: 'src/connection/connectionProcess.ts', out: 'connection' },
  // The timeline's text search runs in this worker thread, off the extension host's main thread.
  { in: 'src/timeline/searchWorker.ts', out: 'searchWorker' },
  // The extension's exports read, mask and write in this worker thread.
  { in: 'src/exchange/exportWorker.ts', out: 'exportWorker' },
  // A Workspace Web Edition log is read and parsed in this worker thread while the import writes.
  { in: 'src/wwe/wweWorker.ts', out: 'wweWorker' },
  { in: 'src/simulator/simulatorProcess.ts', out: 'simulator', optional: true },
  { in: 'src/cli/main.ts', out: 'cli', optional: true },
].filter((e) => !e.optional || existsSync(e.in));

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const contexts = [
  await esbuild.context({
    ...common,
    entryPoints: nodeEntries.map((e) => ({ in: e.in, out: e.out })),
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // The CLI is run directly; the others ignore the line.
    banner: { js: '#!/usr/bin/env node' },
  }),
];

const webviewEntry = 'webview/main.ts';
if (existsSync(webviewEntry)) {
  contexts.push(
    await esbuild.context({
      ...common,
      entryPoints: { webview: webviewEntry },
      // Its own folder: the webview's localResourceRoots name this folder and media/, nothing else.
      outdir: 'dist/webview',
      platform: 'browser',
      format: 'iife',
      target: 'chrome120',
      minify: true,
    }),
  );
}

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
