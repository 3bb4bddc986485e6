// `finer-lens runs --db PATH [--json]`: every run with its metrics per level (metric names explicit),
// and the modality gap of every image run paired with a text-only probe run of the same dataset.
import { parseArgs } from 'node:util';
import { modalityGapReport, modalityRunPairs } from '../core/analysis/modalityGap';
import type { RunRecord } from '../core/runs/runTypes';
import type { FinerStore } from '../core/store/finerStore';
import { runLeaseOwner } from '../core/store/runLease';
import { METRIC_NAMES, metricsLegend } from '../shared/metricNames';
import { runTaxonomyScores, TaxonomySampleCache } from '../core/scoring/runTaxonomyScores';
import { taxonomyLines } from './taxonomyReport';
import { printJson, requireOption, type CliIo } from './cliIo';
import {
  levelMetricsJson,
  metricsJson,
  metricsLines,
  openExistingStore,
  protocolLine,
  resumeCommand,
  runJson,
} from './runCliSupport';

export const runsUsage = `finer-lens runs --db PATH [--classes] [--taxonomy] [--json]
  --taxonomy adds, for runs on a dataset with a taxonomy (iNaturalist, FGVC-Aircraft, NABirds), accuracy
  per taxonomy rank, hierarchical precision/recall/F1 and the LCA depth of mistakes (docs/taxonomy-scoring.md).
  --classes adds the metrics per class (first fine label) at each level. Metrics are means on a 0-1 scale: finer_em = FINER EM (lenient: the label is a substring of the
  first 20 answer words), strict_em = normalized answer equals a label, f1 = SQuAD token F1.
  Modality gap: for each image run (direct/attrseek) and text-only probe run of a dataset, how many
  samples the model names from the text only, from the image only, both or neither (fine level).
  A live run that is not done and that no process executes (cancelled, failed, or killed while
  pending / running) is listed as resumable, with the command that continues it.
  Wrong fine answers by severity: the class the answer names is a sibling (same coarse group),
  a cousin (same superordinate), other, off-list (no class of the dataset) or ambiguous (see docs/runs.md).`;

interface RunExecution {
  /** The process executing the run now ("process PID on HOST since ..."), if any. */
  executedBy: string | null;
  resumable: boolean;
  resumeCommand: string | null;
}

function executionOf(store: FinerStore, dbOption: string, run: RunRecord): RunExecution {
  if (run.status === 'done' || run.source !== 'live')
    return { executedBy: null, resumable: false, resumeCommand: null };
  const executedBy = runLeaseOwner(store.path, run.id) ?? null;
  const resumable = executedBy === null;
  return { executedBy, resumable, resumeCommand: resumable ? resumeCommand(dbOption, run.id) : null };
}

/** Per-sample modality outcomes counted for every (image run, text-only run) pair. */
function modalityGaps(store: FinerStore) {
  const datasetIds = [...new Set(store.listRuns().map((r) => r.datasetId))];
  return datasetIds
    .flatMap((id) => modalityRunPairs(store, id))
    .map(({ imageRun, textRun }) => {
      const report = modalityGapReport(store, imageRun.id, textRun.id);
      return {
        imageRun: imageRun.id,
        textRun: textRun.id,
        samples: report.samples.length,
        finer_em: report.finerCounts,
        strict_em: report.strictCounts,
      };
    });
}

export async function runRunsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      classes: { type: 'boolean', default: false },
      taxonomy: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const dbOption = requireOption(values, 'db');
  const store = await openExistingStore(dbOption, { readOnly: true });
  try {
    const taxonomySamples = new TaxonomySampleCache(store);
    const runs = store.listRuns().map((run) => ({
      run,
      execution: executionOf(store, dbOption, run),
      metrics: store.runLevelMetrics(run.id),
      totals: store.runTotals(run.id),
      severity: store.runSeverityBreakdown(run.id),
      classes: values.classes
        ? run.levels.map((level) => ({
            level,
            classes: store.runClassMetrics(run.id, level).map((c) => ({
              classLabel: c.classLabel,
              ...levelMetricsJson(c),
            })),
          }))
        : undefined,
      taxonomy: values.taxonomy ? runTaxonomyScores(store, run.id, taxonomySamples) : undefined,
    }));
    const gaps = modalityGaps(store);
    if (values.json) {
      printJson(io, {
        metricsLegend: metricsLegend(),
        runs: runs.map(({ run, execution, metrics, totals, severity, classes, taxonomy }) => ({
          ...runJson(run),
          ...execution,
          totals,
          metrics: metricsJson(metrics),
          severity: { wrong_fine: severity.wrong, ...severity.counts },
          ...(classes ? { classMetrics: classes } : {}),
          ...(values.taxonomy ? { taxonomy: taxonomy ?? null } : {}),
        })),
        modalityGaps: gaps,
      });
      return 0;
    }
    if (runs.length === 0) io.out('no runs');
    for (const { run, execution, metrics, totals, severity, classes, taxonomy } of runs) {
      io.out(
        `run ${run.id} [${run.status}] ${run.strategy} ${run.levels.join('+')} · ${run.model} · ${run.name}` +
          ` · tokens ${totals.inputTokens}/${totals.outputTokens}${totals.cost > 0 ? ` · $${totals.cost.toFixed(4)}` : ''}`,
      );
      if (execution.executedBy !== null) io.out(`  executing now: ${execution.executedBy}`);
      if (execution.resumeCommand !== null)
        io.out(
          `  resumable: ${execution.resumeCommand}  (add --api-key-env VAR if the endpoint needs a key)`,
        );
      io.out(`  ${protocolLine(run)}`);
      for (const line of metricsLines(metrics)) io.out(line);
      if (severity.wrong > 0) {
        const c = severity.counts;
        io.out(
          `  wrong fine answers ${severity.wrong}: sibling ${c.sibling}, cousin ${c.cousin}, other ${c.other},` +
            ` off-list ${c['off-list']}, ambiguous ${c.ambiguous}`,
        );
      }
      for (const group of classes ?? []) {
        for (const c of group.classes) {
          const em = c.finer_em === null ? '-' : `${(c.finer_em * 100).toFixed(1)}%`;
          io.out(`    ${group.level} · ${c.classLabel}: ${METRIC_NAMES.finerEm} ${em}, n=${c.count}`);
        }
      }
      if (taxonomy) for (const line of taxonomyLines(taxonomy)) io.out(line);
    }
    for (const gap of gaps) {
      const c = gap.finer_em;
      io.out(
        `modality gap, image run ${gap.imageRun} vs text-only run ${gap.textRun} (${gap.samples} samples, FINER EM):` +
          ` knows from text, not image ${c['knows from text, not image']}; from image, not text` +
          ` ${c['knows from image, not text']}; both ${c['both correct']}; neither ${c['both wrong']}`,
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}
