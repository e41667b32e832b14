import type { Callback, CometD, SubscriptionHandle } from 'cometd';
import type { CometdSessionListener } from './cometdSession';

/**
 * The subscriptions the user asked for, which outlive every handshake: the cometd client forgets
 * its subscriptions when the server forgets the session, so each successful handshake sends them
 * all again. A channel the server refuses is dropped, so it is not asked for again.
 */

/** What the set needs of the cometd client (CometD satisfies it). */
export type SubscriptionClient = Pick<CometD, 'batch' | 'clearSubscriptions'> & {
  subscribe(channel: string, onMessage: Callback, onReply: Callback): SubscriptionHandle;
  unsubscribe(handle: SubscriptionHandle, onReply: Callback): void;
};

/** What the set reports: the session's listener. */
export type SubscriptionListener = Pick<CometdSessionListener, 'matched' | 'event' | 'failure' | 'log'>;

export class SubscriptionSet {
  /** Channel -> the client's handle, once the current session has subscribed it. */
  private readonly desired = new Map<string, SubscriptionHandle | undefined>();

  constructor(topics: readonly string[], private readonly listener: SubscriptionListener) {
    for (const topic of topics) this.desired.set(topic, undefined);
  }

  /** The subscriptions asked for, in the order they were first asked for. */
  get channels(): string[] {
    return [...this.desired.keys()];
  }

  /** Asks for `channel`; `live` is the client when a session is up to subscribe on now, else it waits for the next handshake. */
  add(channel: string, live: SubscriptionClient | undefined): void {
    if (this.desired.has(channel)) return;
    this.desired.set(channel, undefined);
    if (live) this.subscribeOne(live, channel);
  }

  /** Stops asking for `channel`; `live` as for add(). Reports 'unsubscribed' once the server agrees, or at once when it was never subscribed. */
  remove(channel: string, live: SubscriptionClient | undefined): void {
    if (!this.desired.has(channel)) return;
    const handle = this.desired.get(channel);
    this.desired.delete(channel);
    if (handle && live) {
      live.unsubscribe(handle, (reply) => {
        if (reply.successful) this.listener.event('unsubscribed', channel);
        else this.listener.log('warn', `unsubscribe from ${channel} failed: ${reply.error ?? 'unknown error'}`);
      });
    } else {
      this.listener.event('unsubscribed', channel);
    }
  }

  /** After a successful handshake: the client's old subscriptions died with the old session; send every channel, in one batch. */
  resubscribeAll(client: SubscriptionClient): void {
    client.clearSubscriptions();
    client.batch(() => {
      for (const channel of this.desired.keys()) this.subscribeOne(client, channel);
    });
  }

  private subscribeOne(client: SubscriptionClient, channel: string): void {
    const handle = client.subscribe(
      channel,
      () => this.listener.matched(channel),
      (reply) => {
        if (reply.successful) {
          this.listener.event('subscribed', channel);
          return;
        }
        this.desired.delete(channel);
        this.listener.failure({ code: 'subscribe-denied', message: `GWS refused the subscription to ${channel}: ${reply.error ?? 'no reason given'}. GWS accepts topics under /v2/me/.`, retryable: false }, false);
      },
    );
    // The reply may have come already and refused the channel: keep the handle only if it is still wanted.
    if (this.desired.has(channel)) this.desired.set(channel, handle);
  }
}
