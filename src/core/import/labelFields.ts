// Checks of the label fields shared by the FINER and manifest row formats. Each check
// returns the cleaned value or the reason the field is unusable, never throws.
import { INVALID_UTF8_REASON } from '../jsonlLines';

/** Why one field of a row is unusable (error) or was cleaned (warning); no field: the whole row. */
export interface FieldProblem {
  field?: string;
  reason: string;
}

export type FieldCheck<T> = { ok: true; value: T; warning?: string } | { ok: false; reason: string };

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** Most labels a row may give for one level (coarse or fine). */
export const MAX_LABELS_PER_LEVEL = 1000;

/** Deepest nesting of objects and lists a row may have (in `metadata`, say). */
export const MAX_NESTING_DEPTH = 32;

// NUL ends a string in C code that reads the database (sqlite3, pandas via C), so a label
// holding one is cut short there; the other C0 controls (but tab, LF, CR) and DEL are never text.
// Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const CONTROL_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Why a label with a control character is refused, or undefined when it has none. */
export function controlCharProblem(label: string): string | undefined {
  const match = CONTROL_CHAR.exec(label);
  if (!match) return undefined;
  const c = match[0].charCodeAt(0);
  const code = c.toString(16).toUpperCase().padStart(4, '0');
  const name = c === 0 ? 'a NUL character' : 'a control character';
  return `label contains ${name} (U+${code}) at position ${match.index + 1}`;
}

export function readLabel(value: unknown): FieldCheck<string> {
  if (value === undefined) return { ok: false, reason: 'missing field' };
  if (typeof value !== 'string')
    return { ok: false, reason: `wrong type: expected a string, got ${describeType(value)}` };
  const label = value.trim();
  if (label === '') return { ok: false, reason: 'empty label' };
  const control = controlCharProblem(label);
  if (control) return { ok: false, reason: control };
  return { ok: true, value: label };
}

export interface LabelListOptions {
  /** Warn when a single string is given where the format asks for a list (FINER files). */
  warnOnString?: boolean;
}

/** A list of labels; a single string is accepted as a one-element list. Repeats are dropped. */
export function readLabelList(value: unknown, options: LabelListOptions = {}): FieldCheck<string[]> {
  if (value === undefined) return { ok: false, reason: 'missing field' };
  const items: unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  if (typeof value !== 'string' && !Array.isArray(value)) {
    return { ok: false, reason: `wrong type: expected a list of strings, got ${describeType(value)}` };
  }
  if (items.length > MAX_LABELS_PER_LEVEL) {
    return {
      ok: false,
      reason: `${items.length} labels, over the limit of ${MAX_LABELS_PER_LEVEL} per level; row skipped`,
    };
  }
  // Short lists (nearly all) are searched in place; long ones through a Set, so a big list is linear.
  const labels: string[] = [];
  const seen = items.length > 16 ? new Set<string>() : undefined;
  let blanks = 0;
  for (const item of items) {
    if (typeof item !== 'string') {
      return {
        ok: false,
        reason: `wrong type: expected a list of strings, found ${describeType(item)} in it`,
      };
    }
    const label = item.trim();
    if (label === '') {
      blanks++;
      continue;
    }
    const control = controlCharProblem(label);
    if (control) return { ok: false, reason: control };
    if (seen ? seen.has(label) : labels.includes(label)) continue;
    seen?.add(label);
    labels.push(label);
  }
  if (labels.length === 0) return { ok: false, reason: 'empty label' };
  const warnings: string[] = [];
  if (typeof value === 'string' && options.warnOnString)
    warnings.push('a single string where a list is expected; read as a one-element list');
  if (blanks > 0) warnings.push(`${blanks} empty label(s) in the list were dropped`);
  const result: FieldCheck<string[]> = { ok: true, value: labels };
  if (warnings.length > 0) result.warning = warnings.join('; ');
  return result;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One JSON Lines row: the parsed object, or why the line (or one of its fields) is not usable. */
export function parseJsonObjectLine(
  text: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; problem: FieldProblem } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: { reason: `invalid JSON (${(err as Error).message})` } };
  }
  if (!isPlainObject(value)) {
    return {
      ok: false,
      problem: { reason: `wrong type: expected a JSON object, got ${describeType(value)}` },
    };
  }
  for (const field in value) {
    if (nestedDeeperThan(value[field], MAX_NESTING_DEPTH - 1)) {
      return {
        ok: false,
        problem: {
          field,
          reason: `nested more than ${MAX_NESTING_DEPTH} levels deep, over the limit; row skipped`,
        },
      };
    }
  }
  return { ok: true, value };
}

/**
 * True when objects/lists in `value` nest deeper than `limit`. Recursive, but never deeper
 * than `limit` calls, so any input is safe; allocates nothing (it runs on every row).
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit <= 0) return true;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      if (typeof item === 'object' && item !== null && nestedDeeperThan(item, limit - 1)) return true;
    }
    return false;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const item = record[key];
    if (typeof item === 'object' && item !== null && nestedDeeperThan(item, limit - 1)) return true;
  }
  return false;
}

/**
 * Fields of a row whose text holds U+FFFD, for a line whose bytes were not valid UTF-8 (the
 * decoder put U+FFFD where they were). Empty when the bad bytes were outside any field.
 */
export function fieldsWithReplacementChars(values: Record<string, unknown>): string[] {
  return Object.entries(values)
    .filter(([key, value]) => key.includes('\uFFFD') || JSON.stringify(value).includes('\uFFFD'))
    .map(([key]) => key);
}

/** The row errors for a line that was not valid UTF-8: one per affected field. */
export function invalidUtf8Problems(fields: string[]): FieldProblem[] {
  const reason = INVALID_UTF8_REASON;
  if (fields.length === 0) return [{ reason }];
  return fields.map((field) => ({ field, reason }));
}

/** A row's optional `metadata` object; anything else is ignored with a warning. */
export function readMetadata(value: unknown): { metadata: Record<string, unknown>; warning?: string } {
  if (isPlainObject(value)) return { metadata: value };
  if (value === undefined || value === null) return { metadata: {} };
  return { metadata: {}, warning: `wrong type: expected an object, got ${describeType(value)}; ignored` };
}
