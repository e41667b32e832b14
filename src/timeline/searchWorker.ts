import { parentPort, workerData } from 'node:worker_threads';
import { TextScanner, type ScanReply, type ScanRequest } from './textScan';

/**
 * Entry of dist/searchWorker.js: the text search's worker thread. It owns the journal's file
 * descriptor and text cache, so bulk scans never run on the extension host's main thread.
 */

const { path, budget } = workerData as { path: string; budget: number };
const scanner = new TextScanner(path, budget);
const port = parentPort!;

port.on('message', (request: ScanRequest) => {
  void scanner.answer(request, (reply: ScanReply) => {
    if (reply.type === 'result' && reply.hits) port.postMessage(reply, [reply.hits.buffer as ArrayBuffer]);
    else port.postMessage(reply);
  });
});
