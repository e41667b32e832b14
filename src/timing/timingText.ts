import type { RowTiming } from '../timingProtocol';
import { formatCount, formatDuration } from '../util/wording';

/**
 * How delivery timing reads, in the list's Delay column, its tooltip and the detail pane: one
 * copy for the webview and the host. No DOM, no `vscode`.
 */

/** A delay as `+2.4 s`, `+12 ms`, `−8 ms` (a message faster than usual). */
export function delayText(ms: number): string {
  return `${ms < 0 ? '−' : '+'}${formatDuration(Math.abs(ms))}`;
}

/** The Delay cell: the delay, `⚠` first for a server-side failure; empty when neither is known. */
export function delayCell(t: RowTiming | undefined): string {
  if (!t) return '';
  const delay = t.delayMs === undefined ? '' : delayText(t.delayMs);
  return t.processingMs === -1 ? `⚠ ${delay || 'failed'}` : delay;
}

/** The offset's wording, with its caveat for a log's clock. */
function offsetText(t: RowTiming): string {
  const zone = t.clock === 'log-local' ? "; it includes the log's time zone" : '';
  return `offset ${Math.round(t.offsetMs ?? 0)} ms between the server's clock and the receive times, the median of ${formatCount(t.samples ?? 0)} samples${zone}`;
}

/** Sentences for the tooltip and the detail pane: the delay against what, and the server's own time. */
export function timingLines(t: RowTiming): string[] {
  const lines: string[] = [];
  if (t.delayMs !== undefined) lines.push(`Delay ${delayText(t.delayMs)} against the usual (${offsetText(t)}).`);
  else if (t.clock === 'replay') lines.push('No delay: the receive times are a replay\'s, not GWS\'s.');
  else lines.push('No delay yet: it is judged from the 20th message with GWS timing metrics on.');
  if (t.processingMs === -1) lines.push('Server-side failure: GWS reported serverProcessingTimeTotalMs -1.');
  else if (t.processingMs !== undefined) lines.push(`Server processing ${formatDuration(t.processingMs)} (serverProcessingTimeTotalMs).`);
  return lines;
}
