// `finer-lens import-outputs`: FINER reference-script outputs ({"idx","text"} per line) as a scored run.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FinerLensError } from '../core/errors';
import { LABEL_LEVELS, type LabelLevel } from '../core/model';
import { importReferenceOutputs } from '../core/runs/referenceOutputs';
import { RUN_STRATEGIES, type RunStrategy } from '../core/runs/runTypes';
import { printJson, requireOption, UsageError, type CliIo } from './cliIo';
import { metricsJson, metricsLines, openExistingStore } from './runCliSupport';

export const importOutputsUsage = `finer-lens import-outputs --db PATH --dataset NAME --file F [--level L] [--strategy S] [--model NAME] [--json]
  F: {dataset}_{task}_{model}_output.jsonl (task high_coarse|coarse|fine|attr_gen) or
  knowledge_probe_{dataset}_{model}_output.jsonl; level, strategy and model default to what the name says.`;

export async function runImportOutputsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      dataset: { type: 'string' },
      file: { type: 'string' },
      level: { type: 'string' },
      strategy: { type: 'string' },
      model: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const level = values.level;
  if (level !== undefined && !(LABEL_LEVELS as readonly string[]).includes(level)) {
    throw new UsageError(`--level must be superordinate, coarse or fine, not "${level}"`);
  }
  const strategy = values.strategy;
  if (strategy !== undefined && !(RUN_STRATEGIES as readonly string[]).includes(strategy)) {
    throw new UsageError(`--strategy must be one of ${RUN_STRATEGIES.join(', ')}, not "${strategy}"`);
  }
  const store = await openExistingStore(requireOption(values, 'db'));
  try {
    const name = requireOption(values, 'dataset');
    const dataset = store.findDatasetByName(name);
    if (!dataset) throw new FinerLensError(`no dataset named "${name}" in the database`);
    const file = resolve(requireOption(values, 'file'));
    const summary = await importReferenceOutputs(store, {
      datasetId: dataset.id,
      file,
      ...(level === undefined ? {} : { level: level as LabelLevel }),
      ...(strategy === undefined ? {} : { strategy: strategy as RunStrategy }),
      ...(values.model === undefined ? {} : { model: values.model }),
    });
    const metrics = store.runLevelMetrics(summary.runId);
    if (values.json) printJson(io, { ...summary, metrics: metricsJson(metrics) });
    else {
      io.out(
        `run ${summary.runId}: ${summary.imported} outputs imported (${summary.strategy}, ${summary.level}, ${summary.model})`,
      );
      for (const line of metricsLines(metrics)) io.out(line);
    }
    for (const i of summary.issues) io.err(`${i.file}:${i.line}: ${i.reason}`);
    return summary.issues.length > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}
