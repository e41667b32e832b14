/**
 * A bounded copy of a parsed JSON value, for payloads too deep to serialize. Recursion stops at
 * `maxDepth`, so this never overflows the stack however deep the input is.
 */

/** The marker that replaces every subtree below the cap. */
export const DEPTH_CAPPED = '[depth-capped]';

/** Default depth kept by `depthCap`: far deeper than any real GWS payload (about 6 levels). */
export const DEFAULT_MAX_DEPTH = 64;

/** Copies `value`, replacing objects and arrays nested deeper than `maxDepth` with DEPTH_CAPPED. */
export function depthCap(value: unknown, maxDepth: number = DEFAULT_MAX_DEPTH): unknown {
  return capAt(value, 0, maxDepth);
}

function capAt(value: unknown, depth: number, maxDepth: number): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= maxDepth) return DEPTH_CAPPED;
  if (Array.isArray(value)) return value.map((v) => capAt(v, depth + 1, maxDepth));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    // defineProperty keeps an own "__proto__" key as data instead of setting the prototype.
    Object.defineProperty(out, key, {
      value: capAt((value as Record<string, unknown>)[key], depth + 1, maxDepth),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
