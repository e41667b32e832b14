/**
 * Runs one benchmark script in its own Node process for bench/run.ts: echoes its output, samples
 * its resident memory from /proc, and hands back the text, the BENCH_JSON figures and the RSS.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { JSON_MARK, rssBytes } from './benchSupport';

const REPO = join(__dirname, '..');

/** What one bench process printed and used. */
export interface BenchOutput {
  text: string;
  /** The BENCH_JSON line's object, or undefined when the bench printed none. */
  figures: Record<string, unknown> | undefined;
  /** RSS of the bench process: the lowest sample after start-up and the highest, in bytes. */
  rss: { start: number; peak: number };
  ms: number;
}

/** Thrown when a bench process fails; carries the tail of its output. */
export class BenchError extends Error {}

/** The last BENCH_JSON object in `text`, or undefined. */
export function parseFigures(text: string): Record<string, unknown> | undefined {
  const line = text.split('\n').reverse().find((l) => l.startsWith(JSON_MARK));
  return line ? (JSON.parse(line.slice(JSON_MARK.length)) as Record<string, unknown>) : undefined;
}

/** Runs `bench/<script>` with `args` under tsx (with --expose-gc); `echo` gets each output line. */
export function runBench(script: string, args: string[], echo: (line: string) => void = () => undefined, timeoutMs = 60 * 60_000): Promise<BenchOutput> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', join(REPO, 'bench', script), ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  let errText = '';
  let pending = '';
  const rss = { start: NaN, peak: NaN };
  // tsx and the modules load in the first moments: the start is the lowest sample after that.
  const sampler = setInterval(() => {
    const now = rssBytes(child.pid ?? -1);
    if (!Number.isFinite(now) || Date.now() - started < 1500) return;
    rss.start = Number.isFinite(rss.start) ? Math.min(rss.start, now) : now;
    rss.peak = Number.isFinite(rss.peak) ? Math.max(rss.peak, now) : now;
  }, 100);
  child.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const l of lines) if (!l.startsWith(JSON_MARK)) echo(l);
  });
  child.stderr.on('data', (chunk: Buffer) => (errText = (errText + chunk.toString()).slice(-8000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(sampler);
      if (code !== 0) {
        reject(new BenchError(`bench/${script} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${(text + errText).split('\n').slice(-25).join('\n')}`));
        return;
      }
      try {
        resolve({ text, figures: parseFigures(text), rss, ms: Date.now() - started });
      } catch (err) {
        reject(new BenchError(`bench/${script}: unreadable BENCH_JSON line: ${String(err)}`));
      }
    });
  });
}
