import { NotACaptureError } from '../capture/journalReader';
import { formatSummaryTable, summarizeFile } from '../tracker/summary';

/** `gws-notify summary FILE [--json]`. Returns the exit code. */
export async function runSummary(file: string, json: boolean): Promise<number> {
  try {
    const summary = await summarizeFile(file);
    process.stdout.write(json ? `${JSON.stringify(summary)}\n` : `${formatSummaryTable(summary)}\n`);
    return 0;
  } catch (err) {
    const known = err instanceof NotACaptureError || (err as NodeJS.ErrnoException).code === 'ENOENT';
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return known ? 2 : 1;
  }
}
