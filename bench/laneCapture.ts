import { join } from 'node:path';
import { JournalWriter } from '../src/capture/journalWriter';
import type { CaptureRecord, HeaderRecord } from '../src/capture/records';
import { callMsg, chatMsg, devicesMsg } from '../test/unit/timeline/helpers';

/**
 * A journal for the lanes bench: `resources` calls, chats and devices (6:3:1) sharing `messages`
 * state messages over an hour, interleaved in time, written by the real JournalWriter. Calls go
 * Ringing → Established → Held → Established → Released; chats alternate Chatting with Invited and
 * end Completed; devices toggle Ready / NotReady.
 */

const T0 = Date.UTC(2024, 4, 14, 9);
const HOUR = 3_600_000;
const agent = { participantId: 'P-AGENT', nickname: 'agent1', type: 'Agent' };
const CALL = ['Ringing', 'Established', 'Held', 'Established'];

/** Writes the journal; returns its path. */
export function writeLaneCapture(dir: string, messages: number, resources: number): string {
  const path = join(dir, `lanes-${messages}-${resources}.ndjson`);
  const header: HeaderRecord = { kind: 'header', format: 'gws-notify-capture', version: 1, createdAt: new Date(T0).toISOString(), server: 'http://gws:8080', user: 'agent1', topics: ['/v2/me/calls', '/v2/me/devices', '/v2/me/chats'], source: 'live', tool: { name: 'gws-notify', version: 'bench' } };
  const calls = Math.round(resources * 0.6);
  const chats = Math.round(resources * 0.3);
  const perResource = Math.max(2, Math.floor(messages / resources));
  // Every resource's messages spread over its own window of the hour; all merged by time.
  const plan: Array<{ at: number; make: (seq: number) => CaptureRecord }> = [];
  for (let r = 0; r < resources && plan.length < messages; r++) {
    const start = (r / resources) * HOUR * 0.9;
    const step = (HOUR * 0.1) / perResource;
    for (let k = 0; k < perResource && plan.length < messages; k++) {
      const last = k === perResource - 1;
      const at = T0 + start + k * step;
      if (r < calls) {
        const id = `C${String(r).padStart(6, '0')}0123456789`;
        plan.push({ at, make: (q) => callMsg(q, id, last ? 'Released' : CALL[k % CALL.length]) });
      } else if (r < calls + chats) {
        const id = `CH${String(r).padStart(6, '0')}`;
        plan.push({ at, make: (q) => chatMsg(q, id, last ? 'Completed' : k % 3 === 0 ? 'Invited' : 'Chatting', [agent]) });
      } else {
        const id = `D${r - calls - chats}`;
        plan.push({ at, make: (q) => devicesMsg(q, [{ id, state: k % 2 ? 'Ready' : 'NotReady' }]) });
      }
    }
  }
  plan.sort((a, b) => a.at - b.at);
  const writer = new JournalWriter(path, header, { overwrite: true, maxBufferBytes: 8 * 1024 * 1024 });
  plan.forEach((p, i) => writer.append({ ...p.make(i + 1), receivedAt: new Date(p.at).toISOString() } as CaptureRecord));
  writer.close();
  return path;
}
