import * as vscode from 'vscode';
import { resourceDescription, resourceIcon, resourceLabel, stateTooltip } from './presentation';
import { describeLinks, type TreeLinks } from './treeLinks';
import type { ResourceNode } from './treeNodes';
import { lastOperationLine } from '../operations/operationTooltip';

/** A resource's item: label, state, icon, its links to other sessions, and the URI its finding decoration keys on. */
export function resourceTreeItem(node: ResourceNode, links: ReturnType<TreeLinks['of']>, decorationUri: vscode.Uri | undefined): vscode.TreeItem {
  const r = node.session.tracker.get(node.kind, node.resourceId);
  const item = new vscode.TreeItem(r ? resourceLabel(r) : node.resourceId, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  if (r) {
    item.description = resourceDescription(r);
    item.tooltip = stateTooltip(r, node.session.now(), node.session.clock);
    const icon = resourceIcon(r);
    item.iconPath = new vscode.ThemeIcon(icon.icon, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
  }
  const linked = describeLinks(links, node.session.label);
  if (linked) {
    item.description = `${item.description ?? ''} · ${linked}`;
    item.tooltip = `${item.tooltip ?? ''}\n${linked}`;
  }
  const operation = lastOperationLine(node.session, node.kind, node.resourceId);
  if (operation) item.tooltip = `${item.tooltip ?? ''}\nLast operation: ${operation}`;
  // `.live` last: Send Operation… is offered on live resources only (package.json menus).
  item.contextValue = `resource.${node.kind}${links.twins.length || links.related.length ? '.linked' : ''}${node.session.kind === 'live' ? '.live' : ''}`;
  item.resourceUri = decorationUri;
  item.command = { command: 'gwsNotifications.openTimeline', title: 'Open Timeline', arguments: [node] };
  return item;
}
