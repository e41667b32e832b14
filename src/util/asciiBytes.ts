/**
 * Writing short ASCII text and numbers straight into a byte buffer, making no string: an import
 * writes a record head of a few short pieces for each of hundreds of thousands of records, and
 * building each head as a string, then encoding it, was a tenth of its garbage. For a few bytes a
 * loop is cheaper than Buffer.write's checks.
 */

/** Writes `text` (ASCII only) into `buf` at `at`; returns the offset after it. */
export function writeAscii(buf: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) buf[at + i] = text.charCodeAt(i);
  return at + text.length;
}

/** Writes the decimal digits of `n` (a non-negative safe integer) into `buf` at `at`; returns the offset after them. */
export function writeDecimal(buf: Uint8Array, at: number, n: number): number {
  let width = 1;
  for (let p = 10; p <= n; p *= 10) width++;
  for (let i = at + width - 1, v = n; i >= at; i--, v = Math.floor(v / 10)) buf[i] = 48 + (v % 10);
  return at + width;
}
