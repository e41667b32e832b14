import type { Finding } from './types';

/**
 * A session's findings by the tracker row of the record that triggers each, for the timeline:
 * its row markers, the `is:finding` filter and the finding text beside the diff. Kept up to date
 * from the engine's onDidAdd batches; rows() answers a range without walking every finding.
 */

/** What the timeline reads of a session's findings. */
export interface RowFindingsView {
  /** The findings triggered by row `row`, in the order found. */
  at(row: number): readonly Finding[] | undefined;
  /** Ascending rows in [from, to) with at least one finding. */
  rows(from: number, to: number): number[];
}

export class RowFindings implements RowFindingsView {
  private readonly byRow = new Map<number, Finding[]>();
  private sorted: number[] = [];
  private unsorted = false;

  add(findings: readonly Finding[]): void {
    for (const f of findings) {
      const list = this.byRow.get(f.row);
      if (list) list.push(f);
      else {
        this.byRow.set(f.row, [f]);
        // Rows mostly come in order; a late one (payload reads, ticks) sorts the list once on next read.
        if (this.sorted.length > 0 && f.row < this.sorted[this.sorted.length - 1]) this.unsorted = true;
        this.sorted.push(f.row);
      }
    }
  }

  at(row: number): readonly Finding[] | undefined {
    return this.byRow.get(row);
  }

  rows(from: number, to: number): number[] {
    if (this.unsorted) {
      this.sorted.sort((a, b) => a - b);
      this.unsorted = false;
    }
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    const out: number[] = [];
    for (let i = lo; i < this.sorted.length && this.sorted[i] < to; i++) out.push(this.sorted[i]);
    return out;
  }
}
