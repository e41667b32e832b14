import { open } from 'node:fs/promises';
import { serializeRecord } from './journalWriter';
import type { CaptureRecord, HeaderRecord } from './records';

/**
 * Writes a whole journal (header, then records) with asynchronous writes: the extension host's way
 * to save a journal it built (Import HAR), since it must never block on a write. The connection
 * process keeps JournalWriter, whose synchronous flush suits its own thread. Same lines, same bytes.
 */

/** Bytes gathered before one write. */
const CHUNK_BYTES = 1024 * 1024;

/** Creates `path` (refusing to clobber one unless `overwrite`) holding `header` and `records`, one line each. */
export async function writeJournal(path: string, header: HeaderRecord, records: Iterable<CaptureRecord>, options: { overwrite?: boolean } = {}): Promise<void> {
  const handle = await open(path, options.overwrite ? 'w' : 'wx');
  try {
    let lines: string[] = [serializeRecord(header)];
    let size = lines[0].length;
    const write = async (): Promise<void> => {
      const buf = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
      lines = [];
      size = 0;
      for (let done = 0; done < buf.length; ) done += (await handle.write(buf, done, buf.length - done)).bytesWritten;
    };
    for (const record of records) {
      const line = serializeRecord(record);
      lines.push(line);
      size += line.length;
      if (size >= CHUNK_BYTES) await write();
    }
    if (lines.length > 0) await write();
  } finally {
    await handle.close();
  }
}
