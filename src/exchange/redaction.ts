import { createHmac, randomBytes } from 'node:crypto';
import { depthCap } from '../capture/depthCap';
import type { CaptureLine, ResponseRecord, SnapshotRecord } from '../capture/records';
import { CREDENTIAL_HINT, maskCredentials } from '../util/scrub';

/**
 * Scrubbing and masking of exported records. Credentials are always scrubbed, whatever the options;
 * masking of personal data is optional and key-based: a value is masked because of the key it sits
 * under, never because of what it looks like. Tokens are an HMAC under a key made per export and
 * never stored, so the same value gets the same token within one file and cannot be looked up.
 */

/** Default masked keys; the default of the `gwsNotifications.export.redact` setting. */
export const DEFAULT_REDACT_KEYS: readonly string[] = [
  'phoneNumber',
  'e164Number',
  'digits',
  'ani',
  'dnis',
  'formattedPhoneNumber',
  'nickname',
  'text',
  'userData',
];

/** Keys whose values are scrubbed in every export, masking on or off (patterns as for masking). */
export const CREDENTIAL_KEYS: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-csrf-*', 'password', 'jsessionid'];

/** What a scrubbed credential is replaced with. */
export const SCRUBBED = '[scrubbed]';

/** Masking options: `keys` defaults to DEFAULT_REDACT_KEYS. */
export interface RedactOptions {
  enabled: boolean;
  keys?: readonly string[];
}

/** Matches key names: exact names case-insensitively, `*` standing for any run of characters. */
export function keyMatcher(patterns: readonly string[]): (key: string) => boolean {
  const exact = new Set<string>();
  const globs: RegExp[] = [];
  for (const raw of patterns) {
    const p = raw.trim().toLowerCase();
    if (p === '') continue;
    if (!p.includes('*')) exact.add(p);
    else globs.push(new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`));
  }
  return (key) => {
    const k = key.toLowerCase();
    return exact.has(k) || globs.some((g) => g.test(k));
  };
}

const isCredentialKey = keyMatcher(CREDENTIAL_KEYS);
const MAX_MEMO = 100_000;

/** Sets `key` as an own data property, so a "__proto__" key never becomes a prototype. */
function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** Scrubs credentials and (optionally) masks personal data in records; one instance per export file. */
export class Redactor {
  /** Whether masking is on (credential scrubbing always is). */
  readonly masking: boolean;
  private readonly masked: (key: string) => boolean;
  private readonly secret: Buffer;
  private readonly memo = new Map<string, string>();

  /** `secret` is for tests only; by default a fresh random key per instance. */
  constructor(options: RedactOptions = { enabled: false }, secret: Buffer = randomBytes(32)) {
    this.masking = options.enabled;
    this.masked = keyMatcher(options.keys ?? DEFAULT_REDACT_KEYS);
    this.secret = secret;
  }

  /** The token that stands for `value` in this file: `«masked:<8 hex>»`. */
  token(value: string | number): string {
    const text = String(value);
    let token = this.memo.get(text);
    if (token === undefined) {
      token = `«masked:${createHmac('sha256', this.secret).update(text).digest('hex').slice(0, 8)}»`;
      if (this.memo.size >= MAX_MEMO) this.memo.clear();
      this.memo.set(text, token);
    }
    return token;
  }

  /** Scrubs and masks one record; returns a copy (the header and gap records come back as they are). */
  record<T extends CaptureLine>(record: T): T {
    switch (record.kind) {
      case 'message': {
        if (record.data === undefined) return record;
        const data = this.value(record.data);
        // A payload too deep to walk comes back depth-capped: say so, as the journal writer does.
        return this.capped === undefined ? { ...record, data } : { ...record, data, unserializable: record.unserializable ?? this.capped };
      }
      case 'snapshot': {
        const out: SnapshotRecord = { ...record };
        for (const key of ['calls', 'devices', 'chats'] as const) if (record[key] !== undefined) out[key] = this.value(record[key]) as unknown[];
        return out as T;
      }
      case 'bad-line':
        // A damaged line has no keys to go by: masking hides it whole, scrubbing edits the text.
        return { ...record, raw: this.masking ? this.token(record.raw) : scrubText(record.raw) };
      case 'event':
        return record.detail === undefined ? record : { ...record, detail: scrubText(record.detail) };
      case 'request':
        return { ...record, body: this.value(record.body) };
      case 'response': {
        const out: ResponseRecord = { ...record };
        if (record.body !== undefined) out.body = this.value(record.body);
        // Free text has no keys to go by, as for a damaged line.
        if (typeof record.text === 'string') out.text = this.masking ? this.token(record.text) : scrubText(record.text);
        return out as T;
      }
      default:
        return record;
    }
  }

  /** Scrubs and masks a payload value; returns a copy, never throws on parsed JSON. */
  value(value: unknown): unknown {
    this.capped = undefined;
    try {
      return this.walk(value, false);
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      this.capped = `${err.name}: ${err.message}`;
      return this.walk(depthCap(value), false);
    }
  }

  /** Why the last value() had to be depth-capped, or undefined when it was copied whole. */
  private capped: string | undefined;

  private walk(value: unknown, mask: boolean): unknown {
    if (typeof value !== 'object' || value === null) return mask ? this.maskLeaf(value) : value;
    if (Array.isArray(value)) return value.map((v) => this.walk(v, mask));
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    // HAR-style header lists: {name: "Cookie", value: "..."}.
    const namedCredential = typeof obj.name === 'string' && isCredentialKey(obj.name);
    for (const key of Object.keys(obj)) {
      const v = obj[key];
      if ((isCredentialKey(key) || (namedCredential && key === 'value')) && v !== null && v !== undefined) put(out, key, SCRUBBED);
      else put(out, key, this.walk(v, mask || (this.masking && this.masked(key))));
    }
    return out;
  }

  private maskLeaf(value: unknown): unknown {
    if (typeof value === 'string') return value === '' ? value : this.token(value);
    if (typeof value === 'number') return this.token(value);
    return value;
  }
}

/** Replaces credential values written as `key: value` or `"key":"value"` in free text. */
export function scrubText(text: string): string {
  return maskCredentials(text, SCRUBBED);
}

/** Whether a record needs the redactor, given the line's text: always when masking, else only on a credential hint. */
export function needsRedaction(redactor: Redactor, text: string | undefined): boolean {
  return redactor.masking || text === undefined || CREDENTIAL_HINT.test(text);
}
