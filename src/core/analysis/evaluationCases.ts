// Reads a labelled attribute evaluation file (JSONL, one case per line:
// {id, domain, reference: [str], generated: str, expected: verdict}); a bad line is reported
// with file:line and field, the others are kept.
import { readFileSync } from 'node:fs';
import { GENERATED_VERDICTS, type GeneratedVerdict } from './attributeVerdicts';
import type { EvaluationCase } from './matcherEvaluation';
import { parseMatchDomain } from './partVocabulary';

export interface EvaluationFile {
  cases: EvaluationCase[];
  problems: string[];
}

export function parseEvaluationCases(text: string, fileLabel: string): EvaluationFile {
  const cases: EvaluationCase[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${fileLabel}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      problems.push(`${where}: not valid JSON (${(error as Error).message})`);
      return;
    }
    const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const domain = typeof o['domain'] === 'string' ? parseMatchDomain(o['domain']) : undefined;
    const reference = o['reference'];
    const expected = o['expected'];
    if (domain === undefined)
      problems.push(`${where}: field "domain" must be bird, aircraft, car, dog or generic`);
    else if (!Array.isArray(reference) || !reference.every((r) => typeof r === 'string')) {
      problems.push(`${where}: field "reference" must be a list of strings`);
    } else if (typeof o['generated'] !== 'string' || o['generated'].trim() === '') {
      problems.push(`${where}: field "generated" must be a non-empty string`);
    } else if (typeof expected !== 'string' || !GENERATED_VERDICTS.includes(expected as GeneratedVerdict)) {
      problems.push(`${where}: field "expected" must be one of ${GENERATED_VERDICTS.join(', ')}`);
    } else {
      cases.push({
        id: typeof o['id'] === 'string' ? o['id'] : `${fileLabel}:${i + 1}`,
        domain,
        reference: reference as string[],
        generated: o['generated'],
        expected: expected as GeneratedVerdict,
      });
    }
  });
  return { cases, problems };
}

export function readEvaluationCases(path: string): EvaluationFile {
  return parseEvaluationCases(readFileSync(path, 'utf8'), path);
}
