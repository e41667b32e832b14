import * as vscode from 'vscode';
import type { SessionManager } from '../sessionManager';
import { SEVERITY_ORDER, type Finding, type Severity } from '../../findings/types';
import type { FindingsConfig } from '../../findings/config';
import { affectsFindings, readFindingsConfig } from './findingsSettings';
import { SessionFindings } from './sessionFindings';

/** VS Code shows at most this many diagnostics per file. */
export const MAX_DIAGNOSTICS = 1000;
/** Diagnostics are rebuilt at most this often while findings stream in. */
const REFRESH_MS = 1000;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/**
 * Findings in the Problems panel: one DiagnosticCollection, one diagnostic per finding on the
 * capture file at its record's line (clicking opens the NDJSON line), `code` the rule id. Per
 * file, the first 1,000 (errors first) and one more diagnostic saying how many are not shown.
 * Also counts the error findings for the status bar.
 */
export class FindingsDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('gws-findings');
  private readonly bySession = new Map<string, SessionFindings>();
  private readonly subs: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly onDidChangeEmitter = new vscode.EventEmitter<void>();
  /** Fired after the diagnostics were rebuilt. */
  readonly onDidChange = this.onDidChangeEmitter.event;

  private config: FindingsConfig;

  constructor(private readonly sessions: SessionManager, private readonly warn: (text: string) => void = () => undefined) {
    this.config = readFindingsConfig(warn);
    this.subs.push(sessions.onDidChangeSessions(() => this.sync()), this.collection, this.onDidChangeEmitter);
    // New severities or thresholds judge every session again, from its first record.
    this.subs.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (!affectsFindings(e)) return;
      this.config = readFindingsConfig(this.warn);
      for (const s of this.bySession.values()) s.restart();
    }));
    this.sync();
  }

  /** Error findings across every session. */
  get errorCount(): number {
    let n = 0;
    for (const s of this.bySession.values()) for (const f of s.findings) if (f.severity === 'error') n++;
    return n;
  }

  /** Every finding of `session` so far (the tree's Findings group, the decorations). */
  findingsOf(session: { id: string }): readonly Finding[] | undefined {
    return this.bySession.get(session.id)?.findings;
  }

  /** The findings of session `id` (tests, the tree). */
  of(id: string): SessionFindings | undefined {
    return this.bySession.get(id);
  }

  private sync(): void {
    const live = new Set(this.sessions.all.map((s) => s.id));
    for (const [id, s] of this.bySession) {
      if (live.has(id)) continue;
      s.dispose();
      this.bySession.delete(id);
    }
    for (const session of this.sessions.all) if (!this.bySession.has(session.id)) this.bySession.set(session.id, new SessionFindings(session, () => this.schedule(), () => this.config));
    this.schedule();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.rebuild();
    }, REFRESH_MS);
  }

  /** Rebuilds every file's diagnostics now. */
  rebuild(): void {
    this.collection.clear();
    for (const s of this.bySession.values()) {
      const sorted = [...s.findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.row - b.row);
      const shown = sorted.slice(0, MAX_DIAGNOSTICS).map((f) => {
        const line = Math.max(0, s.lineOf(f) - 1);
        const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), f.message, SEVERITY[f.severity]);
        d.code = f.rule;
        d.source = 'gws-notify';
        return d;
      });
      const more = sorted.length - shown.length;
      if (more > 0) shown.push(new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `${more} more finding(s) not shown here (VS Code shows 1,000 per file): see the Findings view or gws-notify lint`, vscode.DiagnosticSeverity.Information));
      this.collection.set(vscode.Uri.file(s.file), shown);
    }
    this.onDidChangeEmitter.fire();
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.bySession.values()) s.dispose();
    this.bySession.clear();
    for (const d of this.subs) d.dispose();
  }
}
