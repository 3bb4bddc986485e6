import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { exportFiftyOne } from '../../../src/core/interop/fiftyoneExport';
import { FIFTYONE_CHECK } from './formatCheckers';
import { makeInteropFixture, python, type InteropFixture } from './interopFixture';

interface FiftyOneCheck {
  problems: string[];
  samples: number;
  fields: string[];
  info: { runs: { id: number; fields: string[] }[] };
}

describe('FiftyOne export', function () {
  this.timeout(20_000);
  let fx: InteropFixture;
  beforeEach(async () => {
    fx = await makeInteropFixture();
  });
  afterEach(() => fx.cleanup());

  it('writes a dataset directory that follows every documented FiftyOne rule', () => {
    const out = join(fx.dir, 'fo');
    const summary = exportFiftyOne(fx.store, { datasetId: fx.datasetId }, out);
    assert.equal(summary.samples, 13);
    const check = python<FiftyOneCheck>(FIFTYONE_CHECK, out);
    assert.deepEqual(check.problems, []);
    assert.equal(check.samples, 13);
    assert.deepEqual(check.fields, [
      'gt_coarse',
      'gt_fine',
      'gt_superordinate',
      `run${fx.fineRun}_fine`,
      `run${fx.twoLevelRun}_coarse`,
      `run${fx.twoLevelRun}_fine`,
    ]);
    assert.deepEqual(
      check.info.runs.map((r) => [r.id, r.fields]),
      [
        [fx.fineRun, [`run${fx.fineRun}_fine`]],
        [fx.twoLevelRun, [`run${fx.twoLevelRun}_coarse`, `run${fx.twoLevelRun}_fine`]],
      ],
    );
  });

  it('carries answers as Classification labels with the EM marks and resolution, and tags as sample tags', () => {
    const out = join(fx.dir, 'fo');
    exportFiftyOne(fx.store, { datasetId: fx.datasetId, runIds: [fx.fineRun] }, out);
    const { samples } = JSON.parse(readFileSync(join(out, 'samples.json'), 'utf8')) as {
      samples: Record<string, unknown>[];
    };
    const byIdx = new Map(samples.map((s) => [s['idx'], s]));
    const first = byIdx.get(0)!;
    assert.deepEqual(first['tags'], ['Label noise in the dataset', 'check later']);
    assert.deepEqual(first['gt_fine'], {
      _cls: 'Classification',
      label: 'Great Horned Owl',
      acceptable: ['Great Horned Owl', 'Bubo virginianus'],
    });
    assert.deepEqual(first[`run${fx.fineRun}_fine`], {
      _cls: 'Classification',
      label: 'Barn Owl',
      answer: 'Barn Owl',
      finer_em: 0,
      strict_em: 0,
      f1: 0.4, // one shared word: precision 1/2, recall 1/3
      resolution_rule: 'exact',
      mistake_severity: 'sibling',
      error: null,
    });
    assert.equal(first[`run${fx.twoLevelRun}_fine`], undefined, '--runs leaves other runs out');
    // An off-list answer keeps its text as the label; a per-run tag names its run.
    const third = byIdx.get(3)!;
    assert.equal((third[`run${fx.fineRun}_fine`] as Record<string, unknown>)['label'], 'some finch');
    assert.equal((third[`run${fx.fineRun}_fine`] as Record<string, unknown>)['mistake_severity'], 'off-list');
    assert.deepEqual(byIdx.get(2)!['tags'], [`Confused with a sibling class@run${fx.fineRun}`]);
    // A failed request: no label, the error kept.
    const failed = byIdx.get(12)![`run${fx.fineRun}_fine`] as Record<string, unknown>;
    assert.equal(failed['label'], null);
    assert.equal(failed['error'], 'timeout: no answer');
  });

  it('is reachable from the CLI: export --what fiftyone --out DIR', async () => {
    const out: string[] = [];
    const code = await runCli(
      [
        'export',
        '--db',
        fx.dbPath,
        '--what',
        'fiftyone',
        '--out',
        join(fx.dir, 'cli-fo'),
        '--runs',
        String(fx.fineRun),
      ],
      { out: (l) => out.push(l), err: (l) => out.push(l) },
    );
    assert.equal(code, 0, out.join('\n'));
    assert.match(out.join('\n'), /wrote 13 samples with 1 runs/);
    assert.match(
      out.join('\n'),
      /fo\.Dataset\.from_dir\(dataset_dir=.*dataset_type=fo\.types\.FiftyOneDataset\)/,
    );
    const check = python<FiftyOneCheck>(FIFTYONE_CHECK, join(fx.dir, 'cli-fo'));
    assert.deepEqual(check.problems, []);
    const bad = await runCli(
      ['export', '--db', fx.dbPath, '--what', 'fiftyone', '--out', fx.dir, '--runs', '999'],
      {
        out: () => {},
        err: (l) => out.push(l),
      },
    );
    assert.equal(bad, 1);
    assert.match(out.at(-1) ?? '', /Run 999 is not a run of dataset "birds"/);
  });
});
