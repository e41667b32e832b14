import { findLinks, findRelated, LinkedResource, LinkLookup } from '../../links/resourceLinks';
import type { ResourceKind } from '../../model/gwsTypes';
import type { CaptureSession } from '../../session/captureSession';
import { shortId } from './presentation';

/** What the tree shows of a resource's links: the same resource in other sessions, and related calls. */
export interface ResourceLinks {
  twins: LinkedResource[];
  related: LinkedResource[];
}

/**
 * The links between sessions as the tree shows them (src/links computes them). Recomputed only
 * when a session's resources changed since the last time, and only when the tree flushes (at
 * most 4 times a second), never per message; says which resources' link text changed, so that
 * the tree refreshes exactly those on both sides.
 */
export class TreeLinks {
  private lookup = new LinkLookup([]);
  private text = new Map<string, string>();
  private dirty = false;

  /** A session's resources changed, or sessions came or went. */
  invalidate(): void {
    this.dirty = true;
  }

  /** Recomputes if needed; returns the resources whose link text changed. */
  update(sessions: ReadonlyArray<Pick<CaptureSession, 'id' | 'label' | 'tracker'>>): Array<{ session: string; kind: ResourceKind; id: string }> {
    if (!this.dirty) return [];
    this.dirty = false;
    const sources = sessions.map((s) => ({ session: s.id, label: s.label, tracker: s.tracker }));
    // One session links to nothing: skip the scan.
    this.lookup = sources.length < 2 ? new LinkLookup([]) : new LinkLookup(findLinks(sources), findRelated(sources));
    const next = new Map<string, string>();
    for (const s of sessions) {
      for (const kind of ['call', 'chat'] as const) {
        for (const r of s.tracker.resources(kind)) {
          const links = this.of(s.id, kind, r.id);
          if (links.twins.length || links.related.length) next.set(linkKey(s.id, kind, r.id), describeLinks(links, s.label) ?? '');
        }
      }
    }
    const changed = [...next.keys()].filter((k) => this.text.get(k) !== next.get(k));
    for (const k of this.text.keys()) if (!next.has(k)) changed.push(k);
    this.text = next;
    return changed.map((k) => {
      const [session, kind, id] = k.split('\u0000');
      return { session, kind: kind as ResourceKind, id };
    });
  }

  of(session: string, kind: ResourceKind, id: string): ResourceLinks {
    return { twins: this.lookup.twinsOf(session, kind, id), related: kind === 'call' ? this.lookup.relatedOf(session, id) : [] };
  }
}

export const linkKey = (session: string, kind: ResourceKind, id: string): string => `${session}\u0000${kind}\u0000${id}`;

/**
 * A label short enough for a tree description: `agent2` when the other session is on the same
 * server as `own` (`agent2@127.0.0.1:8090` beside `agent1@127.0.0.1:8090`), the full label otherwise.
 */
export function shortLabel(label: string, own: string): string {
  const at = /^([^@]+)@(\S+)(.*)$/.exec(label);
  const mine = /^[^@]+@(\S+)/.exec(own);
  return at && mine && at[2] === mine[1] ? `${at[1]}${at[3]}` : label;
}

/** "also seen by agent2: Established; related: supervisor1's call …00B3" (undefined when unlinked). */
export function describeLinks(links: ResourceLinks, ownLabel: string): string | undefined {
  const parts: string[] = [];
  if (links.twins.length) parts.push(`also seen by ${links.twins.map((t) => `${shortLabel(t.label, ownLabel)}: ${t.state ?? '?'}`).join(', ')}`);
  if (links.related.length) parts.push(`related: ${links.related.map((r) => `${shortLabel(r.label, ownLabel)}'s call ${shortId(r.id)}${r.state ? ` (${r.state})` : ''}`).join(', ')}`);
  return parts.length ? parts.join('; ') : undefined;
}

