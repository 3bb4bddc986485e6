// `finer-lens stats --db PATH [--json]`: per dataset sample counts, distinct labels per level, concepts.
import { parseArgs } from 'node:util';
import { printJson, requireOption } from './cliIo';
import type { CliIo } from './cliIo';
import { openExistingStore } from './runCliSupport';

export const statsUsage = 'finer-lens stats --db PATH [--json]';

export async function runStatsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { db: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const store = await openExistingStore(requireOption(values, 'db'), { readOnly: true });
  const dbPath = store.path;
  try {
    const stats = store
      .listDatasets()
      .map((d) => ({ ...store.datasetStats(d.id), rootDir: d.rootDir, format: d.format, split: d.split }));
    if (values.json) {
      printJson(io, { database: dbPath, schemaVersion: store.schemaVersion, datasets: stats });
    } else if (stats.length === 0) {
      io.out(`${dbPath}: no datasets`);
    } else {
      for (const s of stats) {
        io.out(
          `${s.name} (id ${s.datasetId}, ${s.format}, ${s.split}): ${s.samples} samples; distinct labels: ` +
            `superordinate ${s.distinct.superordinate}, coarse ${s.distinct.coarse}, fine ${s.distinct.fine}; ` +
            `${s.conceptsWithAttributes} concepts with attributes`,
        );
      }
    }
  } finally {
    await store.close();
  }
  return 0;
}
