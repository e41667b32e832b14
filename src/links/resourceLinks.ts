import type { ResourceKind } from '../model/gwsTypes';
import type { ResourceTracker } from '../tracker/resourceTracker';
import { callFactsOf, type CallFacts } from './callFacts';

/**
 * Links between sessions: the same call or chat seen by several users (issue 15). Read from the
 * index facts in each session's tracker (callUuid, connId per call ref; chat ids), never from
 * payloads.
 *
 * - Same call: an equal non-empty callUuid; failing that (either side has none), an equal connId.
 * - A link spans two or more sessions; resources of one session alone are never linked.
 * - Related, never linked: two calls with different callUuids that share a connId. That is a
 *   consult call and its main call: T-Server gives the call a transfer or conference completes
 *   the main call's connId while it keeps its own callUuid. Related calls may be in one session.
 * - Chats link by chat id.
 */

export interface LinkSource {
  /** The session's id (unique among sources). */
  session: string;
  /** What people call it, e.g. `agent2@127.0.0.1:8080`. */
  label: string;
  tracker: ResourceTracker;
}

export interface LinkedResource {
  session: string;
  label: string;
  kind: ResourceKind;
  id: string;
  state: string | undefined;
}

export interface ResourceLink {
  /** Calls: the shared callUuid, or null when they matched by connId. Chats: null. */
  callUuid: string | null;
  /** Calls: a connId two or more of them carried, else null. Chats: null. */
  connId: string | null;
  /** Chats: the chat id. Calls: null. */
  chatId: string | null;
  /** Two or more, from two or more sessions, in source order. */
  resources: LinkedResource[];
}

/** Calls that share a connId but not a callUuid: a consult call and its main call. */
export interface RelatedCalls {
  connId: string;
  /** Two or more calls, each with (the first of) its callUuid, not all the same. */
  resources: Array<LinkedResource & { callUuid: string }>;
}

interface CallNode {
  source: number;
  facts: CallFacts;
}

/** The resource `index` of source `s` as a LinkedResource. */
function linked(source: LinkSource, index: number): LinkedResource {
  const r = source.tracker.resourceAt(index);
  return { session: source.session, label: source.label, kind: r?.kind ?? 'call', id: r?.id ?? '', state: r?.state };
}

function callNodes(sources: readonly LinkSource[]): CallNode[] {
  return sources.flatMap((_, source) => callFactsOf(sources[source].tracker).map((facts) => ({ source, facts })));
}

/** Nodes grouped by each value `valuesOf` gives them, in first-seen order. */
function groupBy(nodes: readonly CallNode[], valuesOf: (n: CallNode) => readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  nodes.forEach((node, i) => {
    for (const v of valuesOf(node)) {
      const g = groups.get(v);
      if (g) g.push(i);
      else groups.set(v, [i]);
    }
  });
  return groups;
}

const shareUuid = (a: CallFacts, b: CallFacts): boolean => a.callUuids.some((u) => b.callUuids.includes(u));

/** Every link among `sources`: call links first, then chat links, each in first-seen order. */
export function findLinks(sources: readonly LinkSource[]): ResourceLink[] {
  return [...callLinks(sources), ...chatLinks(sources)];
}

function callLinks(sources: readonly LinkSource[]): ResourceLink[] {
  const nodes = callNodes(sources);
  const parent = nodes.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const union = (a: number, b: number): void => {
    const [ra, rb] = [root(a), root(b)];
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  for (const group of groupBy(nodes, (n) => n.facts.callUuids).values()) for (const i of group) union(group[0], i);
  for (const group of groupBy(nodes, (n) => n.facts.connIds).values()) {
    // A call without a callUuid joins the first call of the connId that has one (never two of
    // them: that would merge calls whose callUuids say they differ).
    const anchor = group.find((i) => nodes[i].facts.callUuids.length > 0) ?? group[0];
    for (const i of group) if (nodes[i].facts.callUuids.length === 0) union(anchor, i);
  }
  const components = new Map<number, number[]>();
  nodes.forEach((_, i) => {
    const r = root(i);
    const c = components.get(r);
    if (c) c.push(i);
    else components.set(r, [i]);
  });
  const links: ResourceLink[] = [];
  for (const members of components.values()) {
    if (new Set(members.map((i) => nodes[i].source)).size < 2) continue;
    members.sort((a, b) => nodes[a].source - nodes[b].source || a - b);
    const callUuid = members.map((i) => nodes[i].facts.callUuids[0]).find((u) => u !== undefined) ?? null;
    links.push({ callUuid, connId: sharedConnId(members.map((i) => nodes[i].facts)), chatId: null, resources: members.map((i) => linked(sources[nodes[i].source], nodes[i].facts.resource)) });
  }
  return links;
}

/** The first connId two or more of `facts` carry, else null. */
function sharedConnId(facts: readonly CallFacts[]): string | null {
  const seen = new Set<string>();
  for (const f of facts) {
    for (const c of f.connIds) {
      if (seen.has(c)) return c;
    }
    for (const c of f.connIds) seen.add(c);
  }
  return null;
}

function chatLinks(sources: readonly LinkSource[]): ResourceLink[] {
  const byId = new Map<string, LinkedResource[]>();
  for (const source of sources) {
    for (const chat of source.tracker.resources('chat')) {
      const r: LinkedResource = { session: source.session, label: source.label, kind: 'chat', id: chat.id, state: chat.state };
      const list = byId.get(chat.id);
      if (list) list.push(r);
      else byId.set(chat.id, [r]);
    }
  }
  const links: ResourceLink[] = [];
  for (const [chatId, resources] of byId) {
    if (new Set(resources.map((r) => r.session)).size >= 2) links.push({ callUuid: null, connId: null, chatId, resources });
  }
  return links;
}

/** Calls related by a shared connId without a shared callUuid (see the module comment). */
export function findRelated(sources: readonly LinkSource[]): RelatedCalls[] {
  const nodes = callNodes(sources);
  const related: RelatedCalls[] = [];
  for (const [connId, group] of groupBy(nodes, (n) => n.facts.connIds)) {
    const withUuid = group.filter((i) => nodes[i].facts.callUuids.length > 0);
    if (!withUuid.some((i) => !shareUuid(nodes[i].facts, nodes[withUuid[0]].facts))) continue;
    const resources = withUuid.map((i) => ({ ...linked(sources[nodes[i].source], nodes[i].facts.resource), callUuid: nodes[i].facts.callUuids[0] }));
    related.push({ connId, resources });
  }
  return related;
}

const keyOf = (session: string, kind: ResourceKind, id: string): string => `${session}\u0000${kind}\u0000${id}`;

/**
 * Lookups over one findLinks()/findRelated() answer, for the tree and the timeline: built once,
 * then one map read per resource.
 */
export class LinkLookup {
  private readonly links = new Map<string, ResourceLink>();
  private readonly related = new Map<string, RelatedCalls[]>();

  constructor(links: readonly ResourceLink[], related: readonly RelatedCalls[] = []) {
    for (const link of links) for (const r of link.resources) this.links.set(keyOf(r.session, r.kind, r.id), link);
    for (const group of related) {
      for (const r of group.resources) {
        const key = keyOf(r.session, r.kind, r.id);
        this.related.set(key, [...(this.related.get(key) ?? []), group]);
      }
    }
  }

  /** The link holding `session`'s resource `kind`/`id`, or undefined. */
  linkOf(session: string, kind: ResourceKind, id: string): ResourceLink | undefined {
    return this.links.get(keyOf(session, kind, id));
  }

  /** The same resource as seen by the other sessions (none when it is not linked). */
  twinsOf(session: string, kind: ResourceKind, id: string): LinkedResource[] {
    return twinsIn(this.linkOf(session, kind, id), session);
  }

  /** Calls related to `session`'s call `id`, in any session, neither itself nor its twins. */
  relatedOf(session: string, id: string): LinkedResource[] {
    const self = keyOf(session, 'call', id);
    const link = this.links.get(self);
    const out = new Map<string, LinkedResource>();
    for (const group of this.related.get(self) ?? []) {
      const own = group.resources.find((r) => keyOf(r.session, r.kind, r.id) === self)?.callUuid;
      for (const { callUuid, ...r } of group.resources) {
        const key = keyOf(r.session, r.kind, r.id);
        if (callUuid !== own && (!link || this.links.get(key) !== link)) out.set(key, r);
      }
    }
    return [...out.values()];
  }
}

function twinsIn(link: ResourceLink | undefined, session: string): LinkedResource[] {
  return link ? link.resources.filter((r) => r.session !== session) : [];
}

/** The twins of `session`'s resource `kind`/`id` in `links` (a scan; use LinkLookup for many). */
export function twinsOf(links: readonly ResourceLink[], session: string, kind: ResourceKind, id: string): LinkedResource[] {
  const link = links.find((l) => l.resources.some((r) => r.session === session && r.kind === kind && r.id === id));
  return twinsIn(link, session);
}
