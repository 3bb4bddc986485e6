// The failure map's reads (RunAnalysisQueries) computed in one pass over each run's results:
// one SELECT of a run's rows (no join; gold classes come from the dataset's cached class index)
// instead of a grouped query per figure, which sql.js runs several times slower at 100k results.
// runAnalysisQueries.ts keeps the SQL form of every figure; a test checks both agree.
import type { LabelLevel } from '../model';
import { LABEL_LEVELS } from '../model';
import { MISTAKE_SEVERITIES, RESOLUTION_RULES } from '../scoring/classResolution';
import { datasetClasses } from './classResolutionQueries';
import type { DurableDatabase } from './durableDatabase';
import {
  attributeLists,
  tagCounts,
  type ClassCounts,
  type FlipCounts,
  type LevelCounts,
  type ModalityCell,
  type RequestFigures,
  type ResolvedCell,
  type RunAnalysisQueries,
} from './runAnalysisQueries';
import type { Row } from './statementCache';

interface RunRow {
  sampleId: number;
  level: LabelLevel;
  done: boolean;
  finerEm: number | null;
  strictEm: number | null;
  f1: number | null;
  error: boolean;
  truncated: boolean;
  refused: boolean;
  resolved: string | null;
  rule: string | null;
  severity: string | null;
  latency: number | null;
  tokens: number | null;
  inputTokens: number;
  outputTokens: number;
  cost: number | null;
  cacheHit: boolean;
}

interface Gold {
  superordinate: string;
  coarse: string;
  fine: string;
}

const GOLD_KEY: Record<LabelLevel, keyof Gold> = {
  superordinate: 'superordinate',
  coarse: 'coarse',
  fine: 'fine',
};
const nullable = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** SQL: 1 + the index of the column's value in `known`, 0 for NULL or any other value. */
function enumCode(column: string, known: readonly string[]): string {
  return `CASE ${column} ${known.map((v, i) => `WHEN '${v}' THEN ${i + 1}`).join(' ')} ELSE 0 END`;
}

/** SQL: the column's text when it is not NULL and not one of `known`, else NULL. */
function unknownText(column: string, known: readonly string[]): string {
  return `CASE WHEN ${column} IN (${known.map((v) => `'${v}'`).join(', ')}) THEN NULL ELSE ${column} END`;
}

function decodeEnum(known: readonly string[], code: number, raw: unknown): string | null {
  return code > 0 ? (known[code - 1] ?? null) : text(raw);
}

function memo<V>(cache: Map<string, V>, key: string, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

class Mean {
  sum = 0;
  n = 0;
  add(v: number | null): void {
    if (v === null) return;
    this.sum += v;
    this.n++;
  }
  get value(): number | null {
    return this.n === 0 ? null : this.sum / this.n;
  }
}

export function memoryRunAnalysisQueries(db: DurableDatabase): RunAnalysisQueries {
  const rowsByRun = new Map<number, RunRow[]>();
  const datasetOf = new Map<number, number>();

  function rows(runId: number): RunRow[] {
    let list = rowsByRun.get(runId);
    if (list !== undefined) return list;
    // Copying a value out of sql.js costs a call into WebAssembly, and a text value a UTF-8
    // decode too: the flags, the level, the resolution rule and the severity travel packed in
    // one integer. A value outside the known sets (a newer or hand-edited file) comes as text in
    // its own column, NULL otherwise (cheap), so nothing is lost.
    list = db
      .values(
        `SELECT sample_id, (stage = 'done') | ((error IS NOT NULL) << 1) | (ifnull(finish_reason = 'length', 0) << 2)
           | ((refusal IS NOT NULL) << 3) | (cache_hit << 4) | (${enumCode('level', LABEL_LEVELS)} << 5)
           | (${enumCode('resolution_rule', RESOLUTION_RULES)} << 8)
           | (${enumCode('mistake_severity', MISTAKE_SEVERITIES)} << 12),
           finer_em, strict_em, f1, resolved_class, ${unknownText('level', LABEL_LEVELS)},
           ${unknownText('resolution_rule', RESOLUTION_RULES)}, ${unknownText('mistake_severity', MISTAKE_SEVERITIES)},
           latency_ms, input_tokens, output_tokens, cost
         FROM predictions WHERE run_id = ?`,
        [runId],
      )
      .map((r) => {
        const flags = Number(r[1]);
        const i = r[11];
        const o = r[12];
        return {
          sampleId: Number(r[0]),
          level: decodeEnum(LABEL_LEVELS, (flags >> 5) & 7, r[6]) as LabelLevel,
          done: (flags & 1) !== 0,
          finerEm: nullable(r[2]),
          strictEm: nullable(r[3]),
          f1: nullable(r[4]),
          error: (flags & 2) !== 0,
          truncated: (flags & 4) !== 0,
          refused: (flags & 8) !== 0,
          resolved: text(r[5]),
          rule: decodeEnum(RESOLUTION_RULES, (flags >> 8) & 15, r[7]),
          severity: decodeEnum(MISTAKE_SEVERITIES, (flags >> 12) & 15, r[8]),
          latency: nullable(r[9]),
          tokens: i === null && o === null ? null : Number(i ?? 0) + Number(o ?? 0),
          inputTokens: Number(i ?? 0),
          outputTokens: Number(o ?? 0),
          cost: nullable(r[13]),
          cacheHit: (flags & 16) !== 0,
        };
      });
    rowsByRun.set(runId, list);
    return list;
  }

  function gold(runId: number): Map<number, Gold> {
    let datasetId = datasetOf.get(runId);
    if (datasetId === undefined) {
      datasetId = Number(
        db.get<Row>('SELECT dataset_id FROM runs WHERE id = ?', [runId])?.['dataset_id'] ?? 0,
      );
      datasetOf.set(runId, datasetId);
    }
    return datasetClasses(db, (sql, params) => db.all(sql, params), datasetId).gold;
  }

  // Each figure walks a run's final results at a level: filtered (and indexed) once per level.
  const doneMemo = new Map<string, RunRow[]>();
  const done = (runId: number, level?: LabelLevel): RunRow[] =>
    memo(doneMemo, `${runId}:${level ?? ''}`, () =>
      rows(runId).filter((r) => r.done && (level === undefined || r.level === level)),
    );

  /** Final results of a run at a level by sample id. */
  const bySampleMemo = new Map<string, Map<number, RunRow>>();
  const bySample = (runId: number, level: LabelLevel): Map<number, RunRow> =>
    memo(bySampleMemo, `${runId}:${level}`, () => new Map(done(runId, level).map((r) => [r.sampleId, r])));

  return {
    levelCounts(runId) {
      const out: LevelCounts[] = [];
      for (const level of LABEL_LEVELS) {
        const list = done(runId, level);
        if (list.length === 0) continue;
        const em = new Mean();
        const strict = new Mean();
        const f1 = new Mean();
        const c = { scored: 0, errors: 0, truncated: 0, refused: 0, correct: 0, strictCorrect: 0 };
        for (const r of list) {
          em.add(r.finerEm);
          strict.add(r.strictEm);
          f1.add(r.f1);
          if (r.finerEm !== null) c.scored++;
          if (r.error) c.errors++;
          if (r.truncated) c.truncated++;
          if (r.refused) c.refused++;
          if (r.finerEm === 1) c.correct++;
          if (r.strictEm === 1) c.strictCorrect++;
        }
        out.push({ level, n: list.length, ...c, finerEm: em.value, strictEm: strict.value, f1: f1.value });
      }
      return out;
    },
    consistencyCounts(runId, levels) {
      const per = new Map<number, { c: number; r: number }>();
      for (const row of done(runId)) {
        if (!levels.includes(row.level)) continue;
        const p = per.get(row.sampleId) ?? { c: 0, r: 0 };
        p.c++;
        if (row.finerEm === 1) p.r++;
        per.set(row.sampleId, p);
      }
      let answeredAll = 0;
      let rightAll = 0;
      for (const p of per.values()) {
        if (p.c === levels.length) {
          answeredAll++;
          if (p.r === levels.length) rightAll++;
        }
      }
      return { answeredAll, rightAll };
    },
    classCounts(runId, level) {
      const g = gold(runId);
      const acc = new Map<string, ClassCounts & { em: Mean; strict: Mean }>();
      for (const r of done(runId, level)) {
        const path = g.get(r.sampleId);
        if (path === undefined) continue;
        const key = path[GOLD_KEY[level]];
        let c = acc.get(key);
        if (c === undefined) {
          c = {
            classKey: key,
            superordinate: path.superordinate,
            coarse: path.coarse,
            n: 0,
            scored: 0,
            errors: 0,
            correct: 0,
            finerEm: null,
            strictEm: null,
            em: new Mean(),
            strict: new Mean(),
          };
          acc.set(key, c);
        }
        // Like SQL's min(): the first superordinate / coarse group by text order.
        if (path.superordinate < c.superordinate) c.superordinate = path.superordinate;
        if (path.coarse < c.coarse) c.coarse = path.coarse;
        c.n++;
        if (r.finerEm !== null) c.scored++;
        if (r.error) c.errors++;
        if (r.finerEm === 1) c.correct++;
        c.em.add(r.finerEm);
        c.strict.add(r.strictEm);
      }
      return [...acc.values()].map(({ em, strict, ...c }) => ({
        ...c,
        finerEm: em.value,
        strictEm: strict.value,
      }));
    },
    sharedClassCounts(runA, runB, level) {
      const g = gold(runA);
      const inB = bySample(runB, level);
      const acc = new Map<string, number>();
      for (const r of done(runA, level)) {
        if (!inB.has(r.sampleId)) continue;
        const key = g.get(r.sampleId)?.[GOLD_KEY[level]];
        if (key !== undefined) acc.set(key, (acc.get(key) ?? 0) + 1);
      }
      return [...acc.entries()].map(([classKey, n]) => ({ classKey, n }));
    },
    resolvedCells(runId, level, coarse) {
      const g = gold(runId);
      const acc = new Map<string, ResolvedCell>();
      for (const r of done(runId, level)) {
        if (r.error || r.rule === null) continue;
        const path = g.get(r.sampleId);
        if (path === undefined || (coarse !== undefined && path.coarse !== coarse)) continue;
        const goldKey = path[GOLD_KEY[level]];
        const key = `${goldKey}\u0000${r.resolved ?? '\u0001'}\u0000${r.rule}`;
        let c = acc.get(key);
        if (c === undefined) {
          c = { gold: goldKey, resolved: r.resolved, rule: r.rule, right: 0, wrong: 0, severity: null };
          acc.set(key, c);
        }
        if (r.finerEm === 1) c.right++;
        if (r.finerEm === 0) c.wrong++;
        if (r.severity !== null && (c.severity === null || r.severity < c.severity)) c.severity = r.severity;
      }
      return [...acc.values()];
    },
    modalityCells(imageRunId, textRunId) {
      const g = gold(imageRunId);
      const texts = bySample(textRunId, 'fine');
      // fine -> coarse -> counts by (image right, text right) as 2 * image + text.
      const acc = new Map<string, Map<string, number[]>>();
      for (const i of done(imageRunId, 'fine')) {
        const t = texts.get(i.sampleId);
        const path = g.get(i.sampleId);
        if (t === undefined || path === undefined) continue;
        let byCoarse = acc.get(path.fine);
        if (byCoarse === undefined) acc.set(path.fine, (byCoarse = new Map()));
        let counts = byCoarse.get(path.coarse);
        if (counts === undefined) byCoarse.set(path.coarse, (counts = [0, 0, 0, 0]));
        counts[(i.finerEm === 1 ? 2 : 0) + (t.finerEm === 1 ? 1 : 0)]! += 1;
      }
      const out: ModalityCell[] = [];
      for (const [fine, byCoarse] of acc) {
        for (const [coarse, counts] of byCoarse) {
          counts.forEach((count, k) => {
            if (count > 0) out.push({ fine, coarse, imageRight: k >= 2, textRight: k % 2 === 1, count });
          });
        }
      }
      return out;
    },
    flipCounts(runA, runB) {
      const out: FlipCounts[] = [];
      for (const level of LABEL_LEVELS) {
        const inB = bySample(runB, level);
        const f: FlipCounts = { level, shared: 0, rightA: 0, rightB: 0, rightToWrong: 0, wrongToRight: 0 };
        for (const a of done(runA, level)) {
          const b = inB.get(a.sampleId);
          if (b === undefined) continue;
          f.shared++;
          const ra = a.finerEm === 1;
          const rb = b.finerEm === 1;
          const wa = a.error || a.finerEm === 0;
          const wb = b.error || b.finerEm === 0;
          if (ra) f.rightA++;
          if (rb) f.rightB++;
          if (ra && wb) f.rightToWrong++;
          if (wa && rb) f.wrongToRight++;
        }
        if (f.shared > 0) out.push(f);
      }
      return out;
    },
    tagCounts: (datasetId, runId, perClass) => tagCounts(db, datasetId, runId, perClass),
    requestFigures(runId) {
      const all = rows(runId);
      const latencyMs: number[] = [];
      const tokens: number[] = [];
      const f = { inputTokens: 0, outputTokens: 0, cost: 0, costed: 0, cacheHits: 0 };
      for (const r of all) {
        if (r.latency !== null) latencyMs.push(r.latency);
        if (r.tokens !== null) tokens.push(r.tokens);
        f.inputTokens += r.inputTokens;
        f.outputTokens += r.outputTokens;
        if (r.cost !== null) {
          f.cost += r.cost;
          f.costed++;
        }
        if (r.cacheHit) f.cacheHits++;
      }
      latencyMs.sort((a, b) => a - b);
      tokens.sort((a, b) => a - b);
      const figures: RequestFigures = { latencyMs, tokens, ...f, requests: all.length };
      return figures;
    },
    severityCounts(runId) {
      const counts: Record<string, number> = Object.fromEntries(MISTAKE_SEVERITIES.map((k) => [k, 0]));
      let wrong = 0;
      for (const r of done(runId, 'fine')) {
        if (r.finerEm !== 0) continue;
        wrong++;
        if (r.severity !== null && r.severity in counts) counts[r.severity]! += 1;
      }
      return { wrong, counts };
    },
    attributeLists: (runId, level) => attributeLists(db, runId, level),
  };
}
