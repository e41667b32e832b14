/**
 * The one copy of how counts, durations and long ids read in the tree, the status bar, the CLI,
 * the Resource tab and the Markdown report, so that they never disagree.
 */

/** `1 message`, `2 messages`, `1,204 records`; irregular plurals are given (`1 entry`, `3 entries`). */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? singular : pluralForm}`;
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

/** Long GWS ids shortened to their distinctive tail: 013V08JRL498H10I04000VTAES000015 → …TAES000015. */
export function shortId(id: string): string {
  return id.length > 14 ? `…${id.slice(-10)}` : id;
}
