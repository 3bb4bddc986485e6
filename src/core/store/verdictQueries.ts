// Overrulings of attribute verdicts (a researcher's verdict over the matcher's, per run,
// sample, side and attribute text, every change kept as history; a row with verdict NULL
// withdraws the overruling) and the cache of semantic matcher results. Every change is one
// journaled operation, durable on return.
import { StoreError } from '../errors';
import type { DurableDatabase } from './durableDatabase';
import { requireRun, requireSample } from './tagQueries';

export type VerdictSide = 'generated' | 'reference';

export interface OverrulingContext {
  domain: string;
  generated: string[];
  reference: { required: string[]; likely: string[] };
}

export interface NewOverruling {
  runId: number;
  sampleId: number;
  level: string;
  side: VerdictSide;
  attribute: string;
  /** The researcher's verdict, or null to withdraw the overruling. */
  verdict: string | null;
  matcherId: string;
  matcherVerdict: string;
  context: OverrulingContext;
  actor: string;
}

export interface VerdictOverruling extends NewOverruling {
  id: number;
  createdAt: string;
}

type OverrulingRow = {
  id: number;
  run_id: number;
  sample_id: number;
  level: string;
  side: VerdictSide;
  attribute: string;
  verdict: string | null;
  matcher_id: string;
  matcher_verdict: string;
  context_json: string;
  actor: string;
  created_at: string;
};

const COLUMNS =
  'id, run_id, sample_id, level, side, attribute, verdict, matcher_id, matcher_verdict, context_json, actor, created_at';

function fromRow(r: OverrulingRow): VerdictOverruling {
  return {
    id: r.id,
    runId: r.run_id,
    sampleId: r.sample_id,
    level: r.level,
    side: r.side,
    attribute: r.attribute,
    verdict: r.verdict,
    matcherId: r.matcher_id,
    matcherVerdict: r.matcher_verdict,
    context: JSON.parse(r.context_json) as OverrulingContext,
    actor: r.actor,
    createdAt: r.created_at,
  };
}

export function addOverruling(db: DurableDatabase, o: NewOverruling): VerdictOverruling {
  if (o.attribute.trim() === '') throw new StoreError('An overruling needs the attribute text.', 'invalid');
  const createdAt = new Date().toISOString();
  return db.mutate(() => {
    requireSample(db, o.sampleId);
    requireRun(db, o.runId);
    const next = (db.get<{ id: number }>('SELECT ifnull(max(id), 0) + 1 AS id FROM verdict_overrulings')
      ?.id ?? 1) as number;
    return {
      ops: [
        {
          sql: `INSERT INTO verdict_overrulings (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          params: [
            next,
            o.runId,
            o.sampleId,
            o.level,
            o.side,
            o.attribute,
            o.verdict,
            o.matcherId,
            o.matcherVerdict,
            JSON.stringify(o.context),
            o.actor,
            createdAt,
          ],
        },
      ],
      result: { ...o, id: next, createdAt },
    };
  });
}

/** Every overruling of a sample, oldest first (the history). */
export function overrulingHistory(db: DurableDatabase, sampleId: number): VerdictOverruling[] {
  return db
    .all<OverrulingRow>(`SELECT ${COLUMNS} FROM verdict_overrulings WHERE sample_id = ? ORDER BY id`, [
      sampleId,
    ])
    .map(fromRow);
}

/** The standing overrulings (latest per run, level, side and attribute, not withdrawn). */
export function currentOverrulings(db: DurableDatabase, sampleId?: number): VerdictOverruling[] {
  const where = sampleId === undefined ? '' : 'WHERE sample_id = ?';
  const rows = db.all<OverrulingRow>(
    `SELECT ${COLUMNS} FROM verdict_overrulings o
     WHERE o.id = (SELECT max(id) FROM verdict_overrulings i WHERE i.run_id = o.run_id AND i.sample_id = o.sample_id
                   AND i.level = o.level AND i.side = o.side AND i.attribute = o.attribute)
       ${where === '' ? '' : 'AND o.sample_id = ?'}
     ORDER BY o.id`,
    sampleId === undefined ? [] : [sampleId],
  );
  return rows.map(fromRow).filter((o) => o.verdict !== null);
}

export interface CachedMatch {
  resultJson: string;
  promptTokens: number;
  completionTokens: number;
}

export function cachedMatch(
  db: DurableDatabase,
  matcherId: string,
  model: string,
  inputHash: string,
): CachedMatch | undefined {
  const row = db.get<{ result_json: string; prompt_tokens: number; completion_tokens: number }>(
    'SELECT result_json, prompt_tokens, completion_tokens FROM match_cache WHERE matcher_id = ? AND model = ? AND input_hash = ?',
    [matcherId, model, inputHash],
  );
  return row
    ? {
        resultJson: row.result_json,
        promptTokens: row.prompt_tokens,
        completionTokens: row.completion_tokens,
      }
    : undefined;
}

export function saveMatches(
  db: DurableDatabase,
  entries: readonly { matcherId: string; model: string; inputHash: string; result: CachedMatch }[],
): void {
  if (entries.length === 0) return;
  const now = new Date().toISOString();
  db.mutate(() => ({
    ops: entries.map((e) => ({
      sql: `INSERT OR REPLACE INTO match_cache (matcher_id, model, input_hash, result_json, prompt_tokens, completion_tokens, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)`,
      params: [
        e.matcherId,
        e.model,
        e.inputHash,
        e.result.resultJson,
        e.result.promptTokens,
        e.result.completionTokens,
        now,
      ],
    })),
    result: undefined,
  }));
}
