import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MergedRows, type MergePart, type PartRows } from '../../../src/timeline/mergedRows';

/** A part whose rows are revealed step by step: row r was received at times[r]; `keep` filters rows out. */
class GrowingPart implements PartRows {
  private shown: number[] = [];
  private known = 0;
  constructor(readonly times: number[], private readonly keep: (row: number) => boolean = () => true) {}
  /** Makes `n` more tracker rows known (matched at the next update). */
  grow(n: number): void {
    this.known = Math.min(this.times.length, this.known + n);
  }
  private matched = 0;
  get total(): number {
    return this.shown.length;
  }
  rowAt(i: number): number {
    return this.shown[i];
  }
  indexOfRow(row: number): number {
    return this.shown.indexOf(row);
  }
  async update(): Promise<number> {
    const before = this.shown.length;
    for (; this.matched < this.known; this.matched++) if (this.keep(this.matched)) this.shown.push(this.matched);
    return this.shown.length - before;
  }
}

function partsOf(list: GrowingPart[]): MergePart[] {
  return list.map((p) => ({ rows: p, timeOf: (row: number) => p.times[row] }));
}

/** Every (part, row) the parts show, sorted by time, then part, then row: what one full merge gives. */
function fullSort(list: GrowingPart[]): Array<[number, number]> {
  const all: Array<[number, number]> = [];
  list.forEach((p, part) => {
    for (let i = 0; i < p.total; i++) all.push([part, p.rowAt(i)]);
  });
  return all.sort((a, b) => list[a[0]].times[a[1]] - list[b[0]].times[b[1]] || a[0] - b[0] || a[1] - b[1]);
}

function order(m: MergedRows): Array<[number, number]> {
  return Array.from({ length: m.total }, (_, i) => [m.partAt(i), m.rowAt(i)] as [number, number]);
}

test('rows of two sessions interleave by received time, ties by session then row', async () => {
  const a = new GrowingPart([10, 20, 30, 30]);
  const b = new GrowingPart([15, 20, 40]);
  a.grow(4);
  b.grow(3);
  const m = new MergedRows(partsOf([a, b]));
  const u = await m.update();
  assert.deepEqual(u, { added: 7, changedFrom: 0 });
  assert.deepEqual(order(m), [[0, 0], [1, 0], [0, 1], [1, 1], [0, 2], [0, 3], [1, 2]]);
  assert.equal(m.indexOf(1, 1), 3);
  assert.equal(m.indexOf(0, 3), 5);
  assert.equal(m.indexOf(2, 0), -1);
  assert.equal(m.indexOf(1, 9), -1);
});

test('later rows are appended: the rows merged before stay where they were', async () => {
  const a = new GrowingPart([1, 2, 3, 10, 11]);
  const b = new GrowingPart([4, 5, 12]);
  const m = new MergedRows(partsOf([a, b]));
  a.grow(3);
  b.grow(2);
  await m.update();
  const first = order(m);
  a.grow(2);
  b.grow(1);
  const u = await m.update();
  assert.deepEqual(u, { added: 3, changedFrom: 5 });
  assert.deepEqual(order(m).slice(0, 5), first);
  assert.deepEqual(order(m).slice(5), [[0, 3], [0, 4], [1, 2]]);
});

test('a row received before rows already merged (a late batch) goes to its place; the update says from where the order changed', async () => {
  const a = new GrowingPart([1, 2, 50, 60]);
  const b = new GrowingPart([10, 20, 30, 70]);
  const m = new MergedRows(partsOf([a, b]));
  a.grow(2);
  b.grow(3);
  await m.update();
  assert.deepEqual(order(m), [[0, 0], [0, 1], [1, 0], [1, 1], [1, 2]]);
  b.grow(1);
  a.grow(2);
  assert.deepEqual(await m.update(), { added: 3, changedFrom: 5 });
  const late = new GrowingPart([5, 6]);
  const m2 = new MergedRows(partsOf([a, late]));
  a.grow(0);
  await m2.update();
  late.grow(2);
  // a's rows at 50 and 60 were merged; late's rows at 5 and 6 go before them.
  const u = await m2.update();
  assert.equal(u.added, 2);
  assert.equal(u.changedFrom, 2);
  assert.deepEqual(order(m2), [[0, 0], [0, 1], [1, 0], [1, 1], [0, 2], [0, 3]]);
});

test('one session passes straight through: positions are its own rows, nothing is copied', async () => {
  const a = new GrowingPart([5, 1, 3], (row) => row !== 1);
  a.grow(3);
  const m = new MergedRows(partsOf([a]));
  assert.deepEqual(await m.update(), { added: 2, changedFrom: 0 });
  // A single session keeps its journal order even where received times go back.
  assert.deepEqual(order(m), [[0, 0], [0, 2]]);
  assert.equal(m.indexOf(0, 2), 1);
  assert.equal(m.indexOf(0, 1), -1);
});

test('property: however the sessions grow, the merge equals one full sort, and rows before changedFrom never move', async () => {
  const part = fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 30 });
  await fc.assert(
    fc.asyncProperty(fc.array(part, { minLength: 2, maxLength: 4 }), fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 4, maxLength: 4 }), { maxLength: 12 }), fc.integer({ min: 1, max: 5 }), async (times, steps, mod) => {
      const parts = times.map((t) => new GrowingPart(t, (row) => row % mod !== 1));
      const m = new MergedRows(partsOf(parts));
      for (const step of [...steps, [99, 99, 99, 99]]) {
        const before = order(m);
        parts.forEach((p, i) => p.grow(step[i]));
        const u = await m.update();
        const after = order(m);
        assert.deepEqual(after, fullSort(parts));
        assert.equal(u.added, after.length - before.length);
        assert.deepEqual(after.slice(0, u.changedFrom), before.slice(0, u.changedFrom));
        for (let i = 0; i < after.length; i++) assert.equal(m.indexOf(after[i][0], after[i][1]), i);
      }
    }),
    { numRuns: 300 },
  );
});
