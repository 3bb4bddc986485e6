import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LabelLevel, Sample } from '../../../src/core/model';
import { acceptableLabels, scorePrediction } from '../../../src/core/scoring/finerMetrics';
import { runCli } from '../../../src/cli/main';
import { FinerStore } from '../../../src/core/store/finerStore';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, schemaVersionOf } from '../../../src/core/store/schema';
import { loadSqlJs } from '../../../src/core/store/sqlJsLoader';
import { newRunRecord, predictionRow } from '../../support/runRecords';
import { importSmall, makeTempDir, smallSamples } from './storeTestKit';

/** A scored row as the run engine writes it: FINER EM / strict EM / F1 from the real scorer. */
function scoredRow(sample: Sample, level: LabelLevel, answer: string) {
  const s = scorePrediction(answer, acceptableLabels(level, sample));
  return predictionRow(sample.id, level, { answer, rawResponse: `Answer: ${answer}`, ...s });
}

function samplesByIdx(store: FinerStore, datasetId: number): Sample[] {
  return store.samplesOfSlice(datasetId, { kind: 'dataset' });
}

describe('class resolution stored with predictions (schema 6)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  afterEach(() => tmp.cleanup());

  it('resolves answers when results are saved and aggregates classes, confusions and severity', async () => {
    tmp = makeTempDir();
    const store = await FinerStore.open(tmp.dbPath);
    try {
      const datasetId = await importSmall(store);
      const s = samplesByIdx(store, datasetId);
      // idx % 4: 0 Great Horned Owl, 1 Barn Owl, 2 Yellow Warbler, 3 Hooded Warbler; 12 Shih-Tzu.
      const answers = [
        'Barn Owl', // 0 GHO -> sibling
        'Barn Owl', // 1 right
        'Hooded Warbler', // 2 YW -> sibling
        'Great Horned Owl', // 3 HW -> cousin
        'Barn owl', // 4 GHO -> sibling
        'a barn owl perched', // 5 right (contains)
        'Shih-Tzu', // 6 YW -> other (a dog)
        'some kind of finch', // 7 HW -> off-list
        'Bubo virginianus', // 8 right
        'barn owl or great horned owl', // 9 BO: the longest label wins; FINER EM 1 -> no severity
        'yellow warbler', // 10 right
        'yellow warbler or hooded warbler', // 11 HW: contains gold -> right
        'Poodle', // 12 Shih-Tzu -> off-list
      ];
      const runId = store.createRun(newRunRecord(datasetId));
      await store.saveRunResults(
        runId,
        s.map((sample) => scoredRow(sample, 'fine', answers[sample.idx]!)),
      );
      const stored = new Map(store.predictionsOfRun(runId).map((p) => [p.sampleId, p]));
      const of = (idx: number) => stored.get(s[idx]!.id)!;
      assert.equal(of(0).resolvedClass, 'Barn Owl');
      assert.equal(of(0).resolutionRule, 'exact');
      assert.equal(of(0).mistakeSeverity, 'sibling');
      assert.equal(of(5).resolvedClass, 'Barn Owl');
      assert.equal(of(5).resolutionRule, 'contains');
      assert.equal(of(5).mistakeSeverity, null);
      assert.equal(of(7).resolvedClass, null);
      assert.equal(of(7).resolutionRule, 'off-list');
      assert.equal(of(9).resolvedClass, 'Great Horned Owl');
      assert.equal(of(9).resolutionRule, 'contains');
      assert.equal(of(9).mistakeSeverity, null, 'FINER EM counts it right: no severity');
      assert.equal(of(11).resolvedClass, null);
      assert.equal(of(11).resolutionRule, 'ambiguous');
      assert.equal(of(11).mistakeSeverity, null);

      assert.deepEqual(store.runSeverityBreakdown(runId), {
        wrong: 7,
        counts: { sibling: 3, cousin: 1, other: 1, 'off-list': 2, ambiguous: 0 },
      });
      assert.deepEqual(
        store.runConfusionPairs(runId, 'fine').map((c) => [c.gold, c.predicted, c.count]),
        [
          ['Great Horned Owl', 'Barn Owl', 2],
          ['Hooded Warbler', '(off-list)', 1],
          ['Hooded Warbler', 'Great Horned Owl', 1],
          ['Shih-Tzu', '(off-list)', 1],
          ['Yellow Warbler', 'Hooded Warbler', 1],
          ['Yellow Warbler', 'Shih-Tzu', 1],
        ],
      );
      assert.equal(store.runConfusionPairs(runId, 'fine', 1).length, 1);
      const accuracy = store.runClassAccuracy(runId, 'fine');
      assert.deepEqual(
        accuracy.map((c) => [c.classKey, c.n, c.finerEm]),
        [
          ['Great Horned Owl', 3, 1 / 3],
          ['Shih-Tzu', 1, 0],
          ['Hooded Warbler', 3, 1 / 3],
          ['Yellow Warbler', 3, 1 / 3],
          ['Barn Owl', 3, 1],
        ].sort((a, b) => Number(a[2]) - Number(b[2]) || String(a[0]).localeCompare(String(b[0]))),
      );

      // `finer-lens runs` reports the severity counts (text and JSON).
      const lines: string[] = [];
      const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
      assert.equal(await runCli(['runs', '--db', tmp.dbPath], io), 0);
      assert.ok(
        lines.includes('  wrong fine answers 7: sibling 3, cousin 1, other 1, off-list 2, ambiguous 0'),
        lines.join('\n'),
      );
      lines.length = 0;
      assert.equal(await runCli(['runs', '--db', tmp.dbPath, '--json'], io), 0);
      const json = JSON.parse(lines.join('\n')) as { runs: { severity: Record<string, number> }[] };
      assert.deepEqual(json.runs[0]?.severity, {
        wrong_fine: 7,
        sibling: 3,
        cousin: 1,
        other: 1,
        'off-list': 2,
        ambiguous: 0,
      });

      // A failed request resolves to nothing; a re-saved answer replaces the resolution.
      await store.saveRunResults(runId, [
        predictionRow(s[0]!.id, 'fine', { error: 'timeout: no answer' }),
        scoredRow(s[7]!, 'fine', 'Hooded Warbler'),
      ]);
      const again = new Map(store.predictionsOfRun(runId).map((p) => [p.sampleId, p]));
      assert.equal(again.get(s[0]!.id)!.resolutionRule, null);
      assert.equal(again.get(s[7]!.id)!.resolvedClass, 'Hooded Warbler');
      assert.equal(again.get(s[7]!.id)!.mistakeSeverity, null);
      assert.equal(store.runSeverityBreakdown(runId).wrong, 5);
    } finally {
      await store.close();
    }
  });

  it('resolves coarse answers against coarse groups, fine labels included', async () => {
    tmp = makeTempDir();
    const store = await FinerStore.open(tmp.dbPath);
    try {
      const datasetId = await importSmall(store);
      const s = samplesByIdx(store, datasetId);
      const runId = store.createRun(newRunRecord(datasetId, { levels: ['coarse'] }));
      await store.saveRunResults(runId, [
        scoredRow(s[0]!, 'coarse', 'Great horned owl'),
        scoredRow(s[2]!, 'coarse', 'an owl'),
      ]);
      const p = store.predictionsOfRun(runId);
      assert.deepEqual(
        p.map((x) => [x.resolvedClass, x.resolutionRule, x.mistakeSeverity]),
        [
          ['Owl', 'exact', null],
          ['Owl', 'exact', null],
        ],
      );
      assert.deepEqual(
        store.runConfusionPairs(runId, 'coarse').map((c) => [c.gold, c.predicted, c.count]),
        [['Warbler', 'Owl', 1]],
      );
    } finally {
      await store.close();
    }
  });

  it('fills the resolution of runs stored by a schema 5 database when it is opened', async () => {
    tmp = makeTempDir();
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    migrate(
      db,
      'v5',
      MIGRATIONS.filter((m) => m.version <= 5),
    );
    assert.equal(schemaVersionOf(db), 5);
    db.run(
      "INSERT INTO datasets (id, name, root_dir, format, split, created_at, sample_count) VALUES (1, 'birds', '/d', 'finer', 'test', 'now', 4)",
    );
    const samples = smallSamples().slice(0, 4);
    samples.forEach((sample, i) =>
      db.run(
        `INSERT INTO samples (id, dataset_id, idx, image_path, superordinate, coarse_json, fine_json, coarse_primary,
           fine_primary, split) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, 'test')`,
        [
          i + 1,
          sample.idx,
          sample.imagePath,
          sample.superordinate,
          JSON.stringify(sample.coarse),
          JSON.stringify(sample.fine),
          sample.coarse[0]!,
          sample.fine[0]!,
        ],
      ),
    );
    db.run(
      "INSERT INTO runs (id, dataset_id, name, strategy, level, model, status, created_at) VALUES (1, 1, 'old', 'direct', 'fine', 'm', 'done', 'now')",
    );
    const old: [number, string | null, number | null, string | null][] = [
      [1, 'Barn Owl', 0, null],
      [2, 'Barn Owl', 1, null],
      [3, 'Great Horned Owl', 0, null],
      [4, null, null, 'server: 500'],
    ];
    for (const [sampleId, answer, em, error] of old) {
      db.run(
        `INSERT INTO predictions (run_id, sample_id, level, answer, finer_em, strict_em, error, created_at)
         VALUES (1, ?, 'fine', ?, ?, ?, ?, 'now')`,
        [sampleId, answer, em, em, error],
      );
    }
    mkdirSync(dirname(tmp.dbPath), { recursive: true });
    writeFileSync(tmp.dbPath, db.export());
    db.close();

    const store = await FinerStore.open(tmp.dbPath);
    try {
      assert.equal(store.schemaVersion, LATEST_SCHEMA_VERSION);
      const p = store.predictionsOfRun(1);
      assert.deepEqual(
        p.map((x) => [x.sampleId, x.resolvedClass, x.resolutionRule, x.mistakeSeverity]),
        [
          [1, 'Barn Owl', 'exact', 'sibling'],
          [2, 'Barn Owl', 'exact', null],
          [3, 'Great Horned Owl', 'exact', 'cousin'],
          [4, null, null, null],
        ],
      );
      assert.equal(store.runSeverityBreakdown(1).counts.cousin, 1);
    } finally {
      await store.close();
    }
    // The upgrade was written to the file: a read-only open sees schema 6 with the values.
    const reread = await FinerStore.open(tmp.dbPath, { readOnly: true });
    try {
      assert.equal(reread.predictionsOfRun(1)[0]?.mistakeSeverity, 'sibling');
    } finally {
      await reread.close();
    }
  });
});
