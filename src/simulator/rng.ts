/** Seeded randomness: every "random" choice a scenario makes comes from here, so runs repeat exactly. */

/** A deterministic pseudo-random source (mulberry32). */
export interface Rng {
  /** Next float in [0, 1). */
  next(): number;
  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** `length` characters drawn from `alphabet`. */
  chars(length: number, alphabet: string): string;
}

/** Creates a mulberry32 generator; the same seed always yields the same sequence. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T,
    chars: (length, alphabet) => {
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet[int(0, alphabet.length - 1)];
      return out;
    },
  };
}

/** 32-bit FNV-1a hash of a string, used to derive a per-user seed from the global one. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const HEX = '0123456789abcdef';
const UPPER_ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A version-4-shaped UUID drawn from `rng` (lowercase, like GWS device ids). */
export function uuidFrom(rng: Rng): string {
  const variant = HEX[8 + rng.int(0, 3)] ?? '8';
  return `${rng.chars(8, HEX)}-${rng.chars(4, HEX)}-4${rng.chars(3, HEX)}-${variant}${rng.chars(3, HEX)}-${rng.chars(12, HEX)}`;
}

/** A GWS/T-Server style call id, e.g. 013V08JRL498H10I04000VTAES0000NN (32 characters). */
export function callIdFrom(rng: Rng): string {
  return `013V08JRL498H10I04000VTAES${rng.chars(6, UPPER_ALNUM)}`;
}

/** A 16-digit lowercase hex T-Server connection id, e.g. 0072026cb98d140f. */
export function connIdFrom(rng: Rng): string {
  return `007${rng.chars(13, HEX)}`;
}

/** A GWS chat id, e.g. 0000Wa9CAM6W00J (15 characters). */
export function chatIdFrom(rng: Rng): string {
  return `0000${rng.chars(11, UPPER_ALNUM + 'abcdefghijklmnopqrstuvwxyz')}`;
}

/** A 16-character uppercase hex chat participant id, e.g. 007352CE982D031B. */
export function participantIdFrom(rng: Rng): string {
  return `0073${rng.chars(12, '0123456789ABCDEF')}`;
}
