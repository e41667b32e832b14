import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Path of a sibling bundle (connection.js, simulator.js). Bundled code finds it next to itself;
 * code run from source (tests, tsx) finds it in the repository's dist/. For the CLI and tests only
 * (it checks with existsSync): the extension host joins its own extensionPath and dist/ instead.
 */
export function bundlePath(name: 'connection' | 'simulator' | 'cli', baseDir: string = __dirname): string {
  const beside = join(baseDir, `${name}.js`);
  if (existsSync(beside)) return beside;
  for (const up of ['..', '../..', '../../..']) {
    const candidate = join(baseDir, up, 'dist', `${name}.js`);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`cannot find the ${name} bundle next to ${baseDir} or in dist/: run "npm run build" first`);
}
