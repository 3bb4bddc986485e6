// Reads the FINER concept-attributes file (`parsed-{dataset}-{model}-wiki-text-combined.json`):
// a JSON list of {id, name, attr_binomial: {required, likely}} (iNaturalist adds
// common_name and attr_common). It is one document per dataset (one entry per class), so
// it is parsed whole, up to MAX_ATTRIBUTES_FILE_BYTES; an entry over MAX_LINE_BYTES is
// reported and left out, the others are parsed one by one.
import { isUtf8 } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';
import { assertNotUtf16, describeOversizedRow, MAX_LINE_BYTES } from '../boundedLines';
import { InputError } from '../errors';
import { INVALID_UTF8_REASON } from '../jsonlLines';
import type { NewConcept } from '../model';
import type { ImportIssueLog } from './importIssueLog';
import { describeType, isPlainObject } from './labelFields';
import { describeFsError } from './textLineReader';

/** The largest attributes file read (the FINER ones are a few MB). */
export const MAX_ATTRIBUTES_FILE_BYTES = 256 * 1024 * 1024;

/** Reads and parses the attributes file; file-level problems throw InputError. */
export async function readFinerAttributesFile(file: string, log: ImportIssueLog): Promise<NewConcept[]> {
  let bytes: Buffer;
  try {
    const size = (await stat(file)).size;
    if (size > MAX_ATTRIBUTES_FILE_BYTES) {
      throw new InputError(
        `${file}: the attributes file is ${Math.round(size / 2 ** 20)} MB, over the limit of ${MAX_ATTRIBUTES_FILE_BYTES / 2 ** 20} MB`,
        file,
      );
    }
    bytes = await readFile(file);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${file}: cannot read the attributes file (${describeFsError(err)})`, file);
  }
  assertNotUtf16(bytes, file);
  let text = bytes.toString('utf8');
  const invalidUtf8 = text.includes('\uFFFD') && !isUtf8(bytes);
  if (text.startsWith('\uFEFF')) {
    text = text.slice(1);
    log.warning(file, 1, undefined, 'byte order mark (BOM) at the start of the file was removed');
  }
  if (text.trim() === '') throw new InputError(`${file}: the attributes file is empty`, file);
  const spans = text.trimStart().startsWith('[') ? listEntrySpans(text) : [];
  const oversized = new Set<number>();
  spans.forEach((span, index) => {
    if (span.end - span.start <= MAX_LINE_BYTES) return;
    oversized.add(index);
    log.error(file, span.line, `[${index}]`, describeOversizedRow(span.end - span.start));
  });
  let doc: unknown;
  try {
    doc =
      oversized.size === 0
        ? JSON.parse(text)
        : spans.map((span, index) =>
            oversized.has(index) ? null : JSON.parse(text.slice(span.start, span.end)),
          );
  } catch (err) {
    const line = jsonErrorLine(err, text);
    const where = line === undefined ? '' : `:${line}`;
    throw new InputError(`${file}${where}: invalid JSON (${(err as Error).message})`, file, line);
  }
  if (!Array.isArray(doc)) {
    throw new InputError(
      `${file}: the attributes file must be a JSON list of concepts, got ${describeType(doc)}`,
      file,
    );
  }
  return parseFinerAttributes(doc, file, log, (index) => spans[index]?.line, {
    skip: oversized,
    invalidUtf8,
  });
}

/**
 * Concepts from the parsed attributes document. Entries that cannot be used are reported
 * in `log` and left out; `lineOfEntry` maps an entry's index to its line for the report.
 */
export function parseFinerAttributes(
  doc: unknown[],
  file: string,
  log: ImportIssueLog,
  lineOfEntry: (index: number) => number | undefined = () => undefined,
  options: { skip?: ReadonlySet<number>; invalidUtf8?: boolean } = {},
): NewConcept[] {
  const concepts: NewConcept[] = [];
  const seen = new Set<string>();
  doc.forEach((entry, index) => {
    if (options.skip?.has(index)) return;
    let line: number | undefined;
    const issueLine = (): number | undefined => (line ??= lineOfEntry(index));
    const at = (field: string): string => `[${index}].${field}`;
    if (options.invalidUtf8 && isPlainObject(entry)) {
      // The file's bytes were not all UTF-8: refuse the entries the decoder had to patch.
      const bad = Object.entries(entry).filter(
        ([key, value]) => key.includes('\uFFFD') || JSON.stringify(value).includes('\uFFFD'),
      );
      if (bad.length > 0) {
        for (const [key] of bad) log.error(file, issueLine(), at(key), INVALID_UTF8_REASON);
        return;
      }
    }
    if (!isPlainObject(entry)) {
      log.error(
        file,
        issueLine(),
        `[${index}]`,
        `wrong type: expected an object, got ${describeType(entry)}`,
      );
      return;
    }
    const name = entry['name'];
    if (name === undefined) return log.error(file, issueLine(), at('name'), 'missing field');
    if (typeof name !== 'string') {
      return log.error(
        file,
        issueLine(),
        at('name'),
        `wrong type: expected a string, got ${describeType(name)}`,
      );
    }
    if (name.trim() === '') return log.error(file, issueLine(), at('name'), 'empty label');
    const key = name.trim().toLowerCase();
    if (seen.has(key))
      return log.warning(
        file,
        issueLine(),
        at('name'),
        `duplicate concept "${name.trim()}"; first entry kept`,
      );
    seen.add(key);

    let sourceId: number | null = null;
    const id = entry['id'];
    if (typeof id === 'number' && Number.isInteger(id)) sourceId = id;
    else if (id !== undefined && id !== null)
      log.warning(file, issueLine(), at('id'), `wrong type: expected an integer, got ${describeType(id)}`);

    let commonName: string | null = null;
    const common = entry['common_name'];
    if (typeof common === 'string' && common.trim() !== '' && !isNone(common)) commonName = common.trim();
    else if (common !== undefined && common !== null && typeof common !== 'string') {
      log.warning(
        file,
        issueLine(),
        at('common_name'),
        `wrong type: expected a string, got ${describeType(common)}`,
      );
    }

    const required: string[] = [];
    const likely: string[] = [];
    for (const group of ['attr_binomial', 'attr_common']) {
      const lists = entry[group];
      if (lists === undefined || lists === null) continue;
      if (!isPlainObject(lists)) {
        log.error(
          file,
          issueLine(),
          at(group),
          `wrong type: expected an object with "required" and "likely", got ${describeType(lists)}`,
        );
        continue;
      }
      for (const [kind, target] of [
        ['required', required],
        ['likely', likely],
      ] as const) {
        const values = readAttributeValues(lists[kind]);
        if (values === undefined) {
          log.error(
            file,
            issueLine(),
            at(`${group}.${kind}`),
            `wrong type: expected a list of strings, got ${describeType(lists[kind])}`,
          );
          continue;
        }
        mergeUnique(target, values);
      }
    }
    if (entry['attr_binomial'] === undefined && entry['attr_common'] === undefined) {
      log.warning(
        file,
        issueLine(),
        at('attr_binomial'),
        'missing field: the concept has no attribute lists',
      );
    }
    concepts.push({ name: name.trim(), sourceId, commonName, required, likely });
  });
  return concepts;
}

function isNone(value: string): boolean {
  return /^none\.?$/i.test(value.trim());
}

/** Attribute strings with blanks and "none" dropped; undefined when the value has the wrong type. */
function readAttributeValues(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  const items = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (items === undefined || !items.every((v) => typeof v === 'string')) return undefined;
  return (items as string[]).map((v) => v.trim()).filter((v) => v !== '' && !isNone(v));
}

function mergeUnique(target: string[], values: string[]): void {
  const have = new Set(target.map((v) => v.toLowerCase()));
  for (const v of values) {
    if (have.has(v.toLowerCase())) continue;
    have.add(v.toLowerCase());
    target.push(v);
  }
}

/** 1-based line of the first character of each element of the top-level JSON list. */
export function listEntryStartLines(text: string): number[] {
  return listEntrySpans(text).map((span) => span.line);
}

interface EntrySpan {
  line: number;
  start: number;
  end: number;
}

/** Where each element of the top-level list starts and ends; tolerant of invalid JSON. */
function listEntrySpans(text: string): EntrySpan[] {
  const spans: EntrySpan[] = [];
  let open: { line: number; start: number } | undefined;
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let expectValue = false;
  const close = (end: number): void => {
    if (open) spans.push({ ...open, end });
    open = undefined;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === 92) escaped = true;
      else if (ch === 34) inString = false;
      continue;
    }
    const isSpace = ch === 32 || ch === 10 || ch === 13 || ch === 9;
    if (depth === 1 && expectValue && !isSpace && ch !== 93) {
      open = { line, start: i };
      expectValue = false;
    }
    if (ch === 34) inString = true;
    else if (ch === 91 || ch === 123) {
      depth++;
      if (depth === 1) expectValue = true;
    } else if (ch === 93 || ch === 125) {
      if (depth === 1) close(i);
      depth--;
    } else if (ch === 44 && depth === 1) {
      close(i);
      expectValue = true;
    }
  }
  close(text.length);
  return spans;
}

/** The line of a JSON syntax error: from the engine's message, else the first list entry that fails to parse. */
function jsonErrorLine(err: unknown, text: string): number | undefined {
  const message = err instanceof Error ? err.message : '';
  const lineMatch = /line (\d+)/.exec(message);
  if (lineMatch?.[1]) return Number(lineMatch[1]);
  const posMatch = /position (\d+)/.exec(message);
  if (posMatch?.[1]) {
    const pos = Number(posMatch[1]);
    let line = 1;
    for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
    return line;
  }
  for (const span of listEntrySpans(text)) {
    try {
      JSON.parse(text.slice(span.start, span.end));
    } catch {
      return span.line;
    }
  }
  return undefined;
}
