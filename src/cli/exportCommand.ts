import { resolve } from 'node:path';
import { NotACaptureError } from '../capture/journalReader';
import { exportCapture, type ExportFormat } from '../exchange/exportCapture';
import { parseResourceId, type ExportScope } from '../exchange/exportScope';
import { DEFAULT_REDACT_KEYS } from '../exchange/redaction';
import { plural } from '../util/wording';

/** Options of `gws-notify export`. */
export interface ExportCommandOptions {
  format: ExportFormat;
  out: string;
  resource?: string;
  from?: string;
  to?: string;
  redact?: boolean;
  redactKeys?: string;
}

/** A mistake in the command line: exit code 2. */
class UsageError extends Error {}

/** The scope the options describe. */
function scopeOf(o: ExportCommandOptions): ExportScope {
  const timed = o.from !== undefined || o.to !== undefined;
  if (o.resource !== undefined && timed) throw new UsageError('use either --resource or --from/--to, not both');
  for (const [name, value] of [['--from', o.from], ['--to', o.to]] as const) {
    if (value !== undefined && !Number.isFinite(Date.parse(value))) throw new UsageError(`${name} is not an ISO-8601 time: ${value}`);
  }
  if (o.resource !== undefined) {
    try {
      return { kind: 'resource', resource: parseResourceId(o.resource) };
    } catch (err) {
      throw new UsageError(`--resource: ${(err as Error).message}`);
    }
  }
  if (o.format === 'markdown') throw new UsageError('--format markdown describes one resource: add --resource kind:id');
  return timed ? { kind: 'timeRange', from: o.from, to: o.to } : { kind: 'all' };
}

/** `gws-notify export FILE …`: returns the exit code. */
export async function runExport(file: string, o: ExportCommandOptions): Promise<number> {
  const controller = new AbortController();
  const onSignal = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  try {
    const scope = scopeOf(o);
    const keys = o.redactKeys ? o.redactKeys.split(',').map((k) => k.trim()).filter(Boolean) : [...DEFAULT_REDACT_KEYS];
    const tty = process.stderr.isTTY;
    let lastPct = -1;
    const result = await exportCapture(resolve(file), scope, o.format, resolve(o.out), {
      redact: { enabled: Boolean(o.redact || o.redactKeys), keys },
      signal: controller.signal,
      onProgress: (done, total) => {
        const pct = total > 0 ? Math.floor((done * 100) / total) : 100;
        if (tty && pct !== lastPct) process.stderr.write(`\rexporting… ${pct}%`);
        lastPct = pct;
      },
    });
    if (tty) process.stderr.write('\r');
    process.stderr.write(`exported ${plural(result.records, 'record')} as ${result.format} to ${result.outPath}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    const known = err instanceof UsageError || err instanceof NotACaptureError || (err as NodeJS.ErrnoException).code === 'ENOENT';
    return known ? 2 : 1;
  } finally {
    process.off('SIGINT', onSignal);
  }
}
