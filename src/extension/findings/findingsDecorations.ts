import * as vscode from 'vscode';
import { SEVERITY_ORDER, type Finding, type Severity } from '../../findings/types';
import type { CaptureSession } from '../../session/captureSession';
import { plural } from '../../util/wording';

/**
 * The problem decoration on a resource's own tree item: the item carries a `gws-resource:` URI
 * (resourceUri) and this provider gives it a badge and the error or warning color when findings
 * name that resource, as the Explorer does for files with problems. Info findings do not decorate.
 */

export const RESOURCE_SCHEME = 'gws-resource';

/** The URI a resource's tree item carries; the path names the session, the kind and the id. */
export function resourceUri(sessionId: string, kind: string, id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RESOURCE_SCHEME, path: `/${encodeURIComponent(sessionId)}/${kind}/${encodeURIComponent(id)}` });
}

/** What the decorations read. */
export interface DecorationSource {
  find(sessionId: string): CaptureSession | undefined;
  findingsOf(session: CaptureSession): readonly Finding[] | undefined;
  readonly onDidChange: vscode.Event<void>;
}

interface Tally {
  worst: Severity;
  count: number;
}

export class FindingsDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  /** Per session: `kind:id` → the worst severity and the count; rebuilt on the next read after a change. */
  private tallies = new Map<string, Map<string, Tally>>();
  private readonly subs: vscode.Disposable[];

  constructor(private readonly source: DecorationSource) {
    this.subs = [
      this.changed,
      source.onDidChange(() => {
        this.tallies.clear();
        this.changed.fire(undefined);
      }),
      vscode.window.registerFileDecorationProvider(this),
    ];
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== RESOURCE_SCHEME) return undefined;
    const [sessionId, kind, id] = uri.path.split('/').slice(1).map((p) => decodeURIComponent(p));
    const tally = this.talliesOf(sessionId)?.get(`${kind}:${id}`);
    if (!tally || tally.worst === 'info') return undefined;
    const color = new vscode.ThemeColor(tally.worst === 'error' ? 'list.errorForeground' : 'list.warningForeground');
    return { badge: tally.count > 9 ? '9+' : String(tally.count), color, tooltip: `${plural(tally.count, 'finding')}, worst: ${tally.worst} (see Findings in this session)` };
  }

  private talliesOf(sessionId: string): Map<string, Tally> | undefined {
    let map = this.tallies.get(sessionId);
    if (map) return map;
    const session = this.source.find(sessionId);
    if (!session) return undefined;
    map = new Map();
    for (const f of this.source.findingsOf(session) ?? []) {
      if (!f.resource) continue;
      const key = `${f.resource.kind}:${f.resource.id}`;
      const t = map.get(key);
      if (!t) map.set(key, { worst: f.severity, count: 1 });
      else {
        t.count++;
        if (SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[t.worst]) t.worst = f.severity;
      }
    }
    this.tallies.set(sessionId, map);
    return map;
  }

  /** The decoration of a resource (tests). */
  decorationOf(sessionId: string, kind: string, id: string): vscode.FileDecoration | undefined {
    return this.provideFileDecoration(resourceUri(sessionId, kind, id));
  }

  dispose(): void {
    for (const d of this.subs) d.dispose();
  }
}
