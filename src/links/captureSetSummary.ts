import type { CaptureSummary } from '../tracker/summary';
import { combineDelivery, deliveryTimesOf, type DeliverySummary } from '../timing/deliveryTimes';
import type { ResourceKind } from '../model/gwsTypes';
import { findLinks, type LinkSource } from './resourceLinks';

/**
 * The summary of several captures at once (`gws-notify summary A B ... --json`): the one-capture
 * fields as their union (numbers summed, per-channel counts summed, every listed item tagged with
 * its `capture`; `delivery` pooled, see combineDelivery), the captures with their message counts
 * and delivery figures, and the links between them (the same call or chat in two or more
 * captures, by the rules of ./resourceLinks.ts).
 */

/** One resource of a link, named by the capture file it is in. */
export interface CaptureLinkResource {
  capture: string;
  kind: ResourceKind;
  id: string;
  state: string | null;
}

/** Calls carry `callUuid` (null when they matched by connId) and `connId`; chats `callUuid: null` and `chatId`. */
export type CaptureLink =
  | { callUuid: string | null; connId: string | null; resources: CaptureLinkResource[] }
  | { callUuid: null; chatId: string; resources: CaptureLinkResource[] };

/** The union of single-capture summaries plus `captures` and `links`. */
export type CaptureSetSummary = Omit<CaptureSummary, 'resources'> & {
  resources: Array<CaptureSummary['resources'][number] & { capture: string }>;
  /** Each capture with its own delivery figures (its own offset: each capture is its own pair of clocks). */
  captures: Array<{ file: string; messages: number; delivery: DeliverySummary }>;
  links: CaptureLink[];
  [field: string]: unknown;
};

/** One capture: its file (as given), its summary and the tracker the summary came from. */
export interface SummarizedCapture extends Omit<LinkSource, 'session' | 'label'> {
  file: string;
  summary: CaptureSummary;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Merges each field of the summaries by its shape, so fields a later issue adds (lists of
 * operations, counters) join the union without a change here: numbers are summed, objects of
 * numbers summed key by key, lists of objects concatenated with `capture` added to each item.
 */
function union(captures: readonly SummarizedCapture[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { file, summary } of captures) {
    for (const [key, value] of Object.entries(summary)) {
      const have = out[key];
      if (typeof value === 'number') out[key] = (typeof have === 'number' ? have : 0) + value;
      else if (Array.isArray(value)) out[key] = [...(Array.isArray(have) ? have : []), ...value.map((item: unknown) => (isPlainObject(item) ? { ...item, capture: file } : item))];
      else if (isPlainObject(value)) {
        const sums: Record<string, unknown> = isPlainObject(have) ? have : {};
        for (const [k, n] of Object.entries(value)) {
          const sum = typeof n === 'number' ? (typeof sums[k] === 'number' ? (sums[k] as number) : 0) + n : n;
          // defineProperty: a channel may be named `__proto__`.
          Object.defineProperty(sums, k, { value: sum, enumerable: true, writable: true, configurable: true });
        }
        out[key] = sums;
      } else out[key] = value;
    }
  }
  return out;
}

/** The summary of `captures`, each file named once (see the module comment). */
export function summarizeCaptureSet(captures: readonly SummarizedCapture[]): CaptureSetSummary {
  const links = findLinks(captures.map((c) => ({ session: c.file, label: c.file, tracker: c.tracker }))).map((link): CaptureLink => {
    const resources = link.resources.map((r) => ({ capture: r.session, kind: r.kind, id: r.id, state: r.state ?? null }));
    return link.chatId !== null ? { callUuid: null, chatId: link.chatId, resources } : { callUuid: link.callUuid, connId: link.connId, resources };
  });
  return {
    messages: 0,
    malformed: 0,
    byChannel: {},
    resources: [],
    operations: [],
    ...union(captures),
    // Not a union by shape: offsets and percentiles do not add up (src/timing/deliveryTimes.ts).
    delivery: combineDelivery(captures.map((c) => deliveryTimesOf(c.tracker.columns))),
    captures: captures.map((c) => ({ file: c.file, messages: c.summary.messages, delivery: c.summary.delivery })),
    links,
  };
}

/** The links as text lines for people, after the per-capture tables. */
export function formatLinks(links: readonly CaptureLink[]): string {
  if (links.length === 0) return 'No links between the captures.';
  const lines = ['Links:'];
  for (const link of links) {
    const what = 'chatId' in link ? `chat ${link.chatId}` : link.callUuid !== null ? `call ${link.callUuid}` : `call (connId ${link.connId})`;
    lines.push(`  ${what}`);
    for (const r of link.resources) lines.push(`    ${r.capture}: ${r.kind} ${r.id} ${r.state ?? '-'}`);
  }
  return lines.join('\n');
}
