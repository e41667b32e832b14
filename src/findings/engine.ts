import type { CaptureLine } from '../capture/records';
import type { JournalFile } from '../capture/journalFile';
import type { ResourceTracker } from '../tracker/resourceTracker';
import { Emitter } from '../util/emitter';
import { severityOf, settingOf, type FindingsConfig } from './config';
import type { RuleContext, RuleDefinition, RuleInstance } from './ruleApi';
import { ALL_RULES } from './rules';
import type { Finding, RawFinding, RuleId } from './types';

/**
 * Runs the rules over a tracker's rows: advance() after each ingest (live), or once after a whole
 * capture (lint); the same rule code either way. Payload reads the rules ask for are queued and
 * done asynchronously in arrival order; settled() waits for them.
 */

/** Reads the records at tracker rows; undefined for a row that cannot be read. */
export type RecordReader = (rows: readonly number[]) => Promise<Array<CaptureLine | undefined>>;

/** A RecordReader over a journal the tracker's offsets point into. */
export function journalRecordReader(journal: JournalFile, tracker: ResourceTracker): RecordReader {
  const c = tracker.columns;
  return (rows) => journal.readRecords(rows.map((row) => ({ offset: c.offset.data[row], length: c.length.data[row] })));
}

/** Rows fed per event-loop turn while following a tracker (tens of milliseconds at most). */
const SLICE_ROWS = 20_000;

interface PendingRead {
  rows: readonly number[];
  decide: (records: ReadonlyArray<CaptureLine | undefined>) => void;
}

export class FindingsEngine {
  /** Every finding so far, in the order found (rows may be out of order across rules). */
  readonly findings: Finding[] = [];
  private readonly rules: Array<{ id: RuleId; instance: RuleInstance }> = [];
  /** The rules that read rows, in order. */
  private readonly rowRules: Array<Required<Pick<RuleInstance, 'row'>>> = [];
  private next = 0;
  private pending: PendingRead[] = [];
  private draining: Promise<void> | undefined;
  private readonly added = new Emitter<readonly Finding[]>();
  private batch: Finding[] = [];
  /** Fired with the findings each advance(), tick() or payload read added. */
  readonly onDidAdd = this.added.event;

  constructor(
    private readonly tracker: ResourceTracker,
    private readonly reader: RecordReader,
    private readonly config: FindingsConfig = {},
    definitions: readonly RuleDefinition[] = ALL_RULES,
  ) {
    for (const def of definitions) {
      if (severityOf(config, def.id) === 'off') continue;
      const instance = def.create(this.contextFor(def.id));
      this.rules.push({ id: def.id, instance });
      if (instance.row) this.rowRules.push(instance as Required<Pick<RuleInstance, 'row'>>);
    }
  }

  private contextFor(id: RuleId): RuleContext {
    return {
      tracker: this.tracker,
      columns: this.tracker.columns,
      setting: (name) => settingOf(this.config, id, name),
      emit: (raw) => this.emit(id, raw),
      read: (rows, decide) => void this.pending.push({ rows, decide }),
    };
  }

  private emit(rule: RuleId, raw: RawFinding): void {
    const severity = severityOf(this.config, rule);
    if (severity === 'off') return;
    const c = this.tracker.columns;
    const rows = [...new Set([...(raw.rows ?? []), raw.row])].sort((a, b) => a - b);
    const r = typeof raw.resource !== 'number' ? raw.resource : raw.resource >= 0 ? this.tracker.resourceAt(raw.resource) : undefined;
    const finding: Finding = { rule, severity, resource: r ? { kind: r.kind, id: r.id } : null, row: raw.row, seqs: rows.map((row) => c.seqAt(row)), message: raw.message };
    this.findings.push(finding);
    this.batch.push(finding);
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    const added = this.batch;
    this.batch = [];
    this.added.fire(added);
  }

  /** Feeds the rows ingested since the last call to the rules, at most `limit` of them. */
  advance(limit = Infinity): void {
    const count = Math.min(this.tracker.columns.count, this.next + limit);
    const rules = this.rowRules;
    for (; this.next < count; this.next++) for (const rule of rules) rule.row(this.next);
    this.flush();
    this.startReads();
  }

  /** True when every row ingested so far has been fed to the rules. */
  get caughtUp(): boolean {
    return this.next >= this.tracker.columns.count;
  }

  /** Tells time-based rules (stuck) the time is `now`; rows not fed yet are fed first. */
  tick(now: number): void {
    this.advance();
    for (const { instance } of this.rules) instance.tick?.(now);
    this.flush();
    this.startReads();
  }

  /**
   * Follows the tracker: its rows are fed after every change, at most SLICE_ROWS per turn of the
   * event loop, so a million-record capture opened in a shared host never blocks it for long.
   * `onCaughtUp` runs each time the rules have seen every row. Returns the function that stops it.
   */
  follow(onCaughtUp?: () => void): () => void {
    let pumping = false;
    let stopped = false;
    const pump = (): void => {
      if (stopped) return;
      this.advance(SLICE_ROWS);
      if (!this.caughtUp) {
        pumping = true;
        setImmediate(pump);
        return;
      }
      pumping = false;
      onCaughtUp?.();
    };
    const stop = this.tracker.onDidChange(() => {
      if (!pumping) pump();
    });
    pump();
    return () => {
      stopped = true;
      stop();
    };
  }

  /** Resolves once every payload read asked for so far is done and decided. */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private startReads(): void {
    if (this.draining || this.pending.length === 0) return;
    this.draining = this.drain().finally(() => (this.draining = undefined));
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const work = this.pending;
      this.pending = [];
      const rows = work.flatMap((w) => w.rows);
      // A journal that cannot be read (deleted, say) leaves those checks undecided, never the engine stuck.
      const records = await this.reader(rows).catch(() => rows.map(() => undefined));
      let k = 0;
      for (const w of work) {
        const mine = records.slice(k, k + w.rows.length);
        k += w.rows.length;
        w.decide(mine);
      }
      this.flush();
    }
  }
}
