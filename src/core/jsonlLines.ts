// Reads a JSONL file line by line (1-based numbers, blank lines skipped), shared by the score command,
// the batch output importer and the reference output importer.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { InputError } from './errors';

export interface JsonlLine {
  line: number;
  text: string;
}

export async function* readJsonlLines(file: string): AsyncGenerator<JsonlLine> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const reader = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const raw of reader) {
      line++;
      const text = (line === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
      if (text !== '') yield { line, text };
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InputError(`${file}: cannot read the file (${code})`, file);
  } finally {
    reader.close();
    stream.destroy();
  }
}

/** A problem with one line of an input file; the rest of the file is still imported. */
export interface LineIssue {
  file: string;
  line: number;
  reason: string;
}
