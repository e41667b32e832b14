import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Callback, Message, SubscriptionHandle } from 'cometd';
import { SubscriptionSet, type SubscriptionClient, type SubscriptionListener } from '../../../src/connection/subscriptionSet';

/**
 * The set's decisions against a recording client: what is sent when, and what is reported. The
 * real cometd client against the simulator is exercised by test/integration/reconnect.test.ts.
 */

interface Sent {
  channel: string;
  onMessage: Callback;
  onReply: Callback;
  handle: SubscriptionHandle;
}

class RecordingClient implements SubscriptionClient {
  readonly log: string[] = [];
  readonly sent: Sent[] = [];
  readonly unsubscribed: Array<{ handle: SubscriptionHandle; onReply: Callback }> = [];
  batch(group: () => void): void {
    this.log.push('batch{');
    group();
    this.log.push('}');
  }
  clearSubscriptions(): void {
    this.log.push('clear');
  }
  subscribe(channel: string, onMessage: Callback, onReply: Callback): SubscriptionHandle {
    const handle = { id: this.sent.length, channel } as unknown as SubscriptionHandle;
    this.sent.push({ channel, onMessage, onReply, handle });
    this.log.push(`subscribe ${channel}`);
    return handle;
  }
  unsubscribe(handle: SubscriptionHandle, onReply: Callback): void {
    this.unsubscribed.push({ handle, onReply });
    this.log.push('unsubscribe');
  }
  reply(channel: string, reply: Partial<Message>): void {
    const last = this.sent.filter((s) => s.channel === channel).at(-1);
    assert.ok(last, `no subscribe sent for ${channel}`);
    last.onReply({ channel: '/meta/subscribe', ...reply } as Message);
  }
}

function listener(): SubscriptionListener & { reports: string[] } {
  const reports: string[] = [];
  return {
    reports,
    matched: (s) => reports.push(`matched ${s}`),
    event: (name, subject) => reports.push(`${name} ${subject ?? ''}`.trim()),
    failure: (f, fatal) => reports.push(`failure ${f.code} ${fatal}: ${f.message}`),
    log: (level, text) => reports.push(`${level} ${text}`),
  };
}

describe('SubscriptionSet', () => {
  test('every handshake clears the old subscriptions and sends all channels in one batch', () => {
    const l = listener();
    const set = new SubscriptionSet(['/v2/me/calls', '/v2/me/devices'], l);
    const client = new RecordingClient();
    set.resubscribeAll(client);
    set.resubscribeAll(client);
    const once = ['clear', 'batch{', 'subscribe /v2/me/calls', 'subscribe /v2/me/devices', '}'];
    assert.deepEqual(client.log, [...once, ...once]);
    client.reply('/v2/me/calls', { successful: true });
    client.sent[0].onMessage({ channel: '/v2/me/calls' } as Message);
    assert.deepEqual(l.reports, ['subscribed /v2/me/calls', 'matched /v2/me/calls']);
  });

  test('a channel added without a live session waits for the next handshake; added twice, it is kept once', () => {
    const set = new SubscriptionSet([], listener());
    set.add('/v2/me/chats', undefined);
    set.add('/v2/me/chats', undefined);
    assert.deepEqual(set.channels, ['/v2/me/chats']);
    const client = new RecordingClient();
    set.resubscribeAll(client);
    assert.deepEqual(client.log, ['clear', 'batch{', 'subscribe /v2/me/chats', '}']);
  });

  test('a channel added on a live session is sent at once', () => {
    const set = new SubscriptionSet(['/v2/me/calls'], listener());
    const client = new RecordingClient();
    set.add('/v2/me/chats', client);
    set.add('/v2/me/calls', client);
    assert.deepEqual(client.log, ['subscribe /v2/me/chats'], 'a channel already in the set is not sent again');
  });

  test('a refused channel is reported and dropped, so the next handshake does not ask again', () => {
    const l = listener();
    const set = new SubscriptionSet(['/v2/me/calls', '/v2/other'], l);
    const client = new RecordingClient();
    set.resubscribeAll(client);
    client.reply('/v2/other', { successful: false, error: '403::denied' });
    assert.deepEqual(set.channels, ['/v2/me/calls']);
    assert.equal(l.reports.length, 1);
    assert.match(l.reports[0], /^failure subscribe-denied false: GWS refused the subscription to \/v2\/other: 403::denied\./);
    const next = new RecordingClient();
    set.resubscribeAll(next);
    assert.deepEqual(next.log, ['clear', 'batch{', 'subscribe /v2/me/calls', '}']);
  });

  test('a channel refused before subscribe() returns keeps no handle, so removing it sends nothing', () => {
    const l = listener();
    const set = new SubscriptionSet([], l);
    const client = new RecordingClient();
    const refusing: SubscriptionClient = {
      batch: (g) => client.batch(g),
      clearSubscriptions: () => client.clearSubscriptions(),
      subscribe: (channel, onMessage, onReply) => {
        const handle = client.subscribe(channel, onMessage, onReply);
        onReply({ channel: '/meta/subscribe', successful: false } as Message);
        return handle;
      },
      unsubscribe: (h, r) => client.unsubscribe(h, r),
    };
    set.add('/v2/bad', refusing);
    assert.deepEqual(set.channels, []);
    set.add('/v2/bad', undefined);
    set.remove('/v2/bad', client);
    assert.deepEqual(client.unsubscribed, [], 'the refused handle was never kept');
  });

  test('removing a subscribed channel unsubscribes its handle and reports once the server agrees', () => {
    const l = listener();
    const set = new SubscriptionSet(['/v2/me/calls'], l);
    const client = new RecordingClient();
    set.resubscribeAll(client);
    set.remove('/v2/me/calls', client);
    assert.deepEqual(set.channels, []);
    assert.equal(client.unsubscribed.length, 1);
    assert.equal(client.unsubscribed[0].handle, client.sent[0].handle);
    assert.deepEqual(l.reports, [], 'nothing reported before the reply');
    client.unsubscribed[0].onReply({ channel: '/meta/unsubscribe', successful: true } as Message);
    assert.deepEqual(l.reports, ['unsubscribed /v2/me/calls']);
  });

  test('a failed unsubscribe is logged as a warning', () => {
    const l = listener();
    const set = new SubscriptionSet(['/v2/me/calls'], l);
    const client = new RecordingClient();
    set.resubscribeAll(client);
    set.remove('/v2/me/calls', client);
    client.unsubscribed[0].onReply({ channel: '/meta/unsubscribe', successful: false, error: 'gone' } as Message);
    assert.deepEqual(l.reports, ['warn unsubscribe from /v2/me/calls failed: gone']);
  });

  test('removing a channel never sent, or with no live session, reports at once; an unknown channel is ignored', () => {
    const l = listener();
    const set = new SubscriptionSet(['/v2/me/calls', '/v2/me/chats'], l);
    const client = new RecordingClient();
    set.remove('/v2/me/calls', client);
    set.resubscribeAll(client);
    set.remove('/v2/me/chats', undefined);
    set.remove('/v2/unknown', client);
    assert.deepEqual(l.reports, ['unsubscribed /v2/me/calls', 'unsubscribed /v2/me/chats']);
    assert.deepEqual(client.unsubscribed, []);
  });
});
