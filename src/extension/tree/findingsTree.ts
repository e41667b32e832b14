import * as vscode from 'vscode';
import { RULES } from '../../findings/ruleCatalog';
import { SEVERITY_ORDER, type Finding, type RuleId, type Severity } from '../../findings/types';
import type { CaptureSession } from '../../session/captureSession';
import { shortId } from '../../model/resourceNames';
import { plural } from '../../util/wording';
import type { NodeCache, TreeNode } from './treeNodes';

/**
 * The "Findings (N)" group under each session root: one child per rule that found something
 * (worst severity first, then the catalogue's order), each listing its findings in capture order.
 * A finding's item opens the timeline at the record that triggers it. Every finding is listed (the
 * Problems panel stops at 1,000 per file; the tree and `lint` do not).
 */

/** Where the tree reads a session's findings (FindingsDiagnostics). */
export interface FindingsSource {
  findingsOf(session: CaptureSession): readonly Finding[] | undefined;
  readonly onDidChange: vscode.Event<void>;
}

export type FindingsNode = Extract<TreeNode, { type: 'findings' | 'findingRule' | 'finding' }>;

const ICON: Record<Severity, [string, string]> = { error: ['error', 'list.errorForeground'], warning: ['warning', 'list.warningForeground'], info: ['info', 'foreground'] };
const RULE_ORDER = new Map<string, number>(RULES.map((r, i) => [r.id, i]));

export const findingsNodeId = (s: CaptureSession): string => `${s.id}/findings`;

export function severityIcon(severity: Severity): vscode.ThemeIcon {
  const [icon, color] = ICON[severity];
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
}

export class FindingsTree {
  constructor(private readonly cache: NodeCache, private readonly source: FindingsSource) {}

  /** The session's Findings group. */
  groupOf(session: CaptureSession): FindingsNode {
    const id = findingsNodeId(session);
    return this.cache.get(id, () => ({ type: 'findings' as const, id, session }));
  }

  private all(session: CaptureSession): readonly Finding[] {
    return this.source.findingsOf(session) ?? [];
  }

  /** The rules that found something in `session`, worst first, with their findings. */
  private byRule(session: CaptureSession): Array<{ rule: RuleId; severity: Severity; findings: Finding[] }> {
    const groups = new Map<RuleId, Finding[]>();
    for (const f of this.all(session)) {
      const list = groups.get(f.rule);
      if (list) list.push(f);
      else groups.set(f.rule, [f]);
    }
    return [...groups]
      .map(([rule, findings]) => ({ rule, severity: findings[0].severity, findings: findings.sort((a, b) => a.row - b.row) }))
      .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (RULE_ORDER.get(a.rule) ?? 0) - (RULE_ORDER.get(b.rule) ?? 0));
  }

  children(node: FindingsNode): TreeNode[] {
    const session = node.session;
    if (node.type === 'findings') {
      return this.byRule(session).map(({ rule }) => {
        const id = `${session.id}/findings/${rule}`;
        return this.cache.get(id, () => ({ type: 'findingRule' as const, id, session, rule }));
      });
    }
    if (node.type !== 'findingRule') return [];
    const findings = this.byRule(session).find((g) => g.rule === node.rule)?.findings ?? [];
    const seen = new Map<number, number>();
    return findings.map((finding) => {
      // Several findings of one rule may share a record: the k-th keeps its own id.
      const k = seen.get(finding.row) ?? 0;
      seen.set(finding.row, k + 1);
      const id = `${node.id}/${finding.row}:${k}`;
      const n = this.cache.get(id, () => ({ type: 'finding' as const, id, session, rule: node.rule, finding }));
      n.finding = finding;
      return n;
    });
  }

  item(node: FindingsNode): vscode.TreeItem {
    const session = node.session;
    if (node.type === 'findings') {
      const all = this.all(session);
      const errors = all.filter((f) => f.severity === 'error').length;
      const item = new vscode.TreeItem(`Findings (${all.length})`, all.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.id = all.length ? node.id : `${node.id}/empty`;
      item.description = errors ? plural(errors, 'error') : undefined;
      item.tooltip = all.length ? `${plural(all.length, 'finding')} in ${session.label}: what went wrong, by rule (docs/FINDINGS.md)` : `No findings in ${session.label}`;
      item.iconPath = new vscode.ThemeIcon(errors ? 'error' : 'checklist');
      item.contextValue = 'findings';
      return item;
    }
    if (node.type === 'findingRule') {
      const group = this.byRule(session).find((g) => g.rule === node.rule);
      const count = group?.findings.length ?? 0;
      const item = new vscode.TreeItem(`${node.rule} (${count})`, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      item.description = group?.severity;
      item.tooltip = RULES.find((r) => r.id === node.rule)?.summary;
      if (group) item.iconPath = severityIcon(group.severity);
      item.contextValue = 'findingRule';
      return item;
    }
    const f = node.finding;
    const seq = session.tracker.columns.seqAt(f.row);
    const item = new vscode.TreeItem(f.message, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = [f.resource ? `${f.resource.kind} ${shortId(f.resource.id)}` : undefined, `record ${seq}`].filter(Boolean).join(' · ');
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(`${f.rule} (${f.severity}) at record ${seq}\n\n${f.message}`);
    item.tooltip = tooltip;
    item.iconPath = severityIcon(f.severity);
    item.contextValue = 'finding';
    item.command = { command: 'gwsNotifications.openFinding', title: 'Open Timeline at the Finding', arguments: [node] };
    return item;
  }

  parent(node: FindingsNode): TreeNode | undefined {
    if (node.type === 'findings') return this.cache.peek(node.session.id);
    if (node.type === 'findingRule') return this.groupOf(node.session);
    return this.cache.peek(`${node.session.id}/findings/${node.rule}`);
  }
}
