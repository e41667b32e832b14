import { RULES } from './ruleCatalog';
import type { LintResult } from './lintCapture';
import type { Severity } from './types';

/**
 * `gws-notify lint`'s three outputs: one text line per finding, the JSON the issue specifies, and
 * SARIF 2.1.0 for GitHub code scanning and SARIF viewers.
 */

const resourceText = (r: { kind: string; id: string } | null): string => (r ? `${r.kind}:${r.id}` : '-');

/** `file:line rule severity resource message`, one line per finding. */
export function formatText(results: readonly LintResult[]): string {
  return results.flatMap((res) => res.findings.map((f) => `${res.file}:${f.line} ${f.rule} ${f.severity} ${resourceText(f.resource)} ${f.message}`)).join('\n');
}

/** `{findings: [{rule, severity, resource, seqs, line, message}]}`, each with `file` when several files were linted. */
export function formatJson(results: readonly LintResult[]): string {
  const several = results.length > 1;
  const findings = results.flatMap((res) =>
    res.findings.map((f) => ({ ...(several ? { file: res.file } : {}), rule: f.rule, severity: f.severity, resource: f.resource, seqs: f.seqs, line: f.line, message: f.message })),
  );
  return JSON.stringify({ findings });
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** A file path as a SARIF artifact URI: forward slashes, each segment percent-encoded. */
export function artifactUri(path: string): string {
  const p = path.replace(/\\/g, '/');
  return p.split('/').map((s, i) => (i === 0 && /^[A-Za-z]:$/.test(s) ? s : encodeURIComponent(s))).join('/');
}

/** One SARIF 2.1.0 log: one run, one result per finding with its rule id and a location at the file and line. */
export function formatSarif(results: readonly LintResult[], toolVersion: string): string {
  const index = new Map(RULES.map((r, i) => [r.id as string, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gws-notify',
            version: toolVersion,
            rules: RULES.map((r) => ({ id: r.id, shortDescription: { text: r.summary }, defaultConfiguration: { level: LEVEL[r.severity] } })),
          },
        },
        results: results.flatMap((res) =>
          res.findings.map((f) => ({
            ruleId: f.rule,
            ruleIndex: index.get(f.rule),
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(res.file) }, region: { startLine: Math.max(1, f.line) } } }],
            properties: { seqs: f.seqs },
          })),
        ),
      },
    ],
  };
  return JSON.stringify(log);
}
