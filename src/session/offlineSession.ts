import { basename } from 'node:path';
import { toIndexEntry } from '../capture/indexer';
import type { IndexEntry } from '../capture/indexEntry';
import { readJournal } from '../capture/journalReader';
import type { HeaderRecord } from '../capture/records';
import { CaptureSession } from './captureSession';

let nextOffline = 1;

/** A capture opened from a file: the same tree, timeline and diffs, nothing live. */
export class OfflineSession extends CaptureSession {
  readonly kind = 'offline' as const;
  private header: HeaderRecord | undefined;
  private counts = new Map<string, number>();

  private constructor(journalPath: string, private readonly displayPath: string) {
    super(`offline-${nextOffline++}`, journalPath);
  }

  /**
   * Reads an NDJSON capture into a new session. Damaged lines become bad-line records; a file that
   * is not a capture throws NotACaptureError. `displayPath` names the file the user chose.
   */
  static async open(journalPath: string, displayPath = journalPath, signal?: AbortSignal): Promise<OfflineSession> {
    const session = new OfflineSession(journalPath, displayPath);
    let batch: IndexEntry[] = [];
    for await (const line of readJournal(journalPath)) {
      if (signal?.aborted) throw new Error('cancelled');
      const record = line.record;
      if (record.kind === 'header') {
        session.header = record;
        for (const t of record.topics) session.counts.set(t, 0);
        continue;
      }
      if (record.kind === 'message') session.counts.set(record.channel, (session.counts.get(record.channel) ?? 0) + 1);
      batch.push(toIndexEntry(record, line.offset, line.length));
      if (batch.length >= 5000) {
        session.trackerNow.ingestBatch(batch);
        batch = [];
      }
    }
    session.trackerNow.ingestBatch(batch);
    return session;
  }

  get label(): string {
    return `offline: ${basename(this.displayPath)}`;
  }

  get state(): 'offline' {
    return 'offline';
  }

  get stateDetail(): string | undefined {
    const h = this.header;
    return h ? [h.server, h.user, h.createdAt].filter(Boolean).join(' · ') : undefined;
  }

  get user(): string | null {
    return this.header?.user ?? null;
  }

  get sourceFile(): string {
    return this.displayPath;
  }

  /** Channels seen in the file, with message counts (an offline capture has no subscriptions). */
  get topics(): ReadonlyArray<{ channel: string; count: number }> {
    return [...this.counts].map(([channel, count]) => ({ channel, count }));
  }
}
