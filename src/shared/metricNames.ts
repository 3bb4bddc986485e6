// The one source of FINER's metric names and wording: the Runs tree, the sample panel, the CLI
// and exported files all name a metric from here, so the lenient exact match always says it is lenient.

export type MetricKey = 'finerEm' | 'strictEm' | 'f1';

export interface MetricInfo {
  key: MetricKey;
  /** Field name in JSON output (CLI `--json`, exports, reports). */
  jsonKey: 'finer_em' | 'strict_em' | 'f1';
  /** The short name shown next to a number ("FINER EM (lenient) 0.50"). */
  name: string;
  /** One clause saying when a prediction counts ("the gold is a substring of ..."). */
  rule: string;
  /** A full sentence for hovers and legends. */
  description: string;
}

export const METRICS: readonly MetricInfo[] = [
  {
    key: 'finerEm',
    jsonKey: 'finer_em',
    name: 'FINER EM (lenient)',
    rule: 'the normalized label is a substring of the first 20 normalized answer words',
    description:
      'The FINER paper\'s exact match: correct when the normalized label occurs anywhere in the first 20 normalized words of the answer (so "bird" also matches "birds").',
  },
  {
    key: 'strictEm',
    jsonKey: 'strict_em',
    name: 'strict EM',
    rule: 'the normalized answer equals a normalized acceptable label',
    description: 'Correct only when the normalized answer equals a normalized acceptable label.',
  },
  {
    key: 'f1',
    jsonKey: 'f1',
    name: 'F1',
    rule: 'SQuAD token F1 between the normalized answer and the first 10 words of the label',
    description: 'SQuAD token F1 between the normalized answer and the first 10 words of the label.',
  },
];

const byKey = (key: MetricKey): MetricInfo => METRICS.find((m) => m.key === key) as MetricInfo;

/** Short names by key, for labels next to numbers. */
export const METRIC_NAMES: Readonly<Record<MetricKey, string>> = {
  finerEm: byKey('finerEm').name,
  strictEm: byKey('strictEm').name,
  f1: byKey('f1').name,
};

/** The legend written into JSON output: json key -> "name (rule)". */
export function metricsLegend(): Record<MetricInfo['jsonKey'], string> {
  const out = {} as Record<MetricInfo['jsonKey'], string>;
  for (const m of METRICS) out[m.jsonKey] = `${m.name}: ${m.rule}`;
  return out;
}
