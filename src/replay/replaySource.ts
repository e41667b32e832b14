import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { NotACaptureError } from '../capture/journalReader';
import { importHarToFile } from '../exchange/harImport';
import { openCapture, sniffCapture } from '../exchange/openCapture';

/**
 * Turns whatever the user hands `replay` (an NDJSON capture, a JSON export, a browser HAR) into
 * the NDJSON capture the simulator replays: the file itself, or a conversion in a temp dir.
 */

/** The NDJSON to replay; `temporary` when it is a conversion the caller deletes afterwards. */
export interface ReplayFile {
  file: string;
  temporary: boolean;
  /** What the input was. */
  from: 'ndjson' | 'json' | 'har' | 'wwe';
}

/** True when the file starts like a HAR (`{"log": …`). */
async function looksLikeHar(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return /^\uFEFF?\s*\{\s*"log"\s*:/.test(buf.toString('utf8', 0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Prepares `path` for replay; throws NotACaptureError for files that are none of the three. */
export async function prepareReplayFile(path: string, options: { tempDir?: string; toolVersion?: string } = {}): Promise<ReplayFile> {
  const temp = (): string => join(options.tempDir ?? tmpdir(), `${basename(path, extname(path))}-replay-${randomUUID().slice(0, 8)}.ndjson`);
  let kind: 'ndjson' | 'json' | 'wwe';
  try {
    kind = await sniffCapture(path);
  } catch (err) {
    if (!(err instanceof NotACaptureError) || !(await looksLikeHar(path))) throw err;
    const file = temp();
    await importHarToFile(path, file, { toolVersion: options.toolVersion });
    return { file, temporary: true, from: 'har' };
  }
  if (kind === 'ndjson') return { file: path, temporary: false, from: 'ndjson' };
  const opened = await openCapture(path, { tempDir: options.tempDir });
  for await (const batch of opened.batches()) void batch;
  return { file: opened.journalPath, temporary: true, from: kind };
}
