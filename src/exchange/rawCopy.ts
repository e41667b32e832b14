import { open } from 'node:fs/promises';
import { parseLine } from '../capture/journalFile';
import { serializeRecord } from '../capture/journalWriter';
import type { CaptureRecord } from '../capture/records';
import type { OutputFile } from './outputFile';
import { CREDENTIAL_HINT } from '../util/scrub';
import { scrubText, type Redactor } from './redaction';

/**
 * The NDJSON export of a whole capture without masking: a byte-for-byte copy of its record lines
 * (the header line replaced), in 2 MiB chunks. Only a chunk that mentions a credential-like word is
 * split into lines, and only those lines are parsed and scrubbed. Damaged lines are copied as they
 * are (scrubbed), so a re-import flags them exactly as the original does.
 */

const CHUNK = 2 * 1024 * 1024;

/** Progress and cancellation for the copy. */
export interface RawCopyOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  total: number;
}

/** Counts non-empty lines in `body` (which ends with a newline). */
function countLines(body: Buffer): number {
  let n = 0;
  let start = 0;
  for (let nl = body.indexOf(10, start); nl >= 0; nl = body.indexOf(10, start)) {
    const len = nl - start - (nl > start && body[nl - 1] === 13 ? 1 : 0);
    if (len > 0) n++;
    start = nl + 1;
  }
  return n;
}

/** One line needing scrubbing: a record is redacted and re-serialized, anything else scrubbed as text. */
function scrubLine(line: string, redactor: Redactor): string {
  if (!CREDENTIAL_HINT.test(line)) return line;
  // A damaged line is scrubbed as text.
  const record = parseLine(line);
  if (typeof record !== 'string') return serializeRecord(redactor.record(record as CaptureRecord));
  return scrubText(line);
}

/** Writes `body`'s lines to `out`, scrubbing the ones that need it. */
function copyBody(body: Buffer, out: OutputFile, redactor: Redactor): void {
  if (!CREDENTIAL_HINT.test(body.toString('latin1'))) {
    out.add(body);
    return;
  }
  const lines = body.toString('utf8').split('\n');
  lines.pop();
  out.add(lines.map((l) => `${scrubLine(l.endsWith('\r') ? l.slice(0, -1) : l, redactor)}\n`).join(''));
}

/** Copies the records of the NDJSON capture at `path` (after its header line) to `out`; returns the records copied. */
export async function copyRecordLines(path: string, out: OutputFile, redactor: Redactor, options: RawCopyOptions): Promise<number> {
  const handle = await open(path, 'r');
  let carry: Buffer | undefined;
  let headerSkipped = false;
  let position = 0;
  let records = 0;
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      const buf = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      position += bytesRead;
      const chunk = carry ? Buffer.concat([carry, buf.subarray(0, bytesRead)]) : buf.subarray(0, bytesRead);
      const lastNl = chunk.lastIndexOf(10);
      if (lastNl < 0) {
        carry = chunk;
        continue;
      }
      let body = chunk.subarray(0, lastNl + 1);
      carry = lastNl + 1 < chunk.length ? chunk.subarray(lastNl + 1) : undefined;
      if (!headerSkipped) {
        body = body.subarray(body.indexOf(10) + 1);
        headerSkipped = true;
      }
      records += countLines(body);
      copyBody(body, out, redactor);
      if (out.full) await out.flush();
      options.onProgress?.(Math.min(position, options.total), options.total);
    }
    // An unterminated last line (a header-only file without newline has nothing after it).
    if (carry && carry.length > 0 && headerSkipped) {
      const body = Buffer.concat([carry, Buffer.from('\n')]);
      records += countLines(body);
      copyBody(body, out, redactor);
    }
    return records;
  } finally {
    await handle.close();
  }
}
