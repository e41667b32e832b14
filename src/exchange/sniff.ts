import { open } from 'node:fs/promises';
import { NotACaptureError } from '../capture/journalReader';
import { CAPTURE_FORMAT } from '../capture/records';
import { parseLogLine } from '../wwe/logLine';

/**
 * Tells an NDJSON capture from a JSON export and a Workspace Web Edition console log by their
 * first bytes, and gives other files ONE clear error saying what they look like (a HAR, binary
 * data, other JSON...). A WWE log is known by the shape of its log lines, not by a notification:
 * the first one can sit far beyond the bytes read here.
 */

/** The file shapes that open as a capture: a WWE log is imported on the way (docs/IMPORT-WWE.md). */
export type CaptureFileKind = 'ndjson' | 'json' | 'wwe';

/** Log lines of WWE's shape needed among the first bytes (fewer when the file has fewer lines). */
const WWE_LINES = 3;

/** True when `text` holds WWE log lines (`YYYY-MM-DD HH:MM:SS.mmm [LEVEL] [Logger] …`). */
function looksLikeWweLog(text: string): boolean {
  const lines = text.split('\n', 4000);
  let found = 0;
  for (const line of lines) if (parseLogLine(line) && ++found >= WWE_LINES) return true;
  return found > 0 && found === lines.filter((l) => l.trim() !== '').length;
}

const SNIFF_BYTES = 64 * 1024;

/** The first `SNIFF_BYTES` of a file. */
async function head(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** True when the bytes look like binary data rather than text. */
function isBinary(buf: Buffer): boolean {
  if (buf.includes(0)) return true;
  const text = buf.toString('utf8');
  let bad = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) bad++;
  return bad > 8 || bad > text.length / 100;
}

/** A short description of what a non-capture file looks like, for the error message. */
function lookalike(text: string): string {
  const t = text.trimStart();
  if (/^\{\s*"log"\s*:/.test(t) || (/"log"\s*:/.test(t) && /"entries"\s*:/.test(t))) {
    return 'it looks like a HAR file (browser network log); import it with `gws-notify import-har FILE.har --out capture.ndjson`';
  }
  if (t === '') return 'the file is empty';
  if (t.startsWith('{') || t.startsWith('[')) return 'it is JSON, but neither a gws-notify NDJSON capture nor a gws-notify JSON export';
  return 'it is text, but its first line is not a capture header';
}

/** What kind of capture `path` holds; throws NotACaptureError naming the file and what it looked like. */
export async function sniffCapture(path: string): Promise<CaptureFileKind> {
  const buf = await head(path);
  if (buf.length === 0) throw new NotACaptureError(path, 'the file is empty');
  if (isBinary(buf)) throw new NotACaptureError(path, 'it is binary data, not text');
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nl = text.indexOf('\n');
  const first = (nl >= 0 ? text.slice(0, nl) : text).trim();
  try {
    const value = JSON.parse(first) as { kind?: unknown; format?: unknown };
    if (value && typeof value === 'object' && value.kind === 'header' && value.format === CAPTURE_FORMAT) return 'ndjson';
  } catch {
    // Not one JSON object on the first line: a pretty-printed JSON export, or no capture.
  }
  const t = text.trimStart();
  const formatAt = t.search(/"format"\s*:\s*"gws-notify-capture"/);
  if (t.startsWith('{') && formatAt >= 0 && !/^\{\s*"kind"\s*:/.test(t)) return 'json';
  if (looksLikeWweLog(text)) return 'wwe';
  throw new NotACaptureError(path, lookalike(text));
}
