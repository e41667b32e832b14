/**
 * Runs bench/ingest.ts and reads the figures it prints (it has no machine-readable mode and belongs to the
 * ingest work, so its text is parsed). Throws, naming the line, when the format has changed.
 */
import { runBench, type BenchOutput } from './benchProcess';
import { makeRow, type ResultRow } from './resultsTable';

/** The figures of one bench/ingest.ts run (medians over its --runs). */
export interface IngestFigures {
  count: number;
  runs: number;
  bareMs: number;
  bareRate: number;
  pipelineMs: number;
  pipelineRate: number;
  ratio: number;
  hostElu: number;
  heapPerMessage: number;
  /** CPU of all processes per message, bare over pipeline, when printed. */
  cpuRatio?: number;
  /** Share of messages journaled from their received bytes, when printed. */
  copiedShare?: number;
  /** CPU µs per message of the pipeline's processes, when printed. */
  pipelineCpu?: { client: number; host: number; simulator: number; other: number };
}

const num = (s: string): number => Number(s.replace(/,/g, ''));

function need(text: string, re: RegExp, what: string): RegExpExecArray {
  const m = re.exec(text);
  if (!m) throw new Error(`bench/ingest.ts output has no "${what}" line (its format changed? re-read bench/ingest.ts and adapt bench/ingestOutput.ts)`);
  return m;
}

/** Parses bench/ingest.ts's summary. */
export function parseIngestOutput(text: string): IngestFigures {
  const head = need(text, /ingest of ([\d,]+) messages .*median of (\d+) run/, 'ingest of N messages ... median of R run(s)');
  const bare = need(text, /bare cometd client\s+(\d+(?:\.\d+)?) ms\s+([\d,]+) msg\/s/, 'bare cometd client');
  const pipe = need(text, /full pipeline\s+(\d+(?:\.\d+)?) ms\s+([\d,]+) msg\/s/, 'full pipeline');
  const ratio = need(text, /ratio pipeline\/bare\s+(-?[\d.]+)/, 'ratio pipeline/bare');
  const elu = need(text, /host event-loop util\.\s+(-?[\d.]+)%/, 'host event-loop util.');
  const heap = need(text, /host heap per message\s+(-?[\d.]+) B after/, 'host heap per message');
  const out: IngestFigures = {
    count: num(head[1]),
    runs: num(head[2]),
    bareMs: num(bare[1]),
    bareRate: num(bare[2]),
    pipelineMs: num(pipe[1]),
    pipelineRate: num(pipe[2]),
    ratio: num(ratio[1]),
    hostElu: num(elu[1]),
    heapPerMessage: num(heap[1]),
  };
  const cpu = /pipeline\s+CPU µs\/msg: client\s+(-?[\d.]+)\s+host\s+(-?[\d.]+)\s+simulator\s+(-?[\d.]+)\s+other processes\s+(-?[\d.]+)/.exec(text);
  if (cpu) out.pipelineCpu = { client: num(cpu[1]), host: num(cpu[2]), simulator: num(cpu[3]), other: num(cpu[4]) };
  const cpuRatio = /CPU ratio bare\/pipeline\s+(-?[\d.]+)/.exec(text);
  if (cpuRatio) out.cpuRatio = num(cpuRatio[1]);
  const copied = /journaled from bytes\s+(-?[\d.]+)% of messages/.exec(text);
  if (copied) out.copiedShare = num(copied[1]) / 100;
  return out;
}

/** Runs bench/ingest.ts at `count`; the figures and the host process's RSS growth per message. */
export async function ingest(count: number, runs: number, echo: (line: string) => void): Promise<{ f: IngestFigures; rssGrowth: number; out: BenchOutput }> {
  const out = await runBench('ingest.ts', ['--count', String(count), '--runs', String(runs)], echo);
  return { f: parseIngestOutput(out.text), rssGrowth: out.rss.peak - out.rss.start, out };
}

/** The rows of the ingest curve at `count`. */
export function curveRows(count: number, f: IngestFigures, rssGrowth: number): ResultRow[] {
  const k = count >= 1e6 ? `${count / 1e6}M` : `${count / 1e3}k`;
  return [
    makeRow('curve', `ingest ratio pipeline/bare at ${k}`, 'msg/s', f.pipelineRate, undefined, f.bareRate, f.ratio),
    makeRow('curve', `host heap per message at ${k}`, 'B', f.heapPerMessage),
    makeRow('curve', `host RSS growth per message at ${k} (peak - start)`, 'B', rssGrowth / count),
    makeRow('curve', `host event-loop utilization at ${k}`, '%', f.hostElu),
  ];
}
