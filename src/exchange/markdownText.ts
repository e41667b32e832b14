/**
 * Markdown building blocks that keep payload text inert: whatever a chat message or an error text
 * holds (backticks, HTML, pipes, headings), it is shown as text and never becomes markup.
 */

/** The longest run of backticks in `text`. */
function longestBacktickRun(text: string): number {
  let best = 0;
  for (const m of text.matchAll(/`+/g)) best = Math.max(best, m[0].length);
  return best;
}

/** Plain text made safe for a Markdown paragraph or table cell (one line, no markup, no HTML). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+!|~]/g, '\\$&');
}

/** `text` as an inline code span, fenced by more backticks than it contains; one line. */
export function inlineCode(text: string): string {
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  const fence = '`'.repeat(longestBacktickRun(oneLine) + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') || oneLine.startsWith(' ') || oneLine.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

/** An inline code span usable inside a GFM table cell (pipes escaped, which GFM allows in code). */
export function cellCode(text: string): string {
  return inlineCode(text).replace(/\|/g, '\\|');
}

/** A fenced code block whose fence is longer than any backtick run in `text`. */
export function fencedBlock(text: string, lang = ''): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${lang}\n${text}\n${fence}`;
}

/** A JSON value on one line, cut to `max` characters. */
export function clipJson(value: unknown, max = 120): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  } catch {
    text = '[unprintable]';
  }
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export { formatDuration } from '../util/wording';

/** Epoch ms as ISO-8601, or `–` for an unknown time. */
export function iso(ms: number): string {
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : '–';
}
