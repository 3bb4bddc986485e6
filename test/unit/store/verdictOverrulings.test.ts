// Overrulings of attribute verdicts: stored durably with history (a reopened store has them),
// the latest per attribute stands, withdrawing restores the matcher's verdict; each matcher's
// agreement with them; and the schema migration from a version-5 database.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { TokenOverlapMatcher } from '../../../src/core/analysis/attributeMatching';
import { matcherAgreement } from '../../../src/core/analysis/overrulingAgreement';
import { StructuredMatcher } from '../../../src/core/analysis/structuredMatcher';
import { StoreError } from '../../../src/core/errors';
import { FinerStore } from '../../../src/core/store/finerStore';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, schemaVersionOf } from '../../../src/core/store/schema';
import { loadSqlJs } from '../../../src/core/store/sqlJsLoader';
import type { NewOverruling } from '../../../src/core/store/verdictQueries';
import { newRunRecord } from '../../support/runRecords';
import { importSmall, makeTempDir } from './storeTestKit';

const CONTEXT = {
  domain: 'bird',
  generated: ['spotted breast', 'orange legs', 'yellow throat'],
  reference: { required: ['yellow breast', 'yellow throat'], likely: [] },
};

describe('verdict overrulings', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  async function seeded(): Promise<{ store: FinerStore; sampleId: number; runId: number }> {
    const store = await FinerStore.open(temp.dbPath);
    const datasetId = await importSmall(store);
    const sampleId = store.samplesOfClass(
      { datasetId, superordinate: 'Bird', coarse: 'Owl', fine: 'Great Horned Owl' },
      0,
      1,
    )[0]?.id;
    assert.ok(sampleId);
    const runId = store.createRun(newRunRecord(datasetId, { name: 'r1', status: 'done' }));
    return { store, sampleId, runId };
  }

  const overruling = (sampleId: number, runId: number, o: Partial<NewOverruling>): NewOverruling => ({
    runId,
    sampleId,
    level: 'fine',
    side: 'generated',
    attribute: 'orange legs',
    verdict: 'supported',
    matcherId: 'structured',
    matcherVerdict: 'unsupported',
    context: CONTEXT,
    actor: 'ana',
    ...o,
  });

  it('keeps every change as history; the latest stands; withdrawing restores the matcher', async () => {
    const { store, sampleId, runId } = await seeded();
    const sample = sampleId;
    try {
      store.addOverruling(overruling(sampleId, runId, { verdict: 'supported' }));
      store.addOverruling(overruling(sampleId, runId, { verdict: 'generic', actor: 'ben' }));
      store.addOverruling(
        overruling(sampleId, runId, {
          attribute: 'spotted breast',
          verdict: 'supported',
          matcherVerdict: 'contradicted',
        }),
      );
      let current = store.currentOverrulings(sampleId);
      assert.deepEqual(
        current.map((o) => [o.attribute, o.verdict, o.actor]),
        [
          ['orange legs', 'generic', 'ben'],
          ['spotted breast', 'supported', 'ana'],
        ],
      );
      store.addOverruling(overruling(sampleId, runId, { attribute: 'spotted breast', verdict: null }));
      current = store.currentOverrulings(sampleId);
      assert.deepEqual(
        current.map((o) => o.attribute),
        ['orange legs'],
      );
      assert.deepEqual(
        store.overrulingHistory(sampleId).map((o) => [o.attribute, o.verdict]),
        [
          ['orange legs', 'supported'],
          ['orange legs', 'generic'],
          ['spotted breast', 'supported'],
          ['spotted breast', null],
        ],
      );
    } finally {
      await store.close();
    }
    const reopened = await FinerStore.open(temp.dbPath);
    try {
      assert.equal(reopened.overrulingHistory(sample).length, 4);
      assert.equal(reopened.currentOverrulings().length, 1);
      const o = reopened.currentOverrulings()[0];
      assert.equal(o?.verdict, 'generic');
      assert.deepEqual(o?.context, CONTEXT);
      assert.match(o?.createdAt ?? '', /^\d{4}-\d\d-\d\dT/);
    } finally {
      await reopened.close();
    }
  });

  it('refuses an overruling of a sample or run that does not exist, saving nothing', async () => {
    const { store, sampleId, runId } = await seeded();
    try {
      assert.throws(
        () => store.addOverruling(overruling(9999, runId, {})),
        (e: unknown) => e instanceof StoreError && e.reason === 'not-found',
      );
      assert.throws(() => store.addOverruling(overruling(sampleId, 9999, {})), /Run 9999 does not exist/);
      assert.deepEqual(store.overrulingHistory(sampleId), []);
    } finally {
      await store.close();
    }
  });

  it('computes each matcher’s agreement with the standing overrulings', async () => {
    const { store, sampleId, runId } = await seeded();
    try {
      // The researcher agrees with structured on "spotted breast" and "yellow throat".
      store.addOverruling(
        overruling(sampleId, runId, { attribute: 'spotted breast', verdict: 'contradicted' }),
      );
      store.addOverruling(overruling(sampleId, runId, { attribute: 'yellow throat', verdict: 'supported' }));
      store.addOverruling(overruling(sampleId, runId, { attribute: 'orange legs', verdict: 'generic' }));
      store.addOverruling(
        overruling(sampleId, runId, {
          attribute: 'yellow throat',
          side: 'reference',
          verdict: 'mentioned',
          matcherId: 'judge',
          matcherVerdict: 'missed',
        }),
      );
      const agreement = matcherAgreement(store.currentOverrulings(), [
        new StructuredMatcher(),
        new TokenOverlapMatcher(),
      ]);
      const by = Object.fromEntries(agreement.map((a) => [a.matcherId, [a.agree, a.total, a.basis]]));
      // structured: contradicted ✓, supported ✓, unsupported ≠ generic, mentioned ✓.
      assert.deepEqual(by['structured'], [3, 4, 'rerun']);
      // token: "spotted breast" is unsupported for it (≠ contradicted); the rest as structured.
      assert.deepEqual(by['token-overlap'], [2, 4, 'rerun']);
      // The judge is not re-run: its recorded verdict is compared.
      assert.deepEqual(by['judge'], [0, 1, 'recorded']);
    } finally {
      await store.close();
    }
  });

  it('upgrades a database written at schema 5, keeping its data', async () => {
    const sql = await loadSqlJs();
    const db = new sql.Database();
    migrate(
      db,
      'old',
      MIGRATIONS.filter((m) => m.version <= 5),
    );
    assert.equal(schemaVersionOf(db), 5);
    db.run(
      "INSERT INTO datasets (name, root_dir, format, split, created_at, sample_count) VALUES ('old', '/x', 'finer', 'test', 'now', 1)",
    );
    db.run(
      `INSERT INTO samples (dataset_id, idx, image_path, superordinate, coarse_json, fine_json, coarse_primary,
        fine_primary, split) VALUES (1, 0, 'a.png', 'Bird', '["Owl"]', '["Barn Owl"]', 'Owl', 'Barn Owl', 'test')`,
    );
    mkdirSync(dirname(temp.dbPath), { recursive: true });
    writeFileSync(temp.dbPath, db.export());
    db.close();
    const store = await FinerStore.open(temp.dbPath);
    try {
      assert.equal(store.schemaVersion, LATEST_SCHEMA_VERSION);
      assert.deepEqual(
        store.listDatasets().map((d) => [d.name, d.sampleCount]),
        [['old', 1]],
      );
      assert.deepEqual(store.currentOverrulings(), []);
      assert.equal(store.cachedMatch('embedding', 'm', 'h'), undefined);
      store.saveMatches([
        {
          matcherId: 'embedding',
          model: 'm',
          inputHash: 'h',
          result: { resultJson: '[1]', promptTokens: 3, completionTokens: 0 },
        },
      ]);
      assert.deepEqual(store.cachedMatch('embedding', 'm', 'h'), {
        resultJson: '[1]',
        promptTokens: 3,
        completionTokens: 0,
      });
    } finally {
      await store.close();
    }
  });
});
