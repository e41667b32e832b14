/**
 * Helpers shared by the benchmarks: command-line options, medians, and the one machine-readable
 * line (`BENCH_JSON {...}`) each bench prints for bench/run.ts to collect.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** The prefix of the machine-readable line a bench prints last. */
export const JSON_MARK = 'BENCH_JSON ';

/** The number after `name` on the command line, or `fallback`. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i > 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}

/** True when `name` is on the command line. */
export function flag(name: string): boolean {
  return process.argv.includes(name);
}

/** The median (upper median for an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Prints the bench's figures as one `BENCH_JSON` line. */
export function printFigures(figures: Record<string, unknown>): void {
  console.log(`${JSON_MARK}${JSON.stringify(figures)}`);
}

/** Resident set size of a process in bytes, from /proc (NaN where there is no /proc). */
export function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The bare baseline of the import benches: read the file in 2 MiB chunks, split lines, JSON.parse each. */
export function bareParse(path: string): number {
  const fd = openSync(path, 'r');
  let n = 0;
  let rest = '';
  const buf = Buffer.allocUnsafe(2 * 1024 * 1024);
  try {
    for (;;) {
      const got = readSync(fd, buf, 0, buf.length, null);
      if (got === 0) break;
      const lines = (rest + buf.toString('utf8', 0, got)).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line !== '' && JSON.parse(line)) n++;
    }
    if (rest !== '' && JSON.parse(rest)) n++;
  } finally {
    closeSync(fd);
  }
  return n;
}

/** Milliseconds `fn` takes, after a GC. */
export async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  global.gc?.();
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * Writes back what earlier benches left dirty (the memory bench writes gigabytes of journals) so
 * that the kernel's writeback does not run during, and slow, the next bench.
 */
export function settleDisk(): void {
  try {
    execFileSync('sync', { stdio: 'ignore', timeout: 60_000 });
  } catch {
    // No sync(1) here: the benches run as they are.
  }
}

/** The message count a row name gives (`… at 100k`), 0 when none: the curve's order. */
export function countInName(name: string): number {
  const m = /at ([\d.]+)(k|M)/.exec(name);
  return m ? Number(m[1]) * (m[2] === 'M' ? 1e6 : 1e3) : 0;
}

/** The number a bench printed as `key` in its figures; throws when it printed none. */
export function figure(f: Record<string, unknown> | undefined, key: string): number {
  const v = f?.[key];
  if (typeof v !== 'number') throw new Error(`the bench printed no figure "${key}"`);
  return v;
}
