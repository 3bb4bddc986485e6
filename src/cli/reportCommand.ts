// `finer-lens report`: a run's failure map as Markdown, self-contained HTML or JSON
// (docs/report.md). Several --run overlay their levels on the performance cliff; --compare adds
// a comparison (flips, class deltas, confusions that appeared or vanished).
import { mkdirSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeRun } from '../core/analysis/runAnalysis/analyzeRun';
import { compareRuns } from '../core/analysis/runAnalysis/compareRuns';
import { renderReport, REPORT_FORMATS, type ReportFormat } from '../core/report/reportRender';
import { replaceFileDurably } from '../core/store/atomicWrite';
import { requireOption, UsageError } from './cliIo';
import type { CliIo } from './cliIo';
import { openExistingStore } from './runCliSupport';

export const reportUsage =
  'finer-lens report --db PATH --run ID [--run ID ...] [--compare ID] [--text-run ID] [--coarse GROUP]\n' +
  '      --format md|html|json --out FILE   (see docs/report.md)';

function runIdOf(text: string, option: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new UsageError(`--${option} needs a run id (a positive integer), got "${text}"`);
  return id;
}

function formatOf(values: { format?: string; out: string }): ReportFormat {
  const given = values.format ?? extname(values.out).slice(1).toLowerCase().replace('markdown', 'md');
  if (!REPORT_FORMATS.includes(given as ReportFormat)) {
    throw new UsageError(`--format must be md, html or json (got "${values.format ?? given}")`);
  }
  return given as ReportFormat;
}

export async function runReportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      run: { type: 'string', multiple: true },
      compare: { type: 'string' },
      'text-run': { type: 'string' },
      coarse: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const db = requireOption(values, 'db');
  const out = resolve(requireOption(values, 'out'));
  const runs = (values.run ?? []).map((r) => runIdOf(r, 'run'));
  if (runs.length === 0) throw new UsageError('--run is required');
  const format = formatOf({ format: values.format, out });
  const compare = values.compare === undefined ? undefined : runIdOf(values.compare, 'compare');
  const textRunId = values['text-run'] === undefined ? undefined : runIdOf(values['text-run'], 'text-run');
  const store = await openExistingStore(db, { readOnly: true });
  try {
    const [primary, ...rest] = runs;
    const analysis = analyzeRun(store, primary!, { textRunId, matrixCoarse: values.coarse });
    const overlayIds = [...rest, ...(compare !== undefined && !rest.includes(compare) ? [compare] : [])];
    const others = overlayIds.map((id) => analyzeRun(store, id, { skipGrounding: true }));
    const comparison = compare === undefined ? undefined : compareRuns(store, primary!, compare);
    const text = renderReport({ analysis, others, comparison }, format);
    mkdirSync(dirname(out), { recursive: true });
    replaceFileDurably(
      out,
      join(dirname(out), `.${basename(out)}.${process.pid}.tmp`),
      Buffer.from(text, 'utf8'),
    );
    io.out(`Wrote ${format} report of run ${primary} to ${out}`);
  } finally {
    await store.close();
  }
  return 0;
}
