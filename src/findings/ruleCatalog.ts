import { DEFAULT_WINDOW_MS } from '../operations/correlate';
import type { RuleId, Severity } from './types';

/**
 * Every rule's stable id, default severity and settings: the one list the engine, `gws-notify
 * lint`, docs/FINDINGS.md and the extension's settings agree on.
 */

/** A rule setting; durations are held in milliseconds. */
export interface RuleSetting {
  kind: 'duration';
  default: number;
  description: string;
}

export interface RuleInfo {
  id: RuleId;
  severity: Severity;
  /** One line: what the rule finds. */
  summary: string;
  settings: Readonly<Record<string, RuleSetting>>;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

const WINDOW: RuleSetting = { kind: 'duration', default: DEFAULT_WINDOW_MS, description: 'how long after the response the effect (or a failure notification) may come' };

export const RULES: readonly RuleInfo[] = [
  { id: 'no-effect', severity: 'error', summary: 'an operation accepted with statusCode 0 whose expected effect never came within the window', settings: { window: WINDOW } },
  { id: 'operation-failed', severity: 'error', summary: 'an operation refused (HTTP error, non-zero statusCode, no answer) or followed by a failure notification linked to it', settings: { window: WINDOW } },
  { id: 'after-end', severity: 'warning', summary: 'a message about a call or chat after it ended (Released, Completed)', settings: {} },
  {
    id: 'stuck',
    severity: 'warning',
    summary: 'a call or chat in a transient state past a threshold',
    settings: {
      dialing: { kind: 'duration', default: 30 * SECOND, description: 'a call Dialing longer than this' },
      ringing: { kind: 'duration', default: 30 * SECOND, description: 'a call Ringing longer than this' },
      held: { kind: 'duration', default: 5 * MINUTE, description: 'a call Held longer than this' },
      chat: { kind: 'duration', default: 2 * MINUTE, description: 'an open chat with no message about it (transcript or state) for longer than this' },
    },
  },
  { id: 'transcript-gap', severity: 'error', summary: "a MessageLogUpdated whose message index skips or repeats against what came before for that chat", settings: {} },
  { id: 'capability-mismatch', severity: 'warning', summary: 'capabilities that contradict the call state', settings: {} },
  { id: 'error-message', severity: 'error', summary: 'an ErrorMessage, with the device and call it names', settings: {} },
  { id: 'gap', severity: 'warning', summary: 'an outage: notifications may have been missed in its window', settings: {} },
  { id: 'drift', severity: 'error', summary: 'after a gap, the REST snapshot differs from the last notified state', settings: {} },
  { id: 'duplicate', severity: 'info', summary: 'a message identical to the previous one for the same resource (metrics and duration aside)', settings: {} },
  { id: 'malformed', severity: 'error', summary: 'a malformed message or an unreadable line, with its reason', settings: {} },
  { id: 'unknown-value', severity: 'info', summary: 'a state, messageType or notificationType outside the documented vocabulary (first occurrence of each)', settings: {} },
  {
    id: 'late',
    severity: 'info',
    summary: "a message delivered later than the session's usual delay (GWS's metrics.eventProcessing; from 20 samples on)",
    settings: { threshold: { kind: 'duration', default: 2 * SECOND, description: "a delay over the session's offset longer than this (VS Code: gwsNotifications.timing.lateMs)" } },
  },
];

export const RULE_IDS: readonly RuleId[] = RULES.map((r) => r.id);

const BY_ID = new Map(RULES.map((r) => [r.id as string, r]));

/** The rule `id`, or undefined for an unknown id. */
export function ruleInfo(id: string): RuleInfo | undefined {
  return BY_ID.get(id);
}
