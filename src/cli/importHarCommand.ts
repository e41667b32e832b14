import { resolve } from 'node:path';
import { importHarToFile } from '../exchange/harImport';
import { plural } from '../util/wording';

/** `gws-notify import-har FILE.har --out capture.ndjson [--force]`: returns the exit code. */
export async function runImportHar(file: string, o: { out: string; force?: boolean; version: string }): Promise<number> {
  try {
    const result = await importHarToFile(resolve(file), resolve(o.out), { toolVersion: o.version, overwrite: Boolean(o.force) });
    const count = (kind: string): number => result.records.filter((r) => r.kind === kind).length;
    for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stderr.write(`imported ${plural(count('message'), 'message')}, ${plural(count('event'), 'event')} and ${plural(count('request'), 'REST call')} from ${file} into ${resolve(o.out)}\n`);
    return 0;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const hint = code === 'EEXIST' ? ' (the output exists; add --force to replace it)' : '';
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}${hint}\n`);
    return code === 'ENOENT' || code === 'EEXIST' ? 2 : 1;
  }
}
