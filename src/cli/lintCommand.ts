import { NotACaptureError } from '../capture/journalReader';
import { configFromOptions, FindingsConfigError, type FindingsConfig } from '../findings/config';
import { lintCapture, type LintResult } from '../findings/lintCapture';
import { formatJson, formatSarif, formatText } from '../findings/lintOutput';

/** The options `gws-notify lint` takes, as commander gives them. */
export interface LintOptions {
  json?: boolean;
  format?: string;
  rule?: string;
  set?: string[];
  severity?: string[];
  version: string;
}

/** A usage error: exit code 2. */
export class LintUsageError extends Error {}

/** The output format the options ask for; --json is --format json, and the two may not disagree. */
export function outputFormat(o: Pick<LintOptions, 'json' | 'format'>): 'text' | 'json' | 'sarif' {
  const format = o.format ?? (o.json ? 'json' : 'text');
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new LintUsageError(`--format takes text, json or sarif, not "${format}"`);
  if (o.json && format !== 'json') throw new LintUsageError(`--json asks for JSON, --format for ${format}: give one`);
  return format;
}

/**
 * `gws-notify lint <capture>...`: the findings rules over captures, for CI. Returns the exit code:
 * 1 when any error-level finding exists, 0 otherwise, 2 on a usage or file error.
 */
export async function runLint(files: readonly string[], o: LintOptions, out: (text: string) => void = (t) => process.stdout.write(t), err: (text: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  let format: 'text' | 'json' | 'sarif';
  let config: FindingsConfig;
  try {
    format = outputFormat(o);
    config = configFromOptions(o);
  } catch (e) {
    if (e instanceof LintUsageError || e instanceof FindingsConfigError) {
      err(`error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const results: LintResult[] = [];
  for (const file of files) {
    try {
      results.push(await lintCapture(file, config));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const message = e instanceof NotACaptureError ? e.message : code === 'ENOENT' ? `${file}: no such file` : code !== undefined ? `${file}: ${(e as Error).message}` : undefined;
      if (message === undefined) throw e;
      err(`error: ${message}\n`);
      return 2;
    }
  }
  const text = format === 'json' ? formatJson(results) : format === 'sarif' ? formatSarif(results, o.version) : formatText(results);
  if (text !== '') out(`${text}\n`);
  return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}
