// Small output helpers shared by the CLI commands: JSON to stdout, human text to stdout, errors to stderr.
import { FinerLensError } from '../core/errors';

export class UsageError extends FinerLensError {}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

/** Reads a required string option, with a usage error naming the flag when absent. */
export function requireOption(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new UsageError(`missing required option --${name}`);
  }
  return value;
}
