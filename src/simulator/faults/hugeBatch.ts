/**
 * One enormous burst: `count` well-formed CallStateChangeMessages padded to about `bytes` in all,
 * delivered in one CometD batch so that a single long-poll response carries every one of them.
 */
import type { OutgoingMessage } from '../delivery';
import { LOAD_CYCLE } from '../scenarios/load';

/** Shape of a huge batch. */
export interface HugeBatchOptions {
  count: number;
  /** Approximate total JSON size of the messages' data. */
  bytes: number;
  channel: string;
  /** LoadSequence of the first message (the log and the tests identify messages by it). */
  start: number;
  /** Calls the messages are spread over. */
  resources: number;
}

/** The messages of a huge batch; message i carries `call.userData.LoadSequence = start + i`. */
export function hugeBatch(options: HugeBatchOptions, baseUrl: string): OutgoingMessage[] {
  const count = Math.max(1, Math.floor(options.count));
  const resources = Math.max(1, Math.floor(options.resources));
  const sample = JSON.stringify(batchData(0, 0, resources, '', baseUrl)).length;
  const pad = 'p'.repeat(Math.max(0, Math.floor(options.bytes / count) - sample));
  const out: OutgoingMessage[] = [];
  for (let i = 0; i < count; i++) out.push({ channel: options.channel, data: batchData(options.start + i, i, resources, pad, baseUrl) });
  return out;
}

function batchData(seq: number, i: number, resources: number, pad: string, baseUrl: string): Record<string, unknown> {
  const id = `BATCH${String(i % resources).padStart(27, '0')}`;
  const state = LOAD_CYCLE[Math.floor(i / resources) % LOAD_CYCLE.length];
  return {
    messageType: 'CallStateChangeMessage',
    notificationType: 'StatusChange',
    call: { id, state, callType: 'Inbound', uri: `${baseUrl}/api/v2/me/calls/${id}`, userData: { LoadSequence: seq, Pad: pad } },
  };
}
