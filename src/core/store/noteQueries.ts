// Free-text notes per sample (optionally per run), stored verbatim (the UI escapes them) and
// limited in length. Every change is one journaled operation, durable on return.
import { StoreError } from '../errors';
import type { DurableDatabase } from './durableDatabase';
import type { SqlOp } from './journal';
import { requireRun, requireSample } from './tagQueries';

/** Notes longer than this are refused (nothing is saved). */
export const MAX_NOTE_LENGTH = 10_000;

export interface SampleNote {
  runId: number | null;
  text: string;
  updatedAt: string;
}

export function checkNoteLength(text: string): void {
  if (text.length > MAX_NOTE_LENGTH) {
    throw new StoreError(
      `A note may have at most ${MAX_NOTE_LENGTH.toLocaleString('en-US')} characters (this one has ${text.length.toLocaleString('en-US')}); nothing was saved.`,
      'invalid',
    );
  }
}

export function noteOf(
  db: DurableDatabase,
  sampleId: number,
  runId: number | null = null,
): string | undefined {
  return db.get<{ text: string }>('SELECT text FROM notes WHERE sample_id = ? AND ifnull(run_id, 0) = ?', [
    sampleId,
    runId ?? 0,
  ])?.text;
}

/** Sets a note verbatim (the UI escapes it); blank text deletes it. Returns the previous text. */
export function setNote(
  db: DurableDatabase,
  sampleId: number,
  text: string,
  runId: number | null = null,
): string | undefined {
  checkNoteLength(text);
  return db.mutate(() => {
    requireSample(db, sampleId);
    requireRun(db, runId);
    const current = noteOf(db, sampleId, runId);
    const wanted = text.trim() === '' ? undefined : text;
    if (current === wanted) return { ops: [], result: current };
    const ops: SqlOp[] = [
      {
        sql: 'DELETE FROM notes WHERE sample_id = ? AND ifnull(run_id, 0) = ?',
        params: [sampleId, runId ?? 0],
      },
    ];
    if (wanted !== undefined) {
      ops.push({
        sql: 'INSERT INTO notes (sample_id, run_id, text, updated_at) VALUES (?, ?, ?, ?)',
        params: [sampleId, runId, wanted, new Date().toISOString()],
      });
    }
    return { ops, result: current };
  });
}

/** Every note of a sample: the sample's own first, then per run. */
export function notesOf(db: DurableDatabase, sampleId: number): SampleNote[] {
  return db
    .all<{ run_id: number | null; text: string; updated_at: string }>(
      'SELECT run_id, text, updated_at FROM notes WHERE sample_id = ? ORDER BY ifnull(run_id, 0)',
      [sampleId],
    )
    .map((r) => ({ runId: r.run_id, text: r.text, updatedAt: r.updated_at }));
}
