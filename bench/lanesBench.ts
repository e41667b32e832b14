import { runBench } from './benchProcess';
import { figure as num } from './benchSupport';
import { makeRow, type ResultRow, type Target } from './resultsTable';

/** Row 14 of `npm run bench` (bench/run.ts): the Lanes tab at 100k messages and 10k resources (bench/lanes.ts). */
export function lanesBench(runs: number, quick: boolean, echo: (line: string) => void): { id: string; rows: Array<{ id: string; name: string; unit: string; target?: Target }>; run(): Promise<ResultRow[]> } {
  const [messages, resources] = quick ? [10_000, 1_000] : [100_000, 10_000];
  const size = `${messages / 1000}k messages, ${resources / 1000}k resources`;
  const rows = [
    { id: '14', name: `lanes first paint (${size})`, unit: 'ms', target: { on: 'value', op: '<', limit: 300 } as Target },
    { id: '14', name: `lanes script work per frame panning, p95 (${size})`, unit: 'ms', target: { on: 'value', op: '<', limit: 10 } as Target },
    { id: '14', name: 'webview bundle growth from the lanes', unit: 'KB' },
  ];
  return {
    id: 'lanes',
    rows,
    async run() {
      const { figures: f } = await runBench('lanes.ts', ['--no-build', '--messages', String(messages), '--resources', String(resources), '--runs', String(Math.max(3, runs))], echo);
      return [
        makeRow('14', rows[0].name, 'ms', num(f, 'firstPaintMs'), rows[0].target, null, null, 'headless Chromium, real host: from the click on the Lanes tab (page loaded, list painted) to the frame after the first one with spans; median'),
        makeRow('14', rows[1].name, 'ms', num(f, 'panP95Ms'), rows[1].target, null, null, `frames with work while Shift+wheel pans one notch a frame, fitted and zoomed in; scrolling through the lanes p95 ${num(f, 'scrollP95Ms').toFixed(1)} ms`),
        makeRow('14', rows[2].name, 'KB', num(f, 'lanesKB'), undefined, null, null, `bytes of webview/lanes/, lanesProtocol and stateTimes in the minified bundle (esbuild metafile); the bundle is ${num(f, 'bundleKB').toFixed(0)} KB, row 7's target < 400 KB`),
      ];
    },
  };
}
