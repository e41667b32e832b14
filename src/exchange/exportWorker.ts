import { parentPort, workerData } from 'node:worker_threads';
import { exportCapture } from './exportCapture';
import type { ExportJob, ExportReply } from './exportThread';

/**
 * Entry of dist/exportWorker.js: one export, run by the same exportCapture as the CLI's, off the
 * extension host's main thread. The job comes as workerData (row arrays transferred); 'cancel'
 * aborts it, which removes the partial file before the failure is posted.
 */

/** Shortest time between two progress messages; the last one always goes. */
const PROGRESS_MS = 100;

const job = workerData as ExportJob;
const port = parentPort!;
const abort = new AbortController();
port.on('message', (message: unknown) => {
  if (message === 'cancel') abort.abort(new Error('export cancelled'));
});

let lastProgress = 0;
const post = (reply: ExportReply): void => port.postMessage(reply);
exportCapture(job.source, job.scope, job.format, job.outPath, {
  redact: job.redact,
  tempDir: job.tempDir,
  signal: abort.signal,
  now: () => new Date(job.now),
  onProgress: (done, total) => {
    const now = Date.now();
    if (done < total && now - lastProgress < PROGRESS_MS) return;
    lastProgress = now;
    post({ type: 'progress', done, total });
  },
})
  .then(
    (result) => post({ type: 'done', result }),
    (err: unknown) => post({ type: 'failed', message: err instanceof Error ? err.message : String(err), aborted: abort.signal.aborted }),
  )
  .finally(() => port.close());
