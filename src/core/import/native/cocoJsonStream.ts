// A bounded streaming reader for COCO-style JSON files (iNaturalist train.json is ~1 GB): it
// scans the bytes of the top-level object once, hands each element of the arrays a caller asks
// for (e.g. "images", "annotations", "categories") to JSON.parse one at a time, and skips every
// other value without keeping it. At most one element (MAX_LINE_BYTES) is held as text. A file
// that ends early still delivers the elements read before the cut and reports where it ended.
import { createReadStream } from 'node:fs';
import { MAX_LINE_BYTES } from '../../boundedLines';

/** Where an element sits in the file, for messages. */
export interface ElementPosition {
  /** The top-level key of the array. */
  array: string;
  /** 0-based index in the array. */
  index: number;
  /** 1-based line and byte offset where the element starts. */
  line: number;
  byte: number;
}

export type ElementResult = { ok: true; value: unknown } | { ok: false; reason: string };

export interface CocoStreamResult {
  /** Top-level keys seen, in file order. */
  keys: string[];
  /** Set when the file is not complete JSON; elements before the problem were delivered. */
  problem?: { reason: string; line: number; byte: number };
}

/** Top-level keys of a COCO file are short words; a longer one is not such a file. */
const MAX_KEY_BYTES = 1024;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** Which syntactic position the scanner is at between values. */
type Phase =
  | 'start' // before the top-level "{"
  | 'key' // expecting a key or "}"
  | 'colon'
  | 'value' // expecting a top-level value
  | 'afterValue' // expecting "," or "}"
  | 'element' // inside a wanted array: expecting an element or "]"
  | 'afterElement' // expecting "," or "]"
  | 'done';

/**
 * Streams `file`, calling `onElement` for every element of the top-level arrays named in
 * `arrays`. Resolves with the top-level keys found and, if the JSON is cut or malformed, where.
 */
export async function streamCocoArrays(
  file: string,
  arrays: ReadonlySet<string>,
  onElement: (position: ElementPosition, result: ElementResult) => void,
  options: { maxElementBytes?: number; onBytes?: (bytesRead: number) => void; signal?: AbortSignal } = {},
): Promise<CocoStreamResult> {
  const maxElement = options.maxElementBytes ?? MAX_LINE_BYTES;
  const keys: string[] = [];
  let phase = 'start' as Phase;
  let line = 1;
  let byte = 0;
  // The value being scanned (a skipped top-level value or one array element).
  let depth = 0;
  let inString = false;
  let escaped = false;
  let inValue = false;
  let scalar = false;
  let collecting = false;
  let pieces: Buffer[] = [];
  let pieceBytes = 0;
  let oversized = false;
  let elementStart = { line: 1, byte: 0 };
  let elementIndex = 0;
  let currentArray = '';
  // Key text being read.
  let keyBytes: number[] | undefined;
  let problem: CocoStreamResult['problem'];

  const fail = (reason: string): void => {
    problem ??= { reason, line, byte };
    phase = 'done';
  };

  const finishElement = (): void => {
    const position: ElementPosition = {
      array: currentArray,
      index: elementIndex++,
      line: elementStart.line,
      byte: elementStart.byte,
    };
    if (oversized) {
      onElement(position, {
        ok: false,
        reason: `element over ${maxElement} bytes (${pieceBytes} bytes); skipped`,
      });
    } else {
      const text = (pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces)).toString('utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        onElement(position, { ok: false, reason: `invalid JSON (${(error as Error).message})` });
        resetValue();
        return;
      }
      onElement(position, { ok: true, value });
    }
    resetValue();
  };

  const resetValue = (): void => {
    pieces = [];
    pieceBytes = 0;
    oversized = false;
    inValue = false;
    scalar = false;
    depth = 0;
  };

  const keep = (chunk: Buffer, from: number, to: number): void => {
    if (!collecting || to <= from) return;
    pieceBytes += to - from;
    if (pieceBytes > maxElement) {
      oversized = true;
      pieces = [];
      return;
    }
    if (!oversized) pieces.push(chunk.subarray(from, to));
  };

  const afterValueEnds = (): void => {
    if (collecting) finishElement();
    else resetValue();
    phase = collecting ? 'afterElement' : 'afterValue';
  };

  let valueFrom = -1;
  const startValue = (b: number, i: number): void => {
    inValue = true;
    valueFrom = i;
    depth = 0;
    if (b === QUOTE) {
      scalar = true;
      inString = true;
    } else if (b === OPEN_OBJ || b === OPEN_ARR) {
      scalar = false;
      depth = 1;
    } else scalar = true;
  };

  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  let total = 0;
  for await (const raw of stream) {
    const chunk = raw as Buffer;
    total += chunk.length;
    valueFrom = inValue ? 0 : -1;
    if (options.signal?.aborted) break;
    for (let i = 0; i < chunk.length && phase !== 'done'; i++) {
      const b = chunk[i] as number;
      if (b === NEWLINE) line++;
      byte = total - chunk.length + i;
      if (inValue) {
        if (inString) {
          if (escaped) escaped = false;
          else if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) {
            inString = false;
            if (scalar && depth === 0) {
              keep(chunk, valueFrom, i + 1);
              valueFrom = -1;
              afterValueEnds();
            }
          }
          continue;
        }
        if (scalar) {
          if (b === COMMA || b === CLOSE_ARR || b === CLOSE_OBJ || isSpace(b)) {
            keep(chunk, valueFrom, i);
            valueFrom = -1;
            afterValueEnds();
            i--; // the delimiter is handled by the phase below
            if (b === NEWLINE) line--;
          }
          continue;
        }
        if (b === QUOTE) inString = true;
        else if (b === OPEN_OBJ || b === OPEN_ARR) depth++;
        else if (b === CLOSE_OBJ || b === CLOSE_ARR) {
          depth--;
          if (depth === 0) {
            keep(chunk, valueFrom, i + 1);
            valueFrom = -1;
            afterValueEnds();
          }
        }
        continue;
      }
      if (keyBytes) {
        if (escaped) {
          escaped = false;
          keyBytes.push(b);
        } else if (b === BACKSLASH) {
          escaped = true;
          keyBytes.push(b);
        } else if (b === QUOTE) {
          let key: string;
          try {
            key = JSON.parse(`"${Buffer.from(keyBytes).toString('utf8')}"`) as string;
          } catch {
            key = Buffer.from(keyBytes).toString('utf8');
          }
          keys.push(key);
          currentArray = key;
          keyBytes = undefined;
          phase = 'colon';
        } else if (keyBytes.length >= MAX_KEY_BYTES) fail(`a key longer than ${MAX_KEY_BYTES} bytes`);
        else keyBytes.push(b);
        continue;
      }
      if (
        isSpace(b) ||
        (b === 0xef && phase === 'start') ||
        (phase === 'start' && (b === 0xbb || b === 0xbf))
      )
        continue;
      switch (phase) {
        case 'start':
          if (b !== OPEN_OBJ) fail('the file does not start with a JSON object');
          else phase = 'key';
          break;
        case 'key':
          if (b === QUOTE) keyBytes = [];
          else if (b === CLOSE_OBJ) phase = 'done';
          else fail(`expected a key or "}", found "${String.fromCharCode(b)}"`);
          break;
        case 'colon':
          if (b !== COLON) fail(`expected ":" after the key "${currentArray}"`);
          else phase = 'value';
          break;
        case 'value':
          if (b === OPEN_ARR && arrays.has(currentArray)) {
            phase = 'element';
            elementIndex = 0;
            break;
          }
          collecting = false;
          startValue(b, i);
          break;
        case 'afterValue':
          if (b === COMMA) phase = 'key';
          else if (b === CLOSE_OBJ) phase = 'done';
          else fail(`expected "," or "}" after the value of "${currentArray}"`);
          break;
        case 'element':
          if (b === CLOSE_ARR) {
            phase = 'afterValue';
            break;
          }
          collecting = true;
          elementStart = { line, byte };
          startValue(b, i);
          break;
        case 'afterElement':
          if (b === COMMA) phase = 'element';
          else if (b === CLOSE_ARR) phase = 'afterValue';
          else fail(`expected "," or "]" after element ${elementIndex - 1} of "${currentArray}"`);
          break;
        default:
          break;
      }
    }
    if (inValue && valueFrom >= 0) keep(chunk, valueFrom, chunk.length);
    options.onBytes?.(total);
    if (phase === 'done') break;
  }
  stream.destroy();
  if (!problem && phase !== 'done') {
    const where =
      phase === 'element' || phase === 'afterElement' || (inValue && collecting)
        ? `inside the "${currentArray}" array after ${elementIndex} complete element(s)`
        : phase === 'start'
          ? 'before any JSON object'
          : `inside the top-level object (after the key "${currentArray}")`;
    problem = { reason: `the file ends ${where}: truncated JSON`, line, byte: total };
  }
  return problem ? { keys, problem } : { keys };
}
