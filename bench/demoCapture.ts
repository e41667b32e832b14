import { join } from 'node:path';
import { toIndexEntry } from '../src/indexing/indexer';
import { JournalWriter } from '../src/capture/journalWriter';
import type { HeaderRecord } from '../src/capture/records';
import { demoSteps } from '../src/simulator/scenarios/demo';
import { ResourceTracker } from '../src/tracker/resourceTracker';

/** Journals for benches: the simulator's demo scenario, looped, written by the real JournalWriter and indexer. */

const T0 = Date.UTC(2024, 4, 14, 9);

/** Writes `count` demo-scenario messages (calls, devices, chats, media) with the real writer and indexer; returns the path. */
export function writeDemoCapture(dir: string, count: number): string {
  const path = join(dir, `demo-${count}.ndjson`);
  const header: HeaderRecord = { kind: 'header', format: 'gws-notify-capture', version: 1, createdAt: new Date(T0).toISOString(), server: 'http://gws:8080', user: 'agent1', topics: ['/v2/me/calls', '/v2/me/devices', '/v2/me/chats'], source: 'live', tool: { name: 'gws-notify', version: 'bench' } };
  const writer = new JournalWriter(path, header, { overwrite: true, maxBufferBytes: 8 * 1024 * 1024 });
  const tracker = new ResourceTracker();
  let seq = 0;
  for (let iteration = 0; seq < count; iteration++) {
    for (const step of demoSteps({ user: 'agent1', userIndex: 0, baseUrl: 'http://gws:8080', seed: 7, iteration })) {
      if (seq >= count) break;
      seq += 1;
      const record = { kind: 'message' as const, seq, receivedAt: new Date(T0 + iteration * 80_000 + step.at).toISOString(), channel: step.channel, data: step.data };
      const at = writer.append(record);
      tracker.ingest(toIndexEntry(record, at.offset, at.length));
    }
  }
  writer.close();
  return path;
}

