// Tags and notes export: CSV read back by Python's csv module (what pandas.read_csv parses),
// JSONL read back by Python's json module, and the `finer-lens export --what tags` command.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { csvField, exportTagsAndNotes } from '../../../src/core/export/tagsExport';
import { FinerStore } from '../../../src/core/store/finerStore';
import { addRun, makeTagsFixture, type TagsFixture } from '../analysis/tagsFixture';

// Every record as a list of cells, header first: column order and cell content are both checked.
const READ_CSV = `
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    print(json.dumps(list(csv.reader(f))))
`;

const READ_JSONL = `
import json, sys
with open(sys.argv[1], encoding='utf-8') as f:
    print(json.dumps([json.loads(line) for line in f if line.strip()]))
`;

function python(script: string, file: string): unknown {
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }));
}

describe('tags and notes export', function () {
  this.timeout(60_000);
  let fx: TagsFixture;
  let runId: number;
  const nasty = 'commas, "quotes"\nand a newline; <b>html</b>';
  beforeEach(async () => {
    fx = await makeTagsFixture();
    runId = await addRun(fx.store, fx.datasetId, [
      { sampleId: fx.ids[0]!, level: 'fine', answer: 'Barn Owl, maybe', finerEm: 0, strictEm: 0 },
      { sampleId: fx.ids[0]!, level: 'coarse', answer: 'Owl', finerEm: 1, strictEm: 1 },
      { sampleId: fx.ids[2]!, level: 'fine', answer: null, error: 'HTTP 500' },
    ]);
    fx.store.toggleTag(fx.ids[0]!, 'sibling-confusion');
    fx.store.toggleTag(fx.ids[0]!, 'label-noise', runId);
    fx.store.setNote(fx.ids[0]!, nasty);
    fx.store.setNote(fx.ids[2]!, 'run note', runId);
  });
  afterEach(async () => {
    await fx.cleanup();
  });

  it('quotes CSV fields only when needed', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField(null), '');
    assert.equal(csvField(0.5), '0.5');
  });

  it('neutralises text cells a spreadsheet would run as a formula, not numbers', () => {
    assert.equal(csvField("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
    assert.equal(csvField('+1'), "'+1");
    assert.equal(csvField('-1'), "'-1");
    assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvField('\tx'), "'\tx");
    assert.equal(csvField('\rx'), `"'\rx"`);
    assert.equal(csvField('=1,"2"'), `"'=1,""2"""`);
    assert.equal(csvField('a=b'), 'a=b');
    assert.equal(csvField(''), '');
    assert.equal(csvField(-0.5), '-0.5');
    assert.equal(csvField(-3), '-3');
  });

  it('writes a CSV that Python csv reads back row for row, with the documented columns', () => {
    const out = join(fx.dir, 'tags.csv');
    const summary = exportTagsAndNotes(fx.store, out, { format: 'csv' });
    assert.equal(summary.rows, 2);
    const run = (level: string, m: string): string => `run${runId}_${level}_${m}`;
    const header = [
      'db_sample_id',
      'dataset',
      'idx',
      'image_path',
      'image_abs_path',
      'superordinate',
      'coarse',
      'fine',
      'tags',
      'note',
      ...['coarse', 'fine'].flatMap((level) =>
        ['answer', 'finer_em', 'strict_em', 'error'].map((m) => run(level, m)),
      ),
      `run${runId}_note`,
    ];
    assert.deepEqual(summary.columns, header);
    assert.deepEqual(python(READ_CSV, out), [
      header,
      [
        String(fx.ids[0]),
        'birds',
        '0',
        'images/0.jpg',
        '/data/birds/images/0.jpg',
        'Bird',
        'Owl',
        'Great Horned Owl | Bubo virginianus',
        `Confused with a sibling class; Label noise in the dataset@run${runId}`,
        nasty,
        ...['Owl', '1', '1', ''],
        ...['Barn Owl, maybe', '0', '0', ''],
        '',
      ],
      [
        String(fx.ids[2]),
        'birds',
        '2',
        'images/2.jpg',
        '/data/birds/images/2.jpg',
        'Bird',
        'Warbler | Wood-warbler',
        'Yellow Warbler',
        '',
        '',
        ...['', '', '', ''],
        ...['', '', '', 'HTTP 500'],
        'run note',
      ],
    ]);
  });

  it('writes formula-like text with a leading quote, read back as text, and keeps numbers', async () => {
    const payloads = {
      note: "=cmd|' /C calc'!A0",
      runNote: '+SUM(1,2)',
      answer: '@HYPERLINK("http://attacker.example","x")',
      error: '-2+3',
      tabNote: '\tindented',
      crNote: '\r=1',
    };
    const formulaRun = await addRun(fx.store, fx.datasetId, [
      { sampleId: fx.ids[5]!, level: 'fine', answer: payloads.answer, finerEm: 1 },
      { sampleId: fx.ids[6]!, level: 'fine', answer: null, error: payloads.error },
    ]);
    fx.store.setNote(fx.ids[5]!, payloads.note);
    fx.store.setNote(fx.ids[5]!, payloads.runNote, formulaRun);
    fx.store.setNote(fx.ids[6]!, payloads.tabNote);
    fx.store.setNote(fx.ids[7]!, payloads.crNote);
    const out = join(fx.dir, 'formulas.csv');
    exportTagsAndNotes(fx.store, out, { format: 'csv' });
    const [header, ...rows] = python(READ_CSV, out) as string[][];
    const cell = (sampleId: number, column: string): string | undefined =>
      rows.find((r) => r[0] === String(sampleId))?.[header!.indexOf(column)];
    assert.equal(cell(fx.ids[5]!, 'note'), `'${payloads.note}`);
    assert.equal(cell(fx.ids[5]!, `run${formulaRun}_note`), `'${payloads.runNote}`);
    assert.equal(cell(fx.ids[5]!, `run${formulaRun}_fine_answer`), `'${payloads.answer}`);
    assert.equal(cell(fx.ids[5]!, `run${formulaRun}_fine_finer_em`), '1', 'numbers are not prefixed');
    assert.equal(cell(fx.ids[6]!, `run${formulaRun}_fine_error`), `'${payloads.error}`);
    assert.equal(cell(fx.ids[6]!, 'note'), `'${payloads.tabNote}`);
    assert.equal(cell(fx.ids[7]!, 'note'), `'${payloads.crNote}`);
    assert.equal(cell(fx.ids[0]!, 'note'), nasty, 'other text is unchanged');
    // JSONL is data, not a spreadsheet: it keeps the text exactly.
    const jsonl = join(fx.dir, 'formulas.jsonl');
    exportTagsAndNotes(fx.store, jsonl, { format: 'jsonl' });
    const back = python(READ_JSONL, jsonl) as { db_sample_id: number; note: string }[];
    assert.equal(back.find((r) => r.db_sample_id === fx.ids[5])?.note, payloads.note);
  });

  it('writes JSONL with nested run results, and --all includes every sample', () => {
    const out = join(fx.dir, 'tags.jsonl');
    exportTagsAndNotes(fx.store, out, { format: 'jsonl', scope: 'all' });
    const rows = python(READ_JSONL, out) as Record<string, unknown>[];
    assert.equal(rows.length, 13);
    const run = fx.store.getRun(runId)!;
    const runOut = (note: string | null, levels: Record<string, unknown>): Record<string, unknown> => ({
      [String(runId)]: { name: run.name, strategy: run.strategy, model: run.model, note, levels },
    });
    const sample = (idx: number, coarse: string[], fine: string[]): Record<string, unknown> => ({
      db_sample_id: fx.ids[idx],
      dataset: 'birds',
      idx,
      image_path: `images/${idx}.jpg`,
      image_abs_path: `/data/birds/images/${idx}.jpg`,
      superordinate: 'Bird',
      coarse,
      fine,
    });
    assert.deepEqual(rows.slice(0, 3), [
      {
        ...sample(0, ['Owl'], ['Great Horned Owl', 'Bubo virginianus']),
        tags: ['Confused with a sibling class', `Label noise in the dataset@run${runId}`],
        note: nasty,
        runs: runOut(null, {
          coarse: { answer: 'Owl', finer_em: 1, strict_em: 1, error: null },
          fine: { answer: 'Barn Owl, maybe', finer_em: 0, strict_em: 0, error: null },
        }),
      },
      { ...sample(1, ['Owl'], ['Barn Owl']), tags: [], note: '', runs: runOut(null, {}) },
      {
        ...sample(2, ['Warbler', 'Wood-warbler'], ['Yellow Warbler']),
        tags: [],
        note: '',
        runs: runOut('run note', {
          fine: { answer: null, finer_em: null, strict_em: null, error: 'HTTP 500' },
        }),
      },
    ]);
  });

  it('runs as `finer-lens export --what tags`', async () => {
    await fx.store.close();
    const out = join(fx.dir, 'cli.csv');
    const lines: string[] = [];
    const io = { out: (t: string) => lines.push(t), err: (t: string) => lines.push(`ERR ${t}`) };
    const code = await runCli(
      ['export', '--db', fx.dbPath, '--what', 'tags', '--format', 'csv', '--out', out, '--dataset', 'birds'],
      io,
    );
    assert.equal(code, 0, lines.join('\n'));
    assert.match(lines.join('\n'), /wrote 2 samples/);
    const fromCli = readFileSync(out, 'utf8');
    const bad = await runCli(
      ['export', '--db', fx.dbPath, '--what', 'tags', '--format', 'xml', '--out', out],
      io,
    );
    assert.equal(bad, 2);
    const missing = await runCli(
      ['export', '--db', fx.dbPath, '--what', 'tags', '--format', 'csv', '--out', out, '--dataset', 'nope'],
      io,
    );
    assert.equal(missing, 1);
    assert.match(lines.join('\n'), /no dataset named "nope"/);
    // reopen so afterEach can close it, and to compare with the same export made in-process
    fx.store = await FinerStore.open(fx.dbPath);
    const direct = join(fx.dir, 'direct.csv');
    exportTagsAndNotes(fx.store, direct, { format: 'csv', dataset: 'birds' });
    assert.equal(fromCli, readFileSync(direct, 'utf8'), 'the CLI writes exactly the library export');
    assert.equal((python(READ_CSV, out) as string[][]).length, 3, 'header and two samples');
  });
});
