import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../src/core/errors';
import { scoreJsonlFile, scoreReportToJson } from '../../../src/core/scoring/scoreJsonl';
import { aggregateScores, ScoreAccumulator } from '../../../src/core/scoring/scoreAggregation';

describe('scoreJsonlFile', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'finer-score-jsonl-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, text: string): string {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  }

  it('scores each line and reports means', async () => {
    const file = write(
      'ok.jsonl',
      [
        '{"prediction": "Great Horned Owl", "labels": ["Bubo virginianus", "Great Horned Owl"]}',
        '{"prediction": "It looks like a barn owl", "labels": ["Barn Owl"]}',
        '{"prediction": "eagle", "labels": ["Owl"]}',
      ].join('\n'),
    );
    const report = await scoreJsonlFile(file);
    assert.deepEqual(report.issues, []);
    assert.deepEqual(
      report.lines.map((l) => [l.line, l.scores.finerEm, l.scores.strictEm]),
      [
        [1, 1, 1],
        [2, 1, 0],
        [3, 0, 0],
      ],
    );
    assert.ok(report.means !== null);
    assert.equal(report.means.count, 3);
    assert.equal(report.means.finerEm, 2 / 3);
    assert.equal(report.means.strictEm, 1 / 3);
    // f1: 1; "it looks like barn owl" vs "barn owl": p=2/5, r=1 -> 4/7; 0
    assert.ok(Math.abs(report.means.f1 - (1 + 4 / 7) / 3) < 1e-12);
  });

  it('reports bad lines with file:line and field, skips blank lines, and still scores the rest', async () => {
    const file = write(
      'bad.jsonl',
      [
        '\ufeff{"prediction": "owl", "labels": ["owl"]}',
        '',
        '{"prediction": "owl", "labels": ["owl"]',
        '["owl"]',
        '{"prediction": 3, "labels": ["owl"]}',
        '{"prediction": "owl", "labels": []}',
        '{"prediction": "owl", "labels": ["owl", 7]}',
        '{"prediction": "owl"}',
        '   ',
        '{"prediction": "owl", "labels": ["owl"]}\r',
      ].join('\n'),
    );
    const report = await scoreJsonlFile(file);
    assert.deepEqual(
      report.lines.map((l) => l.line),
      [1, 10],
    );
    assert.deepEqual(
      report.issues.map((i) => [i.line, i.field ?? null]),
      [
        [3, null],
        [4, null],
        [5, 'prediction'],
        [6, 'labels'],
        [7, 'labels'],
        [8, 'labels'],
      ],
    );
    const json = scoreReportToJson(report);
    assert.equal(json.errors[0]?.location, `${file}:3`);
    assert.match(json.errors[0]?.reason ?? '', /not valid JSON/);
    assert.deepEqual(json.mean, { finer_em: 1, strict_em: 1, f1: 1 });
    assert.deepEqual(json.lines[0], { line: 1, answer: 'owl', finer_em: 1, strict_em: 1, f1: 1 });
  });

  it('applies answer extraction only when asked to', async () => {
    const file = write(
      'raw.jsonl',
      '{"prediction": "The bird has ear tufts. Answer: Great Horned Owl</s>", "labels": ["Great Horned Owl"]}\n',
    );
    const plain = await scoreJsonlFile(file);
    assert.equal(plain.lines[0]?.scores.strictEm, 0);
    assert.equal(plain.lines[0]?.answer, 'The bird has ear tufts. Answer: Great Horned Owl</s>');
    const extracted = await scoreJsonlFile(file, { extractAnswer: true });
    assert.equal(extracted.lines[0]?.scores.strictEm, 1);
    assert.equal(extracted.lines[0]?.answer, 'Great Horned Owl');
  });

  it('gives null means for a file without scorable lines', async () => {
    const report = await scoreJsonlFile(write('empty.jsonl', '\n\n'));
    assert.equal(report.means, null);
    assert.equal(scoreReportToJson(report).mean, null);
  });

  it('throws an InputError naming a file that cannot be read', async () => {
    const missing = join(dir, 'missing.jsonl');
    await assert.rejects(
      scoreJsonlFile(missing),
      (e: unknown) => e instanceof InputError && e.file === missing,
    );
  });
});

describe('score aggregation', () => {
  it('averages per level and per class, and has no mean for an empty group', () => {
    const one = { finerEm: 1, strictEm: 1, f1: 1 };
    const zero = { finerEm: 0, strictEm: 0, f1: 0 };
    const half = { finerEm: 1, strictEm: 0, f1: 0.5 };
    const b = aggregateScores([
      { level: 'fine', classLabel: 'Barn Owl', scores: one },
      { level: 'fine', classLabel: 'Barn Owl', scores: zero },
      { level: 'fine', classLabel: 'Acadian Flycatcher', scores: half },
      { level: 'coarse', classLabel: 'Barn Owl', scores: one },
    ]);
    assert.deepEqual(b.byLevel.fine, { count: 3, finerEm: 2 / 3, strictEm: 1 / 3, f1: 0.5 });
    assert.deepEqual(b.byLevel.coarse, { count: 1, finerEm: 1, strictEm: 1, f1: 1 });
    assert.equal(b.byLevel.superordinate, null);
    assert.deepEqual(
      b.byClass.fine.map((r) => [r.classLabel, r.means.count, r.means.finerEm]),
      [
        ['Acadian Flycatcher', 1, 1],
        ['Barn Owl', 2, 0.5],
      ],
    );
    assert.deepEqual(b.byClass.superordinate, []);
  });

  it('keeps the mean of many small values exact (compensated summation)', () => {
    const acc = new ScoreAccumulator();
    for (let i = 0; i < 100_000; i++) acc.add({ finerEm: 0.1, strictEm: 0, f1: 1 / 3 });
    const m = acc.means();
    assert.ok(m !== null);
    assert.equal(m.finerEm, 0.1);
    assert.ok(Math.abs(m.f1 - 1 / 3) < 1e-15);
  });
});
