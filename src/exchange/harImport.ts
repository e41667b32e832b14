import { readFile } from 'node:fs/promises';
import { writeJournal } from '../capture/writeJournal';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type CaptureRecord, type HeaderRecord } from '../capture/records';
import { MetaTracker, parseBayeux, type BayeuxIn } from './harBayeux';
import { Redactor, scrubText } from './redaction';
import { isGwsRestPath, restRecords, type RestRecords } from './restRecords';

/**
 * Imports the GWS notification traffic of a browser HAR file (Chrome, Edge, Firefox) as an offline
 * capture. Long-poll bodies and WebSocket frames to `…/api/v2/notifications` are read as Bayeux
 * messages: data messages become message records, meta replies become events. The REST calls to
 * the same server (`/api/v2/…`, `/internal-api/…`, GETs included) become request and response
 * records (exchange/restRecords.ts), so a browser session correlates like a live one. Headers,
 * cookies and CometD client ids are never copied; bodies are scrubbed like any export.
 */

/** What an import produced; `warnings` lists entries that could not be used, and why. */
export interface HarImport {
  header: HeaderRecord;
  records: CaptureRecord[];
  warnings: string[];
}

/** The part of a HAR entry the import reads. */
interface HarEntry {
  startedDateTime?: string;
  time?: number;
  _resourceType?: string;
  request?: { method?: string; url?: string; postData?: { text?: string; mimeType?: string } };
  response?: { status?: number; content?: { text?: string; encoding?: string; size?: number }; _error?: string | null };
  _webSocketMessages?: Array<{ type?: string; time?: number; opcode?: number; data?: string }>;
}

/** One received Bayeux message with its time and the order it was found in. */
interface Found {
  at: number;
  order: number;
  transport: string;
  message?: BayeuxIn;
  /** A transport problem (aborted or failed request), when there is no message. */
  problem?: { subject: string; detail: string };
  /** A REST call's request (`of` unset) or response (`of`: its request). */
  rest?: { records: RestRecords; of?: Found; seq?: number };
}

const NOTIFICATIONS = /\/api\/v2\/notifications(?:\/|$)/;

/** The HTTP(S) origin of a notifications URL (ws → http, wss → https). */
function originOf(url: URL): string {
  const protocol = url.protocol === 'wss:' ? 'https:' : url.protocol === 'ws:' ? 'http:' : url.protocol;
  return `${protocol}//${url.host}`;
}

/** The body text of a response, decoded from base64 when the HAR says so. */
function bodyText(content: { text?: string; encoding?: string } | undefined): string | undefined {
  if (!content || typeof content.text !== 'string' || content.text === '') return undefined;
  return content.encoding === 'base64' ? Buffer.from(content.text, 'base64').toString('utf8') : content.text;
}

/** Client ids sent or received anywhere in the entry, so they can be scrubbed from every text kept. */
function collectClientIds(entry: HarEntry, into: Set<string>): void {
  const texts = [entry.request?.postData?.text, bodyText(entry.response?.content), ...(entry._webSocketMessages ?? []).map((f) => f.data)];
  for (const text of texts) {
    if (typeof text !== 'string') continue;
    for (const m of text.matchAll(/"clientId"\s*:\s*"([^"]+)"/g)) into.add(m[1]);
  }
}

/** Every received Bayeux message (and transport failure) of one notifications entry. */
function scanEntry(entry: HarEntry, url: URL, index: number, warnings: string[]): Found[] {
  const found: Found[] = [];
  const where = `entry ${index} (${entry.request?.method ?? 'GET'} ${url.pathname})`;
  const frames = entry._webSocketMessages;
  if (entry._resourceType === 'websocket' || Array.isArray(frames)) {
    (frames ?? []).forEach((frame, i) => {
      if (frame.type !== 'receive' || typeof frame.data !== 'string' || typeof frame.time !== 'number') return;
      const messages = parseBayeux(frame.data);
      if (!messages) warnings.push(`${where}: WebSocket frame ${i} is not Bayeux JSON; skipped`);
      for (const message of messages ?? []) found.push({ at: Math.round(frame.time * 1000), order: 0, transport: 'websocket', message });
    });
    return found;
  }
  const started = Date.parse(entry.startedDateTime ?? '');
  if (!Number.isFinite(started)) {
    warnings.push(`${where}: no startedDateTime; skipped`);
    return found;
  }
  const end = Math.round(started + (typeof entry.time === 'number' && entry.time > 0 ? entry.time : 0));
  const status = entry.response?.status ?? 0;
  const error = entry.response?._error;
  if (status === 0) {
    // Status 0 without an error is a poll still pending when the HAR was saved: nothing came back.
    if (error) found.push({ at: end, order: 0, transport: 'long-polling', problem: { subject: error, detail: `${entry.request?.method ?? 'GET'} ${url.pathname} did not complete (${error})` } });
    return found;
  }
  const text = bodyText(entry.response?.content);
  const messages = text === undefined ? undefined : parseBayeux(text);
  if (status >= 400 && !messages) {
    found.push({ at: end, order: 0, transport: 'long-polling', problem: { subject: `HTTP ${status}`, detail: `${entry.request?.method ?? 'GET'} ${url.pathname} answered HTTP ${status}` } });
    return found;
  }
  if (text === undefined) warnings.push(`${where}: HTTP ${status} without a saved body; skipped`);
  else if (!messages) warnings.push(`${where}: the body is not Bayeux JSON; skipped`);
  for (const message of messages ?? []) found.push({ at: end, order: 0, transport: 'long-polling', message });
  return found;
}

/** A GWS REST call of the HAR as a request and a response, at its start and end. */
function restEntry(entry: HarEntry, url: URL, redactor: Redactor): Found[] {
  const sentAt = Date.parse(entry.startedDateTime ?? '');
  if (!Number.isFinite(sentAt)) return [];
  const answeredAt = Math.round(sentAt + (typeof entry.time === 'number' && entry.time > 0 ? entry.time : 0));
  const status = typeof entry.response?.status === 'number' && entry.response.status > 0 ? entry.response.status : 0;
  const records = restRecords({
    method: entry.request?.method ?? 'GET', url: url.pathname, gws: true, requestBody: entry.request?.postData?.text, sentAt, answeredAt,
    status, responseBody: bodyText(entry.response?.content), ...(status === 0 ? { error: entry.response?._error || 'no answer saved in the HAR' } : {}),
  }, redactor);
  const request: Found = { at: sentAt, order: 0, transport: 'rest', rest: { records } };
  return [request, { at: answeredAt, order: 0, transport: 'rest', rest: { records, of: request } }];
}

/** Reads a HAR's notification traffic as capture records (seqs in time order) and a header. */
export async function importHar(harPath: string, options: { toolVersion?: string } = {}): Promise<HarImport> {
  let har: { log?: { pages?: Array<{ startedDateTime?: string }>; entries?: HarEntry[] } };
  try {
    har = JSON.parse(await readFile(harPath, 'utf8')) as typeof har;
  } catch (err) {
    throw new Error(`${harPath} is not a HAR file: ${err instanceof SyntaxError ? 'not JSON' : err instanceof Error ? err.message : String(err)}`);
  }
  const entries = har?.log?.entries;
  if (!Array.isArray(entries)) throw new Error(`${harPath} is not a HAR file (no log.entries)`);
  const warnings: string[] = [];
  const found: Found[] = [];
  const clientIds = new Set<string>();
  let server: string | null = null;
  const redactor = new Redactor({ enabled: false });
  const urlOf = (entry: HarEntry): URL | undefined => {
    try {
      return new URL(entry?.request?.url ?? '');
    } catch {
      return undefined;
    }
  };
  // The server is the notifications' origin; its REST calls are found once it is known.
  const origin = entries.map(urlOf).find((u) => u !== undefined && NOTIFICATIONS.test(u.pathname));
  const gwsOrigin = origin ? originOf(origin) : undefined;
  entries.forEach((entry, index) => {
    const url = urlOf(entry);
    if (!url) return;
    if (!NOTIFICATIONS.test(url.pathname)) {
      if (url.origin === gwsOrigin && isGwsRestPath(url.pathname)) for (const f of restEntry(entry, url, redactor)) found.push({ ...f, order: found.length });
      return;
    }
    server ??= originOf(url);
    collectClientIds(entry, clientIds);
    for (const f of scanEntry(entry, url, index, warnings)) found.push({ ...f, order: found.length });
  });
  found.sort((a, b) => a.at - b.at || a.order - b.order);
  const scrubIds = (text: string): string => scrubText([...clientIds].reduce((t, id) => t.split(id).join('***'), text));
  const meta = new MetaTracker();
  const records: CaptureRecord[] = [];
  const topics: string[] = [];
  for (const f of found) {
    const seq = records.length + 1;
    const iso = new Date(f.at).toISOString();
    if (f.rest) {
      // A response finds its request's seq on the request's Found (sorted before it: it starts no later).
      const { request, response } = f.rest.records;
      f.rest.seq = seq;
      if (f.rest.of) records.push({ kind: 'response', seq, request: f.rest.of.rest?.seq ?? 0, ...withoutKind(response) });
      else records.push({ kind: 'request', seq, ...withoutKind(request) });
      continue;
    }
    if (f.problem) {
      records.push({ kind: 'event', seq, at: iso, event: 'error', subject: scrubIds(f.problem.subject), detail: scrubIds(f.problem.detail) });
      continue;
    }
    const m = f.message!;
    if (!m.channel.startsWith('/meta/')) {
      // record() flags a payload it had to depth-cap (unserializable), as the journal writer does.
      records.push(redactor.record({ kind: 'message', seq, receivedAt: iso, channel: m.channel, data: m.hasData ? m.data : undefined }));
      continue;
    }
    const fact = meta.event(m, f.transport);
    if (!fact) continue;
    if (fact.event === 'subscribed' && fact.subject && !topics.includes(fact.subject)) topics.push(fact.subject);
    const event: CaptureRecord = { kind: 'event', seq, at: iso, event: fact.event };
    if (fact.subject !== undefined) event.subject = scrubIds(fact.subject);
    if (fact.detail !== undefined) event.detail = scrubIds(fact.detail);
    records.push(event);
  }
  const firstPage = har.log?.pages?.[0]?.startedDateTime;
  const createdMs = Date.parse(firstPage ?? '') || (found.length > 0 ? found[0].at : Date.now());
  const header: HeaderRecord = {
    kind: 'header',
    format: CAPTURE_FORMAT,
    version: CAPTURE_VERSION,
    createdAt: new Date(createdMs).toISOString(),
    server,
    user: null,
    topics,
    source: 'har',
    tool: { name: 'gws-notify', version: options.toolVersion ?? '0.0.0' },
  };
  return { header, records, warnings };
}

/** A record's fields but `kind` (so that seq can come right after it). */
function withoutKind<T extends { kind: string }>(record: T): Omit<T, 'kind'> {
  const { kind: _kind, ...rest } = record;
  return rest;
}

/** Imports `harPath` and writes it as an NDJSON capture at `outPath` (refusing to overwrite unless told). */
export async function importHarToFile(harPath: string, outPath: string, options: { toolVersion?: string; overwrite?: boolean } = {}): Promise<HarImport> {
  const result = await importHar(harPath, options);
  await writeJournal(outPath, result.header, result.records, { overwrite: options.overwrite ?? false });
  return result;
}
