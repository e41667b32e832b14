/**
 * `npm run bench`: every benchmark, one table. Each bench runs in its own process (bench/*.ts),
 * `--runs` times (default 3), medians quoted; a baseline is measured in the same run on the same
 * input. The table is printed and written to bench/results.json (git-ignored) as ResultRow[].
 * Usage: bench/run.ts [--runs N] [--quick] [--only ids] [--skip ids] [--out file]   ids: see BENCHES (lanes: issue 17's Lanes tab; facts: issue 12's A/B of the index facts; live-correlation: issue 13's; sessions: issue 15's four sessions; wwe: issue 16's WWE log import)
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { runBench } from './benchProcess';
import { countInName, figure, flag, median, numberArg, settleDisk } from './benchSupport';
import { curveRows, ingest, type IngestFigures } from './ingestOutput';
import { failedRow, formatTable, makeRow, type ResultRow, type Target } from './resultsTable';
import { lanesBench } from './lanesBench';

const QUICK = flag('--quick');
const RUNS = Math.max(1, numberArg('--runs', QUICK ? 1 : 3));
const listArg = (name: string): string[] | undefined => (flag(name) ? process.argv[process.argv.indexOf(name) + 1].split(',') : undefined);
const ONLY = listArg('--only');
const SKIP = listArg('--skip') ?? [];
const OUT = flag('--out') ? resolve(process.argv[process.argv.indexOf('--out') + 1]) : join(__dirname, 'results.json');

const echo = (line: string): void => console.log(`    ${line}`);
const num = figure;
const MB = 1e6;

/** One bench of the suite: the rows it produces (its targets are named for failed-run rows). */
interface Bench {
  id: string;
  rows: Array<{ id: string; name: string; unit: string; target?: Target }>;
  run(): Promise<ResultRow[]>;
}

const curve: ResultRow[] = [];
const addCurve = (count: number, f: IngestFigures, rssGrowth: number): void => void curve.push(...curveRows(count, f, rssGrowth));

const T = {
  ratio: (op: '>=' | '<=', limit: number): Target => ({ on: 'ratio', op, limit }),
  value: (op: '<=' | '<', limit: number): Target => ({ on: 'value', op, limit }),
  yes: { on: 'value', op: 'yes' } as Target,
};

const INGEST_N = QUICK ? 10_000 : 200_000;
const MEMORY_N = QUICK ? 20_000 : 1_000_000;
const WEBVIEW_N = QUICK ? 5_000 : 100_000;
const HUGE_ROWS = QUICK ? 200_000 : 5_000_000;
const SEARCH_N = QUICK ? 50_000 : 1_000_000;
const CORRELATE_N = QUICK ? 100_000 : 1_000_000;
const WWE_MB = QUICK ? 5 : 100;
const k = (n: number): string => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

const BENCHES: Bench[] = [
  {
    id: 'ingest',
    rows: [{ id: '1', name: `ingest rate, full pipeline (${k(INGEST_N)})`, unit: 'msg/s', target: T.ratio('>=', 0.9) }],
    async run() {
      const { f, rssGrowth } = await ingest(INGEST_N, RUNS, echo);
      if (!QUICK) addCurve(INGEST_N, f, rssGrowth);
      const cpu = f.pipelineCpu ? `; CPU µs/msg: connection process ${f.pipelineCpu.client}, host ${f.pipelineCpu.host}, simulator ${f.pipelineCpu.simulator}` : '';
      const cpuRatio = f.cpuRatio === undefined ? '' : `; CPU of all processes per message, bare/pipeline ${f.cpuRatio.toFixed(2)}`;
      const copied = f.copiedShare === undefined ? '' : `; ${(f.copiedShare * 100).toFixed(0)} % journaled from the received bytes`;
      return [makeRow('1', `ingest rate, full pipeline (${k(INGEST_N)})`, 'msg/s', f.pipelineRate, T.ratio('>=', 0.9), f.bareRate, f.ratio, `baseline: the bare cometd client on the same stream${cpu}${cpuRatio}${copied}`)];
    },
  },
  {
    id: 'facts',
    rows: [
      { id: '1', name: `ingest ratio with the index facts (${k(INGEST_N)})`, unit: 'msg/s' },
      { id: '1', name: `ingest ratio without the index facts (${k(INGEST_N)})`, unit: 'msg/s' },
      { id: '1', name: 'ingest ratio drop from the index facts', unit: '', target: T.value('<=', 0.03) },
    ],
    async run() {
      // One bare baseline, then the connection process built with and without the facts, alternating.
      const runs = QUICK ? 1 : Math.max(RUNS, 5);
      const { figures: f } = await runBench('ingest.ts', ['--facts-ab', '--count', String(INGEST_N), '--runs', String(runs)], echo);
      const rate = (ms: number): number => (INGEST_N * 1000) / ms;
      const bare = rate(num(f, 'bareMs'));
      const cpu = `CPU ratios (all processes) ${num(f, 'withCpuRatio').toFixed(3)} with, ${num(f, 'withoutCpuRatio').toFixed(3)} without; connection process ${num(f, 'withClientUs').toFixed(1)} vs ${num(f, 'withoutClientUs').toFixed(1)} µs CPU per message`;
      return [
        makeRow('1', `ingest ratio with the index facts (${k(INGEST_N)})`, 'msg/s', rate(num(f, 'withMs')), undefined, bare, num(f, 'withRatio'), `medians of ${runs} alternating runs`),
        makeRow('1', `ingest ratio without the index facts (${k(INGEST_N)})`, 'msg/s', rate(num(f, 'withoutMs')), undefined, bare, num(f, 'withoutRatio'), 'the same source built with GWS_INDEX_FACTS=false'),
        makeRow('1', 'ingest ratio drop from the index facts', '', num(f, 'drop'), T.value('<=', 0.03), null, null, cpu),
      ];
    },
  },
  {
    id: 'live-correlation',
    rows: [{ id: '1', name: 'ingest ratio drop from live correlation', unit: '', target: T.value('<=', 0.03) }],
    async run() {
      const runs = QUICK ? 1 : Math.max(RUNS, 5);
      const { figures: f } = await runBench('ingest.ts', ['--correlate-ab', '--count', String(INGEST_N), '--runs', String(runs)], echo);
      const note = `row 1 ratio ${num(f, 'withRatio').toFixed(3)} with, ${num(f, 'withoutRatio').toFixed(3)} without, medians of ${runs} alternating runs; ${num(f, 'operations')} operations, ${num(f, 'computations')} correlations; host ${num(f, 'withHostUs').toFixed(2)} vs ${num(f, 'withoutHostUs').toFixed(2)} µs CPU/msg`;
      return [makeRow('1', 'ingest ratio drop from live correlation', '', Math.abs(num(f, 'drop')), T.value('<=', 0.03), null, null, note)];
    },
  },
  {
    id: 'correlate',
    rows: [{ id: '13', name: `correlate a loaded capture (${k(CORRELATE_N)} messages, ${k(CORRELATE_N / 100)} operations)`, unit: 'ms', target: T.ratio('<=', 0.3) }],
    async run() {
      const { figures: f } = await runBench('correlate.ts', ['--messages', String(CORRELATE_N), '--operations', String(CORRELATE_N / 100), '--runs', String(RUNS)], echo);
      return [makeRow('13', `correlate a loaded capture (${k(CORRELATE_N)} messages, ${k(CORRELATE_N / 100)} operations)`, 'ms', num(f, 'correlateMs'), T.ratio('<=', 0.3), num(f, 'loadMs'), num(f, 'ratio'), 'baseline: loadCapture of the same file (read, classify, track); outcomes checked against the ones the file was built with')];
    },
  },
  {
    id: 'load',
    rows: [
      { id: '2', name: 'host main thread busy at 5k msg/s', unit: '%', target: T.value('<=', 3) },
      { id: '2', name: 'host main thread busy at 5k msg/s, findings rules live', unit: '%', target: T.value('<=', 3) },
      { id: '2', name: 'main-thread share the live findings rules add', unit: 'points', target: T.value('<=', 1) },
    ],
    async run() {
      const args = ['--rate', '5000', '--seconds', QUICK ? '3' : '20', '--runs', String(RUNS)];
      // One run per pair without and with the rules, alternating: the difference is taken pair by pair.
      const { figures: g } = await runBench('hostLoad.ts', [...args, '--findings-ab'], echo);
      const note = `event-loop utilization of the host (LiveSession + ConnectionHost + tracker) at ${Math.round(num(g, 'achievedRate'))} msg/s achieved`;
      return [
        makeRow('2', 'host main thread busy at 5k msg/s', '%', num(g, 'withoutEluPct'), T.value('<=', 3), null, null, note),
        makeRow('2', 'host main thread busy at 5k msg/s, findings rules live', '%', num(g, 'eluPct'), T.value('<=', 3), null, null, `${note}, plus the findings engine following the tracker and ticking each second`),
        makeRow('2', 'main-thread share the live findings rules add', 'points', num(g, 'addedEluPoints'), T.value('<=', 1), null, null, `median of ${RUNS} pairs of runs without and with the rules, in alternating order`),
      ];
    },
  },
  {
    id: 'memory',
    rows: [{ id: '3', name: `host heap retained per message (${k(MEMORY_N)})`, unit: 'B', target: T.value('<=', 200) }, { id: '3', name: `host RSS growth (${k(MEMORY_N)})`, unit: 'MB' }],
    async run() {
      const { f, rssGrowth } = await ingest(MEMORY_N, RUNS, echo);
      if (!QUICK) addCurve(MEMORY_N, f, rssGrowth);
      return [
        makeRow('3', `host heap retained per message (${k(MEMORY_N)})`, 'B', f.heapPerMessage, T.value('<=', 200), null, null, 'heapUsed after GC; typed-array columns live outside the JS heap: see the RSS row'),
        makeRow('3', `host RSS growth (${k(MEMORY_N)})`, 'MB', rssGrowth / MB, undefined, null, null, `peak minus start of the bench/ingest.ts process, ${(rssGrowth / MEMORY_N).toFixed(0)} B per message`),
      ];
    },
  },
  {
    id: 'diff',
    rows: [{ id: '4', name: 'successive-state diff per pair (journal reads included)', unit: 'µs', target: T.ratio('<=', 3) }],
    async run() {
      const { figures: f } = await runBench('diff.ts', ['--count', QUICK ? '2000' : '20000', '--runs', String(RUNS)], echo);
      return [makeRow('4', 'successive-state diff per pair (journal reads included)', 'µs', num(f, 'diffUs'), T.ratio('<=', 3), num(f, 'parseUs'), num(f, 'diffUs') / num(f, 'parseUs'), `baseline: JSON.parse of one of the two messages; vs reading it from the journal and parsing it (${num(f, 'readParseUs').toFixed(1)} µs) the ratio is ${(num(f, 'diffUs') / num(f, 'readParseUs')).toFixed(2)}; the diff of parsed states alone is ${num(f, 'diffOnlyUs').toFixed(1)} µs`)];
    },
  },
  {
    id: 'webview',
    rows: [
      { id: '5', name: `webview first paint (${k(WEBVIEW_N)} rows)`, unit: 'ms', target: T.value('<', 300) },
      { id: '5', name: `webview filter, slowest case (${k(WEBVIEW_N)} rows)`, unit: 'ms', target: T.value('<', 200) },
      { id: '5', name: `webview script work per frame scrolling, p95 (${k(WEBVIEW_N)})`, unit: 'ms', target: T.value('<', 10) },
      { id: '5', name: `webview works at ${k(HUGE_ROWS)} rows`, unit: '', target: T.yes },
    ],
    async run() {
      const runs: Array<Record<string, unknown>> = [];
      for (let i = 0; i < RUNS; i++) {
        const { figures } = await runBench('webview.ts', ['--no-build', '--skip-large', '--small', String(WEBVIEW_N), '--huge', String(HUGE_ROWS), ...(QUICK ? ['--paint-runs', '1'] : [])], echo);
        runs.push(figures ?? {});
      }
      const m = (key: string): number => median(runs.map((f) => num(f, `${key}`)));
      const works = runs.filter((f) => f[`${HUGE_ROWS}.works`] === true).length * 2 > runs.length;
      return [
        makeRow('5', `webview first paint (${k(WEBVIEW_N)} rows)`, 'ms', m(`${WEBVIEW_N}.firstPaintMs`), T.value('<', 300), null, null, 'headless Chromium, from navigation start to the first rows painted'),
        makeRow('5', `webview filter, slowest case (${k(WEBVIEW_N)} rows)`, 'ms', m(`${WEBVIEW_N}.filterMaxMs`), T.value('<', 200), null, null, 'end to end: key, host query, rows painted'),
        makeRow('5', `webview script work per frame scrolling, p95 (${k(WEBVIEW_N)})`, 'ms', m(`${WEBVIEW_N}.scrollP95Ms`), T.value('<', 10), null, null, 'the worse of a scrollbar sweep and a wheel fling'),
        makeRow('5', `webview works at ${k(HUGE_ROWS)} rows`, '', works, T.yes, null, null, `last row rendered, full sweep p95 ${m(`${HUGE_ROWS}.scrollP95Ms`).toFixed(1)} ms`),
      ];
    },
  },
  {
    id: 'io',
    rows: [{ id: '6', name: 'NDJSON import per record', unit: 'rec/s', target: T.ratio('>=', 0.5) }],
    async run() {
      const count = QUICK ? 10_000 : 1_000_000;
      const { figures: f } = await runBench('io.ts', ['--count', String(count), '--runs', String(RUNS), '--import-only'], echo);
      const rate = (us: number): number => 1e6 / us;
      return [makeRow('6', 'NDJSON import per record', 'rec/s', rate(num(f, 'importUs')), T.ratio('>=', 0.5), rate(num(f, 'bareUs')), num(f, 'bareUs') / num(f, 'importUs'), `${k(count)} records; baseline: chunked read + split + JSON.parse of the same file`)];
    },
  },
  {
    id: 'activation',
    rows: [{ id: '7', name: 'extension activation', unit: 'ms', target: T.value('<', 50) }, { id: '7', name: 'bundle dist/extension.js', unit: 'KB', target: T.value('<', 400) }, { id: '7', name: 'bundle dist/webview/webview.js', unit: 'KB', target: T.value('<', 400) }],
    async run() {
      const runs: Array<Record<string, unknown>> = [];
      // The stub measures one activation per process; VS Code launches once per run by itself.
      if (QUICK) for (let i = 0; i < RUNS; i++) runs.push((await runBench('activation.ts', ['--stub'], echo)).figures ?? {});
      else runs.push((await runBench('activation.ts', ['--runs', String(RUNS)], echo)).figures ?? {});
      const f = runs[0];
      const how = f.method === 'vscode' ? `real VS Code extension host, ext.activate() incl. loading the bundle; the activate() body logged ${num(f, 'bodyMs')} ms` : 'Node with a stubbed vscode API: require + activate()';
      return [
        makeRow('7', 'extension activation', 'ms', median(runs.map((r) => num(r, 'activateMs'))), T.value('<', 50), null, null, how),
        makeRow('7', 'bundle dist/extension.js', 'KB', num(f, 'extensionKB'), T.value('<', 400), null, null, 'production build, minified'),
        makeRow('7', 'bundle dist/webview/webview.js', 'KB', num(f, 'webviewKB'), T.value('<', 400)),
      ];
    },
  },
  {
    id: 'huge',
    rows: [{ id: '8', name: 'longest host block, one 30k-message response', unit: 'ms', target: T.value('<', 100) }],
    async run() {
      const args = QUICK ? ['--count', '3000', '--bytes', '4000000'] : [];
      const { figures: f } = await runBench('hugeBatch.ts', [...args, '--runs', String(RUNS)], echo);
      return [makeRow('8', `longest host block, one ${k(num(f, 'count'))}-message response`, 'ms', num(f, 'maxDelayMs'), T.value('<', 100), null, null, `monitorEventLoopDelay max; ${(num(f, 'bytes') / 1e6).toFixed(0)} MB response all indexed in ${num(f, 'allIndexedMs').toFixed(0)} ms`)];
    },
  },
  {
    id: 'search',
    rows: [
      { id: '9', name: `longest host block while a text filter scans ${k(SEARCH_N)} messages`, unit: 'ms', target: T.value('<', 50) },
      { id: '9', name: `host main thread busy during that scan`, unit: '%', target: T.value('<', 5) },
      { id: '9', name: `host RSS growth during that scan (cache budget 64 MB)`, unit: 'MB', target: T.value('<=', 64 + 32) },
    ],
    async run() {
      const { figures: f } = await runBench('searchScan.ts', ['--count', String(SEARCH_N), '--runs', String(RUNS)], echo);
      const warm = `with the worker up and its cache full, a common word (${num(f, 'hitsRows').toLocaleString('en')} rows) scans in ${num(f, 'hitsScanMs').toFixed(0)} ms`;
      return [
        makeRow('9', `longest host block while a text filter scans ${k(SEARCH_N)} messages`, 'ms', num(f, 'maxDelayMs'), T.value('<', 50), null, null, `monitorEventLoopDelay max or 10 ms interval lag, the worse; scan ${num(f, 'scanMs').toFixed(0)} ms in the search worker; worst of all runs ${num(f, 'worstDelayMs').toFixed(1)} ms; idle host ${num(f, 'idleMaxDelayMs').toFixed(1)} ms`),
        makeRow('9', 'host main thread busy during that scan', '%', num(f, 'eluPct'), T.value('<', 5), null, null, `performance.eventLoopUtilization(); ${warm}: ${num(f, 'hitsEluPct').toFixed(2)} %`),
        makeRow('9', 'host RSS growth during that scan (cache budget 64 MB)', 'MB', num(f, 'rssGrowthMB'), T.value('<=', 64 + 32), null, null, `peak minus start, the worker starting and filling its cache during the scan; ${warm}: ${num(f, 'hitsRssGrowthMB').toFixed(1)} MB`),
      ];
    },
  },
  {
    id: 'sessions',
    rows: [
      { id: '10', name: 'host main thread busy, 4 sessions at 1k msg/s each', unit: '%', target: T.value('<=', 5) },
      { id: '10', name: 'no message lost, 4 sessions (journals = simulator delivery log)', unit: '', target: T.yes },
    ],
    async run() {
      const { figures: f } = await runBench('multiSession.ts', ['--sessions', '4', '--rate', '1000', '--seconds', QUICK ? '3' : '20', '--runs', String(RUNS)], echo);
      const window = `${num(f, 'seconds')} s windows, ${Math.round(num(f, 'ratePerSession'))} msg/s per session achieved`;
      return [
        makeRow('10', 'host main thread busy, 4 sessions at 1k msg/s each', '%', num(f, 'eluPct'), T.value('<=', 5), null, null, `event-loop utilization of the host (4 LiveSessions + ConnectionHosts + trackers) over ${window}; CPU of the whole host process ${num(f, 'hostCpuPct').toFixed(2)} %`),
        makeRow('10', 'no message lost, 4 sessions (journals = simulator delivery log)', '', num(f, 'lost') === 0 && num(f, 'gaps') === 0, T.yes, null, null, `${num(f, 'journaled').toLocaleString('en')} journaled of ${num(f, 'delivered').toLocaleString('en')} written by the simulator over all runs, ${num(f, 'gaps')} gap records`),
      ];
    },
  },
  {
    id: 'lint',
    rows: [{ id: '11', name: `lint throughput (${k(SEARCH_N)} messages)`, unit: 'msg/s', target: T.ratio('>=', 0.5) }],
    async run() {
      const { figures: f } = await runBench('lint.ts', ['--count', String(SEARCH_N), '--runs', String(RUNS)], echo);
      const rate = (ms: number): number => (num(f, 'count') * 1000) / ms;
      return [makeRow('11', `lint throughput (${k(SEARCH_N)} messages)`, 'msg/s', rate(num(f, 'lintMs')), T.ratio('>=', 0.5), rate(num(f, 'bareMs')), num(f, 'ratio'), `gws-notify lint's core (load, index, every rule, their payload reads: ${num(f, 'findings')} findings) over a ${(num(f, 'bytes') / 1e6).toFixed(0)} MB capture; baseline: chunked read + split + JSON.parse of the same file`)];
    },
  },
  lanesBench(RUNS, QUICK, echo),
  {
    id: 'wwe',
    rows: [{ id: '15', name: `WWE console log import (${WWE_MB} MB)`, unit: 'MB/s', target: T.ratio('>=', 0.3) }],
    async run() {
      const { figures: f } = await runBench('wwe.ts', ['--mb', String(WWE_MB), '--runs', String(RUNS)], echo);
      const note = `gws-notify import-wwe's core (parse in a worker thread; map, mask, write the capture on the main one: ${num(f, 'notifications').toLocaleString('en')} notifications, ${num(f, 'restCalls').toLocaleString('en')} REST calls); baseline: a bare line read of the same log (chunked read, lines split and decoded, one thread). CPU of both threads: ${num(f, 'importCpuMs').toFixed(0)} ms against ${num(f, 'bareCpuMs').toFixed(0)} ms (CPU ratio ${num(f, 'cpuRatio').toFixed(2)})`;
      return [makeRow('15', `WWE console log import (${WWE_MB} MB)`, 'MB/s', num(f, 'importMBs'), T.ratio('>=', 0.3), num(f, 'bareMBs'), num(f, 'ratio'), note)];
    },
  },
  {
    id: 'curve',
    rows: [],
    async run() {
      // 200k and 1M come from rows 1 and 3; the small end of the curve is measured here.
      if (QUICK) return [];
      for (const count of [10_000, 100_000]) {
        const { f, rssGrowth } = await ingest(count, RUNS, echo);
        addCurve(count, f, rssGrowth);
      }
      return [];
    },
  },
];

async function main(): Promise<void> {
  const started = Date.now();
  const chosen = BENCHES.filter((b) => (!ONLY || ONLY.includes(b.id)) && !SKIP.includes(b.id));
  console.log(`npm run bench: ${chosen.map((b) => b.id).join(', ')}; ${RUNS} run(s) each${QUICK ? ', quick (small sizes)' : ''}; ${cpus().length} cores`);
  const rows: ResultRow[] = [];
  for (const bench of chosen) {
    console.log(`\n[${bench.id}]`);
    settleDisk();
    try {
      rows.push(...(await bench.run()));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      console.log(message);
      rows.push(...bench.rows.map((r) => failedRow(r.id, r.name, r.unit, message, r.target)));
    }
  }
  curve.sort((a, b) => countInName(a.name) - countInName(b.name));
  const all = [...rows, ...curve];
  console.log(`\nresults (medians of ${RUNS} run(s), ${((Date.now() - started) / 60000).toFixed(1)} min):\n${formatTable(all)}`);
  writeFileSync(OUT, `${JSON.stringify(all, null, 2)}\n`);
  console.log(`\nwritten to ${relative(process.cwd(), OUT)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
