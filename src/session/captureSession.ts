import type { CaptureLine } from '../capture/records';
import type { SessionState } from '../connection/cometdSession';
import { JournalFile } from '../capture/journalFile';
import { diffSuccessive, stateFromRecord, SuccessiveDiff } from '../diff/stateDiff';
import type { ResourceKind } from '../model/gwsTypes';
import { OutcomeCache } from '../operations/outcomeCache';
import { ResourceTracker, TrackerChange } from '../tracker/resourceTracker';
import { captureEnd, type StateClock } from '../tracker/stateTimes';
import { Emitter } from '../util/emitter';

/** What changed in a session since the last notification: resources, topics, state. */
export interface SessionChange {
  keys: ReadonlySet<string>;
  records: number;
  topics: boolean;
  state: boolean;
  /** The tracker was replaced (Clear): everything must be read again. */
  reset: boolean;
}

/**
 * A capture the UI shows: the live connection or an offline file. The tracker is the in-memory
 * index; payloads are read back from the journal by offset only when asked for.
 */
export abstract class CaptureSession {
  protected trackerNow = new ResourceTracker();
  private journal: JournalFile | undefined;
  private untrack: () => void;
  protected readonly onDidChangeEmitter = new Emitter<SessionChange>();
  /** Fired after each batch of records, subscription or state change. */
  readonly onDidChange = this.onDidChangeEmitter.event;

  /** What the operations in this capture caused, correlated off the per-message path (operations/outcomeCache.ts). */
  readonly operations: OutcomeCache;

  protected constructor(readonly id: string, protected journalPathNow: string) {
    this.untrack = this.watch(this.trackerNow);
    this.operations = new OutcomeCache({ tracker: () => this.trackerNow, live: () => this.clock === 'live' });
  }

  abstract readonly kind: 'live' | 'offline';
  /** Root label: the server name, or "offline: <file>". */
  abstract get label(): string;
  abstract get state(): SessionState | 'offline';
  abstract get stateDetail(): string | undefined;
  abstract get user(): string | null;
  /** Subscribed topics with the messages counted for each. */
  abstract get topics(): ReadonlyArray<{ channel: string; count: number }>;

  /** True when record times are an imported log's own wall clock, not this machine's UTC (a WWE log). */
  get logLocalTimes(): boolean {
    return false;
  }

  get tracker(): ResourceTracker {
    return this.trackerNow;
  }

  /** Whose "now" an open state runs to: the wall clock while live, the last record for a file. */
  get clock(): StateClock {
    return this.kind === 'live' ? 'live' : 'capture';
  }

  /** "Now" for time in state (tracker/stateTimes.ts): never the wall clock for a file opened later. */
  now(): number {
    return this.clock === 'live' ? Date.now() : captureEnd(this.trackerNow);
  }

  get journalPath(): string {
    return this.journalPathNow;
  }

  /** The record with `seq`, read from the journal. */
  async readRecord(seq: number): Promise<CaptureLine | undefined> {
    const entry = this.trackerNow.entryAt(seq);
    if (!entry) return undefined;
    return this.openJournal().read(entry.offset, entry.length, seq);
  }

  /** The records with `seqs` (unknown seqs give undefined), read with as few reads as possible. */
  async readRecords(seqs: readonly number[]): Promise<Array<CaptureLine | undefined>> {
    const entries = seqs.map((seq) => this.trackerNow.entryAt(seq));
    const known = entries.filter((e) => e !== undefined);
    const records = await this.openJournal().readRecords(known);
    let k = 0;
    return entries.map((e) => (e ? records[k++] : undefined));
  }

  /** The resource's own object as of record `seq` (the call, the chat, the device...). */
  async stateAt(kind: ResourceKind, id: string, seq: number): Promise<unknown> {
    const record = await this.readRecord(seq);
    return record === undefined ? undefined : stateFromRecord(kind, id, record);
  }

  /** The latest seq that carries a state of the resource (MessageLogUpdated carries none). */
  latestStateSeq(kind: ResourceKind, id: string): number | undefined {
    const seqs = this.trackerNow.seqsOf(kind, id);
    for (let i = seqs.length - 1; i >= 0; i--) {
      const view = this.trackerNow.entryAt(seqs[i]);
      if (view && view.rec !== 'event' && view.messageType !== 'MessageLogUpdated') return seqs[i];
    }
    return undefined;
  }

  /** The keyed diff of the resource at `seq` against its previous state. */
  diffAt(kind: ResourceKind, id: string, seq: number): Promise<SuccessiveDiff | undefined> {
    return diffSuccessive(this.openJournal(), this.trackerNow, kind, id, seq);
  }

  dispose(): void {
    this.untrack();
    this.operations.dispose();
    this.journalClosed = this.journal?.closeAsync().catch(() => undefined) ?? Promise.resolve();
    this.onDidChangeEmitter.dispose();
  }

  /** After dispose(): resolves once reads in flight have finished and the journal's file is closed. */
  protected journalClosed: Promise<void> = Promise.resolve();

  /** Takes over a tracker built elsewhere (an imported file), before anyone watches this session. */
  protected adoptTracker(tracker: ResourceTracker): void {
    this.untrack();
    this.trackerNow = tracker;
    this.untrack = this.watch(tracker);
  }

  /** Starts over with an empty tracker on `journalPath` (Clear). */
  protected resetTracker(journalPath: string): void {
    this.untrack();
    this.journal?.close();
    this.journal = undefined;
    this.journalPathNow = journalPath;
    this.trackerNow = new ResourceTracker();
    this.untrack = this.watch(this.trackerNow);
    this.fire({ reset: true });
  }

  protected fire(change: Partial<SessionChange>): void {
    this.onDidChangeEmitter.fire({ keys: new Set(), records: 0, topics: false, state: false, reset: false, ...change });
  }

  private watch(tracker: ResourceTracker): () => void {
    return tracker.onDidChange((c: TrackerChange) => this.fire({ keys: c.keys, records: c.records }));
  }

  private openJournal(): JournalFile {
    this.journal ??= new JournalFile(this.journalPathNow);
    return this.journal;
  }
}
