// `npm run bench`: runs every benchmark and prints its figures beside the targets from the issues.
import { runAnalysisBench } from './analysis-bench';
import { runClassResolutionBench } from './class-resolution-bench';
import { runDashboardBench } from './dashboard-bench';
import { runDatasetListBench } from './dataset-list-bench';
import { runGalleryBench } from './gallery-bench';
import { runImportBench } from './import-bench';
import { runInatImportBench } from './inat-import-bench';
import { runMatcherBench } from './matcher-bench';
import { runReviewBench } from './review-bench';
import { runRunsBench } from './runs-bench';
import { runScoringBench } from './scoring-bench';
import { runStoreBench } from './store-bench';

interface Target {
  key: string;
  label: string;
  limit: number;
  /** 'max' = figure must be <= limit; 'min' = figure must be >= limit. */
  kind: 'max' | 'min';
}

type BenchFn = () => Promise<Record<string, number>>;

const suites: { name: string; run: BenchFn; targets: Target[] }[] = [
  {
    name: 'dashboard (100k samples, 10k classes, 100k-result run; page in headless Chromium)',
    run: runDashboardBench,
    targets: [
      { key: 'dashboard.dataReadyMs', label: 'dashboard data ready (ms)', limit: 1500, kind: 'max' },
      {
        key: 'dashboard.classSortWorstFirstMs',
        label: 'sort the 10k-class table (ms)',
        limit: 100,
        kind: 'max',
      },
      { key: 'dashboard.classFilterMs', label: 'filter the 10k-class table (ms)', limit: 100, kind: 'max' },
    ],
  },
  {
    name: 'gallery (100k samples, 100k-result run; page in headless Chromium)',
    run: runGalleryBench,
    targets: [
      {
        key: 'gallery.openMisclassifiedMs',
        label: 'open misclassified slice, first page (ms)',
        limit: 300,
        kind: 'max',
      },
      { key: 'gallery.openClassMs', label: 'open class slice, first page (ms)', limit: 300, kind: 'max' },
      {
        key: 'gallery.openConfusionCellMs',
        label: 'open a confusion cell, first page (ms)',
        limit: 300,
        kind: 'max',
      },
      // Smooth: most frames at the display's 60 Hz, few dropped (two frame times at p95).
      {
        key: 'gallery.scrollFrameP50Ms',
        label: 'fast scroll, frame interval median (ms)',
        limit: 20,
        kind: 'max',
      },
      {
        key: 'gallery.scrollFrameP95Ms',
        label: 'fast scroll, frame interval p95 (ms)',
        limit: 34,
        kind: 'max',
      },
      {
        key: 'gallery.imagesDroppedDuringFling',
        label: 'thumbnails taken from tiles during a fling',
        limit: 0,
        kind: 'max',
      },
    ],
  },
  {
    name: 'import (100k samples, 10k fine classes)',
    run: runImportBench,
    targets: [
      { key: 'importMs', label: 'import wall time (ms)', limit: 5000, kind: 'max' },
      { key: 'ratioToParseFloor', label: 'ratio to read+JSON.parse floor', limit: 3, kind: 'max' },
    ],
  },
  {
    name: 'inat native import (COCO JSON, 100k images, 10k categories, no image check)',
    run: runInatImportBench,
    targets: [{ key: 'inat.importMs', label: 'import wall time (ms)', limit: 10_000, kind: 'max' }],
  },
  {
    name: 'store (100k samples, 100k predictions)',
    run: runStoreBench,
    targets: [
      { key: 'reopenMs', label: 'reopen database (ms)', limit: 1000, kind: 'max' },
      { key: 'pageOf200Ms', label: 'page of 200 samples under a class (ms)', limit: 50, kind: 'max' },
      { key: 'tagSaveP50Ms', label: 'tag save to durable p50 (ms)', limit: 20, kind: 'max' },
      { key: 'tagSaveP95Ms', label: 'tag save to durable p95 (ms)', limit: 20, kind: 'max' },
      { key: 'memoryGrowthMb', label: 'memory growth after loading (MB)', limit: 300, kind: 'max' },
    ],
  },
  {
    name: 'datasets list (3M samples in 3 datasets)',
    run: runDatasetListBench,
    targets: [{ key: 'listDatasetsMs', label: 'listDatasets (ms)', limit: 50, kind: 'max' }],
  },
  {
    name: 'runs (2,000 images, simulated LVLM, 50 ms latency, concurrency 16)',
    run: runRunsBench,
    targets: [
      { key: 'runs.fractionOfIdeal', label: 'throughput / ideal 320 req/s', limit: 0.9, kind: 'min' },
      {
        key: 'runs.ratioToPLimit',
        label: 'throughput / plain SDK loop under p-limit',
        limit: 0.95,
        kind: 'min',
      },
    ],
  },
  {
    name: 'scoring (100k predictions)',
    run: runScoringBench,
    targets: [{ key: 'scoring.ms', label: 'score 100k predictions (ms)', limit: 1000, kind: 'max' }],
  },
  {
    name: 'class resolution (100k answers, 10k fine classes)',
    run: runClassResolutionBench,
    targets: [],
  },
  {
    name: 'review (100k samples, 100k-result run, queue of misclassified)',
    run: runReviewBench,
    targets: [
      { key: 'stepP95Ms', label: 'next/previous + panel data p95 (ms, core part)', limit: 100, kind: 'max' },
      { key: 'tagToggleP95Ms', label: 'tag toggle to durable p95 (ms)', limit: 20, kind: 'max' },
    ],
  },
  {
    name: 'analysis (failure map: 100k samples, 10k classes, 100k-result ATTRSEEK run + text-only run)',
    run: runAnalysisBench,
    targets: [
      { key: 'analysis.analyzeRunMs', label: 'analyzeRun, dashboard data (ms)', limit: 1500, kind: 'max' },
      {
        key: 'analysis.classTableSortMaxMs',
        label: 'class table sort, 10k rows (ms)',
        limit: 100,
        kind: 'max',
      },
      {
        key: 'analysis.classTableFilterMs',
        label: 'class table filter, 10k rows (ms)',
        limit: 100,
        kind: 'max',
      },
      {
        key: 'analysis.confusionCellIdsMs',
        label: 'confusion cell slice -> sample ids (ms)',
        limit: 300,
        kind: 'max',
      },
      {
        key: 'analysis.otherCellIdsMs',
        label: '"(other)" cell slice -> sample ids (ms)',
        limit: 300,
        kind: 'max',
      },
    ],
  },
  {
    name: 'matchers (labelled attribute evaluation set, dev + held-out)',
    run: runMatcherBench,
    targets: [
      {
        key: 'dev.structured.supported.precision',
        label: 'dev: structured precision(supported)',
        limit: 0.95,
        kind: 'min',
      },
      {
        key: 'dev.structured.supported.recall',
        label: 'dev: structured recall(supported)',
        limit: 0.85,
        kind: 'min',
      },
      {
        key: 'heldout.structured.supported.precision',
        label: 'held-out: structured precision(supported)',
        limit: 0.95,
        kind: 'min',
      },
      {
        key: 'heldout.structured.supported.recall',
        label: 'held-out: structured recall(supported)',
        limit: 0.85,
        kind: 'min',
      },
    ],
  },
];

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  let missed = 0;
  for (const suite of suites) {
    if (only.length > 0 && !only.some((o) => suite.name.startsWith(o))) continue;
    console.log(`\n== ${suite.name}`);
    const figures = await suite.run();
    for (const [key, value] of Object.entries(figures)) {
      const target = suite.targets.find((t) => t.key === key);
      let verdict = '';
      if (target) {
        const ok = target.kind === 'max' ? value <= target.limit : value >= target.limit;
        if (!ok) missed += 1;
        verdict = `  target ${target.kind === 'max' ? '<=' : '>='} ${target.limit}  ${ok ? 'OK' : 'MISSED'}`;
      }
      console.log(`  ${(target?.label ?? key).padEnd(48)} ${format(value).padStart(12)}${verdict}`);
    }
  }
  console.log(`\n${missed === 0 ? 'all targets met' : `${missed} target(s) missed`}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
