import * as vscode from 'vscode';
import { CaptureDirectory } from '../../capture/captureDirectory';
import { RESOURCE_KINDS, ResourceKind } from '../../model/gwsTypes';
import type { CaptureSession, SessionChange } from '../../session/captureSession';
import { Disposable } from '../dispose';
import type { SessionManager } from '../sessionManager';
import { OrderHolds } from './orderHolds';
import { RecentCaptures } from './recentCaptures';
import { GROUP_TITLES } from './presentation';
import { sessionTreeItem } from './sessionItem';
import { TreeLinks } from './treeLinks';
import { ViewPause } from './viewPause';
import { ChildReads } from './childReads';
import { FindingsTree, type FindingsSource } from './findingsTree';
import { plainTreeItem } from './plainItems';
import { resourceTreeItem } from './resourceItem';
import { resourceUri } from '../findings/findingsDecorations';
import { NodeCache, TreeNode, groupNodeId, resourceNodeId, sessionNodeId, topicsNodeId } from './treeNodes';

const REFRESH_MS = 250;
/** Past this many changed elements in one flush, refreshing the session root is cheaper. */
const MAX_TARGETED = 200;

/**
 * The GWS tree: sessions, Recent Captures, topics, resource groups and resources. Changes are
 * coalesced (at most 4 refreshes a second, whatever the message rate) and only the elements that
 * changed are refreshed.
 */
export class GwsTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly onDidChangeEmitter = this._register(new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>());
  readonly onDidChangeTreeData = this.onDidChangeEmitter.event;
  private readonly cache = new NodeCache();
  private readonly pending = new Set<TreeNode>();
  private pendingAll = false;
  private timer: NodeJS.Timeout | undefined;
  /** Pause View per session (which are paused), and what arrived unseen. */
  readonly pause = this._register(new ViewPause());
  /** Records that arrived while their session was paused or the view hidden. */
  readonly onDidChangeUnseen = this.pause.onDidChangeUnseen;
  /** Links between sessions, recomputed with the refresh (never per message). */
  readonly links = new TreeLinks();
  private readonly reads = new ChildReads<TreeNode>();
  private findings: FindingsTree | undefined;
  private readonly recent: RecentCaptures;
  private readonly holds = new OrderHolds((groupId) => {
    const group = this.cache.peek(groupId);
    if (group) this.pending.add(group);
    this.schedule();
  });

  constructor(private readonly sessions: SessionManager, captures: CaptureDirectory) {
    super();
    this.recent = new RecentCaptures(captures, this.cache, () => new Set(this.sessions.all.map((s) => s.journalPath)), () => this.refreshRecent());
    this._register(sessions.onDidChangeSessions(() => {
      for (const id of this.pause.ids) if (!sessions.find(id)) this.pause.forget(id);
      this.links.invalidate();
      this.refreshAll();
    }));
    this._register(sessions.onDidChangeSession(({ session, change }) => this.onSessionChange(session, change)));
    this._register({ dispose: () => this.timer && clearTimeout(this.timer) });
    this._register(this.holds);
  }

  /** True while any session's tree is paused. */
  get paused(): boolean {
    return this.pause.any;
  }

  /** Pause View on these sessions: capture goes on, their part of the tree freezes and counts what it did not show. */
  setPaused(paused: boolean, sessionIds: readonly string[]): void {
    this.pause.set(paused, sessionIds);
    for (const id of sessionIds) {
      const root = this.cache.peek(id);
      if (root) this.pending.add(root);
    }
    if (paused) this.schedule();
    else this.refreshAll();
  }

  /** The view's visibility, so the badge counts only what the user has not seen. */
  setVisible(visible: boolean): void {
    this.pause.setVisible(visible);
  }

  get unseenCount(): number {
    return this.pause.unseenCount;
  }

  refreshAll(): void {
    this.pendingAll = true;
    this.schedule();
  }

  /** Refreshes Recent Captures (after a capture was created or deleted). */
  refreshRecent(): void {
    const node = this.cache.peek('recent');
    if (node) this.pending.add(node);
    else this.pendingAll = true;
    this.schedule();
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.type) {
      case 'session':
        return sessionTreeItem(node.session, this.pause.has(node.session.id));
      case 'recent':
      case 'captureFile':
      case 'note':
      case 'topics':
      case 'topic':
        return plainTreeItem(node);
      case 'group': {
        const count = node.session.tracker.resources(node.kind).length;
        const item = new vscode.TreeItem(GROUP_TITLES[node.kind], count ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
        // VS Code keeps an item it saw without children collapsed: a new id when the first child
        // arrives lets the group open by itself.
        item.id = count ? node.id : `${node.id}/empty`;
        item.description = String(count);
        item.contextValue = 'group';
        return item;
      }
      case 'resource':
        // The problem decoration (findingsDecorations.ts) is keyed by the item's resourceUri.
        return resourceTreeItem(node, this.links.of(node.session.id, node.kind, node.resourceId), this.findings ? resourceUri(node.session.id, node.kind, node.resourceId) : undefined);
      default:
        return this.findings!.item(node);
    }
  }

  getChildren(node?: TreeNode): TreeNode[] {
    this.reads.read(node);
    if (!node) {
      // With no session the tree stays empty, so that the welcome view (connect, demo, open) shows.
      if (this.sessions.all.length === 0) return [];
      // Opened captures first, the newest on top: below a long live tree a new root would be out of sight.
      const ordered = [...this.sessions.all.filter((s) => s.kind === 'offline').reverse(), ...this.sessions.all.filter((s) => s.kind !== 'offline')];
      const roots: TreeNode[] = ordered.map((s) => this.sessionNode(s));
      roots.push(this.cache.get('recent', () => ({ type: 'recent' as const, id: 'recent' })));
      return roots;
    }
    switch (node.type) {
      case 'session':
        return [
          this.cache.get(topicsNodeId(node.session), () => ({ type: 'topics' as const, id: topicsNodeId(node.session), session: node.session })),
          ...RESOURCE_KINDS.map((kind) => this.groupNode(node.session, kind)),
          ...(this.findings ? [this.findings.groupOf(node.session)] : []),
        ];
      case 'findings':
      case 'findingRule':
        return this.findings?.children(node) ?? [];
      case 'topics':
        return node.session.topics.map((t) => {
          const id = `${node.session.id}/topic:${t.channel}`;
          return this.cache.get(id, () => ({ type: 'topic' as const, id, session: node.session, channel: t.channel }));
        });
      case 'group': {
        return this.holds.order(node.id, node.session.tracker.resources(node.kind)).map((r) => {
          const n = this.resourceNode(node.session, node.kind, r.id);
          n.ended = r.ended;
          return n;
        });
      }
      case 'recent':
        return this.recent.children();
      default:
        return [];
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    switch (node.type) {
      case 'topics':
      case 'group':
        return this.cache.peek(sessionNodeId(node.session));
      case 'topic':
        return this.cache.peek(topicsNodeId(node.session));
      case 'resource':
        return this.groupNode(node.session, node.kind);
      case 'captureFile':
      case 'note':
        return this.cache.peek('recent');
      case 'findings':
      case 'findingRule':
      case 'finding':
        return this.findings?.parent(node);
      default:
        return undefined;
    }
  }

  /** The user selected or expanded `nodes`: their groups keep their order for a while (orderHolds.ts). */
  noteInteraction(nodes: readonly TreeNode[]): void {
    for (const node of nodes) {
      if (node.type === 'resource') this.holds.note(groupNodeId(node.session, node.kind));
      else if (node.type === 'group') this.holds.note(node.id);
    }
  }

  /** Shows each session's "Findings (N)" group from `source`, refreshed when its findings change. */
  setFindings(source: FindingsSource): void {
    const findings = (this.findings = new FindingsTree(this.cache, source));
    this._register(source.onDidChange(() => {
      for (const session of this.sessions.all) if (!this.pause.has(session.id)) this.pending.add(findings.groupOf(session));
      this.schedule();
    }));
    this.refreshAll();
  }

  /** The root of `session` (for reveal). */
  sessionNode(session: CaptureSession): TreeNode {
    return this.cache.get(sessionNodeId(session), () => ({ type: 'session' as const, id: sessionNodeId(session), session }));
  }

  private groupNode(session: CaptureSession, kind: ResourceKind): Extract<TreeNode, { type: 'group' }> {
    const id = groupNodeId(session, kind);
    return this.cache.get(id, () => ({ type: 'group' as const, id, session, kind }));
  }

  /** Refreshes `node` at once; resolves when the view has read its children again (Reveal Linked Resource). */
  refreshNow(node: TreeNode): Promise<void> {
    return this.reads.next(node, () => this.onDidChangeEmitter.fire([node]));
  }

  /** The tree node of `session`'s resource, to reveal it. */
  nodeFor(sessionId: string, kind: ResourceKind, resourceId: string): TreeNode | undefined {
    const session = this.sessions.find(sessionId);
    return session && this.resourceNode(session, kind, resourceId);
  }

  private resourceNode(session: CaptureSession, kind: ResourceKind, resourceId: string): Extract<TreeNode, { type: 'resource' }> {
    const id = resourceNodeId(session, kind, resourceId);
    return this.cache.get(id, () => ({ type: 'resource' as const, id, session, kind, resourceId, ended: false }));
  }

  private onSessionChange(session: CaptureSession, change: SessionChange): void {
    if (change.keys.size > 0 || change.reset) this.links.invalidate();
    if (this.pause.arrived(session.id, change.records) && !change.reset) return;
    if (change.reset) {
      this.cache.dropSession(session.id);
      this.holds.forget(`${session.id}/`);
      this.pendingAll = true;
    }
    const root = this.cache.peek(sessionNodeId(session));
    if (change.state && root) this.pending.add(root);
    if (change.topics) {
      const topics = this.cache.peek(topicsNodeId(session));
      if (topics) this.pending.add(topics);
    }
    this.refreshKeys(session, change.keys);
  }

  /** Refreshes the resources `keys` (`kind:id`) of `session` (also when their last operation's outcome changed). */
  refreshKeys(session: CaptureSession, keys: Iterable<string>): void {
    for (const key of keys) {
      const colon = key.indexOf(':');
      const kind = key.slice(0, colon) as ResourceKind;
      const existing = this.cache.peek(resourceNodeId(session, kind, key.slice(colon + 1)));
      const r = existing?.type === 'resource' ? session.tracker.get(kind, existing.resourceId) : undefined;
      // New resources and resources that just ended change their group's list and order.
      if (!existing || (r && r.ended !== (existing as { ended: boolean }).ended)) this.pending.add(this.groupNode(session, kind));
      else this.pending.add(existing);
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flushNow(), REFRESH_MS);
  }

  /** Sends the queued refresh (now, before a reveal: the workbench must know the element first). */
  flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const { session, kind, id } of this.links.update(this.sessions.all)) {
      const owner = this.pause.has(session) ? undefined : this.sessions.find(session);
      const node = owner && this.cache.peek(resourceNodeId(owner, kind, id));
      if (node) this.pending.add(node);
    }
    if (this.pendingAll || this.pending.size > MAX_TARGETED) {
      this.pendingAll = false;
      this.pending.clear();
      this.onDidChangeEmitter.fire(undefined);
      return;
    }
    if (this.pending.size === 0) return;
    const nodes = [...this.pending];
    this.pending.clear();
    this.onDidChangeEmitter.fire(nodes);
  }
}
