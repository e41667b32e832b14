#!/usr/bin/env node
// Bundles the extension-host Mocha bootstrap (test/vscode/index.ts) and a folder of `*.test.ts` files into
// CommonJS files the extension host can require. `vscode` is provided by the host; `mocha` stays external
// so the bootstrap and the test files share one Mocha instance (resolved from the project's node_modules).
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from './paths.mjs';

/** The bootstrap every compiled suite gets as its index.js (the `run()` VS Code calls). */
export const BOOTSTRAP = join(PROJECT_ROOT, 'test', 'vscode', 'index.ts');

/** `*.test.ts` files below `dir`, sorted. */
function findTestSources(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTestSources(path));
    else if (entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** Builds `suiteDir/**\/*.test.ts` + the bootstrap into `outDir` (wiped first); returns the test count
 *  and outDir, which is the `extensionTestsPath` to hand to the launcher. */
export async function buildTests({ suiteDir, outDir }) {
  const src = resolve(PROJECT_ROOT, suiteDir);
  const out = resolve(PROJECT_ROOT, outDir);
  const tests = findTestSources(src);
  rmSync(out, { recursive: true, force: true });
  const entryPoints = [
    { in: BOOTSTRAP, out: 'index' },
    ...tests.map((file) => ({ in: file, out: join('suite', relative(src, file).replace(/\.ts$/, '')) })),
  ];
  await esbuild.build({
    entryPoints,
    outdir: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return { outDir: out, testFiles: tests.length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [suiteDir = 'test/vscode/extension', outDir = 'out/test/vscode'] = process.argv.slice(2);
  const { testFiles, outDir: built } = await buildTests({ suiteDir, outDir });
  console.log(`built ${testFiles} test file(s) into ${relative(PROJECT_ROOT, built)}`);
}
