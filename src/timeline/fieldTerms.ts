import type { ResourceRows, ResourceTracker } from '../tracker/resourceTracker';
import { fieldMatches, type FilterQuery } from './filterQuery';
import { MESSAGE, REC_CODES, type RowFacts } from './rowFacts';

/**
 * A query's field terms (`state:`, `type:`, `id:`) answered from the index facts, never from
 * payloads: types from the RowFacts string columns (one test per distinct string), ids and states
 * from the tracker's resources, their rows and their state paths by row. The work is proportional
 * to the resources and to the rows that match, not to the capture.
 */

/** Field terms of one query over one tracker. */
export class FieldTerms {
  /** A per-row test for `type:` terms; undefined when there are none. */
  readonly test: ((row: number) => boolean) | undefined;
  /** Per string id: 0 untested, 1 matches every type term, 2 does not. */
  private typeHits = new Uint8Array(0);
  /** Per `id:` term: resources checked so far and those whose id matched. */
  private readonly idMatches: Array<{ term: string; checked: number; found: number[] }>;
  /** Per state id: 0 untested, 1 matches, 2 does not, for each `state:` term. */
  private readonly stateHits: Array<{ term: string; hits: Map<number, boolean> }>;

  private constructor(private readonly tracker: ResourceTracker, private readonly facts: RowFacts, query: FilterQuery) {
    const types = query.type.length > 0 ? (row: number): boolean => this.typeTest(row, query.type) : undefined;
    const kinds = recordKinds(query.is);
    this.test = kinds && types ? (row) => kinds.has(facts.recs.at(row)) && types(row) : kinds ? (row) => kinds.has(facts.recs.at(row)) : types;
    this.idMatches = query.id.map((term) => ({ term, checked: 0, found: [] }));
    this.stateHits = query.state.map((term) => ({ term, hits: new Map() }));
  }

  /** The field terms of `query`, or undefined when it has none. */
  static of(tracker: ResourceTracker, facts: RowFacts, query: FilterQuery): FieldTerms | undefined {
    if (query.type.length === 0 && query.id.length === 0 && query.state.length === 0 && recordKinds(query.is) === undefined) return undefined;
    return new FieldTerms(tracker, facts, query);
  }

  /** True when the terms give rows by resource (`id:`, `state:`), which rows() returns. */
  get byResource(): boolean {
    return this.idMatches.length > 0 || this.stateHits.length > 0;
  }

  /** Ascending rows in [from, to) passing every `id:` and `state:` term (call only when byResource). */
  rows(from: number, to: number): number[] {
    let out: number[] | undefined;
    const and = (rows: number[]): void => void (out = out === undefined ? rows : intersect(out, rows));
    for (const m of this.idMatches) and(this.idRows(m, from, to));
    for (const s of this.stateHits) and(this.stateRows(s, from, to));
    return out ?? [];
  }

  private typeTest(row: number, terms: readonly string[]): boolean {
    if (this.facts.recs.at(row) !== MESSAGE) return false;
    return this.typeOk(this.facts.types.at(row), terms) || this.typeOk(this.facts.ntypes.at(row), terms) || this.bothOk(row, terms);
  }

  /** Each term in the messageType or the notificationType (`type:Call type:StatusChange`). */
  private bothOk(row: number, terms: readonly string[]): boolean {
    if (terms.length < 2) return false;
    const type = this.facts.stringOf(this.facts.types.at(row));
    const ntype = this.facts.stringOf(this.facts.ntypes.at(row));
    return terms.every((t) => fieldMatches(type, t) || fieldMatches(ntype, t));
  }

  private typeOk(id: number, terms: readonly string[]): boolean {
    if (id === 0) return false;
    if (id >= this.typeHits.length) {
      const grown = new Uint8Array(Math.max(64, id * 2));
      grown.set(this.typeHits);
      this.typeHits = grown;
    }
    if (this.typeHits[id] === 0) {
      const value = this.facts.stringOf(id);
      this.typeHits[id] = terms.every((t) => fieldMatches(value, t)) ? 1 : 2;
    }
    return this.typeHits[id] === 1;
  }

  private idRows(m: { term: string; checked: number; found: number[] }, from: number, to: number): number[] {
    for (; m.checked < this.tracker.resourceCount; m.checked++) if (fieldMatches(this.tracker.rowsAt(m.checked)?.id, m.term)) m.found.push(m.checked);
    const out: number[] = [];
    for (const index of m.found) {
      const r = this.tracker.rowsAt(index)!;
      pushRows(r, from, to, out);
      for (const seq of r.errorSeqs) {
        const row = this.tracker.columns.indexOfSeq(seq);
        if (row >= from && row < to) out.push(row);
      }
    }
    return sortUnique(out);
  }

  private stateRows(s: { term: string; hits: Map<number, boolean> }, from: number, to: number): number[] {
    const out: number[] = [];
    const matches = (id: number): boolean => {
      let hit = s.hits.get(id);
      if (hit === undefined) s.hits.set(id, (hit = fieldMatches(this.tracker.stateName(id), s.term)));
      return hit;
    };
    for (let k = 0; k < this.tracker.resourceCount; k++) {
      const r = this.tracker.rowsAt(k)!;
      const steps = r.stepRows;
      // A state holds from the row that set it to the row that set the next one.
      for (let i = 0; i < steps.length; i += 2) if (matches(steps[i + 1])) pushRows(r, Math.max(from, steps[i]), Math.min(to, i + 2 < steps.length ? steps[i + 2] : to), out);
    }
    return sortUnique(out);
  }
}

/** The record kind codes every `is:` term allows (all of them must hold), or undefined for none. */
function recordKinds(all: FilterQuery['is']): ReadonlySet<number> | undefined {
  // `is:finding` is not a record kind: the view takes it from the findings (rowQuery.ts).
  const terms = all.filter((t): t is Exclude<typeof t, 'finding'> => t !== 'finding');
  if (terms.length === 0) return undefined;
  const code = (rec: 'request' | 'response'): number => REC_CODES.indexOf(rec);
  const allowed = (t: (typeof terms)[number]): number[] => (t === 'operation' ? [code('request'), code('response')] : [code(t)]);
  return new Set(terms.map(allowed).reduce((a, b) => a.filter((x) => b.includes(x))));
}

/** Pushes the rows of `r` in [from, to). */
function pushRows(r: ResourceRows, from: number, to: number, out: number[]): void {
  if (from >= to) return;
  for (let i = r.lastRowBefore(from) + 1; i < r.recordCount; i++) {
    const row = r.rowAt(i);
    if (row >= to) return;
    out.push(row);
  }
}

function sortUnique(rows: number[]): number[] {
  rows.sort((a, b) => a - b);
  return rows.filter((r, i) => i === 0 || rows[i - 1] !== r);
}

/** Rows in both ascending lists. */
export function intersect(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else (out.push(a[i]), i++, j++);
  }
  return out;
}
