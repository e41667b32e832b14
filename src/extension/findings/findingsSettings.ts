import * as vscode from 'vscode';
import { FindingsConfigError, parseSeverityOption, parseSetOption, type FindingsConfig } from '../../findings/config';

/**
 * The findings settings: `gwsNotifications.findings.severity` ({"error-message": "warning"}) and
 * `gwsNotifications.findings.settings` ({"stuck.ringing": "45s"}), read with the same parsers as
 * `gws-notify lint --severity` and `--set`, so the words and errors are the CLI's. A bad entry is
 * reported once and left out; the others still apply. `gwsNotifications.timing.lateMs` sets
 * `late.threshold` (a `late.threshold` entry in findings.settings, applied after it, wins).
 */

export const FINDINGS_SECTION = 'gwsNotifications.findings';
/** `gwsNotifications.timing.lateMs`: the `late` rule's threshold (`late.threshold`), a number of ms as the issue names it. */
export const LATE_MS_SETTING = 'gwsNotifications.timing.lateMs';

/** True when a configuration change touches any setting readFindingsConfig reads. */
export function affectsFindings(e: { affectsConfiguration(section: string): boolean }): boolean {
  return e.affectsConfiguration(FINDINGS_SECTION) || e.affectsConfiguration(LATE_MS_SETTING);
}

export function readFindingsConfig(warn: (text: string) => void): FindingsConfig {
  const section = vscode.workspace.getConfiguration(FINDINGS_SECTION);
  const config: FindingsConfig = { severity: {}, settings: {} };
  const entries = (name: string): Array<[string, unknown]> => {
    const value = section.get<unknown>(name);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : [];
  };
  const apply = (setting: string, key: string, value: unknown, use: (text: string) => void): void => {
    try {
      if (typeof value !== 'string') throw new FindingsConfigError(`"${key}" needs a string value`);
      use(`${key}=${value}`);
    } catch (err) {
      warn(`${FINDINGS_SECTION}.${setting}: ${err instanceof Error ? err.message : String(err)}; that entry is ignored`);
    }
  };
  const lateMs = vscode.workspace.getConfiguration().get<unknown>(LATE_MS_SETTING);
  if (typeof lateMs === 'number' && Number.isFinite(lateMs) && lateMs >= 0) config.settings!.late = { threshold: lateMs };
  else if (lateMs !== undefined) warn(`${LATE_MS_SETTING}: needs a number of milliseconds; the default applies`);
  for (const [key, value] of entries('severity')) {
    apply('severity', key, value, (text) => {
      const [rule, level] = parseSeverityOption(text);
      config.severity![rule] = level;
    });
  }
  for (const [key, value] of entries('settings')) {
    apply('settings', key, value, (text) => {
      const [rule, name, ms] = parseSetOption(text);
      (config.settings![rule] ??= {})[name] = ms;
    });
  }
  return config;
}
