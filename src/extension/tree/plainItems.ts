import * as vscode from 'vscode';
import { plural } from '../../util/wording';
import type { TreeNode } from './treeNodes';

/** The tree's items that only show their node: Recent Captures, a capture file, a note, topics. */
export function plainTreeItem(node: Extract<TreeNode, { type: 'recent' | 'captureFile' | 'note' | 'topics' | 'topic' }>): vscode.TreeItem {
  switch (node.type) {
    case 'recent': {
      const item = new vscode.TreeItem('Recent Captures', vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      item.iconPath = new vscode.ThemeIcon('history');
      item.contextValue = 'recent';
      return item;
    }
    case 'captureFile': {
      const item = new vscode.TreeItem(node.file.name, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.description = `${(node.file.size / 1024).toFixed(0)} KB`;
      item.tooltip = node.file.path;
      item.iconPath = new vscode.ThemeIcon('file');
      item.contextValue = 'captureFile';
      item.command = { command: 'gwsNotifications.openRecentCapture', title: 'Open', arguments: [node] };
      return item;
    }
    case 'note':
      return Object.assign(new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None), { id: node.id, contextValue: 'note' });
    case 'topics': {
      const item = new vscode.TreeItem('Topics', vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.id;
      item.description = String(node.session.topics.length);
      item.iconPath = new vscode.ThemeIcon('radio-tower');
      return item;
    }
    case 'topic': {
      const item = new vscode.TreeItem(node.channel, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      const t = node.session.topics.find((x) => x.channel === node.channel);
      item.description = plural(t?.count ?? 0, 'message');
      item.iconPath = new vscode.ThemeIcon('symbol-interface');
      item.contextValue = node.session.kind === 'live' ? 'topic.live' : 'topic';
      item.command = { command: 'gwsNotifications.openTimeline', title: 'Open Timeline', arguments: [node] };
      return item;
    }
  }
}
