import { rm } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../util/workerThread';
import { planExport, type ExportFormat, type ExportOptions, type ExportResult, type ExportSource } from './exportCapture';
import type { ExportScope } from './exportScope';
import type { RedactOptions } from './redaction';
import { rowBuffers, type IndexedSource } from './trackedRows';

/**
 * exportCapture in a worker thread (exportWorker.ts): the host takes what the export needs of the
 * tracker (typed arrays, transferred) and the worker reads, parses, masks and writes. The host's
 * main thread only relays progress and the result.
 */

/** What the worker gets: the export's arguments, options without functions. */
export interface ExportJob {
  source: string | IndexedSource;
  scope: ExportScope;
  format: ExportFormat;
  outPath: string;
  redact?: RedactOptions;
  tempDir?: string;
  /** `exportedAt`, epoch ms. */
  now: number;
}

/** What the worker posts. */
export type ExportReply = { type: 'progress'; done: number; total: number } | { type: 'done'; result: ExportResult } | { type: 'failed'; message: string; aborted: boolean };

/** How long a cancelled worker has to clean up before it is terminated. */
const CANCEL_GRACE_MS = 5000;

/**
 * Runs exportCapture(source, scope, format, outPath, options) in a worker thread; same result, same
 * errors, and on abort the same rejection with the signal's reason and no file left at `outPath`.
 * `script` is the worker's code (default: dist/exportWorker.js beside this bundle).
 */
export function exportInWorker(source: ExportSource, scope: ExportScope, format: ExportFormat, outPath: string, options: ExportOptions & { script?: string } = {}): Promise<ExportResult> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  let plain: string | IndexedSource;
  try {
    plain = planExport(source, scope, format);
  } catch (err) {
    return Promise.reject(err);
  }
  const seqs = scope.kind === 'seqs' ? Float64Array.from(scope.seqs) : undefined;
  const job: ExportJob = { source: plain, scope: seqs ? { kind: 'seqs', seqs } : scope, format, outPath, redact: options.redact, tempDir: options.tempDir, now: (options.now?.() ?? new Date()).getTime() };
  const transferList = [...(typeof plain === 'string' ? [] : rowBuffers(plain)), ...(seqs ? [seqs.buffer as ArrayBuffer] : [])];
  let worker: Worker;
  try {
    worker = startWorker(__dirname, 'exportWorker', { workerData: job, transferList }, options.script);
  } catch (err) {
    return Promise.reject(err);
  }
  return new Promise<ExportResult>((resolve, reject) => {
    let settled = false;
    let grace: NodeJS.Timeout | undefined;
    const settle = (fail: unknown, result?: ExportResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(grace);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (result) resolve(result);
      else reject(fail);
    };
    let failing = false;
    /**
     * A worker that died or hung mid-export leaves its partial file; remove it before failing. The
     * first failure is the one reported: a worker's 'error' is followed by its 'exit'.
     */
    const settleAfterCleanup = (fail: unknown): void => {
      if (failing || settled) return;
      failing = true;
      void worker.terminate();
      void rm(`${outPath}.partial`, { force: true }).finally(() => settle(fail));
    };
    const onAbort = (): void => {
      worker.postMessage('cancel');
      grace = setTimeout(() => settleAfterCleanup(signal!.reason), CANCEL_GRACE_MS);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (reply: ExportReply) => {
      if (reply.type === 'progress') options.onProgress?.(reply.done, reply.total);
      else if (reply.type === 'done') settle(undefined, reply.result);
      else settle(reply.aborted && signal?.aborted ? signal.reason : new Error(reply.message));
    });
    worker.on('error', (err) => settleAfterCleanup(err));
    worker.on('exit', (code) => {
      if (!settled) settleAfterCleanup(new Error(`the export worker stopped before finishing (exit code ${code})`));
    });
  });
}
