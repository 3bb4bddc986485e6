// User overrides of prompt templates: `.finer-lens/templates.json` in the workspace.
//
// {
//   "*":        { "system": "You are a careful naturalist." },          // every family
//   "organism": { "fine": "Which {coarse} is this? ... Answer: ...",    // one family
//                 "example-fine": "Snowy Owl", "example-coarse": "Owl" }
// }
// Keys inside a family are template keys (TEMPLATE_KEYS) or family data keys (FAMILY_DATA_KEYS).
// Anything unknown, a placeholder a template cannot use, or a wrong value type is an InputError
// that names the file and the key.
import { readFile } from 'node:fs/promises';
import { FinerLensError, InputError } from '../errors';
import {
  DATASET_FAMILIES,
  FAMILY_DATA_KEYS,
  TEMPLATE_KEYS,
  type DatasetFamily,
  type FamilyData,
  type FamilyDataKey,
  type TemplateKey,
} from './promptTypes';
import { placeholdersOf, type Placeholder } from './templateText';

export type FamilyOverride = Partial<Record<TemplateKey, string>> & Partial<FamilyData>;

export interface TemplateOverrides {
  /** The file the overrides came from, for messages and provenance. */
  file: string;
  /** "*" applies to every family; a family's own entry wins over "*". */
  families: Partial<Record<DatasetFamily | '*', FamilyOverride>>;
}

export const TEMPLATE_OVERRIDES_PATH = '.finer-lens/templates.json';

const LEVEL_ABOVE: Placeholder[] = ['superordinate', 'coarse'];
const EXAMPLES: Placeholder[] = ['example_fine', 'example_coarse'];

/** Which placeholders each template may use; others would be filled with nothing sensible. */
export const PLACEHOLDERS_BY_TEMPLATE: Record<TemplateKey, readonly Placeholder[]> = {
  system: [],
  superordinate: ['superordinate_choices'],
  coarse: ['superordinate', 'superordinate_choices', 'coarse_choices', ...EXAMPLES],
  fine: [...LEVEL_ABOVE, 'coarse_choices', ...EXAMPLES],
  'attrseek-coarse-attributes': ['superordinate'],
  'attrseek-coarse-answer': ['superordinate', 'superordinate_choices', 'coarse_choices', ...EXAMPLES],
  'attrseek-fine-attributes': LEVEL_ABOVE,
  'attrseek-fine-answer': [...LEVEL_ABOVE, 'coarse_choices', ...EXAMPLES],
  'knowledge-probe': ['attributes', 'known_levels', ...EXAMPLES],
  'attribute-generation': ['concept', 'superordinate', 'example_fine', 'example_required', 'example_likely'],
};

const LIST_DATA_KEYS: ReadonlySet<FamilyDataKey> = new Set([
  'superordinate-choices',
  'coarse-choices',
  'example-required',
  'example-likely',
]);

/** Throws when a template is malformed or uses a placeholder its key does not provide. */
export function checkTemplate(key: TemplateKey, template: string): void {
  const allowed = PLACEHOLDERS_BY_TEMPLATE[key];
  for (const p of placeholdersOf(template)) {
    if (!allowed.includes(p)) {
      const list = allowed.length === 0 ? 'none' : allowed.map((a) => `{${a}}`).join(', ');
      throw new FinerLensError(`placeholder {${p}} is not available in this template (available: ${list})`);
    }
  }
}

function isTemplateKey(k: string): k is TemplateKey {
  return (TEMPLATE_KEYS as readonly string[]).includes(k);
}

function isDataKey(k: string): k is FamilyDataKey {
  return (FAMILY_DATA_KEYS as readonly string[]).includes(k);
}

function isFamilyName(k: string): k is DatasetFamily | '*' {
  return k === '*' || (DATASET_FAMILIES as readonly string[]).includes(k);
}

function validateFamily(value: unknown, family: string, file: string): FamilyOverride {
  const fail = (key: string, reason: string): never => {
    const field = key === '' ? family : `${family}.${key}`;
    throw new InputError(`${file}: "${field}": ${reason}`, file, undefined, field);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('', 'expected an object');
  const out: Record<string, string | string[]> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (isTemplateKey(key)) {
      if (typeof v !== 'string') fail(key, 'a template must be a string');
      try {
        checkTemplate(key, v as string);
      } catch (e) {
        fail(key, (e as Error).message);
      }
      out[key] = v as string;
    } else if (isDataKey(key)) {
      if (LIST_DATA_KEYS.has(key)) {
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.trim() !== '')) {
          fail(key, 'expected a list of non-empty strings');
        }
        out[key] = [...(v as string[])];
      } else {
        if (typeof v !== 'string' || v.trim() === '') fail(key, 'expected a non-empty string');
        out[key] = v as string;
      }
    } else {
      fail(
        key,
        `unknown key (templates: ${TEMPLATE_KEYS.join(', ')}; values: ${FAMILY_DATA_KEYS.join(', ')})`,
      );
    }
  }
  return out as FamilyOverride;
}

/** Validates parsed JSON of a templates file; `file` is only used in messages. */
export function validateTemplateOverrides(json: unknown, file: string): TemplateOverrides {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InputError(`${file}: expected a JSON object keyed by dataset family`, file);
  }
  const families: TemplateOverrides['families'] = {};
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (!isFamilyName(name)) {
      throw new InputError(
        `${file}: "${name}": unknown dataset family (known: ${['*', ...DATASET_FAMILIES].join(', ')})`,
        file,
        undefined,
        name,
      );
    }
    families[name] = validateFamily(value, name, file);
  }
  return { file, families };
}

/** Reads and validates a templates file; null when the file does not exist. */
export async function loadTemplateOverrides(file: string): Promise<TemplateOverrides | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InputError(`${file}: cannot read (${(e as Error).message})`, file);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: not valid JSON (${(e as Error).message})`, file);
  }
  return validateTemplateOverrides(json, file);
}
