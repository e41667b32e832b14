import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts one of the worker bundles (dist/searchWorker.js, dist/exportWorker.js). Bundled code
 * finds it beside itself, without an existence check (that would be a synchronous stat; a missing
 * file fails the worker with its own error); code run from source loads the entry's .ts through tsx.
 */
export function startWorker(sourceDir: string, name: string, options: WorkerOptions, script?: string): Worker {
  if (script !== undefined) return new Worker(script, options);
  if (__filename.endsWith('.ts')) return new Worker(`require('tsx/cjs'); require(${JSON.stringify(join(sourceDir, `${name}.ts`))});`, { ...options, eval: true });
  return new Worker(join(sourceDir, `${name}.js`), options);
}
