/**
 * Reading untrusted parsed JSON. No Node or DOM imports, so any bundle may use it.
 */

/** True for a plain JSON object: not null, not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object's own property `key`, or undefined: never an inherited member such as `constructor`. */
export function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}
