import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts one of the worker bundles (dist/searchWorker.js, dist/exportWorker.js, dist/wweWorker.js).
 * Bundled code finds it beside itself, without an existence check (that would be a synchronous
 * stat; a missing file fails the worker with its own error); code run from source loads the
 * entry's .ts through tsx.
 */
export function startWorker(sourceDir: string, name: string, options: WorkerOptions, script?: string): Worker {
  // A built script needs none of the parent's flags: a test or bench run through tsx would pass
  // `--import tsx` on, and loading it made each such worker start 60 ms later.
  if (script !== undefined) return new Worker(script, { execArgv: [], ...options });
  if (__filename.endsWith('.ts')) return new Worker(`require('tsx/cjs'); require(${JSON.stringify(join(sourceDir, `${name}.ts`))});`, { ...options, eval: true });
  return new Worker(join(sourceDir, `${name}.js`), options);
}
