// `finer-lens runs --db PATH [--json]`: every run with its metrics per level (metric names explicit).
import { parseArgs } from 'node:util';
import { printJson, requireOption, type CliIo } from './cliIo';
import { levelMetricsJson, metricsJson, metricsLines, openExistingStore, runJson } from './runCliSupport';

export const runsUsage = `finer-lens runs --db PATH [--classes] [--json]
  --classes adds the metrics per class (first fine label) at each level. Metrics are means on a 0-1 scale: finer_em = FINER EM (lenient: the label is a substring of the
  first 20 answer words), strict_em = normalized answer equals a label, f1 = SQuAD token F1.`;

export async function runRunsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      classes: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const store = await openExistingStore(requireOption(values, 'db'));
  try {
    const runs = store.listRuns().map((run) => ({
      run,
      metrics: store.runLevelMetrics(run.id),
      totals: store.runTotals(run.id),
      classes: values.classes
        ? run.levels.map((level) => ({
            level,
            classes: store.runClassMetrics(run.id, level).map((c) => ({
              classLabel: c.classLabel,
              ...levelMetricsJson(c),
            })),
          }))
        : undefined,
    }));
    if (values.json) {
      printJson(io, {
        metricsLegend: {
          finer_em: 'FINER EM (lenient substring match, as in the FINER paper)',
          strict_em: 'strict EM (normalized equality with an acceptable label)',
          f1: 'token F1 (SQuAD)',
        },
        runs: runs.map(({ run, metrics, totals, classes }) => ({
          ...runJson(run),
          totals,
          metrics: metricsJson(metrics),
          ...(classes ? { classMetrics: classes } : {}),
        })),
      });
      return 0;
    }
    if (runs.length === 0) io.out('no runs');
    for (const { run, metrics, totals, classes } of runs) {
      io.out(
        `run ${run.id} [${run.status}] ${run.strategy} ${run.levels.join('+')} · ${run.model} · ${run.name}` +
          ` · tokens ${totals.inputTokens}/${totals.outputTokens}${totals.cost > 0 ? ` · $${totals.cost.toFixed(4)}` : ''}`,
      );
      for (const line of metricsLines(metrics)) io.out(line);
      for (const group of classes ?? []) {
        for (const c of group.classes) {
          const em = c.finer_em === null ? '-' : `${(c.finer_em * 100).toFixed(1)}%`;
          io.out(`    ${group.level} · ${c.classLabel}: FINER EM (lenient) ${em}, n=${c.count}`);
        }
      }
    }
    return 0;
  } finally {
    await store.close();
  }
}
