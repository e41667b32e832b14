import { toIndexEntry } from '../indexing/indexer';
import type { IndexEntry } from '../indexing/indexEntry';
import { readJournal } from '../capture/journalReader';
import type { ResourceKind } from '../model/gwsTypes';
import { correlate } from '../operations/correlate';
import { outcomeJson, type OutcomeJson } from '../operations/outcomeText';
import { deliveryTimesOf, setCaptureSource, type DeliverySummary } from '../timing/deliveryTimes';
import { formatDuration, plural } from '../util/wording';
import { ResourceTracker } from './resourceTracker';
import { captureEnd, stateSpans, timeInState } from './stateTimes';

/**
 * The capture summary: the machine-readable digest the CLI prints with --json and tests compare,
 * plus a plain-text table for people.
 */

/** One resource in a summary. */
export interface ResourceSummary {
  kind: ResourceKind;
  id: string;
  state: string | null;
  /** State path in order, no state repeated twice in a row. */
  states: string[];
  messages: number;
  ended: boolean;
  /** Ms per state, repeated visits added up, the last state until the capture's last record; an ended resource's final state left out. */
  timeInState: Record<string, number>;
}

/** The whole summary; `resources` is ordered chat, call, device, error, other, each by first seen. */
export interface CaptureSummary {
  messages: number;
  malformed: number;
  byChannel: Record<string, number>;
  resources: ResourceSummary[];
  /** One per request record, correlated with the default window. */
  operations: OutcomeJson[];
  /** GWS's delivery timing (metrics.eventProcessing): src/timing/deliveryTimes.ts. */
  delivery: DeliverySummary;
}

/** Summarizes what `tracker` has ingested. */
export function summarize(tracker: ResourceTracker): CaptureSummary {
  const end = captureEnd(tracker);
  const byChannel: Record<string, number> = {};
  for (const [channel, n] of tracker.byChannel()) {
    Object.defineProperty(byChannel, channel, { value: n, enumerable: true, writable: true, configurable: true });
  }
  return {
    messages: tracker.messageCount,
    malformed: tracker.malformedCount,
    byChannel,
    resources: tracker.resources().map((r) => ({
      kind: r.kind,
      id: r.id,
      state: r.state ?? null,
      states: r.states.map((s) => s.state),
      messages: r.messageCount,
      ended: r.ended,
      timeInState: timeInState(stateSpans(r, end)),
    })),
    operations: correlate(tracker).map(outcomeJson),
    delivery: deliveryTimesOf(tracker.columns).summary(),
  };
}

/** Reads, indexes and tracks the capture at `path`, then summarizes it; throws NotACaptureError for other files. */
export async function summarizeFile(path: string): Promise<CaptureSummary> {
  const tracker = new ResourceTracker();
  let batch: IndexEntry[] = [];
  for await (const { offset, length, record } of readJournal(path)) {
    if (record.kind === 'header') {
      setCaptureSource(tracker.columns, record.source);
      continue;
    }
    batch.push(toIndexEntry(record, offset, length));
    if (batch.length >= 4096) {
      tracker.ingestBatch(batch);
      batch = [];
    }
  }
  tracker.ingestBatch(batch);
  return summarize(tracker);
}

/** Pads cells into aligned columns. */
function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd());
}

/** Shortens long ids and paths so one resource stays on one line. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The summary as a human-readable text table. */
export function formatSummaryTable(summary: CaptureSummary): string {
  const lines = [`Messages: ${summary.messages}   Malformed: ${summary.malformed}`, deliveryLine(summary.delivery)];
  const channels = Object.entries(summary.byChannel);
  if (channels.length > 0) {
    lines.push('', 'By channel:');
    lines.push(...table(channels.map(([c, n]) => [`  ${c}`, String(n)])));
  }
  lines.push('');
  if (summary.resources.length === 0) {
    lines.push('No resources.');
    return lines.join('\n');
  }
  const rows = [['KIND', 'ID', 'STATE', 'MESSAGES', 'ENDED', 'STATES']];
  for (const r of summary.resources) {
    rows.push([r.kind, clip(r.id, 40), r.state ?? '-', String(r.messages), r.ended ? 'yes' : 'no', clip(r.states.join(' → '), 80) || '-']);
  }
  lines.push(...table(rows));
  return lines.join('\n');
}

/** The delivery figures in one line (docs/TIMING.md). */
export function deliveryLine(d: DeliverySummary): string {
  if (d.samples === 0 && d.serverFailures === 0) return 'Delivery: no GWS timing metrics';
  const ms = (v: number | null): string => (v === null ? '–' : formatDuration(v));
  const offset = d.clock === 'replay' ? 'none (a replay)' : d.offsetMs === null ? '–' : `${Math.round(d.offsetMs)} ms${d.clock === 'log-local' ? " (includes the log's time zone)" : ''}`;
  return `Delivery: ${plural(d.samples, 'sample')}, offset ${offset}, jitter p95 ${ms(d.jitterP95Ms)}, server processing p95 ${ms(d.serverProcessingP95Ms)}, ${plural(d.serverFailures, 'server-side failure')}`;
}
