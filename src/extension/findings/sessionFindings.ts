import type { CaptureSession } from '../../session/captureSession';
import { OfflineSession } from '../../session/offlineSession';
import type { FindingsConfig } from '../../findings/config';
import { FindingsEngine } from '../../findings/engine';
import { RowFindings } from '../../findings/rowFindings';
import type { Finding } from '../../findings/types';
import { captureEnd } from '../../tracker/stateTimes';

/** How often live sessions judge the time-based rules (stuck). */
const TICK_MS = 5000;

/**
 * The findings of one session: the core engine following the session's tracker (a new engine
 * when Clear replaces the tracker), payload reads through the session's async journal reads, and
 * the line of each finding in the file the user would open (the live journal: header on line 1,
 * one record per line; an offline capture: the file opened).
 */
export class SessionFindings {
  private engine: FindingsEngine;
  private unfollow: () => void;
  /** The findings by row, for the timeline (replaced with the engine). */
  rows = new RowFindings();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly sub: { dispose(): void };

  constructor(
    readonly session: CaptureSession,
    private readonly changed: () => void,
    private readonly config: () => FindingsConfig = () => ({}),
  ) {
    [this.engine, this.unfollow] = this.start();
    this.sub = session.onDidChange((c) => {
      if (c.reset) this.restart();
    });
    if (session.kind === 'live') this.timer = setInterval(() => this.engine.tick(Date.now()), TICK_MS);
  }

  /** Judges the session again from its first record (Clear, or the findings settings changed). */
  restart(): void {
    this.unfollow();
    [this.engine, this.unfollow] = this.start();
    this.changed();
  }

  private start(): [FindingsEngine, () => void] {
    const tracker = this.session.tracker;
    const reader = (rows: readonly number[]) => this.session.readRecords(rows.map((row) => tracker.columns.seqAt(row)));
    const engine = new FindingsEngine(tracker, reader, this.config());
    const rows = (this.rows = new RowFindings());
    engine.onDidAdd((added) => {
      rows.add(added);
      this.changed();
    });
    // A capture is judged against its end once every row has been seen (never before: tick() feeds what is left at once).
    const offline = this.session.kind === 'offline';
    let judged = false;
    const stop = engine.follow(() => {
      if (!offline || judged) return;
      judged = true;
      engine.tick(captureEnd(this.session.tracker));
    });
    return [engine, stop];
  }

  get findings(): readonly Finding[] {
    return this.engine.findings;
  }

  /** The file diagnostics go on: the capture opened, or the live journal. */
  get file(): string {
    return this.session instanceof OfflineSession ? this.session.sourceFile : this.session.journalPath;
  }

  /** The 1-based line of a finding's record in `file`. */
  lineOf(finding: Finding): number {
    return this.session instanceof OfflineSession ? this.session.lineOfRow(finding.row) || finding.row + 2 : finding.row + 2;
  }

  /** Resolves when the payload reads asked for so far are decided (tests). */
  settled(): Promise<void> {
    return this.engine.settled();
  }

  dispose(): void {
    clearInterval(this.timer);
    this.unfollow();
    this.sub.dispose();
  }
}

