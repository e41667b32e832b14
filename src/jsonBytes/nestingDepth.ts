import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './jsonChars';

/**
 * How deeply a JSON text nests, read from the text itself (no recursion, no parse), so that a
 * reader can flag payloads that JSON.parse accepts but JSON.stringify, structuredClone and
 * recursive walkers overflow on (about 4,000 to 5,000 levels in Node 20 on a shallow stack).
 */

/** Nesting a payload may have before it is flagged: well under what the runtime copes with. */
export const MAX_SAFE_DEPTH = 3000;


/** The deepest object/array nesting in `text`; stops counting once it passes `stopAbove`. */
export function jsonNestingDepth(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
  return max;
}

/**
 * The warning for a record line nested deeper than MAX_SAFE_DEPTH, or undefined. Lines shorter
 * than twice the limit cannot nest that deep and are not scanned.
 */
export function depthWarning(text: string): string | undefined {
  if (text.length <= 2 * MAX_SAFE_DEPTH) return undefined;
  const depth = jsonNestingDepth(text, MAX_SAFE_DEPTH);
  return depth > MAX_SAFE_DEPTH ? `nested more than ${MAX_SAFE_DEPTH} levels deep: too deep to serialize or clone safely` : undefined;
}
