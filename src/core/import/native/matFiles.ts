// Opening the .mat files of a release and picking variables of the expected shape, with
// errors that name the file, the variable and what was found instead.
import { readFileSync, statSync } from 'node:fs';
import { InputError } from '../../errors';
import { describeMatValue, MatFormatError, readMatFile } from './matV5Reader';
import type { MatStruct, MatValue } from './matV5Reader';

/** The .mat files of the releases are a few MB; refuse anything far larger before reading it. */
export const MAX_MAT_BYTES = 512 * 1024 * 1024;

export function openMatFile(file: string): Map<string, MatValue> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new InputError(`${file}: missing`, file);
  }
  if (size > MAX_MAT_BYTES)
    throw new InputError(`${file}: ${size} bytes, over the ${MAX_MAT_BYTES}-byte limit`, file);
  try {
    return readMatFile(readFileSync(file));
  } catch (error) {
    if (error instanceof MatFormatError) throw new InputError(`${file}: ${error.message}`, file);
    throw error;
  }
}

export function matVariable(
  vars: Map<string, MatValue>,
  name: string,
  kind: MatValue['kind'],
  file: string,
): MatValue {
  const value = vars.get(name);
  if (value?.kind === kind) return value;
  const found = [...vars.keys()].join(', ') || 'none';
  throw new InputError(
    `${file}: expected a ${kind} variable "${name}", found ${describeMatValue(value)} (variables in the file: ${found})`,
    file,
    undefined,
    name,
  );
}

/** The struct variable `name` with at least the fields `fields`. */
export function matStructWith(
  vars: Map<string, MatValue>,
  name: string,
  fields: string[],
  file: string,
): MatStruct {
  const value = matVariable(vars, name, 'struct', file) as MatStruct;
  const missing = fields.filter((f) => !value.fields.includes(f));
  if (missing.length > 0)
    throw new InputError(
      `${file}: the struct "${name}" lacks the field(s) ${missing.join(', ')} (it has ${value.fields.join(', ') || 'none'})`,
      file,
      undefined,
      missing[0],
    );
  return value;
}
