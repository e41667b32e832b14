/**
 * The one copy of how counts and durations read in the tree, the status bar, the CLI,
 * the webview and the Markdown report, so that they never disagree.
 */

/**
 * A count with thousands separators, `12,345`. Not toLocaleString: its first call in a page sets
 * up ICU's number formatting, 15-40 ms on the main thread before the first rows can paint.
 */
export function formatCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `1 message`, `2 messages`, `1,204 records`; irregular plurals are given (`1 entry`, `3 entries`). */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/** A duration as `850 ms`, `12.4 s`, `3 min 05 s` or `2 h 07 min`; `–` when unknown. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
