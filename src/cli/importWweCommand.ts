import { resolve } from 'node:path';
import { importWweToFile } from '../wwe/wweImport';
import { plural } from '../util/wording';

/** `gws-notify import-wwe LOG --out capture.ndjson [--force]`: returns the exit code. */
export async function runImportWwe(file: string, o: { out: string; force?: boolean; version: string }): Promise<number> {
  try {
    const result = await importWweToFile(resolve(file), resolve(o.out), { toolVersion: o.version, overwrite: Boolean(o.force) });
    for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
    const c = result.counts;
    if (c.warnings > result.warnings.length) process.stderr.write(`warning: ${plural(c.warnings - result.warnings.length, 'more warning')} not shown\n`);
    process.stderr.write(`imported ${plural(c.notifications, 'notification')} and ${plural(c.restCalls, 'REST call')} from ${file} into ${resolve(o.out)}; ${plural(c.skipped, 'line')} skipped, ${plural(c.warnings, 'warning')}\n`);
    process.stderr.write('times are the log\'s local clock (it names no time zone)\n');
    return 0;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const hint = code === 'EEXIST' ? ' (the output exists; add --force to replace it)' : '';
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}${hint}\n`);
    return code === 'ENOENT' || code === 'EEXIST' || code === 'EISDIR' ? 2 : 1;
  }
}
