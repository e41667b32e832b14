/**
 * Whether UTF-8 bytes hold one JSON value, judged without building it. Importing a console log
 * checks every notification it keeps; JSON.parse would build each one only to throw it away, and
 * that was a third of the import's time. The grammar is RFC 8259's; the answer is JSON.parse's on
 * the bytes decoded as UTF-8 (test/unit/util/jsonBytes.test.ts holds the two equal), for bytes with
 * no whitespace outside strings: a reader that kept any would give the value to JSON.parse.
 */

const OBJECT = 1;
const ARRAY = 2;

/** Open containers, innermost last: one stack for every call (it only grows), so a check makes no garbage. */
let stack = new Uint8Array(64);

/** The byte at k, or -1 past the end. */
function at(b: Uint8Array, k: number, to: number): number {
  return k < to ? b[k] : -1;
}

/** True when b[from, to) is exactly one JSON value with no whitespace outside its strings. */
export function isCompactJson(b: Uint8Array, from: number, to: number): boolean {
  let sp = 0;
  let i = from;
  for (;;) {
    // A value starts at i.
    const c = at(b, i, to);
    if (c === 123 || c === 91) {
      i++;
      const close = c === 123 ? 125 : 93;
      if (at(b, i, to) === close) {
        i++;
      } else {
        if (sp === stack.length) {
          const grown = new Uint8Array(sp * 2);
          grown.set(stack);
          stack = grown;
        }
        stack[sp++] = c === 123 ? OBJECT : ARRAY;
        if (c === 123) {
          i = key(b, i, to);
          if (i < 0) return false;
        }
        continue;
      }
    } else if (c === 34) {
      i = string(b, i, to);
      if (i < 0) return false;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      i = number(b, i, to);
      if (i < 0) return false;
    } else if (c === 116) {
      if (!literal(b, i, to, 'true')) return false;
      i += 4;
    } else if (c === 102) {
      if (!literal(b, i, to, 'false')) return false;
      i += 5;
    } else if (c === 110) {
      if (!literal(b, i, to, 'null')) return false;
      i += 4;
    } else {
      return false;
    }
    // A value ended at i: close what it ends, or go on to the next value.
    for (;;) {
      if (sp === 0) return i === to;
      const d = at(b, i, to);
      const top = stack[sp - 1];
      if (d === 44) {
        i++;
        if (top === OBJECT) {
          i = key(b, i, to);
          if (i < 0) return false;
        }
        break;
      }
      if (d !== (top === OBJECT ? 125 : 93)) return false;
      i++;
      sp--;
    }
  }
}

/** An object's `"key":` at i: the index after the colon, or -1. */
function key(b: Uint8Array, i: number, to: number): number {
  if (i >= to || b[i] !== 34) return -1;
  i = string(b, i, to);
  return i >= 0 && i < to && b[i] === 58 ? i + 1 : -1;
}

/** A string at i (its opening quote): the index after its closing quote, or -1. */
function string(b: Uint8Array, i: number, to: number): number {
  i++;
  while (i < to) {
    const c = b[i++];
    if (c === 34) return i;
    if (c < 32) return -1;
    if (c === 92) {
      if (i >= to) return -1;
      const e = b[i++];
      if (e === 117) {
        if (i + 4 > to) return -1;
        for (let k = 0; k < 4; k++, i++) if (!isHex(b[i])) return -1;
      } else if (e !== 34 && e !== 92 && e !== 47 && e !== 98 && e !== 102 && e !== 110 && e !== 114 && e !== 116) {
        return -1;
      }
    }
  }
  return -1;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function isDigit(b: Uint8Array, i: number, to: number): boolean {
  return i < to && b[i] >= 48 && b[i] <= 57;
}

/** A number at i: the index after it, or -1. */
function number(b: Uint8Array, i: number, to: number): number {
  if (b[i] === 45) i++;
  if (!isDigit(b, i, to)) return -1;
  if (b[i] === 48) i++;
  else while (isDigit(b, i, to)) i++;
  if (i < to && b[i] === 46) {
    i++;
    if (!isDigit(b, i, to)) return -1;
    while (isDigit(b, i, to)) i++;
  }
  if (i < to && (b[i] === 101 || b[i] === 69)) {
    i++;
    if (i < to && (b[i] === 43 || b[i] === 45)) i++;
    if (!isDigit(b, i, to)) return -1;
    while (isDigit(b, i, to)) i++;
  }
  return i;
}

function literal(b: Uint8Array, i: number, to: number, word: string): boolean {
  if (i + word.length > to) return false;
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return false;
  return true;
}
