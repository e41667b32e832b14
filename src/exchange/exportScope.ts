import type { IndexEntry } from '../indexing/indexEntry';
import type { ResourceKind } from '../model/gwsTypes';

/**
 * Which records an export takes: everything, the records naming one resource, the rows a timeline
 * filter selected (by seq), or a time range. Decided per record from its IndexEntry alone.
 */

/** A resource named by kind and id. */
export interface ResourceId {
  kind: ResourceKind;
  id: string;
}

/** What to export; times are epoch ms or ISO-8601 text, both ends inclusive, either may be left open. */
export type ExportScope =
  | { kind: 'all' }
  | { kind: 'resource'; resource: ResourceId }
  | { kind: 'seqs'; seqs: readonly number[] | Float64Array }
  | { kind: 'timeRange'; from?: number | string; to?: number | string };

/** Epoch ms of a scope bound; throws on text that is not a date. */
export function scopeTime(value: number | string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`not a time: ${String(value)}`);
  return ms;
}

/** Whether `entry` names `resource` (as one of its refs, or as a resource an error links to). */
export function namesResource(entry: IndexEntry, resource: ResourceId): boolean {
  for (const ref of entry.refs) {
    if (ref.kind === resource.kind && ref.id === resource.id) return true;
    for (const link of ref.links ?? []) if (link.kind === resource.kind && link.id === resource.id) return true;
  }
  return false;
}

/**
 * The predicate for `scope`. A time range takes records whose time falls in it and gaps that overlap
 * it; unreadable lines have no time and are only in 'all' (or a 'seqs' list naming them).
 */
export function scopeFilter(scope: ExportScope): (entry: IndexEntry) => boolean {
  switch (scope.kind) {
    case 'all':
      return () => true;
    case 'resource':
      return (entry) => namesResource(entry, scope.resource);
    case 'seqs': {
      const seqs = new Set(scope.seqs);
      return (entry) => seqs.has(entry.seq);
    }
    case 'timeRange': {
      const from = scopeTime(scope.from, -Infinity);
      const to = scopeTime(scope.to, Infinity);
      return (entry) => {
        if (entry.rec === 'bad-line') return false;
        const end = entry.rec === 'gap' && entry.until !== undefined ? Math.max(entry.at, entry.until) : entry.at;
        return end >= from && entry.at <= to;
      };
    }
  }
}

/** One line describing `scope`, for the export header and file names. */
export function describeScope(scope: ExportScope): string {
  switch (scope.kind) {
    case 'all':
      return 'all';
    case 'resource':
      return `resource ${scope.resource.kind}:${scope.resource.id}`;
    case 'seqs':
      return `${scope.seqs.length} selected records`;
    case 'timeRange': {
      const iso = (v: number | string | undefined): string => (v === undefined ? '…' : new Date(scopeTime(v, 0)).toISOString());
      return `time ${iso(scope.from)} .. ${iso(scope.to)}`;
    }
  }
}

/** Parses `kind:id` (as the CLI's --resource takes it); the id may itself contain colons. */
export function parseResourceId(text: string): ResourceId {
  const colon = text.indexOf(':');
  const kind = colon > 0 ? text.slice(0, colon) : '';
  const id = colon > 0 ? text.slice(colon + 1) : '';
  if (!['call', 'device', 'chat', 'error', 'other'].includes(kind) || id === '') {
    throw new Error(`expected kind:id with kind call, device, chat, error or other, got "${text}"`);
  }
  return { kind: kind as ResourceKind, id };
}
