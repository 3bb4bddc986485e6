// `finer-lens import --format cub|nabirds|aircraft|dogs|cars|inat|auto FOLDER --split SPLIT --db PATH`:
// a source dataset's downloaded folder, with the coarse-label options; prints what was found
// and where each label level came from.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { validateEndpoint } from '../core/lvlm/lvlmEndpoint';
import { LvlmClient } from '../core/lvlm/lvlmClient';
import { NATIVE_FORMATS, type NativeFormat } from '../core/model';
import type { CoarseLabelEndpoint } from '../core/import/native/coarseLabels';
import { describeLayout } from '../core/import/native/layoutDetection';
import { importNativeDataset, type NativeImportResult } from '../core/import/native/nativeImporter';
import { FinerStore } from '../core/store/finerStore';
import { printJson, requireOption, UsageError, type CliIo } from './cliIo';
import { apiKeyFromEnv, storeOptionsForCli } from './runCliSupport';

export const nativeImportUsage = `finer-lens import --format cub|nabirds|aircraft|dogs|cars|inat|auto FOLDER --db PATH
    [--split SPLIT] [--name NAME] [--no-image-check] [--coarse-map FILE.csv] [--coarse-level RANK]
    [--coarse-endpoint URL --coarse-model NAME [--coarse-api-key-env VAR]] [--json]
  A source dataset's folder as downloaded (layouts in docs/formats.md); auto detects the layout.
  --coarse-map: CSV with columns fine,coarse; --coarse-level: iNaturalist rank for coarse labels
  (kingdom..genus, default family); --coarse-endpoint: ask an LVLM for the coarse label of classes
  the dataset has none for (CUB, Dogs, Cars without a body type in the name).`;

export function isNativeFormat(format: string): format is NativeFormat | 'auto' {
  return format === 'auto' || (NATIVE_FORMATS as readonly string[]).includes(format);
}

function coarseEndpoint(values: Record<string, unknown>): CoarseLabelEndpoint | undefined {
  const url = values['coarse-endpoint'];
  if (url === undefined) {
    if (values['coarse-model'] !== undefined) throw new UsageError('--coarse-model needs --coarse-endpoint');
    return undefined;
  }
  const endpoint = validateEndpoint({
    name: 'coarse-labels',
    baseUrl: requireOption(values, 'coarse-endpoint'),
    model: requireOption(values, 'coarse-model'),
  });
  const apiKey = apiKeyFromEnv(values['coarse-api-key-env'] as string | undefined);
  return { client: new LvlmClient(endpoint, apiKey ? { apiKey } : {}), model: endpoint.model };
}

export function printNativeSummary(io: CliIo, summary: NativeImportResult): void {
  io.out(`Found ${describeLayout(summary.layout)}.`);
  io.out(
    `Imported dataset "${summary.datasetName}" (id ${summary.datasetId}): ${summary.imported} samples imported, ` +
      `${summary.skipped} skipped, ${summary.warnings} warnings (${summary.durationMs.toFixed(0)} ms).`,
  );
  for (const level of ['superordinate', 'coarse', 'fine'] as const) {
    const s = summary.labelSources[level];
    const extra = s.model ? ` (model ${s.model})` : '';
    io.out(`  ${level}: ${s.kind} - ${s.detail}${extra}`);
  }
}

export async function runNativeImport(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      db: { type: 'string' },
      split: { type: 'string' },
      name: { type: 'string' },
      'no-image-check': { type: 'boolean', default: false },
      'coarse-map': { type: 'string' },
      'coarse-level': { type: 'string' },
      'coarse-endpoint': { type: 'string' },
      'coarse-model': { type: 'string' },
      'coarse-api-key-env': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const format = requireOption(values, 'format');
  if (!isNativeFormat(format)) throw new UsageError(`--format ${format} is not a dataset folder format`);
  if (positionals.length !== 1)
    throw new UsageError(`expected one dataset FOLDER, got ${positionals.length}`);
  const dbPath = resolve(requireOption(values, 'db'));
  const endpoint = coarseEndpoint(values);
  const store = await FinerStore.open(dbPath, storeOptionsForCli(false));
  let summary: NativeImportResult;
  try {
    summary = await importNativeDataset(store, {
      format,
      folder: resolve(positionals[0] as string),
      ...(values.split !== undefined ? { split: values.split } : {}),
      ...(values.name !== undefined ? { name: values.name } : {}),
      checkImages: !values['no-image-check'],
      ...(values['coarse-map'] !== undefined ? { coarseMapFile: resolve(values['coarse-map']) } : {}),
      ...(values['coarse-level'] !== undefined ? { coarseLevel: values['coarse-level'] } : {}),
      ...(endpoint ? { coarseEndpoint: endpoint } : {}),
    });
  } finally {
    await store.close();
  }
  for (const issue of summary.issues) {
    const where = [issue.file, issue.line].filter((p) => p !== undefined).join(':');
    io.err(`${where}: ${issue.severity}${issue.field ? ` [${issue.field}]` : ''}: ${issue.reason}`);
  }
  if (values.json) printJson(io, summary);
  else printNativeSummary(io, summary);
  return summary.imported > 0 ? 0 : 1;
}
