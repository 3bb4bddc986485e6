// `finer-lens import-label-studio FILE --db PATH [--actor NAME] [--json]`: applies the label
// corrections and tag changes of a Label Studio JSON export (tasks made by `export --what
// label-studio`), reporting each change, each skipped change and each bad task with its id.
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { importLabelStudio, type TaskNote } from '../core/interop/labelStudioImport';
import { printJson, requireOption, UsageError, type CliIo } from './cliIo';
import { openExistingStore } from './runCliSupport';

export const importLabelStudioUsage =
  'finer-lens import-label-studio FILE --db PATH [--actor NAME] [--json]\n' +
  '  FILE is a Label Studio JSON export of tasks made by `finer-lens export --what label-studio`. A class chosen\n' +
  "  at a level corrects the sample's labels (history in label_edits), chosen / unticked tags are added / removed.\n" +
  '  Labels or tags changed in Finer Lens since the export are not overwritten: they are reported as skipped.\n' +
  '  Exit code 1 when a task is malformed (the valid tasks are still applied).';

function defaultActor(): string {
  try {
    return userInfo().username;
  } catch {
    return 'label-studio';
  }
}

function line(kind: string, n: TaskNote): string {
  return `${kind} ${n.task}${n.sampleId === null ? '' : ` (sample ${n.sampleId})`}: ${n.message}`;
}

export async function runImportLabelStudioCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      actor: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const file = positionals[0];
  if (file === undefined || positionals.length > 1)
    throw new UsageError('give exactly one Label Studio export FILE');
  const store = await openExistingStore(requireOption(values, 'db'));
  try {
    const report = importLabelStudio(store, resolve(file), { actor: values.actor ?? defaultActor() });
    if (values.json) {
      printJson(io, report);
    } else {
      io.out(
        `${report.file}: ${report.tasks} tasks; ${report.changed.length} changes, ${report.skipped.length} skipped, ${report.errors.length} bad tasks`,
      );
      for (const n of report.changed) io.out(line('changed', n));
      for (const n of report.skipped) io.out(line('skipped', n));
    }
    // Error messages already name the file and the task.
    for (const n of report.errors)
      io.err(`error${n.sampleId === null ? '' : ` (sample ${n.sampleId})`}: ${n.message}`);
    return report.errors.length > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}
