/**
 * Per-user fan-out: which CometD session belongs to which GWS user, what each one subscribed to,
 * and how many messages sit undelivered in its queue (for back-pressure).
 */
import type { CometDServer, ServerChannel, ServerSession } from 'cometd-nodejs-server';

/** One message to hand to a user's sessions; `omitData` sends a Bayeux message with no data field. */
export interface OutgoingMessage {
  channel: string;
  data?: unknown;
  omitData?: boolean;
  /** Scripted lateness: the server generated it this long before it went out (serverMetrics.ts). */
  lateByMs?: number;
}

interface SessionEntry {
  session: ServerSession;
  user: string;
  subscriptions: Set<string>;
  /** Messages offered to the session's queue and not yet drained into a response. */
  queued: number;
}

/**
 * Bayeux channel matching: `*` stands for exactly one segment, a trailing `**` for one or more.
 * A pattern without wildcards matches only itself.
 */
export function channelMatches(pattern: string, channel: string): boolean {
  if (pattern === channel) return true;
  const p = pattern.split('/');
  const c = channel.split('/');
  for (let i = 0; i < p.length; i++) {
    const seg = p[i];
    if (seg === '**' && i === p.length - 1) return c.length > i && c.slice(i).every((s) => s.length > 0);
    if (i >= c.length) return false;
    if (seg === '*') {
      if (c[i] === '') return false;
    } else if (seg !== c[i]) return false;
  }
  return p.length === c.length;
}

/** Tracks CometD sessions per user and delivers messages to the matching ones. */
export class Delivery {
  private readonly entries = new Map<string, SessionEntry>();
  private readonly byUser = new Map<string, Set<SessionEntry>>();
  private readonly watchers = new Map<string, Set<() => void>>();

  /**
   * `onSubscribe` runs after every successful subscription of a registered session;
   * `onSessionGone` when a registered session ends.
   */
  constructor(
    private readonly onSubscribe: (user: string, channel: string, sessionId: string) => void,
    private readonly onSessionGone: (sessionId: string) => void = () => undefined,
  ) {}

  /** Listens to the server's session and subscription events. */
  attach(cometd: CometDServer): void {
    cometd.addListener('sessionRemoved', (session: ServerSession) => this.unregister(session));
    cometd.addListener('subscribed', (channel: ServerChannel, session: ServerSession) => {
      const entry = this.entries.get(session.id);
      if (!entry) return;
      entry.subscriptions.add(channel.name);
      this.notify(entry.user);
      this.onSubscribe(entry.user, channel.name, session.id);
    });
    cometd.addListener('unsubscribed', (channel: ServerChannel, session: ServerSession) => {
      this.entries.get(session.id)?.subscriptions.delete(channel.name);
    });
  }

  /** Records that `session` was opened by `user` (called when the handshake is allowed). */
  register(session: ServerSession, user: string): void {
    const entry: SessionEntry = { session, user, subscriptions: new Set(), queued: 0 };
    this.entries.set(session.id, entry);
    let set = this.byUser.get(user);
    if (!set) this.byUser.set(user, (set = new Set()));
    set.add(entry);
    session.addListener('queueOffer', () => {
      entry.queued++;
    });
    session.addListener('queueDrain', () => {
      entry.queued = 0;
      this.notify(user);
    });
  }

  /** The user owning a session, if the session was registered. */
  userOf(sessionId: string): string | undefined {
    return this.entries.get(sessionId)?.user;
  }

  /** Live sessions, all users together. */
  sessionCount(): number {
    return this.entries.size;
  }

  /** The largest number of undelivered messages queued in any of the user's sessions. */
  pending(user: string): number {
    let max = 0;
    for (const e of this.byUser.get(user) ?? []) max = Math.max(max, e.queued);
    return max;
  }

  /** Whether one of the user's sessions is subscribed to a pattern matching `channel`. */
  hasSubscriber(user: string, channel: string): boolean {
    for (const e of this.byUser.get(user) ?? []) if (matchesAny(e.subscriptions, channel)) return true;
    return false;
  }

  /** Calls `fn` once, the next time the user's sessions drain, subscribe or go away. */
  once(user: string, fn: () => void): () => void {
    let set = this.watchers.get(user);
    if (!set) this.watchers.set(user, (set = new Set()));
    const watcher = set;
    watcher.add(fn);
    return () => watcher.delete(fn);
  }

  /** Delivers one message to the user's matching sessions; returns how many sessions got it. */
  deliver(user: string, message: OutgoingMessage): number {
    return this.deliverMany(user, [message])[0] ?? 0;
  }

  /**
   * Delivers messages in order, batched per session so one long-poll response carries them all.
   * Returns, per message, the number of sessions it was delivered to.
   */
  deliverMany(user: string, messages: readonly OutgoingMessage[]): number[] {
    const counts = messages.map(() => 0);
    for (const entry of this.byUser.get(user) ?? []) {
      entry.session.batch(() => {
        messages.forEach((m, i) => {
          if (!matchesAny(entry.subscriptions, m.channel)) return;
          entry.session.deliver(null, m.channel, m.omitData ? undefined : m.data);
          counts[i] = (counts[i] ?? 0) + 1;
        });
      });
    }
    return counts;
  }

  /** Undelivered messages queued in one session. */
  pendingIn(sessionId: string): number {
    return this.entries.get(sessionId)?.queued ?? 0;
  }

  /** Whether that one session is subscribed to a pattern matching `channel`. */
  sessionHasSubscriber(sessionId: string, channel: string): boolean {
    const e = this.entries.get(sessionId);
    return e !== undefined && matchesAny(e.subscriptions, channel);
  }

  /** Delivers messages in order to one session only (a replay of its own). */
  deliverToSession(sessionId: string, messages: readonly OutgoingMessage[]): void {
    const entry = this.entries.get(sessionId);
    if (!entry) return;
    entry.session.batch(() => {
      for (const m of messages) if (matchesAny(entry.subscriptions, m.channel)) entry.session.deliver(null, m.channel, m.omitData ? undefined : m.data);
    });
  }

  private unregister(session: ServerSession): void {
    const entry = this.entries.get(session.id);
    if (!entry) return;
    this.entries.delete(session.id);
    this.byUser.get(entry.user)?.delete(entry);
    this.notify(entry.user);
    this.onSessionGone(session.id);
  }

  private notify(user: string): void {
    const set = this.watchers.get(user);
    if (!set || set.size === 0) return;
    const fns = [...set];
    set.clear();
    for (const fn of fns) fn();
  }
}

function matchesAny(subscriptions: Set<string>, channel: string): boolean {
  if (subscriptions.has(channel)) return true;
  for (const s of subscriptions) if (channelMatches(s, channel)) return true;
  return false;
}
