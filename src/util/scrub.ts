/**
 * Masks secrets in text meant for people (logs, messages): the given secret values, and the value
 * after any Authorization / Cookie / X-CSRF-TOKEN / password label.
 */
export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  let out = text.replace(/\b(authorization|proxy-authorization|cookie|set-cookie|x-csrf-token|password)(\s*[:=]\s*)(?:(?:basic|bearer)\s+)?[^\s,;]+/gi, '$1$2***');
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}
