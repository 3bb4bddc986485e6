// The one set of runtime type guards for untrusted input (webview messages, settings, JSON
// files). A webview page is a browser context: everything it sends is checked field by field.

export type Json = Record<string, unknown>;

/** A plain object (not null, not an array). */
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Row ids: non-negative safe integers. */
export const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** A string of at most `max` characters (and at least `min`). */
export const isBoundedString = (v: unknown, max: number, min = 0): v is string =>
  typeof v === 'string' && v.length >= min && v.length <= max;

/** One of `values` (compared with ===). */
export const isOneOf = <T extends string | number>(v: unknown, values: readonly T[]): v is T =>
  values.includes(v as T);

/** An array of ids of at most `max` entries. */
export const isIdList = (v: unknown, max: number): v is number[] =>
  Array.isArray(v) && v.length <= max && v.every(isId);

/** True when `key` is the object's own property (never one inherited from a prototype). */
export const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);
