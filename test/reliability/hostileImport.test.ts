import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JournalWriter } from '../../src/capture/journalWriter';
import type { HeaderRecord } from '../../src/capture/records';
import { exportCapture } from '../../src/exchange/exportCapture';
import { importHarToFile } from '../../src/exchange/harImport';
import { loadCapture } from '../../src/exchange/openCapture';
import { Redactor } from '../../src/exchange/redaction';
import { tempDir } from '../support/harness';
import { assertNotPolluted, checkCorpus, prototypeSnapshot } from './corpusChecks';
import { hostileCorpus, type HostileCase } from './hostileCorpus';
import { assertExercised, exerciseSession } from './sessionExercise';
import { figure } from './support';

/**
 * The same hostile corpus imported as a file: an NDJSON capture, a JSON export of it, and a browser
 * HAR carrying it in long-poll responses. Plus a payload nested 10,000 levels deep in each. Pass:
 * every case comes back as one message record with its data, flagged exactly where malformed, the
 * tracker consistent, every read API free of exceptions, the 10,000-deep record kept and flagged.
 */
const T0 = Date.UTC(2024, 4, 14, 9, 0, 0);
const header = (source: HeaderRecord['source']): HeaderRecord => ({ kind: 'header', format: 'gws-notify-capture', version: 1, createdAt: new Date(T0).toISOString(), server: 'http://gws.example', user: 'agent1', topics: ['/v2/me/calls'], source, tool: { name: 'gws-notify', version: 'test' } });
/** What an export or import keeps of a payload: credentials scrubbed, nothing else changed. */
const scrubbed = (c: HostileCase): unknown => new Redactor({ enabled: false }).value(c.data);

/** A capture file of `cases`, written by the real JournalWriter. */
function writeCapture(path: string, cases: readonly HostileCase[]): void {
  const writer = new JournalWriter(path, header('import'), { overwrite: true });
  cases.forEach((c, i) => writer.append({ kind: 'message', seq: i + 1, receivedAt: new Date(T0 + i).toISOString(), channel: c.channel, data: c.hasData ? c.data : undefined }));
  writer.close();
}

/** A browser HAR whose long-poll responses carry `cases` (plus a 10,000-deep message as raw text when given). */
function writeHar(path: string, cases: readonly HostileCase[], deepText?: string): void {
  const url = 'http://gws.example/api/v2/notifications';
  const entry = (i: number, path: string, body: string) => ({ startedDateTime: new Date(T0 + i * 10).toISOString(), time: 5, request: { method: 'POST', url: `${url}${path}`, headers: [{ name: 'Cookie', value: 'JSESSIONID=SECRET' }] }, response: { status: 200, headers: [], content: { mimeType: 'application/json', text: body } } });
  const entries = [
    entry(0, '/handshake', JSON.stringify([{ channel: '/meta/handshake', successful: true, clientId: 'c1', version: '1.0', supportedConnectionTypes: ['long-polling'] }])),
    entry(1, '/subscribe', JSON.stringify([{ channel: '/meta/subscribe', successful: true, subscription: '/v2/me/calls' }])),
    ...cases.map((c, i) => entry(i + 2, '/connect', JSON.stringify([c.hasData ? { channel: c.channel, data: c.data } : { channel: c.channel }, { channel: '/meta/connect', successful: true }]))),
  ];
  let text = JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, pages: [], entries } });
  if (deepText) {
    const deepEntry = JSON.stringify(entry(cases.length + 2, '/connect', '"DEEP"')).replace('"\\"DEEP\\""', JSON.stringify(`[{"channel":"/v2/me/calls","data":${deepText}}]`));
    text = text.replace(/\]\}\}$/, `,${deepEntry}]}}`);
  }
  writeFileSync(path, text);
}

/** A CallStateChangeMessage whose userData nests `depth` levels, as JSON text (JSON.stringify cannot write it). */
function deepCallText(depth: number): string {
  return `{"messageType":"CallStateChangeMessage","call":{"id":"DEEP-10000","state":"Ringing","userData":{"Deep":${'{"d":'.repeat(depth)}1${'}'.repeat(depth)}}}}`;
}

describe('hostile corpus imported from files', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());
  const cases = hostileCorpus(1000);
  const ndjson = join(tmp.dir, 'corpus.ndjson');
  writeCapture(ndjson, cases);

  test('as an NDJSON capture', async () => {
    const before = prototypeSnapshot();
    const loaded = await loadCapture(ndjson);
    const result = await checkCorpus(cases, loaded.journalPath, loaded.tracker);
    const exercised = await exerciseSession(ndjson);
    assertExercised(exercised);
    assertNotPolluted(before);
    figure('hostileImport.ndjson', { ...result, exercised: exercised.calls });
  });

  test('as a JSON export of that capture', async () => {
    const out = join(tmp.dir, 'corpus.json');
    await exportCapture(ndjson, { kind: 'all' }, 'json', out);
    const loaded = await loadCapture(out, { tempDir: tmp.dir });
    const result = await checkCorpus(cases, loaded.journalPath, loaded.tracker, scrubbed);
    figure('hostileImport.jsonExport', result);
  });

  test('as a browser HAR', async () => {
    const before = prototypeSnapshot();
    const har = join(tmp.dir, 'corpus.har');
    writeHar(har, cases);
    const out = join(tmp.dir, 'from-har.ndjson');
    const imported = await importHarToFile(har, out);
    assert.deepEqual(imported.warnings, []);
    const loaded = await loadCapture(out);
    const result = await checkCorpus(cases, out, loaded.tracker, scrubbed);
    assert.ok(!readFileSync(out, 'utf8').includes('SECRET'), 'request headers never copied');
    const exercised = await exerciseSession(out);
    assertExercised(exercised);
    assertNotPolluted(before);
    figure('hostileImport.har', { ...result, exercised: exercised.calls });
  });

  test('a payload nested 10,000 levels deep: kept, flagged, and never a crash', async () => {
    const deep = deepCallText(10_000);
    // NDJSON: the line is kept whole and flagged on reading.
    const path = join(tmp.dir, 'deep.ndjson');
    const line = `{"kind":"message","seq":1,"receivedAt":"${new Date(T0).toISOString()}","channel":"/v2/me/calls","data":${deep}}`;
    writeFileSync(path, `${JSON.stringify(header('import'))}\n${line}\n`);
    const loaded = await loadCapture(path);
    assert.equal(loaded.entries, 1);
    assert.match(loaded.tracker.entryAt(1)?.malformed ?? '', /nested more than 3000 levels deep/);
    assert.equal(loaded.tracker.get('call', 'DEEP-10000')?.state, 'Ringing', 'still classified');
    const exercised = await exerciseSession(path);
    assertExercised(exercised);
    // Every export format copes; the NDJSON export keeps the line byte for byte.
    const outputs: Record<string, string> = {};
    for (const format of ['ndjson', 'json', 'markdown'] as const) {
      outputs[format] = join(tmp.dir, `deep-export.${format}`);
      await exportCapture(path, format === 'markdown' ? { kind: 'resource', resource: { kind: 'call', id: 'DEEP-10000' } } : { kind: 'all' }, format, outputs[format]);
    }
    assert.ok(readFileSync(outputs.ndjson, 'utf8').includes(line), 'the NDJSON export copies the deep line whole');
    const reimported = await loadCapture(outputs.json, { tempDir: tmp.dir });
    assert.match(reimported.tracker.entryAt(1)?.malformed ?? '', /unserializable: RangeError/, 'the JSON export keeps it depth-capped and flagged');
    // HAR: the import keeps it depth-capped and flagged.
    const har = join(tmp.dir, 'deep.har');
    writeHar(har, cases.slice(0, 3), deep);
    const fromHar = join(tmp.dir, 'deep-from-har.ndjson');
    await importHarToFile(har, fromHar);
    const harLoaded = await loadCapture(fromHar);
    assert.equal(harLoaded.tracker.messageCount, 4);
    const deepSeq = [...harLoaded.tracker.seqsOf('call', 'DEEP-10000')][0]!;
    assert.match(harLoaded.tracker.entryAt(deepSeq)?.malformed ?? '', /unserializable: RangeError/);
    figure('hostileImport.deep10000', { ndjson: loaded.tracker.entryAt(1)?.malformed, exercised: exercised.calls });
  });
});
