/** Helpers shared by integration tests: temp dirs, the simulator process, a recording connection. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndexEntry } from '../../src/indexing/indexEntry';
import { ConnectionHost, ConnectionHostOptions } from '../../src/connection/connectionHost';
import { spawnSimulator, SimulatorProcess } from '../../src/simulator/spawnSimulator';
import type { SimulatorOptions, SimulatorStatus } from '../../src/simulator/simulatorTypes';
import { ResourceTracker } from '../../src/tracker/resourceTracker';
import { bundlePath } from '../../src/util/bundles';

export const REPO = join(__dirname, '..', '..');

/** A fresh temp dir removed by the returned cleanup. */
export function tempDir(prefix = 'gws-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** The simulator in its own process (dist/simulator.js). */
export function startSim(options: SimulatorOptions): Promise<SimulatorProcess> {
  return spawnSimulator(bundlePath('simulator', join(REPO, 'dist')), { port: 0, ...options });
}

/** GET /sim/status. */
export async function simStatus(url: string): Promise<SimulatorStatus> {
  const res = await fetch(`${url}/sim/status`);
  return (await res.json()) as SimulatorStatus;
}

/** Polls `check` every 50 ms until it returns true, or fails after `timeoutMs` with `what`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A live connection process recording into `journalPath`, with every index entry tracked and kept. */
export interface Recording {
  host: ConnectionHost;
  tracker: ResourceTracker;
  entries: IndexEntry[];
  states: string[];
  counts: Record<string, number>;
  journalPath: string;
}

/** Starts a connection process against `url` as agent1 unless told otherwise. */
export function record(url: string, journalPath: string, overrides: Partial<ConnectionHostOptions> = {}): Recording {
  const host = new ConnectionHost({
    processScript: bundlePath('connection', join(REPO, 'dist')),
    baseUrl: url,
    credentials: { type: 'basic', user: 'agent1', password: 'secret' },
    topics: ['/v2/me/calls', '/v2/me/devices', '/v2/me/chats'],
    journalPath,
    userLabel: 'agent1',
    toolVersion: 'test',
    flushIntervalMs: 20,
    batchIntervalMs: 20,
    ...overrides,
  });
  const rec: Recording = { host, tracker: new ResourceTracker(), entries: [], states: [], counts: {}, journalPath };
  host.onDidIndex(({ packed, entries, counts }) => {
    rec.tracker.ingestPacked(packed);
    rec.entries.push(...entries);
    rec.counts = counts;
  });
  host.onDidChangeState(({ state }) => rec.states.push(state));
  return rec;
}
