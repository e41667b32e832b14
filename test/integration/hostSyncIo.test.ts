/**
 * The rule "no synchronous file I/O on the extension host's main thread while the user works",
 * checked on the real host-side classes: every synchronous node:fs call is recorded with its stack
 * (test/support/syncIoRecorder.ts), and none may have a frame in src/. Covered: Import HAR, a WWE log, opening
 * an NDJSON capture and a JSON export (converted), the timeline service (snapshot, page, payload,
 * text filter in the worker, diff, resource detail, transcript), the captures folder, the demo
 * simulator started as the host starts it, a live connection with a pinned certificate (the trust
 * bundle), Clear, disconnect, exports (the host's half: planning, starting the export worker,
 * progress, the result), and closing every session.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CaptureDirectory } from '../../src/capture/captureDirectory';
import { exportInWorker } from '../../src/exchange/exportThread';
import { importHarToFile } from '../../src/exchange/harImport';
import type { CaptureSession } from '../../src/session/captureSession';
import { LiveSession } from '../../src/session/liveSession';
import { OfflineSession } from '../../src/session/offlineSession';
import { spawnSimulator } from '../../src/simulator/spawnSimulator';
import { TimelineService } from '../../src/timeline/timelineService';
import type { Envelope, HostMessage, WebviewMessage } from '../../src/timelineProtocol';
import { bundlePath } from '../../src/util/bundles';
import { REPO, tempDir, waitFor } from '../support/harness';
import { SyncIoRecorder } from '../support/syncIoRecorder';

const HAR = join(REPO, 'test', 'fixtures', 'har', 'wwe-session.har');
const WWE_LOG = join(REPO, 'test', 'fixtures', 'wwe', 'firefox-session.log');

/** The first call (else any resource) a session tracks, for a resource-scoped export. */
function firstResource(session: CaptureSession): { kind: 'call' | 'chat' | 'device'; id: string } {
  const found = session.tracker.resources().find((r) => r.kind === 'call') ?? session.tracker.resources()[0];
  assert.ok(found, 'the capture tracks a resource');
  return { kind: found.kind as 'call' | 'chat' | 'device', id: found.id };
}

/** Drives one timeline service through every kind of request; each must be answered, not failed. */
async function exerciseTimeline(session: CaptureSession): Promise<void> {
  const posted: Array<Envelope<HostMessage>> = [];
  const service = new TimelineService(session, { post: (m) => posted.push(m), log: () => undefined, openDiff: () => undefined, exportSeqs: () => undefined });
  let nextId = 1;
  async function request<T extends HostMessage['type']>(body: WebviewMessage): Promise<Extract<HostMessage, { type: T }>> {
    const messageId = nextId++;
    await service.receive({ messageId, body });
    const reply = posted.find((p) => p.inReplyTo === messageId && p.body.type !== 'request/progress');
    assert.ok(reply, `no reply to ${body.type}`);
    assert.notEqual(reply.body.type, 'request/failed', `${body.type}: ${JSON.stringify(reply.body)}`);
    return reply.body as Extract<HostMessage, { type: T }>;
  }
  try {
    const snap = await request<'timeline/snapshot'>({ type: 'webview/ready' });
    assert.ok(snap.total > 0, 'the capture has rows');
    const page = await request<'rows/page'>({ type: 'rows/get', generation: snap.generation, start: 0, count: 50 });
    const message = page.rows.find((r) => r.rec === 'message');
    assert.ok(message, 'a message row');
    await request({ type: 'record/get', seq: message.seq });
    await request({ type: 'diff/get', seq: message.seq });
    const resource = session.tracker.resources()[0];
    assert.ok(resource, 'a tracked resource');
    await request({ type: 'resource/get', kind: resource.kind, id: resource.id });
    const chat = session.tracker.resources('chat')[0];
    await request({ type: 'transcript/get', chatId: chat?.id ?? 'none' });
    const filtered = await request<'timeline/snapshot'>({ type: 'view/filter/set', filter: { text: resource.id } });
    assert.ok(filtered.total > 0, 'the text filter finds the resource it names');
    await request({ type: 'rows/get', generation: filtered.generation, start: 0, count: 20 });
  } finally {
    service.dispose();
  }
}

/** A self-signed certificate (PEM), to pin: ConnectionHost then writes a trust bundle. */
function certificatePem(dir: string): string {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'pin.key'), '-out', join(dir, 'pin.pem'), '-days', '2', '-subj', '/CN=gws-pin'], { stdio: 'ignore' });
  return readFileSync(join(dir, 'pin.pem'), 'utf8');
}

describe('no synchronous file I/O from src/ on the host\'s paths', () => {
  const tmp = tempDir('gws-syncio-');
  const recorder = new SyncIoRecorder();
  const captures = new CaptureDirectory(join(tmp.dir, 'captures'));
  // Resolved before recording: bundlePath is the CLI's and the tests' (existsSync), not the host's.
  const simulatorScript = bundlePath('simulator', join(REPO, 'dist'));
  const connectionScript = bundlePath('connection', join(REPO, 'dist'));
  let pinned: string;
  let jsonExport: string;

  before(() => {
    pinned = certificatePem(tmp.dir);
    jsonExport = join(tmp.dir, 'export.json');
    recorder.install();
  });
  after(() => {
    recorder.uninstall();
    tmp.cleanup();
  });

  test('control: a synchronous call made from src/ is recorded, with its frame', async () => {
    await recorder.during('control', async () => {
      bundlePath('simulator', join(REPO, 'dist'));
    });
    const seen = recorder.fromSrc('control');
    assert.ok(seen.some((c) => c.fn === 'existsSync' && c.srcFrames.some((f) => f.includes('bundles.ts'))), 'the recorder sees existsSync in src/util/bundles.ts');
  });

  test('Import HAR, open it and a JSON export, use the timeline, close them', async () => {
    await recorder.during('offline', async () => {
      const out = await captures.newJournalPath('har-wwe-session');
      const imported = await importHarToFile(HAR, out);
      assert.ok(imported.records.length > 0);
      const har = await OfflineSession.open(out, out, undefined, captures.dir);
      await exerciseTimeline(har);
      for (const format of ['ndjson', 'json', 'markdown'] as const) {
        const scope = format === 'markdown' ? { kind: 'resource' as const, resource: firstResource(har) } : { kind: 'all' as const };
        const result = await exportInWorker({ journalPath: har.journalPath, tracker: har.tracker }, scope, format, join(tmp.dir, `export.${format}`), { redact: { enabled: true }, script: join(REPO, 'dist', 'exportWorker.js') });
        assert.ok(result.records > 0, `the ${format} export wrote records`);
      }

      // A JSON export of the imported journal, written by the test, opened as the host opens one.
      const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
      recorder.stop();
      writeFileSync(jsonExport, JSON.stringify({ format: 'gws-notify-capture', version: 1, header: records[0], records: records.slice(1) }, null, 2));
      recorder.start('offline');
      const converted = await OfflineSession.open(jsonExport, jsonExport, undefined, captures.dir);
      assert.notEqual(converted.journalPath, jsonExport, 'the export was converted to a temp journal');
      await exerciseTimeline(converted);

      // A WWE console log, imported on the way as Open Capture… and Import Workspace Web Edition Log… do.
      const wwe = await OfflineSession.open(WWE_LOG, WWE_LOG, undefined, captures.dir, () => undefined);
      assert.equal(wwe.tracker.messageCount, 4);
      await exerciseTimeline(wwe);
      wwe.dispose();

      assert.ok((await captures.list()).length >= 2);
      await captures.prune(1 << 30, new Set());
      await captures.freeBytes();
      har.dispose();
      converted.dispose();
      await Promise.all([har.disposed, converted.disposed, wwe.disposed]);
      recorder.stop();
      assert.equal(existsSync(converted.journalPath), false, 'the converted copy is deleted on close');
    });
  });

  test('start the demo simulator, connect with a pinned certificate, use the timeline live, Clear, disconnect', async () => {
    await recorder.during('live', async () => {
      const sim = await spawnSimulator(simulatorScript, { port: 0, scenario: 'demo', speed: 10, loop: true });
      let live: LiveSession | undefined;
      try {
        live = new LiveSession('sim', {
          processScript: connectionScript,
          baseUrl: sim.url,
          credentials: { type: 'basic', user: 'agent1', password: 'secret' },
          topics: ['/v2/me/calls', '/v2/me/devices', '/v2/me/chats'],
          journalPath: await captures.newJournalPath('sim'),
          userLabel: 'agent1',
          toolVersion: 'test',
          pinnedCertificatePem: pinned,
          flushIntervalMs: 20,
          batchIntervalMs: 20,
        });
        await live.ready;
        const session = live;
        await waitFor('live messages', () => session.tracker.messageCount >= 5);
        await exerciseTimeline(live);
        await live.clear(await captures.newJournalPath('sim'));
        await waitFor('messages after Clear', () => session.tracker.messageCount >= 1);
        await live.stop();
      } finally {
        live?.dispose();
        await sim.stop();
      }
    });
  });

  test('no recorded call has a frame in src/', () => {
    const offenders = recorder.fromSrc().filter((c) => c.phase !== 'control');
    assert.deepEqual(offenders.map((c) => `${c.fn} (${c.phase})\n${c.srcFrames.join('\n')}`), []);
    assert.ok(recorder.calls.length > 0, 'calls were recorded at all');
  });
});
