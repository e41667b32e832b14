import { join } from 'node:path';
import { toIndexEntry } from '../../../src/indexing/indexer';
import type { IndexEntry } from '../../../src/indexing/indexEntry';
import { JournalWriter } from '../../../src/capture/journalWriter';
import type { CaptureRecord, MessageRecord } from '../../../src/capture/records';
import type { SessionState } from '../../../src/connection/cometdSession';
import { CaptureSession } from '../../../src/session/captureSession';
import { TimelineService, type TimelineServiceOptions } from '../../../src/timeline/timelineService';
import type { Envelope, HostMessage, WebviewMessage } from '../../../src/timelineProtocol';
import { header } from '../capture/helpers';

export { tempDir } from '../capture/helpers';

export const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);

/** A message record at T0 + seq ms. */
export function message(seq: number, channel: string, data: unknown): MessageRecord {
  return { kind: 'message', seq, receivedAt: new Date(T0 + seq).toISOString(), channel, data };
}

/** A call message. */
export function callMsg(seq: number, id: string, state: string, extra: Record<string, unknown> = {}, notificationType = 'StatusChange'): MessageRecord {
  return message(seq, '/v2/me/calls', { messageType: 'CallStateChangeMessage', notificationType, call: { id, state, participants: [{ phoneNumber: '5000', digits: '5000' }], capabilities: ['Hangup', 'Hold'], ...extra } });
}

/** A chat state message. */
export function chatMsg(seq: number, id: string, state: string, participants: unknown[], notificationType = 'StatusChange'): MessageRecord {
  return message(seq, '/v2/me/chats', { messageType: 'ChatStateChangeMessage', notificationType, chat: { id, state, participants, capabilities: ['Complete'] }, referenceId: seq });
}

/** A MessageLogUpdated for chat `id`. */
export function chatLog(seq: number, id: string, messages: unknown[]): MessageRecord {
  return message(seq, '/v2/me/chats', { messageType: 'MessageLogUpdated', notificationType: 'NewMessages', chatUri: `http://gws/api/v2/chats/${id}`, messages });
}

/** A device message carrying several devices. */
export function devicesMsg(seq: number, list: Array<{ id: string; state: string }>): MessageRecord {
  return message(seq, '/v2/me/devices', { messageType: 'DeviceStateChangeMessage', devices: list.map((d) => ({ id: d.id, deviceState: 'Active', userState: { state: d.state }, phoneNumber: `n-${d.id}` })) });
}

/** Writes `records` with the real JournalWriter and indexes them with the real indexer. */
export function writeJournal(path: string, records: CaptureRecord[], head = header()): IndexEntry[] {
  const writer = new JournalWriter(path, head, { overwrite: true });
  const entries = records.map((r) => {
    const { offset, length } = writer.append(r);
    return toIndexEntry(r, offset, length);
  });
  writer.close();
  return entries;
}

/** A capture session the test feeds by hand, to play a live capture growing. */
export class FedSession extends CaptureSession {
  readonly kind = 'live' as const;
  constructor(journalPath: string) {
    super(`fed-${Math.random().toString(36).slice(2)}`, journalPath);
  }
  get label(): string {
    return 'fed';
  }
  get state(): SessionState {
    return 'connected';
  }
  get stateDetail(): string | undefined {
    return undefined;
  }
  get user(): string | null {
    return 'agent1';
  }
  get topics(): ReadonlyArray<{ channel: string; count: number }> {
    return [];
  }
  /** Indexes `entries` as the connection process would. */
  feed(entries: IndexEntry[]): void {
    this.trackerNow.ingestBatch(entries);
  }
}

/** A service with a port that records posts and logs, plus request(). */
export function harness(session: CaptureSession, options: TimelineServiceOptions = {}) {
  const posted: Array<Envelope<HostMessage>> = [];
  const logs: string[] = [];
  const opened: Array<[number, string, string]> = [];
  const exported: number[][] = [];
  const service = new TimelineService(session, {
    post: (m) => posted.push(m),
    log: (t) => logs.push(t),
    openDiff: (seq, kind, id) => opened.push([seq, kind, id]),
    exportSeqs: (seqs) => exported.push(seqs),
  }, { warmText: false, ...options });
  let id = 1000;
  /** Sends `body` and returns the reply's body. */
  async function request<T extends HostMessage['type']>(body: WebviewMessage): Promise<Extract<HostMessage, { type: T }>> {
    const messageId = id++;
    await service.receive({ messageId, body });
    // A long request reports progress first (every second on a slow machine): the reply is the answer.
    const reply = posted.find((p) => p.inReplyTo === messageId && p.body.type !== 'request/progress');
    if (!reply) throw new Error(`no reply to ${body.type}`);
    return reply.body as Extract<HostMessage, { type: T }>;
  }
  return { service, posted, logs, opened, exported, request };
}

/** A temp journal path. */
export function journalIn(dir: string, name = 'capture.ndjson'): string {
  return join(dir, name);
}
