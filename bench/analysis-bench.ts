// The failure map at iNaturalist-2021-val scale: 100k samples in 10k fine classes (500 coarse
// groups) with concepts of 3 required attributes, an ATTRSEEK fine run of 100k results (answers:
// 40% right, 30% a sibling, 20% another group, 10% off-list; 4 listed attributes each) and a
// text-only run. Figures: analyzeRun without and with attribute grounding, the class table's
// sort / filter over 10k rows, a confusion cell's slice -> sample ids, report json / html.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeRun } from '../src/core/analysis/runAnalysis/analyzeRun';
import { queryClassTable } from '../src/core/analysis/runAnalysis/levelsAndClasses';
import { renderReport } from '../src/core/report/reportRender';
import { FinerStore } from '../src/core/store/finerStore';
import { newRunRecord, predictionRow } from '../test/support/runRecords';

const CLASSES = 10_000;
const SAMPLES = 100_000;
const GROUP = 20;
const PARTS = ['crown', 'wing', 'tail', 'breast', 'bill', 'eye-ring', 'nape', 'back'];
const COLOURS = ['red', 'yellow', 'blue', 'black', 'white', 'brown', 'grey', 'green', 'orange'];

const fineName = (c: number): string => `Species ${c.toString(36)} alpha`;
const coarseName = (c: number): string => `Genus ${Math.floor(c / GROUP).toString(36)}`;
const attribute = (c: number, k: number): string =>
  `${COLOURS[(c + k * 3) % COLOURS.length]} ${PARTS[(c * 7 + k) % PARTS.length]}`;

function answerOf(i: number, c: number): { answer: string; right: boolean } {
  switch (i % 10) {
    case 0:
    case 1:
    case 2:
    case 3:
      return { answer: fineName(c), right: true };
    case 4:
    case 5:
    case 6:
      return { answer: fineName(c - (c % GROUP) + ((c + 1) % GROUP)), right: false };
    case 7:
    case 8:
      return { answer: fineName((c + 997) % CLASSES), right: false };
    default:
      return { answer: 'some small brown bird', right: false };
  }
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

export async function runAnalysisBench(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'finer-analysis-bench-'));
  try {
    const store = await FinerStore.open(join(dir, 'finer.db'));
    const { datasetId } = await store.importDataset(
      { name: 'inat-birds', rootDir: '/data/inat', format: 'finer', split: 'val' },
      async (sink) => {
        for (let i = 0; i < SAMPLES; i++) {
          const c = i % CLASSES;
          sink.addSample({
            idx: i,
            imagePath: `val/${i}.jpg`,
            superordinate: 'Bird',
            coarse: [coarseName(c)],
            fine: [fineName(c)],
            split: 'val',
            metadata: {},
          });
        }
        for (let c = 0; c < CLASSES; c++) {
          sink.addConcept({
            name: fineName(c),
            sourceId: c,
            commonName: null,
            required: [0, 1, 2].map((k) => attribute(c, k)),
            likely: [],
          });
        }
      },
    );
    const samples = store.samplesOfSlice(datasetId, { kind: 'dataset' });
    const attrseek = store.createRun(newRunRecord(datasetId, { strategy: 'attrseek', name: 'attrseek' }));
    await store.saveRunResults(
      attrseek,
      samples.map((s, i) => {
        const c = s.idx % CLASSES;
        const { answer, right } = answerOf(i, c);
        const attributes = [attribute(c, 0), attribute(c, 1), attribute(c + 3, 2), 'long pointed wings'];
        return predictionRow(s.id, 'fine', {
          answer,
          finerEm: right ? 1 : 0,
          strictEm: right ? 1 : 0,
          f1: right ? 1 : 0,
          attributes,
          latencyMs: 200 + (i % 300),
          inputTokens: 700,
          outputTokens: 40 + (i % 20),
        });
      }),
    );
    const text = store.createRun(newRunRecord(datasetId, { strategy: 'text-only', name: 'text' }));
    await store.saveRunResults(
      text,
      samples.map((s, i) => {
        const right = i % 3 !== 0;
        return predictionRow(s.id, 'fine', {
          answer: right ? fineName(s.idx % CLASSES) : 'unknown',
          finerEm: right ? 1 : 0,
          strictEm: right ? 1 : 0,
          f1: right ? 1 : 0,
        });
      }),
    );

    analyzeRun(store, attrseek, { skipGrounding: true }); // warm-up (statement cache, JIT)
    const dashboard = time(() => analyzeRun(store, attrseek, { skipGrounding: true }));
    const full = time(() => analyzeRun(store, attrseek));
    const rows = dashboard.value.classes.filter((c) => c.level === 'fine');
    queryClassTable(rows, { by: 'n' });
    const sortMs: number[] = [];
    for (const by of ['finer_em', 'label', 'wrong', 'n'] as const) {
      sortMs.push(time(() => queryClassTable(rows, { by, descending: true })).ms);
    }
    const filter = time(() => queryClassTable(rows, { by: 'finer_em', filter: 'genus 1' }));
    const matrix = dashboard.value.confusion_matrices.find((m) => m.level === 'fine')!;
    const cell = matrix.cells[0]![1]!;
    store.reviewSliceSampleIds(cell.slice);
    const cellIds = time(() => store.reviewSliceSampleIds(cell.slice));
    const otherCell = matrix.cells[matrix.rows.length - 1]![matrix.columns.length - 2]!;
    const otherIds = time(() => store.reviewSliceSampleIds(otherCell.slice));
    const pair = dashboard.value.confusions[0]!;
    const pairIds = time(() => store.reviewSliceSampleIds(pair.slice));
    const input = { analysis: full.value, others: [] };
    const json = time(() => renderReport(input, 'json'));
    const html = time(() => renderReport(input, 'html'));
    await store.close();
    return {
      'analysis.samples': SAMPLES,
      'analysis.fineClasses': rows.length,
      'analysis.analyzeRunMs': Math.round(dashboard.ms),
      'analysis.analyzeRunWithGroundingMs': Math.round(full.ms),
      'analysis.groundingSamples': full.value.grounding?.samples ?? 0,
      'analysis.classTableSortMaxMs': Math.round(Math.max(...sortMs) * 10) / 10,
      'analysis.classTableFilterMs': Math.round(filter.ms * 10) / 10,
      'analysis.confusionCellIdsMs': Math.round(cellIds.ms),
      'analysis.confusionCellIds': cellIds.value.length,
      'analysis.otherCellIdsMs': Math.round(otherIds.ms),
      'analysis.confusionPairIdsMs': Math.round(pairIds.ms),
      'analysis.reportJsonMs': Math.round(json.ms),
      'analysis.reportJsonMb': Math.round(json.value.length / 1e5) / 10,
      'analysis.reportHtmlMs': Math.round(html.ms),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
