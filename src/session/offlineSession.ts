import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { loadCapture } from '../exchange/openCapture';
import type { HeaderRecord } from '../capture/records';
import { CaptureSession } from './captureSession';

let nextOffline = 1;

/**
 * Converted copies not deleted yet. Closing a session deletes its copy asynchronously; one still
 * here when the process exits goes synchronously then, the one moment blocking harms nobody.
 */
const convertedCopies = new Set<string>();
let exitHook = false;
function keepUntilExit(path: string): void {
  convertedCopies.add(path);
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const copy of convertedCopies) {
      try {
        rmSync(copy, { force: true });
      } catch {
        // Exiting: nothing more can be done.
      }
    }
  });
}

/** A capture opened from a file: the same tree, timeline and diffs, nothing live. */
export class OfflineSession extends CaptureSession {
  readonly kind = 'offline' as const;
  private header: HeaderRecord | undefined;
  /** Each record's line in the file opened, by tracker row (a JSON export's lines are not its converted journal's). */
  private lines: Float64Array | undefined;

  private constructor(journalPath: string, private readonly displayPath: string, private readonly converted: boolean) {
    super(`offline-${nextOffline++}`, journalPath);
  }

  /**
   * Reads an NDJSON capture or a JSON export into a new session. Damaged lines become bad-line
   * records; a file that is not a capture throws NotACaptureError. A JSON export is converted to
   * a temporary NDJSON journal (in `tempDir`), so payloads are read by offset exactly as live.
   */
  static async open(path: string, displayPath = path, signal?: AbortSignal, tempDir?: string, onProgress?: (done: number, total: number) => void): Promise<OfflineSession> {
    const loaded = await loadCapture(path, { signal, tempDir, lines: true, onProgress });
    const session = new OfflineSession(loaded.journalPath, displayPath, loaded.converted);
    session.header = loaded.header;
    session.lines = loaded.lines;
    if (loaded.converted) keepUntilExit(loaded.journalPath);
    session.adoptTracker(loaded.tracker);
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
    return h ? [h.source !== 'live' ? `from ${h.source}` : undefined, h.server, h.user, h.createdAt].filter(Boolean).join(' · ') : undefined;
  }

  get user(): string | null {
    return this.header?.user ?? null;
  }

  override get logLocalTimes(): boolean {
    return this.header?.clock === 'log-local';
  }

  /** The 1-based line, in the file the user opened, of the record at tracker row `row` (0 when unknown). */
  lineOfRow(row: number): number {
    return this.lines?.[row] ?? 0;
  }

  /** The file the user opened (the journal may be a converted copy of it). */
  get sourceFile(): string {
    return this.displayPath;
  }

  /** The header's topics and every channel seen, with message counts (an offline capture has no subscriptions). */
  get topics(): ReadonlyArray<{ channel: string; count: number }> {
    const counts = new Map<string, number>((this.header?.topics ?? []).map((t) => [t, 0]));
    for (const [channel, n] of this.tracker.byChannel()) counts.set(channel, n);
    return [...counts].map(([channel, count]) => ({ channel, count }));
  }

  /** Resolves once dispose() has closed the journal and deleted it if it was a converted copy. */
  disposed: Promise<void> = Promise.resolve();

  override dispose(): void {
    super.dispose();
    // Deleted after the close: Windows refuses to delete an open file.
    const path = this.journalPath;
    if (this.converted) this.disposed = this.journalClosed.then(() => rm(path, { force: true })).then(() => void convertedCopies.delete(path), () => undefined);
    else this.disposed = this.journalClosed;
  }
}
