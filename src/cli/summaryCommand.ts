import { rmSync } from 'node:fs';
import { NotACaptureError } from '../capture/journalReader';
import { loadCapture } from '../exchange/openCapture';
import { formatSummaryTable, summarize } from '../tracker/summary';

/** `gws-notify summary FILE [--json]`: NDJSON captures and JSON exports alike. Returns the exit code. */
export async function runSummary(file: string, json: boolean): Promise<number> {
  try {
    const loaded = await loadCapture(file);
    if (loaded.converted) rmSync(loaded.journalPath, { force: true });
    const summary = summarize(loaded.tracker);
    process.stdout.write(json ? `${JSON.stringify(summary)}\n` : `${formatSummaryTable(summary)}\n`);
    return 0;
  } catch (err) {
    const known = err instanceof NotACaptureError || (err as NodeJS.ErrnoException).code === 'ENOENT';
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return known ? 2 : 1;
  }
}
