// Checks of the label fields shared by the FINER and manifest row formats. Each check
// returns the cleaned value or the reason the field is unusable, never throws.

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

export function readLabel(value: unknown): FieldCheck<string> {
  if (value === undefined) return { ok: false, reason: 'missing field' };
  if (typeof value !== 'string')
    return { ok: false, reason: `wrong type: expected a string, got ${describeType(value)}` };
  const label = value.trim();
  if (label === '') return { ok: false, reason: 'empty label' };
  return { ok: true, value: label };
}

/** A list of labels; a single string is accepted as a one-element list. */
export function readLabelList(value: unknown): FieldCheck<string[]> {
  if (value === undefined) return { ok: false, reason: 'missing field' };
  const items: unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  if (typeof value !== 'string' && !Array.isArray(value)) {
    return { ok: false, reason: `wrong type: expected a list of strings, got ${describeType(value)}` };
  }
  const labels: string[] = [];
  let blanks = 0;
  for (const item of items) {
    if (typeof item !== 'string') {
      return {
        ok: false,
        reason: `wrong type: expected a list of strings, found ${describeType(item)} in it`,
      };
    }
    const label = item.trim();
    if (label === '') blanks++;
    else if (!labels.includes(label)) labels.push(label);
  }
  if (labels.length === 0) return { ok: false, reason: 'empty label' };
  if (blanks > 0)
    return { ok: true, value: labels, warning: `${blanks} empty label(s) in the list were dropped` };
  return { ok: true, value: labels };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One JSON Lines row: the parsed object, or why the line is not one. */
export function parseJsonObjectLine(
  text: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `invalid JSON (${(err as Error).message})` };
  }
  if (!isPlainObject(value)) {
    return { ok: false, reason: `wrong type: expected a JSON object, got ${describeType(value)}` };
  }
  return { ok: true, value };
}

/** A row's optional `metadata` object; anything else is ignored with a warning. */
export function readMetadata(value: unknown): { metadata: Record<string, unknown>; warning?: string } {
  if (isPlainObject(value)) return { metadata: value };
  if (value === undefined || value === null) return { metadata: {} };
  return { metadata: {}, warning: `wrong type: expected an object, got ${describeType(value)}; ignored` };
}
