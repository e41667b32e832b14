/**
 * The one credential-masking pattern: the log channel masks with `***`, exports with `[scrubbed]`
 * (exchange/redaction.ts). No Node or DOM imports, so any bundle may use it.
 */

/** The words one of which a text holding a credential label holds (any case). */
const HINT_WORDS = ['authorization', 'authorisation', 'cookie', 'csrf', 'password', 'jsessionid'];

/** A quick test text must pass before credential masking can be skipped for it. */
export const CREDENTIAL_HINT = new RegExp(HINT_WORDS.join('|'), 'i');

const HINTS = new RegExp(CREDENTIAL_HINT.source, 'gi');

/**
 * Every place CREDENTIAL_HINT matches in `text`, overlapping ones included: [start, end) pairs in
 * order (at most one word matches at a place). Given UTF-8 bytes decoded as Latin-1 the offsets
 * are byte offsets, and a range of the bytes holds a hint exactly when a pair lies inside it: every
 * hint word is ASCII, and under `i` no other Latin-1 character matches an ASCII letter. An import
 * searches a batch of texts at once this way: a loop over each text's bytes cost it 4 ns a byte.
 */
export function credentialHintSpans(text: string): number[] {
  const spans: number[] = [];
  HINTS.lastIndex = 0;
  for (let m = HINTS.exec(text); m; m = HINTS.exec(text)) {
    spans.push(m.index, m.index + m[0].length);
    HINTS.lastIndex = m.index + 1;
  }
  return spans;
}

/** True when a pair of `spans` (credentialHintSpans') lies inside [start, end); `from` is a pair index no later than start's. */
export function spanInside(spans: number[], from: number, start: number, end: number): boolean {
  for (let k = from; k < spans.length && spans[k] < end; k += 2) if (spans[k] >= start && spans[k + 1] <= end) return true;
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
