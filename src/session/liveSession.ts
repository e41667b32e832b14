import { ConnectionHost, ConnectionHostOptions } from '../connection/connectionHost';
import type { ConnectionFailure } from '../connection/connectionErrors';
import type { SessionState } from '../connection/cometdSession';
import { CaptureSession } from './captureSession';

let nextLive = 1;

/** The live connection: a connection process feeding the tracker with index batches. */
export class LiveSession extends CaptureSession {
  readonly kind = 'live' as const;
  private readonly host: ConnectionHost;
  private stateNow: SessionState = 'connecting';
  private detailNow: string | undefined;
  private readonly channels = new Map<string, number>();
  private lastFailure: ConnectionFailure | undefined;

  /** `label`: the root's name among many sessions (`agent2@host:port`, `#2`…); the server's name by default. */
  constructor(readonly serverName: string, options: ConnectionHostOptions, private readonly labelText = serverName) {
    super(`live-${nextLive++}`, options.journalPath);
    for (const t of options.topics) this.channels.set(t, 0);
    this.host = new ConnectionHost(options);
    this.host.onDidIndex(({ packed, counts }) => {
      let topicsChanged = false;
      for (const [channel, n] of Object.entries(counts)) {
        if (this.channels.get(channel) !== n && this.channels.has(channel)) {
          this.channels.set(channel, n);
          topicsChanged = true;
        }
      }
      this.trackerNow.ingestPacked(packed);
      if (topicsChanged) this.fire({ topics: true });
      // Event records always travel whole, never in the columns.
      this.trackSubscriptions(packed.objects);
    });
    this.host.onDidChangeState(({ state, detail }) => {
      // A failed session is over: stopping it afterwards must not hide why it failed.
      if (this.stateNow === 'error' && state === 'disconnected') return;
      this.stateNow = state;
      this.detailNow = detail;
      this.fire({ state: true });
    });
    this.host.onDidFail(({ failure, fatal }) => {
      this.lastFailure = failure;
      if (failure.code === 'subscribe-denied') this.dropRefused(failure.message);
      // A login refused before any handshake never reached the 'error' state; the session is over all the same.
      if (fatal && this.stateNow !== 'error') {
        this.stateNow = 'error';
        this.detailNow = failure.message;
        this.fire({ state: true });
      }
    });
    this.host.onDidExit(() => {
      if (this.stateNow !== 'error') this.stateNow = 'disconnected';
      this.fire({ state: true });
    });
  }

  /** Resolves on the first successful handshake; rejects with a ConnectionError. */
  get ready(): Promise<{ user: string | null }> {
    return this.host.ready;
  }

  get connection(): ConnectionHost {
    return this.host;
  }

  get label(): string {
    return this.labelText;
  }

  get state(): SessionState {
    return this.stateNow;
  }

  get stateDetail(): string | undefined {
    return this.detailNow;
  }

  get failure(): ConnectionFailure | undefined {
    return this.lastFailure;
  }

  get user(): string | null {
    return this.host.user;
  }

  get topics(): ReadonlyArray<{ channel: string; count: number }> {
    return [...this.channels].map(([channel, count]) => ({ channel, count }));
  }

  subscribe(channel: string): void {
    if (this.channels.has(channel)) return;
    this.channels.set(channel, 0);
    this.host.subscribe(channel);
    this.fire({ topics: true });
  }

  unsubscribe(channel: string): void {
    if (!this.channels.delete(channel)) return;
    this.host.unsubscribe(channel);
    this.fire({ topics: true });
  }

  /** Clear: the journal so far is closed and kept; recording goes on into `journalPath`. */
  async clear(journalPath: string): Promise<void> {
    await this.host.rotate(journalPath);
    for (const channel of this.channels.keys()) this.channels.set(channel, 0);
    this.resetTracker(journalPath);
  }

  async stop(): Promise<void> {
    await this.host.stop();
  }

  override dispose(): void {
    void this.host.stop();
    super.dispose();
  }

  private trackSubscriptions(entries: ReadonlyArray<{ rec: string; event?: string }>): void {
    if (entries.some((e) => e.rec === 'event' && (e.event === 'subscribed' || e.event === 'unsubscribed'))) this.fire({ topics: true });
  }

  private dropRefused(message: string): void {
    for (const channel of this.channels.keys()) {
      if (message.includes(` ${channel}:`)) {
        this.channels.delete(channel);
        this.fire({ topics: true });
      }
    }
  }
}
