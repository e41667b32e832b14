import type { CaptureFileInfo } from '../../capture/captureDirectory';
import type { Finding, RuleId } from '../../findings/types';
import type { ResourceKind } from '../../model/gwsTypes';
import type { CaptureSession } from '../../session/captureSession';

/** The elements of the GWS tree. Each has a stable id, also used as the TreeItem id. */
export type TreeNode =
  | { type: 'session'; id: string; session: CaptureSession }
  | { type: 'recent'; id: string }
  | { type: 'captureFile'; id: string; file: CaptureFileInfo }
  /** A line that says why a list is empty ("No captures yet"). */
  | { type: 'note'; id: string; text: string }
  | { type: 'topics'; id: string; session: CaptureSession }
  | { type: 'topic'; id: string; session: CaptureSession; channel: string }
  | { type: 'group'; id: string; session: CaptureSession; kind: ResourceKind }
  | { type: 'resource'; id: string; session: CaptureSession; kind: ResourceKind; resourceId: string; ended: boolean }
  /** The session's "Findings (N)" group, a rule's findings in it, and one finding (findingsTree.ts). */
  | { type: 'findings'; id: string; session: CaptureSession }
  | { type: 'findingRule'; id: string; session: CaptureSession; rule: RuleId }
  | { type: 'finding'; id: string; session: CaptureSession; rule: RuleId; finding: Finding };

export type ResourceNode = Extract<TreeNode, { type: 'resource' }>;
export type TopicNode = Extract<TreeNode, { type: 'topic' }>;
export type CaptureFileNode = Extract<TreeNode, { type: 'captureFile' }>;
export type SessionNode = Extract<TreeNode, { type: 'session' }>;

/** Keeps one object per node id, so that refreshes can name the exact elements that changed. */
export class NodeCache {
  private readonly nodes = new Map<string, TreeNode>();

  get<T extends TreeNode>(id: string, make: () => T): T {
    let node = this.nodes.get(id) as T | undefined;
    if (!node) {
      node = make();
      this.nodes.set(id, node);
    }
    return node;
  }

  peek(id: string): TreeNode | undefined {
    return this.nodes.get(id);
  }

  /** Forgets every node of a session (closed, or cleared). */
  dropSession(sessionId: string): void {
    for (const id of this.nodes.keys()) if (id === sessionId || id.startsWith(`${sessionId}/`)) this.nodes.delete(id);
  }

  dropPrefix(prefix: string): void {
    for (const id of this.nodes.keys()) if (id.startsWith(prefix)) this.nodes.delete(id);
  }
}

export const sessionNodeId = (s: CaptureSession): string => s.id;
export const groupNodeId = (s: CaptureSession, kind: ResourceKind): string => `${s.id}/group:${kind}`;
export const resourceNodeId = (s: CaptureSession, kind: ResourceKind, id: string): string => `${s.id}/${kind}:${id}`;
export const topicsNodeId = (s: CaptureSession): string => `${s.id}/topics`;
