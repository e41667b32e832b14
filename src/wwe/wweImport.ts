import { on } from 'node:events';
import { access, stat } from 'node:fs/promises';
import { serializeRecord } from '../capture/journalWriter';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type HeaderRecord } from '../capture/records';
import { OutputFile } from '../exchange/outputFile';
import { Redactor } from '../exchange/redaction';
import { isGwsRestPath, restRecords, type RestCall } from '../exchange/restRecords';
import { isObject } from '../util/jsonObject';
import { isoString } from '../util/isoTime';
import { HeldRecords } from './heldRecords';
import { startWorker } from '../util/workerThread';
import { readBatch, type BatchSink, type WweJob, type WweReply } from './wweBatch';
import { recordLine } from './recordTails';
import type { WweCounts, WweRestCall } from './wweFound';

/**
 * `gws-notify import-wwe` and the extension's import: a Workspace Web Edition console log becomes
 * an ordinary NDJSON capture (header `source: "wwe"`, `clock: "log-local"`). Records are written in
 * time order (WWE logs a REST call when it completes, so the request may precede notifications
 * logged before it); seqs follow that order. Streams the file; the output appears only when done.
 * The file is read and parsed in a worker thread (wweWorker.ts): off the extension host's main
 * thread, and alongside the writing here.
 */

/** What an import produced. */
export interface WweImport {
  header: HeaderRecord;
  counts: WweCounts;
  /** `line N: …`, the first 1,000 (counts.warnings has them all). */
  warnings: string[];
  /** Records written (header not counted). */
  records: number;
  /** With `sourceLines`: the log line each record came from (its `Message received` or `$.ajax` line), by seq - 1. */
  sourceLines?: Float64Array;
}

export interface WweImportOptions {
  toolVersion?: string;
  overwrite?: boolean;
  signal?: AbortSignal;
  /** Bytes of the log read so far, of its size. */
  onProgress?: (done: number, total: number) => void;
  /** The log reader's code (default: dist/wweWorker.js beside this bundle; the .ts through tsx from source). */
  workerScript?: string;
  /** Keep the log line of each record (`gws-notify lint` on a log reports the log's lines). */
  sourceLines?: boolean;
}

/** Records are held until the log's clock is this far past them, then written in time order. */
const HOLD_MS = 10 * 60 * 1000;
const FLUSH_EVERY = 8192;

/** Imports the log at `logPath` as a capture at `outPath`; refuses to replace a file unless `overwrite`. */
export async function importWweToFile(logPath: string, outPath: string, options: WweImportOptions = {}): Promise<WweImport> {
  if (!options.overwrite && (await access(outPath).then(() => true, () => false))) throw Object.assign(new Error(`${outPath} exists`), { code: 'EEXIST' });
  const size = (await stat(logPath)).size;
  options.signal?.throwIfAborted();
  const redactor = new Redactor({ enabled: false });
  const held = new HeldRecords(options.sourceLines ?? false);
  const channelText = new Map<string, string>();
  const sink: BatchSink = {
    message(at, channel, bytes, start, end, hinted, line) {
      // The redactor walks a message's data only when its text hints at a credential.
      if (hinted) {
        const data = JSON.parse(bytes.toString('utf8', start, end)) as unknown;
        held.holdText(at, 1, 'message', recordLine(redactor.record({ kind: 'message', seq: 0, receivedAt: isoString(at), channel, data })), line);
      } else {
        let json = channelText.get(channel);
        if (json === undefined) channelText.set(channel, (json = JSON.stringify(channel)));
        held.holdData(at, json, bytes, start, end, line);
      }
    },
    rest(call, line) {
      const { request, response } = restRecords(toRestCall(call), redactor);
      // Numbered when written: seq (and request) go second, as every writer puts them.
      const req = held.holdText(call.sentAt, 0, 'request', recordLine(request), line);
      held.holdText(call.answeredAt, 2, 'response', recordLine(response), line, req);
    },
  };
  const out = new OutputFile(outPath);
  let header: HeaderRecord | undefined;
  let firstAt: number | undefined;
  /** Writes the held records the log's clock has left behind (all of them at the end), in time order. */
  const flush = async (all: boolean): Promise<void> => {
    // The header's time is the log's first: known once any record is (records need a logged time).
    if (!header) {
      header = {
        kind: 'header', format: CAPTURE_FORMAT, version: CAPTURE_VERSION, createdAt: new Date(firstAt ?? 0).toISOString(),
        server: null, user: null, topics: [], source: 'wwe', clock: 'log-local', tool: { name: 'gws-notify', version: options.toolVersion ?? '0.0.0' },
      };
      out.add(`${serializeRecord(header)}\n`);
    }
    await held.take(all ? Infinity : held.latest - HOLD_MS, out);
  };
  let committed = false;
  const job: WweJob = { logPath };
  const worker = startWorker(__dirname, 'wweWorker', { workerData: job }, options.workerScript);
  try {
    const channels: string[] = [];
    let flushAt = FLUSH_EVERY;
    let end: Extract<WweReply, { type: 'end' }> | undefined;
    // The worker reads and parses the next chunks while this thread writes the last ones.
    for await (const [reply] of on(worker, 'message', { close: ['exit'], signal: options.signal }) as AsyncIterableIterator<[WweReply]>) {
      if (reply.type === 'failed') throw new Error(reply.message);
      firstAt ??= reply.firstAt;
      if (reply.type === 'end') {
        end = reply;
        break;
      }
      readBatch(reply, channels, sink);
      worker.postMessage('ack');
      if (held.length >= flushAt) {
        await flush(false);
        // Records the log's clock has not left behind stay held: sort them again only after as many more.
        flushAt = held.length + FLUSH_EVERY;
      }
      options.onProgress?.(reply.done, size);
    }
    if (!end) throw new Error(`${logPath}: the log reader stopped before the end of the file`);
    await flush(true);
    options.signal?.throwIfAborted();
    await out.commit();
    committed = true;
    const result: WweImport = { header: header!, counts: end.counts, warnings: end.warnings, records: held.numbered };
    if (held.sourceLines) result.sourceLines = held.sourceLines.view();
    return result;
  } catch (err) {
    throw options.signal?.aborted ? options.signal.reason : err;
  } finally {
    await worker.terminate();
    if (!committed) await out.discard();
  }
}

/** The shared REST mapping's view of a logged call: GWS when its URL is a relative GWS path. */
function toRestCall(call: WweRestCall): RestCall {
  const relative = call.url.startsWith('/') && !call.url.startsWith('//');
  const path = call.url.replace(/[?#].*$/s, '');
  const gws = relative && isGwsRestPath(path);
  if (call.succeeded) return { method: call.method, url: call.url, gws, requestBody: call.data, sentAt: call.sentAt, answeredAt: call.answeredAt, status: 200, responseBody: call.answer };
  const a = isObject(call.answer) ? call.answer : {};
  const status = typeof a.status === 'number' && Number.isInteger(a.status) && a.status >= 0 && a.status < 1000 ? a.status : 0;
  const body = isObject(a.responseJSON) || Array.isArray(a.responseJSON) ? a.responseJSON : typeof a.responseText === 'string' ? a.responseText : undefined;
  const failed: RestCall = { method: call.method, url: call.url, gws, requestBody: call.data, sentAt: call.sentAt, answeredAt: call.answeredAt, status, responseBody: body };
  if (status === 0) failed.error = typeof a.statusText === 'string' && a.statusText !== '' ? a.statusText : 'no answer (status 0)';
  return failed;
}
