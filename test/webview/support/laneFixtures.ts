import type { CaptureRecord } from '../../../src/capture/records';
import { callMsg, chatMsg, devicesMsg, T0 } from '../../unit/timeline/helpers';

/**
 * A capture for the lanes: two calls, a device and a chat whose states last whole seconds, and a
 * gap, so each span is wide enough to hover and click. `at(s)` is T0 + s seconds.
 */

export const at = (s: number): number => T0 + s * 1000;
const timed = (r: CaptureRecord, s: number): CaptureRecord => ({ ...r, receivedAt: new Date(at(s)).toISOString() }) as CaptureRecord;
const agent = { participantId: 'P-AGENT', nickname: 'agent1', type: 'Agent' };

/** [seq, second, record]: c1 Ringing 0–2 s, Established 2–6 s, Held 6–8 s, Established 8–12 s, Released at 12 s. */
export function laneRecords(): CaptureRecord[] {
  const steps: Array<[number, (seq: number) => CaptureRecord]> = [
    [0, (q) => callMsg(q, 'c1', 'Ringing')],
    [0, (q) => devicesMsg(q, [{ id: 'd1', state: 'NotReady' }])],
    [1, (q) => callMsg(q, 'c2', 'Dialing')],
    [2, (q) => callMsg(q, 'c1', 'Established')],
    [3, (q) => callMsg(q, 'c2', 'Established')],
    [4, (q) => chatMsg(q, 'ch1', 'Chatting', [agent])],
    [5, (q) => devicesMsg(q, [{ id: 'd1', state: 'Ready' }])],
    [6, (q) => callMsg(q, 'c1', 'Held')],
    [8, (q) => callMsg(q, 'c1', 'Established')],
    [10, (q) => chatMsg(q, 'ch1', 'Completed', [agent])],
    [11, (q) => devicesMsg(q, [{ id: 'd1', state: 'NotReady' }])],
    [12, (q) => callMsg(q, 'c1', 'Released')],
  ];
  const records = steps.map(([s, make], i) => timed(make(i + 1), s));
  records.push({ kind: 'gap', seq: records.length + 1, from: new Date(at(9)).toISOString(), to: new Date(at(9.5)).toISOString(), reason: 'reconnect' });
  records.push(timed(callMsg(records.length + 1, 'c2', 'Established', { userData: { note: 'last' } }), 14));
  return records;
}
