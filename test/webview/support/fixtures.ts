import type { CaptureRecord } from '../../../src/capture/records';
import { OfflineSession } from '../../../src/session/offlineSession';
import { callMsg, chatLog, chatMsg, devicesMsg, journalIn, message, tempDir, writeJournal } from '../../unit/timeline/helpers';

/** Real journals for the webview tests, written by the real JournalWriter and opened as OfflineSessions. */

export const cust = { participantId: 'P-CUST', nickname: 'Cust', type: 'Customer' };
export const agent = { participantId: 'P-AGENT', nickname: 'agent1', type: 'Agent' };
export const boss = { participantId: 'P-SUP', nickname: 'boss', type: 'Supervisor' };

const text = (index: number, body: string, from = cust) => ({ index, type: 'Text', text: body, visibility: 'All', from, timestampSeconds: Date.UTC(2024, 4, 1, 10, 0, index) });

/** A small capture covering every row kind, then `filler` call messages. */
export function demoRecords(filler = 300): CaptureRecord[] {
  const records: CaptureRecord[] = [
    { kind: 'event', seq: 1, at: new Date(Date.UTC(2024, 4, 1, 10)).toISOString(), event: 'connected' },
    chatMsg(2, 'ch1', 'Chatting', [cust, agent]),
    chatMsg(3, 'ch1', 'Chatting', [cust, agent, boss], 'ParticipantsUpdated'),
    chatLog(4, 'ch1', [text(3, 'third line'), text(1, 'first line'), text(2, 'second line', agent)]),
    chatMsg(5, 'ch1', 'Chatting', [cust, boss], 'ParticipantsUpdated'),
    callMsg(6, 'c1', 'Established', { capabilities: ['Hangup', 'Hold', 'SendDtmf'], userData: { Segment: 'Gold' }, dnis: '7001', ani: '5551234' }),
    callMsg(7, 'c1', 'Held', { capabilities: ['Hangup', 'Retrieve', 'SendDtmf'], userData: { Segment: 'Gold' }, dnis: '7001', ani: '5551234' }),
    devicesMsg(8, [{ id: 'd1', state: 'NotReady' }, { id: 'd2', state: 'NotReady' }]),
    devicesMsg(9, [{ id: 'd1', state: 'Ready' }, { id: 'd2', state: 'NotReady' }]),
    message(10, '/v2/me/calls', { messageType: 'ErrorMessage', errorMessage: 'Cannot retrieve', deviceUri: 'http://gws/api/v2/devices/d1', callUri: 'http://gws/api/v2/me/calls/c1' }),
    { kind: 'gap', seq: 11, from: new Date(Date.UTC(2024, 4, 1, 10, 0, 11)).toISOString(), to: new Date(Date.UTC(2024, 4, 1, 10, 0, 20)).toISOString(), reason: 'reconnect' },
    message(12, '/v2/me/calls', { notificationType: 'StatusChange', call: { id: 'c9', state: 'Ringing' } }),
  ];
  for (let i = 0; i < filler; i++) records.push(callMsg(13 + i, `f${i % 7}`, i % 2 ? 'Established' : 'Ringing', { userData: { Filler: `F-${i}` } }));
  return records;
}

/** Writes `records` to a temp journal and opens it; cleanup closes and deletes. */
export async function openCapture(records: CaptureRecord[]): Promise<{ session: OfflineSession; cleanup: () => void }> {
  const tmp = tempDir();
  const path = journalIn(tmp.dir);
  writeJournal(path, records);
  const session = await OfflineSession.open(path);
  return { session, cleanup: () => (session.dispose(), tmp.cleanup()) };
}
