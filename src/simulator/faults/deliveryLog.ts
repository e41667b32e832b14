/**
 * What the simulator actually put on the wire: per user, every non-meta message written into a
 * CometD response (with the response's end time and whether it completed), and a bounded log of
 * every HTTP request. Tests compare these with the client's journal.
 */
import { isObject as isObj, own } from '../../util/jsonObject';

/** One message written into a long-poll response. */
export interface DeliveredMessage {
  /** Per-user ordinal, 1-based, in write order. */
  n: number;
  /** The message's marker: `call.userData.LoadSequence`, else `caseId`, else null. */
  seq: number | string | null;
  channel: string;
  /** Epoch ms when the response ended (completed or broke off). */
  at: number;
  /** False when the response broke off before its last byte (reset, client gone). */
  complete: boolean;
}

/** One HTTP request the simulator answered (or dropped). */
export interface RequestLogEntry {
  /** Epoch ms the request arrived and the response ended. */
  at: number;
  end: number;
  method: string;
  path: string;
  status: number;
  /** False when the connection closed before the response was complete. */
  complete: boolean;
  /** The fault that shaped the answer, if any. */
  fault?: string;
}

const MAX_PER_USER = 2_000_000;
const MAX_REQUESTS = 20_000;

/** The marker the log keeps for a message's data (see DeliveredMessage.seq). */
export function messageMarker(data: unknown): number | string | null {
  if (!isObj(data)) return null;
  const call = own(data, 'call');
  const userData = isObj(call) ? own(call, 'userData') : undefined;
  const load = isObj(userData) ? own(userData, 'LoadSequence') : undefined;
  if (typeof load === 'number' && Number.isFinite(load)) return load;
  const caseId = own(data, 'caseId');
  return typeof caseId === 'number' || typeof caseId === 'string' ? caseId : null;
}

/** Columns of one user's deliveries (an object per message would weigh on million-message runs). */
class UserDeliveries {
  readonly seqs: Array<number | string | null> = [];
  readonly channels: string[] = [];
  readonly ends: number[] = [];
  readonly complete: boolean[] = [];
  dropped = 0;
}

/** The delivery and request logs of one simulator. */
export class DeliveryLog {
  private readonly users = new Map<string, UserDeliveries>();
  private readonly requests: RequestLogEntry[] = [];
  private requestsDropped = 0;

  /** Records the messages of one response of `user`'s session, ended at `at`. */
  addResponse(user: string, messages: ReadonlyArray<{ channel: string; data?: unknown }>, at: number, complete: boolean): void {
    let u = this.users.get(user);
    if (!u) this.users.set(user, (u = new UserDeliveries()));
    for (const m of messages) {
      if (m.channel.startsWith('/meta/')) continue;
      if (u.seqs.length >= MAX_PER_USER) {
        u.dropped++;
        continue;
      }
      u.seqs.push(messageMarker(m.data));
      u.channels.push(m.channel);
      u.ends.push(at);
      u.complete.push(complete);
    }
  }

  /** The user's deliveries from ordinal `since` + 1 on. */
  deliveries(user: string, since = 0): { user: string; total: number; dropped: number; messages: DeliveredMessage[] } {
    const u = this.users.get(user) ?? new UserDeliveries();
    const messages: DeliveredMessage[] = [];
    for (let i = Math.max(0, since); i < u.seqs.length; i++) {
      messages.push({ n: i + 1, seq: u.seqs[i]!, channel: u.channels[i]!, at: u.ends[i]!, complete: u.complete[i]! });
    }
    return { user, total: u.seqs.length, dropped: u.dropped, messages };
  }

  /** Appends one request; the oldest are forgotten past 20,000. */
  addRequest(entry: RequestLogEntry): void {
    if (this.requests.length >= MAX_REQUESTS) {
      this.requests.shift();
      this.requestsDropped++;
    }
    this.requests.push(entry);
  }

  /** The requests logged, oldest first. */
  requestLog(): { dropped: number; requests: RequestLogEntry[] } {
    return { dropped: this.requestsDropped, requests: [...this.requests] };
  }

  /** Forgets everything logged so far. */
  clear(): void {
    this.users.clear();
    this.requests.length = 0;
    this.requestsDropped = 0;
  }
}
