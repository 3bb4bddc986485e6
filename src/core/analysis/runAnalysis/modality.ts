// The modality gap of an image run against a text-only probe run (per fine class, per coarse
// group, and the four per-sample quadrants), and ATTRSEEK against direct prompting on the same
// samples. Outcomes by FINER EM at the fine level; a failed request counts as wrong.
import type { ModalityQuadrant } from '../../model';
import { MODALITY_QUADRANTS } from '../../model';
import type { RunRecord } from '../../runs/runTypes';
import type { ModalityCell, RunAnalysisQueries } from '../../store/runAnalysisQueries';
import { sliceOf } from './levelsAndClasses';
import type { CountedSlice, ModalityClassRow, ModalityGapSection, StrategyComparison } from './types';

const IMAGE_STRATEGIES = new Set(['direct', 'attrseek']);

export function isImageRun(run: RunRecord): boolean {
  return IMAGE_STRATEGIES.has(run.strategy);
}

/** The newest run matching `accept` among `runs` (other than `self`), preferring the same model. */
export function newestPartner(
  runs: readonly RunRecord[],
  self: RunRecord,
  accept: (r: RunRecord) => boolean,
): RunRecord | undefined {
  const candidates = runs.filter((r) => r.id !== self.id && r.datasetId === self.datasetId && accept(r));
  candidates.sort((a, b) => Number(b.model === self.model) - Number(a.model === self.model) || b.id - a.id);
  return candidates[0];
}

function quadrantOf(c: ModalityCell): ModalityQuadrant {
  if (c.imageRight && c.textRight) return 'both';
  if (c.textRight) return 'text-only';
  if (c.imageRight) return 'image-only';
  return 'neither';
}

function groupRows(
  cells: readonly ModalityCell[],
  keyOf: (c: ModalityCell) => string,
  sliceFor: (key: string) => ModalityClassRow['slice'],
): ModalityClassRow[] {
  const acc = new Map<string, { n: number; image: number; text: number }>();
  for (const c of cells) {
    const key = keyOf(c);
    const a = acc.get(key) ?? { n: 0, image: 0, text: 0 };
    a.n += c.count;
    if (c.imageRight) a.image += c.count;
    if (c.textRight) a.text += c.count;
    acc.set(key, a);
  }
  return [...acc.entries()]
    .map(([label, a]) => ({
      label,
      n: a.n,
      image_finer_em: a.image / a.n,
      text_finer_em: a.text / a.n,
      gap: (a.image - a.text) / a.n,
      slice: sliceFor(label),
    }))
    .sort((x, y) => x.gap - y.gap || (x.label < y.label ? -1 : x.label > y.label ? 1 : 0));
}

export function modalityGapSection(
  q: RunAnalysisQueries,
  datasetId: number,
  imageRunId: number,
  textRun: RunRecord,
): ModalityGapSection {
  const cells = q.modalityCells(imageRunId, textRun.id);
  const quadrants = Object.fromEntries(
    MODALITY_QUADRANTS.map((quadrant) => [
      quadrant,
      {
        count: 0,
        slice: sliceOf(datasetId, { kind: 'quadrant', imageRunId, textRunId: textRun.id, quadrant }),
      },
    ]),
  ) as Record<ModalityQuadrant, CountedSlice>;
  let shared = 0;
  for (const c of cells) {
    quadrants[quadrantOf(c)].count += c.count;
    shared += c.count;
  }
  const both = (level: 'fine' | 'coarse', key: string) =>
    sliceOf(
      datasetId,
      { kind: 'gold', level, classKeys: [key] },
      { kind: 'result', runId: imageRunId, level: 'fine' },
      { kind: 'result', runId: textRun.id, level: 'fine' },
    );
  return {
    image_run_id: imageRunId,
    text_run_id: textRun.id,
    text_run_name: textRun.name,
    shared,
    quadrants,
    classes: groupRows(
      cells,
      (c) => c.fine,
      (k) => both('fine', k),
    ),
    coarse_groups: groupRows(
      cells,
      (c) => c.coarse,
      (k) => both('coarse', k),
    ),
  };
}

export function strategyComparison(
  q: RunAnalysisQueries,
  datasetId: number,
  attrseekRunId: number,
  directRunId: number,
): StrategyComparison {
  return {
    attrseek_run_id: attrseekRunId,
    direct_run_id: directRunId,
    levels: q.flipCounts(attrseekRunId, directRunId).map((f) => ({
      level: f.level,
      shared: f.shared,
      attrseek_finer_em: f.shared === 0 ? null : f.rightA / f.shared,
      direct_finer_em: f.shared === 0 ? null : f.rightB / f.shared,
      attrseek_only: {
        count: f.rightToWrong,
        slice: sliceOf(datasetId, {
          kind: 'flip',
          runId: attrseekRunId,
          otherRunId: directRunId,
          level: f.level,
          direction: 'right-to-wrong',
        }),
      },
      direct_only: {
        count: f.wrongToRight,
        slice: sliceOf(datasetId, {
          kind: 'flip',
          runId: attrseekRunId,
          otherRunId: directRunId,
          level: f.level,
          direction: 'wrong-to-right',
        }),
      },
    })),
  };
}
