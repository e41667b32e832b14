import { join } from 'node:path';
import { writeJournal } from '../../../src/capture/writeJournal';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type CaptureRecord, type HeaderRecord } from '../../../src/capture/records';
import type { FindingsConfig } from '../../../src/findings/config';
import { lintCapture, type LintedFinding } from '../../../src/findings/lintCapture';
import type { RuleId } from '../../../src/findings/types';
import { tempDir } from '../../support/harness';

/** Builds captures record by record for the findings tests: each record one line, after the header. */

export const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
const iso = (ms: number): string => new Date(T0 + ms).toISOString();

export class CaptureBuilder {
  readonly records: CaptureRecord[] = [];
  private seq = 0;

  /** `source` goes into the header (`replay`, `har`: the delivery clock, src/timing). */
  constructor(private readonly source: HeaderRecord['source'] = 'import') {}

  /** A message at `t` ms after T0. */
  message(t: number, channel: string, data: unknown): this {
    this.records.push({ kind: 'message', seq: ++this.seq, receivedAt: iso(t), channel, data });
    return this;
  }
  call(t: number, id: string, state: string, extra: Record<string, unknown> = {}, top: Record<string, unknown> = {}): this {
    return this.message(t, '/v2/me/calls', { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', ...top, call: { id, state, callType: 'Inbound', participants: [{ phoneNumber: '5001' }], ...extra } });
  }
  chat(t: number, id: string, state: string, extra: Record<string, unknown> = {}): this {
    return this.message(t, '/v2/me/chats', { messageType: 'ChatStateChangeMessage', notificationType: 'StatusChange', chat: { id, state, participants: [{ nickname: 'Ann', type: 'Customer' }], ...extra } });
  }
  transcript(t: number, chat: string, indexes: number[]): this {
    return this.message(t, '/v2/me/chats', { messageType: 'MessageLogUpdated', notificationType: 'NewMessages', chatUri: `/api/v2/chats/${chat}`, messages: indexes.map((index) => ({ index, type: 'Message', text: `m${index}`, from: { type: 'Agent' } })) });
  }
  device(t: number, id: string, state: string, deviceState = 'Active'): this {
    return this.message(t, '/v2/me/devices', { messageType: 'DeviceStateChangeMessage', devices: [{ id, deviceState, userState: { state }, phoneNumber: '7001' }] });
  }
  gap(from: number, to: number, reason = 'reconnect'): this {
    this.records.push({ kind: 'gap', seq: ++this.seq, from: iso(from), to: iso(to), reason });
    return this;
  }
  snapshot(t: number, parts: { calls?: unknown[]; devices?: unknown[]; chats?: unknown[]; failed?: Record<string, string> }): this {
    this.records.push({ kind: 'snapshot', seq: ++this.seq, at: iso(t), ...parts });
    return this;
  }

  /** Writes the capture and lints it; lines are 1-based, the header is line 1. */
  async lint(config: FindingsConfig = {}): Promise<LintedFinding[]> {
    const { dir, cleanup } = tempDir('gws-findings-');
    try {
      const path = join(dir, 'capture.ndjson');
      await writeJournal(path, header(this.source), this.records);
      return (await lintCapture(path, config)).findings;
    } finally {
      cleanup();
    }
  }

  /** Lints with only `rule` running. */
  async lintOnly(rule: RuleId, config: FindingsConfig = {}): Promise<LintedFinding[]> {
    return this.lint({ ...config, only: new Set([rule]) });
  }
}

export function header(source: HeaderRecord['source'] = 'import'): HeaderRecord {
  return { kind: 'header', format: CAPTURE_FORMAT, version: CAPTURE_VERSION, createdAt: iso(0), server: null, user: null, topics: [], source, tool: { name: 'test', version: '0' } };
}
