import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { LineSplitter } from '../capture/lineSplitter';
import { BatchBuilder, type WweJob, type WweReply } from './wweBatch';
import { WweParser } from './wweParser';

/**
 * Entry of dist/wweWorker.js: reads and parses a Workspace Web Edition console log off the main
 * thread, and posts what it finds chunk by chunk (wweBatch.ts) while the importer (wweImport.ts)
 * maps, orders and writes the records: on two cores, the two halves of the work overlap. It keeps
 * at most IN_FLIGHT batches unanswered, so a slow writer never has the whole log queued up.
 */

const CHUNK = 1024 * 1024;
/**
 * The first chunk is small: the parser's code runs cold on it, and the importer has nothing to do
 * until the first batch comes.
 */
const FIRST_CHUNK = 64 * 1024;
const IN_FLIGHT = 4;

const job = workerData as WweJob;
const port = parentPort!;
let credits = IN_FLIGHT;
let wake: (() => void) | undefined;
port.on('message', (message: unknown) => {
  if (message !== 'ack') return;
  credits++;
  wake?.();
  wake = undefined;
});
const post = (reply: WweReply, transfer: ArrayBuffer[] = []): void => port.postMessage(reply, transfer);

async function read(): Promise<void> {
  const builder = new BatchBuilder();
  const parser = new WweParser(builder);
  const splitter = new LineSplitter();
  const onLines = (bytes: Buffer, firstLine: number): number => parser.lines(bytes, firstLine);
  let done = 0;
  const send = async (): Promise<void> => {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    const batch = builder.take(done, parser.firstAt);
    post(batch, [batch.meta.buffer as ArrayBuffer, batch.bytes.buffer as ArrayBuffer]);
  };
  const handle = await open(job.logPath, 'r');
  // The next chunk is read while this one is parsed.
  let reads = 0;
  const readChunk = (): Promise<{ buf: Buffer; bytesRead: number }> => {
    const size = reads++ === 0 ? FIRST_CHUNK : CHUNK;
    const buf = Buffer.allocUnsafe(size);
    return handle.read(buf, 0, size, null).then(({ bytesRead }) => ({ buf, bytesRead }));
  };
  let next = readChunk();
  try {
    for (;;) {
      const { buf, bytesRead } = await next;
      if (bytesRead === 0) break;
      next = readChunk();
      done += bytesRead;
      splitter.pushLines(buf.subarray(0, bytesRead), onLines);
      await send();
    }
    const tail = splitter.end();
    if (tail) parser.lines(tail.bytes, tail.line);
    parser.end();
    if (builder.size > 0) await send();
    post({ type: 'end', counts: parser.counts, warnings: parser.warnings, firstAt: parser.firstAt });
  } finally {
    // A read still under way (an error) ends before the file closes.
    await next.catch(() => undefined);
    await handle.close();
  }
}

read()
  .catch((err: unknown) => post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }))
  .finally(() => port.close());
