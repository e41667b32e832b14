import { RULES, ruleInfo } from './ruleCatalog';
import type { RuleId, Severity, SeverityLevel } from './types';

/**
 * Which rules run, at what severity, with which settings; and the parsers for the text forms the
 * CLI takes (`--rule`, `--set stuck.ringing=30s`, `--severity error-message=warning`). Parsers
 * throw FindingsConfigError with a message fit to show the user as it is.
 */

export class FindingsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FindingsConfigError';
  }
}

export interface FindingsConfig {
  /** Rules to run; undefined runs every rule. */
  only?: ReadonlySet<RuleId>;
  severity?: Partial<Record<RuleId, SeverityLevel>>;
  /** Per rule, setting name → value (durations in ms). */
  settings?: Partial<Record<RuleId, Record<string, number>>>;
}

/** The severity `rule` reports at, or 'off' when it does not run. */
export function severityOf(config: FindingsConfig, rule: RuleId): SeverityLevel {
  if (config.only && !config.only.has(rule)) return 'off';
  return config.severity?.[rule] ?? ruleInfo(rule)!.severity;
}

/** The value of `rule`'s setting `name` (its default unless set). */
export function settingOf(config: FindingsConfig, rule: RuleId, name: string): number {
  return config.settings?.[rule]?.[name] ?? ruleInfo(rule)!.settings[name]!.default;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };
/** Longest duration accepted: a week, far beyond any sensible threshold, and exact in a double. */
const MAX_DURATION_MS = 7 * 24 * 3600 * 1000;

/** `250ms`, `30s`, `2m`, `1.5m` → milliseconds. A bare number or another unit is refused. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text.trim());
  if (!m) throw new FindingsConfigError(`"${text}" is not a duration: write a number with ms, s or m (e.g. 30s)`);
  const ms = Number(m[1]) * UNITS[m[2]]!;
  if (!Number.isFinite(ms) || ms > MAX_DURATION_MS) throw new FindingsConfigError(`"${text}" is longer than 7 days`);
  return Math.round(ms);
}

function knownRule(id: string, where: string): RuleId {
  const info = ruleInfo(id);
  if (!info) throw new FindingsConfigError(`unknown rule "${id}" in ${where}; rules: ${RULES.map((r) => r.id).join(', ')}`);
  return info.id;
}

/** `--rule after-end,stuck` → the set of rules to run. */
export function parseRuleList(text: string): Set<RuleId> {
  const ids = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (ids.length === 0) throw new FindingsConfigError('--rule needs at least one rule id');
  return new Set(ids.map((id) => knownRule(id, '--rule')));
}

/** `--set stuck.ringing=30s` → [rule, setting, value]. */
export function parseSetOption(text: string): [RuleId, string, number] {
  const m = /^([^.=]+)\.([^=]+)=(.*)$/.exec(text);
  if (!m) throw new FindingsConfigError(`--set takes <rule>.<setting>=<value>, not "${text}"`);
  const rule = knownRule(m[1]!, '--set');
  const setting = ruleInfo(rule)!.settings[m[2]!];
  if (!Object.hasOwn(ruleInfo(rule)!.settings, m[2]!) || !setting) {
    const names = Object.keys(ruleInfo(rule)!.settings);
    throw new FindingsConfigError(`rule ${rule} has no setting "${m[2]}"${names.length ? `; its settings: ${names.join(', ')}` : ' (it has none)'}`);
  }
  return [rule, m[2]!, parseDuration(m[3]!)];
}

const LEVELS: readonly SeverityLevel[] = ['error', 'warning', 'info', 'off'];

/** `--severity error-message=warning` → [rule, level]. */
export function parseSeverityOption(text: string): [RuleId, SeverityLevel] {
  const m = /^([^=]+)=(.*)$/.exec(text);
  if (!m) throw new FindingsConfigError(`--severity takes <rule>=<error|warning|info|off>, not "${text}"`);
  const rule = knownRule(m[1]!, '--severity');
  const level = m[2] as SeverityLevel;
  if (!LEVELS.includes(level)) throw new FindingsConfigError(`--severity ${rule}: "${m[2]}" is not one of error, warning, info, off`);
  return [rule, level];
}

/** Builds a config from the CLI's repeated options; later options win. */
export function configFromOptions(o: { rule?: string; set?: readonly string[]; severity?: readonly string[] }): FindingsConfig {
  const config: FindingsConfig = { severity: {}, settings: {} };
  if (o.rule !== undefined) config.only = parseRuleList(o.rule);
  for (const text of o.set ?? []) {
    const [rule, name, value] = parseSetOption(text);
    (config.settings![rule] ??= {})[name] = value;
  }
  for (const text of o.severity ?? []) {
    const [rule, level] = parseSeverityOption(text);
    config.severity![rule] = level;
  }
  return config;
}

export type { Severity };
