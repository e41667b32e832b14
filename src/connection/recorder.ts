import { messageIndexEntry, toIndexEntry } from '../indexing/indexer';
import { JournalWriter } from '../capture/journalWriter';
import { IndexPacker, type PackedIndex } from '../indexing/packedIndex';
import { CAPTURE_FORMAT, CAPTURE_VERSION, CaptureRecord, ConnectionEventName, HeaderRecord, MessageRecord, RequestRecord, ResponseRecord } from '../capture/records';
import type { ConnectionFailure } from './connectionErrors';
import type { CometdSessionListener, SessionState } from './cometdSession';
import type { StateCollection } from './gwsAuth';
import { publicUrl } from './gwsAuth';

/** Where the recorder sends what it produced; in the connection process this is IPC to the host. */
export interface RecorderSink {
  index(journalPath: string, batch: PackedIndex, counts: Record<string, number>): void;
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
  /** Longest time from a message's arrival to its line being on disk (default 50 ms, at most 100). */
  flushIntervalMs?: number;
  batchIntervalMs?: number;
}

const DEFAULT_FLUSH_MS = 50;
const MAX_FLUSH_MS = 100;

/**
 * Journals first, then indexes: every record enters the journal before anything else is done
 * with it, and its line is on disk before its compact index entry goes to the host in a batch.
 *
 * A message enters the journal's queue in order, with its seq, as it arrives; the queue is
 * serialized into the file right after the next long poll has gone out, so that the server
 * prepares the next response while this process writes (the journal's time bound still holds:
 * half of it for the queue, half for the file buffer). Any other record, flush, rotate or close
 * drains the queue first, so the file order is the arrival order.
 */
export class Recorder implements CometdSessionListener {
  private journal: JournalWriter;
  private seq = 0;
  private readonly packer = new IndexPacker();
  private counts: Record<string, number> = {};
  private timer: NodeJS.Timeout | undefined;
  private readonly batchMs: number;
  private readonly queueMs: number;
  private readonly fileFlushMs: number;
  private scrub: (text: string) => string = (t) => t;
  private journalFailed = false;
  /** Messages journaled but not yet serialized: seq, arrival time, channel, data (undefined: none). */
  private qSeq: number[] = [];
  private qAt: number[] = [];
  private qChannel: string[] = [];
  private qData: unknown[] = [];
  /** The data's bytes as received, when the session could offer them (journaled without re-serializing). */
  private qRaw: Array<Uint8Array | undefined> = [];
  /** Messages journaled from their received bytes, and by serializing the parsed data. */
  readonly journaled = { copied: 0, serialized: 0 };
  private queuedSince = 0;
  private queueTimer: NodeJS.Timeout | undefined;
  private queueImmediate: NodeJS.Immediate | undefined;
  /** receivedAt text of the last millisecond seen: a burst shares one Date and one toISOString. */
  private isoMs = NaN;
  private isoText = '';

  constructor(private readonly options: RecorderOptions, private readonly sink: RecorderSink) {
    this.batchMs = options.batchIntervalMs ?? 50;
    const flushMs = Math.max(0, Math.min(options.flushIntervalMs ?? DEFAULT_FLUSH_MS, MAX_FLUSH_MS));
    this.queueMs = Math.floor(flushMs / 2);
    this.fileFlushMs = flushMs - this.queueMs;
    this.journal = this.openJournal(options.journalPath);
  }

  private openJournal(path: string, topics: string[] = this.options.topics): JournalWriter {
    return new JournalWriter(path, this.header(topics), { flushIntervalMs: this.fileFlushMs, onError: (err) => this.journalBroke(err) });
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

  /** Journals a request or response record (connection/operationSender.ts); returns its seq. */
  operation(build: (seq: number) => RequestRecord | ResponseRecord): number {
    const seq = ++this.seq;
    this.write(build(seq));
    return seq;
  }

  /** Masks the session's secrets in free text, as log lines are. */
  scrubSecrets(text: string): string {
    return this.scrub(text);
  }

  message(channel: string, data: unknown, receivedAt: number, hasData: boolean, raw?: Uint8Array): void {
    if (this.journalFailed) return;
    const now = Date.now();
    if (this.qSeq.length === 0) {
      this.queuedSince = now;
      this.queueTimer ??= setTimeout(() => this.drain(), this.queueMs);
    }
    this.qSeq.push(++this.seq);
    this.qAt.push(receivedAt);
    this.qChannel.push(channel);
    // A message without `data` keeps no `data` key on disk, so that readers see it missing.
    this.qData.push(hasData ? data : undefined);
    this.qRaw.push(hasData ? raw : undefined);
    // A burst that starves the timer still reaches the file in time.
    if (now - this.queuedSince >= this.queueMs) this.drain();
  }

  /** The next long poll is on its way: serialize the queue while the server holds the request. */
  polling(): void {
    if (this.qSeq.length > 0 && this.queueImmediate === undefined) this.queueImmediate = setImmediate(() => this.drain());
  }

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

  /** Writes queued and buffered journal lines and sends pending index entries now. */
  flush(): void {
    this.sendBatch();
  }

  /** Flushes and closes the journal. */
  close(): void {
    if (this.journal.closed) return;
    this.flush();
    const { copied, serialized } = this.journaled;
    this.sink.log('info', `journal ${this.journal.path}: ${copied} message(s) written from their received bytes, ${serialized} serialized`);
    try {
      this.journal.close();
    } catch (err) {
      this.journalBroke(err);
    }
  }

  get journalPath(): string {
    return this.journal.path;
  }

  private iso(ms: number): string {
    if (ms !== this.isoMs) {
      this.isoMs = ms;
      this.isoText = new Date(ms).toISOString();
    }
    return this.isoText;
  }

  /** Serializes the queued messages into the journal, in order, and indexes them. */
  private drain(): void {
    if (this.queueTimer !== undefined) clearTimeout(this.queueTimer);
    if (this.queueImmediate !== undefined) clearImmediate(this.queueImmediate);
    this.queueTimer = undefined;
    this.queueImmediate = undefined;
    const n = this.qSeq.length;
    if (n === 0) return;
    const { qSeq, qAt, qChannel, qData, qRaw } = this;
    this.clearQueue();
    for (let k = 0; k < n && !this.journalFailed; k++) {
      // Date keeps whole milliseconds: `at` is what reading receivedAt back gives.
      const at = Math.trunc(qAt[k]);
      const receivedAt = this.iso(at);
      let placed;
      try {
        const raw = qRaw[k];
        if (raw !== undefined) {
          placed = this.journal.appendMessageBytes(qSeq[k], receivedAt, qChannel[k], raw);
          this.journaled.copied++;
        } else {
          placed = this.journal.appendMessage(qSeq[k], receivedAt, qChannel[k], qData[k]);
          this.journaled.serialized++;
        }
      } catch (err) {
        this.journalBroke(err);
        return;
      }
      const record: MessageRecord = { kind: 'message', seq: qSeq[k], receivedAt, channel: qChannel[k], data: qData[k] };
      // Drop the payload as soon as it is written: a long queue is not kept alive through GC.
      qData[k] = undefined;
      qRaw[k] = undefined;
      if (placed.unserializable !== undefined) record.unserializable = placed.unserializable;
      this.packer.add(messageIndexEntry(record, at, placed.offset, placed.length));
    }
    this.scheduleBatch();
  }

  /** Journals a non-message record (its seq already taken) after the queued messages. */
  private write(record: CaptureRecord): void {
    this.drain();
    if (this.journalFailed) return;
    let at: { offset: number; length: number };
    try {
      at = this.journal.append(record);
    } catch (err) {
      this.journalBroke(err);
      return;
    }
    this.packer.add(toIndexEntry(record, at.offset, at.length));
    this.scheduleBatch();
  }

  private scheduleBatch(): void {
    if (this.timer === undefined) this.timer = setTimeout(() => this.sendBatch(), this.batchMs);
  }

  private clearQueue(): void {
    this.qSeq = [];
    this.qAt = [];
    this.qChannel = [];
    this.qData = [];
    this.qRaw = [];
  }

  /** Never throws into the cometd client: reports once, loudly, and capture stops. */
  private journalBroke(err: unknown): void {
    if (this.journalFailed) return;
    this.journalFailed = true;
    this.clearQueue();
    const why = err instanceof Error ? err.message : String(err);
    this.sink.failure({ code: 'journal', message: `Cannot write the capture journal ${this.journal.path}: ${why}. Capture has stopped; free disk space and reconnect.`, retryable: false }, true);
  }

  private sendBatch(): void {
    this.drain();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.packer.size === 0) return;
    // The host indexes only what is on disk: write the lines before announcing them.
    try {
      this.journal.flush();
    } catch (err) {
      this.journalBroke(err);
      return;
    }
    this.sink.index(this.journal.path, this.packer.take(), { ...this.counts });
  }
}
