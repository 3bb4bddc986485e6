// What the store does when its journal is damaged in the middle: it keeps every record that
// still verifies, copies the damaged journal aside before anything could fold it away, and
// reports the damage by file, line and byte range.
import { copyFileSync } from 'node:fs';
import type { JournalDamage, JournalTail } from './journal';

export type StoreWarningCode =
  'journal-damaged' | 'journal-record-skipped' | 'empty-database-file' | 'orphan-journal';

/** Something the store recovered from but the user must hear about (named file, what was kept). */
export interface StoreWarning {
  code: StoreWarningCode;
  message: string;
  file: string;
}

/**
 * Copies the journal to `<journal>.damaged-<generation>` (one copy per journal generation,
 * refreshed when seen again, so repeated opens do not pile up copies) and returns the path.
 */
export function preserveDamagedJournal(journalPath: string, generation: string): string {
  const copy = `${journalPath}.damaged-${generation}`;
  copyFileSync(journalPath, copy);
  return copy;
}

export function journalDamageWarning(
  journalPath: string,
  damage: JournalDamage[],
  copy: string,
): StoreWarning {
  const stretches = damage
    .map(
      (d) =>
        `line ${d.line} (bytes ${d.offset}-${d.offset + d.bytes - 1}, between operations ${d.afterSeq} and ${d.beforeSeq})`,
    )
    .join('; ');
  const lost = damage.reduce((n, d) => n + Math.max(0, d.beforeSeq - d.afterSeq - 1), 0);
  return {
    code: 'journal-damaged',
    file: journalPath,
    message:
      `The journal ${journalPath} is damaged at ${stretches}. Every record that still verifies was kept; ` +
      `${lost} operation(s) in the damaged part could not be read. A copy of the damaged journal is at ${copy}.`,
  };
}

/** The warnings of one open store: kept for `warnings`, sent to the listener, damage once each. */
export class StoreWarnings {
  readonly list: StoreWarning[] = [];
  private readonly reportedDamage = new Set<string>();

  constructor(private readonly listener?: (warning: StoreWarning) => void) {}

  warn(warning: StoreWarning): void {
    this.list.push(warning);
    this.listener?.(warning);
  }

  /** Copies a journal damaged in the middle aside (once per generation) and reports it. */
  noteDamage(journalPath: string, tail: JournalTail): void {
    if (tail.damage.length === 0) return;
    const key = `${tail.header.generation}:${tail.damage.map((d) => d.offset).join(',')}`;
    if (this.reportedDamage.has(key)) return;
    this.reportedDamage.add(key);
    const copy = preserveDamagedJournal(journalPath, tail.header.generation);
    this.warn(journalDamageWarning(journalPath, tail.damage, copy));
  }
}
