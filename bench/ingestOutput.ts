/**
 * Reads the figures bench/ingest.ts prints (it has no machine-readable mode and belongs to the
 * ingest work, so its text is parsed). Throws, naming the line, when the format has changed.
 */

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
