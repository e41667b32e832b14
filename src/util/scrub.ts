/**
 * Masks secrets in text meant for people (logs, messages): the given secret values, and the value
 * after any Authorization / Cookie / X-CSRF-TOKEN / password label.
 */
export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  // Header, form or JSON text: `Authorization: Basic abc`, `password=x`, `"Cookie":"JSESSIONID=..."`.
  let out = text.replace(/\b(authorization|proxy-authorization|cookie|set-cookie|x-csrf-token|jsessionid|password)("?\s*[:=]\s*"?)(?:(?:basic|bearer|digest|negotiate)\s+)?[^\s,;"]+/gi, '$1$2***');
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}
