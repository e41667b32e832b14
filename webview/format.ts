/** Display formats shared by the list and the detail views. */

// Counts and durations read the same here as in the tree, the CLI and the reports.
export { formatCount, formatDuration, plural } from '../src/util/wording';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Local time with milliseconds, `HH:MM:SS.mmm`; dashes when unknown. `logLocal`: the time is an
 * imported log's own wall clock written as UTC, shown as the log wrote it, in no zone of this machine.
 */
export function formatTime(epochMs: number | undefined, logLocal = false): string {
  if (!epochMs) return '--:--:--.---';
  const d = new Date(epochMs);
  if (logLocal) return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Local date and time with milliseconds; `logLocal` as for formatTime. */
export function formatDateTime(epochMs: number | undefined, logLocal = false): string {
  if (!epochMs) return 'unknown';
  const d = new Date(epochMs);
  if (logLocal) return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${formatTime(epochMs, true)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatTime(epochMs)}`;
}


/** A byte count as `812 B`, `4.2 KB`, `1.3 MB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A messageType without its `StateChangeMessage` / `Message` suffix: `CallStateChangeMessage` → `Call`. */
export function shortType(messageType: string): string {
  return messageType.replace(/StateChangeMessage$|Message$/, '') || messageType;
}
