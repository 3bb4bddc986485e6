// Coarse labels for the classes of a native import, from (first match wins per class):
// a user mapping CSV (fine -> coarse), an LVLM endpoint asked per class (only for classes the
// dataset gives no coarse label), the dataset's own field or hierarchy, and last a documented
// naming rule (the last word of the fine name; for cars the make). The result says where
// the labels came from, with counts, for the summary and the dataset's source record.
import { InputError } from '../../errors';
import type { LvlmClient } from '../../lvlm/lvlmClient';
import type { LabelSource, NativeFormat } from '../../model';
import { parseAnswerResponse } from '../../parse/answerResponse';
import { readCsvRecords } from '../csvRecords';
import type { ImportIssueLog } from '../importIssueLog';
import type { NativeClass } from './nativeTypes';

/** An endpoint to ask for coarse labels: the client and a prompt template with {fine} and {superordinate}. */
export interface CoarseLabelEndpoint {
  client: Pick<LvlmClient, 'chat'>;
  model: string;
  /** Default DEFAULT_COARSE_PROMPT. */
  template?: string;
  /** Parallel requests (default 4). */
  concurrency?: number;
}

export const DEFAULT_COARSE_PROMPT =
  'Give the coarse category of a fine-grained {superordinate} concept: the general kind of ' +
  '{superordinate} a non-expert would name (for example, a "Pine Grosbeak" is a "Finch" and a ' +
  '"Cavalier King Charles Spaniel" is a "Spaniel"). The concept is "{fine}". Reply with the coarse ' +
  'category only, after "Answer:".';

export interface CoarseOptions {
  /** The file the classes were read from; problems with generated labels are reported against it. */
  classesFile: string;
  mapFile?: string;
  endpoint?: CoarseLabelEndpoint;
  signal?: AbortSignal;
}

/** The mapping CSV: a header naming `fine` and `coarse` columns; `|` separates several coarse labels. */
export async function readCoarseMapping(file: string, log: ImportIssueLog): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  let fineAt = -1;
  let coarseAt = -1;
  let header = false;
  for await (const record of readCsvRecords(file, log)) {
    if (!record.ok) {
      if (!header)
        throw new InputError(`${file}:${record.line}: bad CSV header (${record.reason})`, file, record.line);
      log.error(file, record.line, undefined, record.reason);
      continue;
    }
    if (!header) {
      const cols = record.fields.map((f) => f.trim().toLowerCase());
      fineAt = cols.indexOf('fine');
      coarseAt = cols.indexOf('coarse');
      if (fineAt < 0 || coarseAt < 0)
        throw new InputError(
          `${file}:${record.line}: the mapping CSV needs a header with the columns fine,coarse (got ${cols.join(',')})`,
          file,
          record.line,
          fineAt < 0 ? 'fine' : 'coarse',
        );
      header = true;
      continue;
    }
    const fine = record.fields[fineAt]?.trim() ?? '';
    const coarse = (record.fields[coarseAt] ?? '')
      .split('|')
      .map((c) => c.trim())
      .filter((c) => c !== '');
    if (fine === '' || coarse.length === 0) {
      log.error(file, record.line, fine === '' ? 'fine' : 'coarse', 'empty label; line ignored');
      continue;
    }
    const key = fine.toLowerCase();
    if (map.has(key))
      log.warning(file, record.line, 'fine', `"${fine}" mapped again; the first mapping is kept`);
    else map.set(key, coarse);
  }
  if (!header) throw new InputError(`${file}: the mapping file is empty`, file);
  return map;
}

/** The last word of a fine name ("Bald Eagle" -> "Eagle"), or the make of a car ("Acura ZDX ..." -> "Acura"). */
export function namingRuleCoarse(format: NativeFormat, cls: NativeClass): string {
  const fine = cls.fine[0] ?? cls.key;
  const words = fine.split(/\s+/).filter((w) => w !== '');
  if (format === 'cars') return String(cls.source['make'] ?? words[0] ?? fine);
  return words[words.length - 1] ?? fine;
}

function namingRuleText(format: NativeFormat): string {
  return format === 'cars'
    ? 'the make (first word of the class name)'
    : 'the last word of the fine name (e.g. "Bald Eagle" -> "Eagle")';
}

export interface CoarseCounts {
  mapping: number;
  /** The dataset's own field, hierarchy or rule (for cars the body-type rule). */
  dataset: number;
  generated: number;
  /** The last-resort naming rule. */
  namingRule: number;
}

export interface CoarseResolution {
  coarse: Map<string, string[]>;
  source: LabelSource;
  /** Per origin, how many classes got their coarse label from it. */
  counts: CoarseCounts;
}

/** Asks the endpoint for each class's coarse label, a few at a time. */
async function generateCoarse(
  classes: NativeClass[],
  endpoint: CoarseLabelEndpoint,
  classesFile: string,
  log: ImportIssueLog,
  signal: AbortSignal | undefined,
): Promise<Map<string, string[]>> {
  const template = endpoint.template ?? DEFAULT_COARSE_PROMPT;
  const out = new Map<string, string[]>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < classes.length) {
      if (signal?.aborted) return;
      const cls = classes[next++] as NativeClass;
      const fine = cls.fine[0] ?? cls.key;
      const prompt = template.replaceAll('{fine}', fine).replaceAll('{superordinate}', cls.superordinate);
      try {
        const reply = await endpoint.client.chat(
          [{ role: 'user', content: prompt }],
          { temperature: 0, maxTokens: 32 },
          { signal },
        );
        const label = parseAnswerResponse(reply.text)
          .shortAnswer.replace(/^["']|["']$/g, '')
          .trim();
        if (label === '' || label.length > 100) {
          log.warning(
            classesFile,
            undefined,
            'coarse',
            `class "${fine}": unusable coarse label from ${endpoint.model} ("${label.slice(0, 60)}"); naming rule used`,
          );
          continue;
        }
        out.set(cls.key, [label]);
      } catch (error) {
        log.warning(
          classesFile,
          undefined,
          'coarse',
          `class "${fine}": the endpoint ${endpoint.model} failed (${(error as Error).message}); naming rule used`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, endpoint.concurrency ?? 4) }, worker));
  return out;
}

export async function resolveCoarseLabels(
  format: NativeFormat,
  classes: Map<string, NativeClass>,
  datasetSource: LabelSource | undefined,
  options: CoarseOptions,
  log: ImportIssueLog,
): Promise<CoarseResolution> {
  const coarse = new Map<string, string[]>();
  const counts: CoarseCounts = { mapping: 0, dataset: 0, generated: 0, namingRule: 0 };
  const mapping = options.mapFile ? await readCoarseMapping(options.mapFile, log) : undefined;
  const pending: NativeClass[] = [];
  for (const cls of classes.values()) {
    const mapped = mapping && cls.fine.map((f) => mapping.get(f.toLowerCase())).find((m) => m !== undefined);
    if (mapped) {
      coarse.set(cls.key, mapped);
      counts.mapping++;
    } else if (cls.coarse && cls.coarse.length > 0) {
      coarse.set(cls.key, cls.coarse);
      counts.dataset++;
    } else pending.push(cls);
  }
  let generatedFor = new Map<string, string[]>();
  if (options.endpoint && pending.length > 0) {
    generatedFor = await generateCoarse(pending, options.endpoint, options.classesFile, log, options.signal);
  }
  for (const cls of pending) {
    const generated = generatedFor.get(cls.key);
    if (generated) {
      coarse.set(cls.key, generated);
      counts.generated++;
    } else {
      coarse.set(cls.key, [namingRuleCoarse(format, cls)]);
      counts.namingRule++;
    }
  }
  const origins: [number, string][] = [
    [counts.mapping, `from the mapping file ${options.mapFile ?? ''}`],
    [counts.dataset, datasetSource?.detail ?? 'from the dataset'],
    [counts.generated, `generated by ${options.endpoint?.model ?? ''}`],
    [counts.namingRule, `by the naming rule: ${namingRuleText(format)}`],
  ];
  const used = origins.filter(([n]) => n > 0);
  // One origin: its description; several: how many classes each labelled.
  const parts = used.length === 1 ? [used[0]?.[1] ?? ''] : used.map(([n, text]) => `${n} class(es) ${text}`);
  // The origin that labelled most classes names the level; the detail lists every origin.
  const main =
    (Object.entries(counts) as [keyof CoarseCounts, number][]).sort((a, b) => b[1] - a[1])[0]?.[0] ??
    'namingRule';
  const kind: LabelSource['kind'] =
    main === 'dataset' ? (datasetSource?.kind ?? 'dataset') : main === 'namingRule' ? 'rule' : main;
  const source: LabelSource = { kind, detail: parts.join('; ') };
  if (counts.generated > 0 && options.endpoint) {
    source.model = options.endpoint.model;
    source.prompt = options.endpoint.template ?? DEFAULT_COARSE_PROMPT;
  }
  const fallback = classes.size - counts[main];
  if (fallback > 0) source.fallbackClasses = fallback;
  if (mapping && counts.mapping < classes.size)
    log.warning(
      options.mapFile ?? '',
      undefined,
      'fine',
      `${classes.size - counts.mapping} of ${classes.size} classes are not in the mapping file; their coarse labels come from the other sources`,
    );
  return { coarse, source, counts };
}
