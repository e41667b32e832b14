import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { NotACaptureError } from '../capture/journalReader';
import { loadCapture } from '../exchange/openCapture';
import { formatLinks, summarizeCaptureSet, type SummarizedCapture } from '../links/captureSetSummary';
import { formatSummaryTable, summarize } from '../tracker/summary';

/** Loads and summarizes one capture file, removing the temp journal of a converted JSON export. */
async function summarizeOne(file: string): Promise<SummarizedCapture> {
  const loaded = await loadCapture(file);
  if (loaded.converted) rmSync(loaded.journalPath, { force: true });
  return { file, tracker: loaded.tracker, summary: summarize(loaded.tracker) };
}

/**
 * `gws-notify summary FILE... [--json]`: NDJSON captures and JSON exports alike. One file prints
 * its summary; several print the union, the captures and the links between them
 * (src/links/captureSetSummary.ts). Returns the exit code.
 */
export async function runSummary(files: readonly string[], json: boolean): Promise<number> {
  try {
    const twice = files.find((f, i) => files.findIndex((g) => resolve(g) === resolve(f)) !== i);
    if (twice !== undefined) {
      process.stderr.write(`error: ${twice} is named twice; name each capture once\n`);
      return 2;
    }
    const captures: SummarizedCapture[] = [];
    for (const file of files) captures.push(await summarizeOne(file));
    if (captures.length === 1) {
      const { summary } = captures[0];
      process.stdout.write(json ? `${JSON.stringify(summary)}\n` : `${formatSummaryTable(summary)}\n`);
      return 0;
    }
    const set = summarizeCaptureSet(captures);
    if (json) process.stdout.write(`${JSON.stringify(set)}\n`);
    else process.stdout.write(`${[...captures.map((c) => `== ${c.file}\n${formatSummaryTable(c.summary)}`), formatLinks(set.links)].join('\n\n')}\n`);
    return 0;
  } catch (err) {
    const known = err instanceof NotACaptureError || (err as NodeJS.ErrnoException).code === 'ENOENT';
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return known ? 2 : 1;
  }
}
