// `finer-lens checkpoint --db PATH`: folds the journal into the database file so that sqlite3,
// pandas and other readers of the file see every acknowledged edit.
import { parseArgs } from 'node:util';
import { requireOption, type CliIo } from './cliIo';
import { openExistingStore } from './runCliSupport';

export const checkpointUsage = 'finer-lens checkpoint --db PATH';

export async function runCheckpointCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string' } } });
  const store = await openExistingStore(requireOption(values, 'db'));
  try {
    store.checkpoint();
    io.out(`${store.path}: journal folded into the database file`);
  } finally {
    await store.close();
  }
  return 0;
}
