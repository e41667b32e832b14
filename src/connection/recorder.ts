import type { IndexEntry } from '../capture/indexEntry';
import { toIndexEntry } from '../capture/indexer';
import { JournalWriter } from '../capture/journalWriter';
import { CAPTURE_FORMAT, CAPTURE_VERSION, CaptureRecord, ConnectionEventName, HeaderRecord } from '../capture/records';
import type { ConnectionFailure } from './connectionErrors';
import type { CometdSessionListener, SessionState } from './cometdSession';
import type { StateCollection } from './gwsAuth';
import { publicUrl } from './gwsAuth';

/** Where the recorder sends what it produced; in the connection process this is IPC to the host. */
export interface RecorderSink {
  index(journalPath: string, entries: IndexEntry[], counts: Record<string, number>): void;
  state(state: SessionState, detail?: string): void;
  failure(failure: ConnectionFailure, fatal: boolean): void;
  log(level: 'info' | 'warn' | 'error', text: string): void;
}

export interface RecorderOptions {
  journalPath: string;
  baseUrl: string;
  user: string | null;
  topics: string[];
  toolVersion: string;
  flushIntervalMs?: number;
  batchIntervalMs?: number;
}

/**
 * Journals first, then indexes: every record is appended to the journal before its compact index
 * entry is queued for the host, which receives them in batches.
 */
export class Recorder implements CometdSessionListener {
  private journal: JournalWriter;
  private seq = 0;
  private pending: IndexEntry[] = [];
  private counts: Record<string, number> = {};
  private timer: NodeJS.Timeout | undefined;
  private readonly batchMs: number;
  private scrub: (text: string) => string = (t) => t;
  private journalFailed = false;

  constructor(private readonly options: RecorderOptions, private readonly sink: RecorderSink) {
    this.batchMs = options.batchIntervalMs ?? 50;
    this.journal = this.openJournal(options.journalPath);
  }

  private openJournal(path: string, topics: string[] = this.options.topics): JournalWriter {
    return new JournalWriter(path, this.header(topics), { flushIntervalMs: this.options.flushIntervalMs, onError: (err) => this.journalBroke(err) });
  }

  private header(topics: string[]): HeaderRecord {
    const o = this.options;
    return {
      kind: 'header',
      format: CAPTURE_FORMAT,
      version: CAPTURE_VERSION,
      createdAt: new Date().toISOString(),
      server: publicUrl(o.baseUrl),
      user: o.user,
      topics,
      source: 'live',
      tool: { name: 'gws-notify', version: o.toolVersion },
    };
  }

  /**
   * Closes the current journal and continues into a new one at `path`: seqs restart at 1 and the
   * topics are those subscribed now. Throws when the new file cannot be created (the old one stays).
   */
  rotate(path: string, topics: string[]): void {
    const next = this.openJournal(path, topics);
    this.flush();
    this.journal.close();
    this.journal = next;
    this.seq = 0;
    this.counts = {};
    this.journalFailed = false;
  }

  /** Masks these values in every log line and detail text the recorder forwards. */
  setSecrets(secrets: string[]): void {
    const list = secrets.filter((s) => s.length >= 4);
    this.scrub = (text) => list.reduce((t, s) => t.split(s).join('***'), text);
  }

  private q: CaptureRecord[] = [];
  private imm = false;
  message(channel: string, data: unknown, receivedAt: number, hasData: boolean): void {
    // A message without `data` keeps no `data` key on disk, so that readers see it missing.
    this.q.push({ kind: 'message', seq: ++this.seq, receivedAt: new Date(receivedAt).toISOString(), channel, data: hasData ? data : undefined });
    if (this.timer === undefined) this.timer = setTimeout(() => this.sendBatch(), this.batchMs);
  }
  polled(): void { if (!this.imm && this.q.length) { this.imm = true; setImmediate(() => { this.imm = false; this.drain(); }); } }
  private drain(): void { const q = this.q; this.q = []; for (const r of q) this.write(r); }

  matched(subscription: string): void {
    this.counts[subscription] = (this.counts[subscription] ?? 0) + 1;
  }

  event(name: ConnectionEventName, subject?: string, detail?: string): void {
    this.write({ kind: 'event', seq: ++this.seq, at: new Date().toISOString(), event: name, subject, detail: detail === undefined ? undefined : this.scrub(detail) });
  }

  state(state: SessionState, detail?: string): void {
    this.sink.state(state, detail === undefined ? undefined : this.scrub(detail));
  }

  gap(from: number, to: number, reason: string): void {
    this.write({ kind: 'gap', seq: ++this.seq, from: new Date(from).toISOString(), to: new Date(to).toISOString(), reason });
    this.sink.log('warn', `gap recorded: ${new Date(from).toISOString()} .. ${new Date(to).toISOString()} (${reason})`);
  }

  snapshot(collections: Partial<Record<StateCollection, unknown[]>>, failed: Record<string, string>, at: number): void {
    const record: CaptureRecord = { kind: 'snapshot', seq: ++this.seq, at: new Date(at).toISOString(), ...collections };
    if (Object.keys(failed).length > 0) record.failed = Object.fromEntries(Object.entries(failed).map(([k, v]) => [k, this.scrub(v)]));
    this.write(record);
  }

  failure(failure: ConnectionFailure, fatal: boolean): void {
    this.sink.failure({ ...failure, message: this.scrub(failure.message) }, fatal);
  }

  log(level: 'info' | 'warn' | 'error', text: string): void {
    this.sink.log(level, this.scrub(text));
  }

  /** Writes buffered journal lines and sends pending index entries now. */
  flush(): void {
    this.sendBatch();
  }

  /** Flushes and closes the journal. */
  close(): void {
    this.flush();
    try {
      this.journal.close();
    } catch (err) {
      this.journalBroke(err);
    }
  }

  get journalPath(): string {
    return this.journal.path;
  }

  private write(record: CaptureRecord): void {
    if (record.kind !== 'message' && this.q.length) this.drain();
    if (this.journalFailed) return;
    let at: { offset: number; length: number };
    try {
      at = this.journal.append(record);
    } catch (err) {
      this.journalBroke(err);
      return;
    }
    const { offset, length } = at;
    this.pending.push(toIndexEntry(record, offset, length));
    if (this.timer === undefined) this.timer = setTimeout(() => this.sendBatch(), this.batchMs);
  }

  /** Never throws into the cometd client: reports once, loudly, and capture stops. */
  private journalBroke(err: unknown): void {
    if (this.journalFailed) return;
    this.journalFailed = true;
    const why = err instanceof Error ? err.message : String(err);
    this.sink.failure({ code: 'journal', message: `Cannot write the capture journal ${this.journal.path}: ${why}. Capture has stopped; free disk space and reconnect.`, retryable: false }, true);
  }

  private sendBatch(): void {
    this.drain();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const entries = this.pending;
    this.pending = [];
    // The host indexes only what is on disk: write the lines before announcing them.
    try {
      this.journal.flush();
    } catch (err) {
      this.journalBroke(err);
      return;
    }
    this.sink.index(this.journal.path, entries, { ...this.counts });
  }
}
