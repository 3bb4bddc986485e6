// `finer-lens batch export|import`: a run's requests as OpenAI Batch API JSONL (what vLLM's
// run-batch also reads) and the output JSONL back as the run's results. ATTRSEEK: two rounds
// (export -> execute -> import for turn 1, then the same for turn 2).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exportBatchRequests, importBatchOutputs } from '../core/runs/openAiBatch';
import { printJson, requireOption, UsageError, type CliIo } from './cliIo';
import { numberOption, openExistingStore } from './runCliSupport';

export const batchUsage = `finer-lens batch export --db PATH --run ID --out FILE [--retry-errors] [--json]
  finer-lens batch import --db PATH --run ID --input FILE [--json]
  Create the run with \`finer-lens run ... --batch-export FILE\`. ATTRSEEK goes in two phases: the first export
  holds turn 1; after importing its output, export again for turn 2 and import that output.`;

export async function runBatchCommand(argv: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = argv;
  if (action !== 'export' && action !== 'import')
    throw new UsageError('expected "batch export" or "batch import"');
  const { values } = parseArgs({
    args: rest,
    options: {
      db: { type: 'string' },
      run: { type: 'string' },
      out: { type: 'string' },
      input: { type: 'string' },
      'retry-errors': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const runId = numberOption(values, 'run', { integer: true, min: 1 });
  if (runId === undefined) throw new UsageError('missing required option --run');
  const store = await openExistingStore(requireOption(values, 'db'));
  try {
    if (action === 'export') {
      const out = resolve(requireOption(values, 'out'));
      const summary = await exportBatchRequests(store, runId, out, {
        retryErrors: values['retry-errors'] === true,
      });
      if (values.json) printJson(io, { runId, ...summary });
      else
        io.out(
          `run ${runId}: ${summary.requests} requests (${summary.turn1} turn 1, ${summary.turn2} turn 2) written to ${out}` +
            (summary.errors > 0 ? `; ${summary.errors} tasks stored as errors` : ''),
        );
      return 0;
    }
    const input = resolve(requireOption(values, 'input'));
    const summary = await importBatchOutputs(store, runId, input);
    if (values.json) printJson(io, { runId, ...summary });
    else {
      io.out(
        `run ${runId}: ${summary.imported} results, ${summary.turn1} ATTRSEEK turn-1 replies, ${summary.errors} errors imported; ` +
          `${summary.pending} tasks pending${summary.pending > 0 ? ' (export again for the next phase)' : ''}`,
      );
    }
    for (const i of summary.issues) io.err(`${i.file}:${i.line}: ${i.reason}`);
    return summary.issues.length > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}
