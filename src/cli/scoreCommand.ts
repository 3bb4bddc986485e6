// `finer-lens score --input FILE.jsonl [--extract-answer] [--json]`: FINER scores of predictions
// given with their acceptable labels ({"prediction": str, "labels": [str]} per line).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { scoreJsonlFile, scoreReportToJson } from '../core/scoring/scoreJsonl';
import { METRIC_NAMES } from '../shared/metricNames';
import { printJson, requireOption, type CliIo } from './cliIo';

export const scoreUsage = `finer-lens score --input FILE.jsonl [--extract-answer] [--json]
  Lines: {"prediction": str, "labels": [str]}. --extract-answer first takes the text after "Answer:".
  finer_em = FINER EM (lenient substring), strict_em = normalized equality, f1 = SQuAD token F1.`;

export async function runScoreCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      input: { type: 'string' },
      'extract-answer': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const input = resolve(requireOption(values, 'input'));
  const report = await scoreJsonlFile(input, { extractAnswer: values['extract-answer'] === true });
  if (values.json) {
    printJson(io, scoreReportToJson(report));
  } else {
    const m = report.means;
    io.out(
      m === null
        ? `${input}: nothing to score`
        : `${input}: ${m.count} predictions; ${METRIC_NAMES.finerEm} ${m.finerEm.toFixed(4)}, ${METRIC_NAMES.strictEm} ${m.strictEm.toFixed(4)}, ${METRIC_NAMES.f1} ${m.f1.toFixed(4)}`,
    );
  }
  for (const issue of report.issues) io.err(`${issue.file}:${issue.line}: ${issue.reason}`);
  return report.issues.length > 0 ? 1 : 0;
}
