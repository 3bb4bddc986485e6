// Run-level means must not be checked against the production scoring function itself: this test
// scores every stored answer of a real run with the independent Python implementation
// (test/support/finer_reference_score.py), builds the acceptable-label sets from FINER.md's rule
// itself, and compares the per-level means with what the store reports.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LabelLevel, Sample } from '../../../src/core/model';
import { makeRunFixture, type RunFixture } from '../runs/runFixture';

function referenceScript(): string {
  const relative = join('test', 'support', 'finer_reference_score.py');
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
  }
  return join(process.cwd(), relative);
}

/** FINER.md: superordinate accepts [superordinate] + coarse + fine; coarse accepts coarse + fine; fine, fine. */
function acceptable(level: LabelLevel, sample: Sample): string[] {
  if (level === 'superordinate') return [sample.superordinate, ...sample.coarse, ...sample.fine];
  if (level === 'coarse') return [...sample.coarse, ...sample.fine];
  return [...sample.fine];
}

describe('run metrics agree with the independent reference scorer', function () {
  this.timeout(120_000);
  let fx: RunFixture;
  before(async () => {
    fx = await makeRunFixture();
  });
  after(() => fx.cleanup());

  it('per-level FINER EM, strict EM and F1 of a direct run equal the Python means over the stored answers', async () => {
    const outcome = await fx.engine().startRun({
      datasetId: fx.dataset.id,
      strategy: 'direct',
      level: 'all',
      endpoint: fx.endpoint,
      concurrency: 8,
    });
    assert.equal(outcome.status, 'done');
    const rows = fx.store.predictionsOfRun(outcome.runId, { limit: 10_000 });
    assert.equal(rows.length, fx.dataset.sampleCount * 3);
    const metrics = fx.store.runLevelMetrics(outcome.runId);
    for (const level of ['superordinate', 'coarse', 'fine'] as const) {
      const scored = rows.filter((r) => r.level === level && r.error === null);
      const input = scored
        .map((r) => {
          const sample = fx.store.getSample(r.sampleId);
          assert.ok(sample && r.rawResponse !== null);
          return JSON.stringify({ prediction: r.rawResponse, labels: acceptable(level, sample) });
        })
        .join('\n');
      const run = spawnSync('python3', [referenceScript()], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
      assert.equal(run.status, 0, run.stderr);
      const lines = run.stdout.trim().split('\n').slice(0, -1);
      const scores = lines.map(
        (l) =>
          (JSON.parse(l) as { extracted_scores: Record<'finer_em' | 'strict_em' | 'f1', number> })
            .extracted_scores,
      );
      const mean = (k: 'finer_em' | 'strict_em' | 'f1'): number =>
        scores.reduce((a, s) => a + s[k], 0) / scores.length;
      const stored = metrics.find((m) => m.level === level);
      assert.ok(stored, `metrics for ${level}`);
      assert.equal(stored.scored, scores.length);
      assert.ok(
        Math.abs((stored.finerEm ?? -1) - mean('finer_em')) < 1e-9,
        `${level} FINER EM ${stored.finerEm} vs ${mean('finer_em')}`,
      );
      assert.ok(Math.abs((stored.strictEm ?? -1) - mean('strict_em')) < 1e-9, `${level} strict EM`);
      assert.ok(Math.abs((stored.f1 ?? -1) - mean('f1')) < 1e-9, `${level} F1`);
    }
    // The levels differ (the cliff), so a test that compared constants could not pass by accident.
    const em = metrics.map((m) => m.finerEm ?? 0);
    assert.ok(new Set(em.map((v) => v.toFixed(6))).size > 1, JSON.stringify(em));
  });
});
