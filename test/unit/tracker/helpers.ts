import { toIndexEntry } from '../../../src/indexing/indexer';
import type { IndexEntry } from '../../../src/indexing/indexEntry';

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);

/** An index entry for a message with `data` on `channel`, at T0 + seq seconds. */
export function msg(seq: number, channel: string, data: unknown): IndexEntry {
  return toIndexEntry({ kind: 'message', seq, receivedAt: new Date(T0 + seq * 1000).toISOString(), channel, data }, seq * 100, 99);
}

/** A CallStateChangeMessage entry. */
export function call(seq: number, id: string, state: string, extra: Record<string, unknown> = {}): IndexEntry {
  return msg(seq, '/v2/me/calls', { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: { id, state, participants: [{ phoneNumber: '5000' }], ...extra } });
}

/** A DeviceStateChangeMessage entry for several devices. */
export function devices(seq: number, list: Array<{ id: string; state: string; deviceState?: string }>): IndexEntry {
  return msg(seq, '/v2/me/devices', {
    messageType: 'DeviceStateChangeMessage',
    devices: list.map((d) => ({ id: d.id, deviceState: d.deviceState ?? 'Active', userState: { state: d.state }, phoneNumber: `num-${d.id}` })),
  });
}

/** A ChatStateChangeMessage entry. */
export function chat(seq: number, id: string, state: string): IndexEntry {
  return msg(seq, '/v2/me/chats', { messageType: 'ChatStateChangeMessage', chat: { id, state, participants: [{ nickname: 'Cust', type: 'Customer' }] } });
}

/** A snapshot entry. */
export function snapshot(seq: number, parts: { calls?: unknown[]; devices?: unknown[]; chats?: unknown[]; failed?: Record<string, string> }): IndexEntry {
  return toIndexEntry({ kind: 'snapshot', seq, at: new Date(T0 + seq * 1000).toISOString(), ...parts }, seq * 100, 99);
}

/** Epoch ms of record `seq` in these helpers. */
export function timeOf(seq: number): number {
  return T0 + seq * 1000;
}
