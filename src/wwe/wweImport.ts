import { access, open, stat } from 'node:fs/promises';
import { LineSplitter } from '../capture/lineSplitter';
import { serializeRecord } from '../capture/journalWriter';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type CaptureRecord, type HeaderRecord } from '../capture/records';
import { OutputFile } from '../exchange/outputFile';
import { Redactor } from '../exchange/redaction';
import { CREDENTIAL_HINT } from '../util/scrub';
import { isGwsRestPath, restRecords, type RestCall } from '../exchange/restRecords';
import { isObject } from '../util/jsonObject';
import { WweParser, type WweCounts, type WweNotification, type WweRestCall } from './wweParser';

/**
 * `gws-notify import-wwe` and the extension's import: a Workspace Web Edition console log becomes
 * an ordinary NDJSON capture (header `source: "wwe"`, `clock: "log-local"`). Records are written in
 * time order (WWE logs a REST call when it completes, so the request may precede notifications
 * logged before it); seqs follow that order. Streams the file; the output appears only when done.
 */

/** What an import produced. */
export interface WweImport {
  header: HeaderRecord;
  counts: WweCounts;
  /** `line N: …`, the first 1,000 (counts.warnings has them all). */
  warnings: string[];
  /** Records written (header not counted). */
  records: number;
}

export interface WweImportOptions {
  toolVersion?: string;
  overwrite?: boolean;
  signal?: AbortSignal;
  /** Bytes of the log read so far, of its size. */
  onProgress?: (done: number, total: number) => void;
}

const CHUNK = 1024 * 1024;
/** Records are held until the log's clock is this far past them, then written in time order. */
const HOLD_MS = 10 * 60 * 1000;
const FLUSH_EVERY = 8192;

/**
 * A record waiting for its seq, held as its line's text after the seq (and a response's request seq):
 * text holds no pointers, so thousands of held records cost the collector little. `order` keeps file
 * order among equal times, `rank` puts a request first.
 */
interface Held {
  at: number;
  rank: number;
  order: number;
  kind: 'message' | 'request' | 'response';
  tail: string;
  /** For a response: its request, whose seq it names once both are numbered. */
  of?: Held;
  seq?: number;
}

/** The line of a record with seq 0 (and request 0), cut after those: the part a seq is put before. */
function tailOf(record: CaptureRecord): string {
  const line = serializeRecord(record);
  const head = record.kind === 'response' ? `{"kind":"response","seq":0,"request":0` : `{"kind":"${record.kind}","seq":0`;
  return line.startsWith(head) ? line.slice(head.length) : line.slice(line.indexOf(',', head.length - 3));
}

/** A message's tail with its data as logged (compact); the redactor's walk only when the text hints at a credential. */
function messageTail(n: WweNotification, redactor: Redactor): string {
  const receivedAt = new Date(n.at).toISOString();
  if (CREDENTIAL_HINT.test(n.json)) return tailOf(redactor.record({ kind: 'message', seq: 0, receivedAt, channel: n.channel, data: n.data }));
  return `,"receivedAt":"${receivedAt}","channel":${JSON.stringify(n.channel)},"data":${n.json}}`;
}

/** Imports the log at `logPath` as a capture at `outPath`; refuses to replace a file unless `overwrite`. */
export async function importWweToFile(logPath: string, outPath: string, options: WweImportOptions = {}): Promise<WweImport> {
  if (!options.overwrite && (await access(outPath).then(() => true, () => false))) throw Object.assign(new Error(`${outPath} exists`), { code: 'EEXIST' });
  const size = (await stat(logPath)).size;
  const redactor = new Redactor({ enabled: false });
  const held: Held[] = [];
  let order = 0;
  let latest = -Infinity;
  const hold = (h: Held): Held => {
    h.order = order++;
    const item = h;
    held.push(item);
    if (h.at > latest) latest = h.at;
    return item;
  };
  const parser = new WweParser({
    notification(n) {
      hold({ at: n.at, rank: 1, order: 0, kind: 'message', tail: messageTail(n, redactor) });
    },
    rest(call) {
      const { request, response } = restRecords(toRestCall(call), redactor);
      // seq (and request) first, as every writer puts them; numbered when written.
      const { kind: rq, ...requestRest } = request;
      const { kind: rs, ...responseRest } = response;
      const req = hold({ at: call.sentAt, rank: 0, order: 0, kind: 'request', tail: tailOf({ kind: rq, seq: 0, ...requestRest }) });
      hold({ at: call.answeredAt, rank: 2, order: 0, kind: 'response', tail: tailOf({ kind: rs, seq: 0, request: 0, ...responseRest }), of: req });
    },
  });
  const out = new OutputFile(outPath);
  let header: HeaderRecord | undefined;
  let seq = 0;
  /** Writes the held records the log's clock has left behind (all of them at the end), in time order. */
  const flush = async (all: boolean): Promise<void> => {
    // The header's time is the log's first: known once any record is (records need a logged time).
    if (!header) {
      header = {
        kind: 'header', format: CAPTURE_FORMAT, version: CAPTURE_VERSION, createdAt: new Date(parser.firstAt ?? 0).toISOString(),
        server: null, user: null, topics: [], source: 'wwe', clock: 'log-local', tool: { name: 'gws-notify', version: options.toolVersion ?? '0.0.0' },
      };
      out.add(`${serializeRecord(header)}\n`);
    }
    held.sort((a, b) => a.at - b.at || a.rank - b.rank || a.order - b.order);
    const upTo = all ? held.length : held.findIndex((h) => h.at > latest - HOLD_MS);
    for (const h of held.splice(0, upTo < 0 ? held.length : upTo)) {
      h.seq = ++seq;
      out.add(h.kind === 'response' ? `{"kind":"response","seq":${seq},"request":${h.of?.seq ?? 0}${h.tail}\n` : `{"kind":"${h.kind}","seq":${seq}${h.tail}\n`);
      if (out.full) await out.flush();
    }
  };
  let committed = false;
  const handle = await open(logPath, 'r');
  let next: Promise<{ buf: Buffer; bytesRead: number }> | undefined;
  try {
    const splitter = new LineSplitter();
    let flushAt = FLUSH_EVERY;
    let done = 0;
    const onLine = (text: string, _offset: number, _length: number, line: number): void => parser.push(text, line);
    // The next chunk is read while this one is parsed.
    const readChunk = (): Promise<{ buf: Buffer; bytesRead: number }> => {
      const buf = Buffer.allocUnsafe(CHUNK);
      return handle.read(buf, 0, CHUNK, null).then(({ bytesRead }) => ({ buf, bytesRead }));
    };
    next = readChunk();
    for (;;) {
      options.signal?.throwIfAborted();
      const { buf, bytesRead } = await next;
      if (bytesRead === 0) break;
      next = readChunk();
      done += bytesRead;
      splitter.pushText(buf.subarray(0, bytesRead), onLine);
      if (held.length >= flushAt) {
        await flush(false);
        // Records the log's clock has not left behind stay held: sort them again only after as many more.
        flushAt = held.length + FLUSH_EVERY;
      }
      options.onProgress?.(done, size);
    }
    const tail = splitter.end();
    if (tail) parser.push(tail.bytes.toString('utf8'), tail.line);
    parser.end();
    await flush(true);
    options.signal?.throwIfAborted();
    await out.commit();
    committed = true;
    return { header: header!, counts: parser.counts, warnings: parser.warnings, records: seq };
  } finally {
    // A read still under way (an abort, an error) ends before the file closes.
    await next?.catch(() => undefined);
    await handle.close();
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
