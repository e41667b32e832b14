/**
 * The one credential-masking pattern: the log channel masks with `***`, exports with `[scrubbed]`
 * (exchange/redaction.ts). No Node or DOM imports, so any bundle may use it.
 */

/** The words one of which a text holding a credential label holds (any case). */
const HINT_WORDS = ['authorization', 'authorisation', 'cookie', 'csrf', 'password', 'jsessionid'];

/** A quick test text must pass before credential masking can be skipped for it. */
export const CREDENTIAL_HINT = new RegExp(HINT_WORDS.join('|'), 'i');

const HINT_BYTES = HINT_WORDS.map((w) => Array.from(w, (c) => c.charCodeAt(0)));

/**
 * CREDENTIAL_HINT's answer on bytes[start, end) as UTF-8 text, without making the text: an import
 * tests every notification it keeps, and a string each was a sixth of its garbage. Every hint byte
 * is an ASCII letter, which no other UTF-8 character's bytes contain.
 */
export function hasCredentialHint(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    // ASCII letters lowered; the hints start with a, c, j or p.
    const c = bytes[i] | 0x20;
    if (c !== 97 && c !== 99 && c !== 106 && c !== 112) continue;
    words: for (const word of HINT_BYTES) {
      if (word[0] !== c || i + word.length > end) continue;
      for (let k = 1; k < word.length; k++) if ((bytes[i + k] | 0x20) !== word[k]) continue words;
      return true;
    }
  }
  return false;
}

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
