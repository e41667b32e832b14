/**
 * The one credential-masking pattern: the log channel masks with `***`, exports with `[scrubbed]`
 * (exchange/redaction.ts). No Node or DOM imports, so any bundle may use it.
 */

/** A quick test text must pass before credential masking can be skipped for it. */
export const CREDENTIAL_HINT = /authori[sz]ation|cookie|csrf|password|jsessionid/i;

/**
 * A credential label and its value in header, form, JSON or free text: `Authorization: Basic abc`,
 * `password=x`, `"Cookie":"JSESSIONID=..."`. A quoted value is taken whole, escapes included.
 */
const CREDENTIAL_TEXT = /("?(?:authori[sz]ation|proxy-authori[sz]ation|cookie|set-cookie|x-csrf-[\w-]*|password|jsessionid)"?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|(?:(?:Basic|Bearer|Digest|Negotiate)\s+)?[^\s,;}]+)/gi;

/** Replaces the value after every credential label with `mask`; a quoted value stays quoted. */
export function maskCredentials(text: string, mask: string): string {
  if (!CREDENTIAL_HINT.test(text)) return text;
  return text.replace(CREDENTIAL_TEXT, (_m, head: string, value: string) => `${head}${value.startsWith('"') ? `"${mask}"` : mask}`);
}

/** Masks secrets in text meant for people (logs, messages): credential values, and the given secret values. */
export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  let out = maskCredentials(text, '***');
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}
