// Reads the plain-text index files of CUB-200-2011, NABirds and FGVC-Aircraft: one record
// per line, "<id> <value...>" separated by whitespace. Bad lines are logged with the file and
// line and left out; a missing file is an InputError naming it.
import { existsSync, statSync } from 'node:fs';
import { InputError } from '../../errors';
import type { ImportIssueLog } from '../importIssueLog';
import { readRawLines } from '../textLineReader';

export interface IndexLine {
  line: number;
  id: string;
  /** The rest of the line after the id and the whitespace that follows it, trimmed. */
  rest: string;
}

/** Throws an InputError naming `file` when it is not a readable file. */
export function requireIndexFile(file: string, what: string): void {
  if (!existsSync(file) || !statSync(file).isFile()) throw new InputError(`${file}: missing (${what})`, file);
}

/** Every non-blank line as id + rest; lines without a value after the id are logged and left out. */
export async function readIndexFile(
  file: string,
  log: ImportIssueLog,
  valueName: string,
): Promise<IndexLine[]> {
  const out: IndexLine[] = [];
  for await (const raw of readRawLines(file, log)) {
    if (raw.oversized) {
      log.error(file, raw.line, undefined, 'line too long; skipped');
      continue;
    }
    const text = raw.text.trim();
    if (text === '') continue;
    const match = /^(\S+)\s+(.*)$/.exec(text);
    if (!match?.[1] || !match[2]?.trim()) {
      log.error(file, raw.line, valueName, `expected "<id> <${valueName}>", got "${text.slice(0, 80)}"`);
      continue;
    }
    out.push({ line: raw.line, id: match[1], rest: match[2].trim() });
  }
  return out;
}

/** id -> line, logging a repeated id (the first is kept). */
export function indexById(lines: IndexLine[], file: string, log: ImportIssueLog): Map<string, IndexLine> {
  const map = new Map<string, IndexLine>();
  for (const l of lines) {
    const first = map.get(l.id);
    if (first) {
      log.error(file, l.line, 'id', `duplicate id ${l.id} (first on line ${first.line}); this line ignored`);
      continue;
    }
    map.set(l.id, l);
  }
  return map;
}
