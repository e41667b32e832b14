import type { OperationFacts } from '../indexing/indexEntry';

/**
 * The request and response rows of a capture with their facts (operation, target, status,
 * referenceId): few next to the notifications, so a map by row, plus the request rows in order,
 * which correlation walks.
 */
export class OperationRows {
  private readonly facts = new Map<number, OperationFacts>();
  private readonly requests: number[] = [];

  add(row: number, facts: OperationFacts): void {
    this.facts.set(row, facts);
    if (facts.kind === 'request') this.requests.push(row);
  }

  /** The facts of request or response row `row`, else undefined. */
  at(row: number): OperationFacts | undefined {
    return this.facts.get(row);
  }

  /** The rows of request records, in ingest order. */
  get requestRows(): readonly number[] {
    return this.requests;
  }

  /** The response rows, ascending. */
  responseRows(): number[] {
    const out: number[] = [];
    for (const [row, f] of this.facts) if (f.kind === 'response') out.push(row);
    return out.sort((a, b) => a - b);
  }
}
