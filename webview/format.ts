/** Display formats shared by the list and the detail views. */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Local time with milliseconds, `HH:MM:SS.mmm`; dashes when unknown. */
export function formatTime(epochMs: number | undefined): string {
  if (!epochMs) return '--:--:--.---';
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Local date and time with milliseconds. */
export function formatDateTime(epochMs: number | undefined): string {
  if (!epochMs) return 'unknown';
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatTime(epochMs)}`;
}

/**
 * A count with thousands separators, `12,345`. Not toLocaleString: its first call in a page sets
 * up ICU's number formatting, 15-40 ms on the main thread before the first rows can paint.
 */
export function formatCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A byte count as `812 B`, `4.2 KB`, `1.3 MB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A duration as `850 ms`, `12.3 s`, `4 min 05 s`, `2 h 03 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
}

/** A messageType without its `StateChangeMessage` / `Message` suffix: `CallStateChangeMessage` → `Call`. */
export function shortType(messageType: string): string {
  return messageType.replace(/StateChangeMessage$|Message$/, '') || messageType;
}

/** `n word` with the word's plural when n ≠ 1: `1 message`, `2 messages`. */
export function plural(n: number, word: string, words = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : words}`;
}
