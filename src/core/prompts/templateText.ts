// The tiny template language: `{name}` placeholders, `{{` / `}}` for literal braces. One pass,
// substituted values are never re-read as template text, and anything else is an error.
import { FinerLensError } from '../errors';

export const PLACEHOLDERS = [
  'superordinate',
  'coarse',
  'superordinate_choices',
  'coarse_choices',
  'example_fine',
  'example_coarse',
  'example_required',
  'example_likely',
  'concept',
  'attributes',
  'known_levels',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PLACEHOLDER_SET: ReadonlySet<string> = new Set(PLACEHOLDERS);
const TOKEN = /\{\{|\}\}|\{([a-z_]*)\}|[{}]/g;

export function isPlaceholder(name: string): name is Placeholder {
  return PLACEHOLDER_SET.has(name);
}

/** The placeholders a template uses, in order of first use; throws on malformed text. */
export function placeholdersOf(template: string): Placeholder[] {
  const used: Placeholder[] = [];
  for (const m of template.matchAll(TOKEN)) {
    const token = m[0];
    if (token === '{{' || token === '}}') continue;
    const name = m[1];
    if (name === undefined) {
      throw new FinerLensError(
        `unmatched "${token}" at character ${m.index ?? 0} (write {{ or }} for a literal brace)`,
      );
    }
    if (!isPlaceholder(name)) {
      throw new FinerLensError(
        `unknown placeholder {${name}} (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`,
      );
    }
    if (!used.includes(name)) used.push(name);
  }
  return used;
}

/** Substitutes values; every placeholder used must have a value. */
export function renderTemplate(template: string, values: Partial<Record<Placeholder, string>>): string {
  placeholdersOf(template);
  return template.replace(TOKEN, (token: string, name: string | undefined) => {
    if (token === '{{') return '{';
    if (token === '}}') return '}';
    const value = name === undefined || !isPlaceholder(name) ? undefined : values[name];
    if (value === undefined) throw new FinerLensError(`no value for placeholder ${token}`);
    return value;
  });
}
