// Applies journal records to the in-memory database, one transaction per record, skipping
// those the file already holds. After damage in the journal (`tolerant`) a record may depend
// on one that was lost: it is skipped and reported instead of failing the open, so every
// other record is kept.
import type { Database } from 'sql.js';
import { StoreError } from '../errors';
import type { JournalRecord } from './journal';
import type { StoreWarnings } from './journalDamage';
import { errorText } from '../../shared/errorText';
import type { StatementCache } from './statementCache';

export interface ReplayTarget {
  db: Database;
  statements: StatementCache;
  journalPath: string;
  warnings: StoreWarnings;
}

/** Returns the last seq applied (or skipped); `appliedSeq` is the last one already in memory. */
export function replayJournalRecords(
  target: ReplayTarget,
  records: readonly JournalRecord[],
  appliedSeq: number,
  tolerant: boolean,
): number {
  let lastSeq = appliedSeq;
  for (const record of records) {
    if (record.seq <= lastSeq) continue;
    target.db.run('BEGIN');
    try {
      for (const op of record.ops) target.statements.get(op.sql).run(op.params);
      target.db.run('COMMIT');
    } catch (error) {
      target.db.run('ROLLBACK');
      const problem = `Cannot replay operation ${record.seq} of the journal ${target.journalPath}: ${errorText(error)}`;
      if (!tolerant) throw new StoreError(problem, 'corrupt', { cause: error });
      target.warnings.warn({
        code: 'journal-record-skipped',
        file: target.journalPath,
        message: `${problem} (skipped)`,
      });
    }
    lastSeq = record.seq;
  }
  return lastSeq;
}
