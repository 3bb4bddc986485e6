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

const READ_CSV = `
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    rows = list(csv.DictReader(f))
print(json.dumps({"columns": list(rows[0].keys()) if rows else [], "rows": rows}))
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

  it('writes a CSV that Python csv reads back with the documented columns', () => {
    const out = join(fx.dir, 'tags.csv');
    const summary = exportTagsAndNotes(fx.store, out, { format: 'csv' });
    assert.equal(summary.rows, 2);
    const read = python(READ_CSV, out) as { columns: string[]; rows: Record<string, string>[] };
    assert.deepEqual(read.columns.slice(0, 10), [
      'sample_id',
      'dataset',
      'idx',
      'image_path',
      'image_abs_path',
      'superordinate',
      'coarse',
      'fine',
      'tags',
      'note',
    ]);
    for (const level of ['coarse', 'fine']) {
      for (const m of ['answer', 'finer_em', 'strict_em', 'error'])
        assert.ok(read.columns.includes(`run${runId}_${level}_${m}`));
    }
    assert.ok(read.columns.includes(`run${runId}_note`));
    const [first, second] = read.rows;
    assert.equal(first!['sample_id'], String(fx.ids[0]));
    assert.equal(first!['dataset'], 'birds');
    assert.equal(first!['image_path'], 'images/0.jpg');
    assert.equal(first!['image_abs_path'], '/data/birds/images/0.jpg');
    assert.equal(first!['fine'], 'Great Horned Owl | Bubo virginianus');
    assert.equal(first!['tags'], `Confused with a sibling class; Label noise in the dataset@run${runId}`);
    assert.equal(first!['note'], nasty);
    assert.equal(first![`run${runId}_fine_answer`], 'Barn Owl, maybe');
    assert.equal(first![`run${runId}_fine_finer_em`], '0');
    assert.equal(first![`run${runId}_coarse_strict_em`], '1');
    assert.equal(second![`run${runId}_fine_error`], 'HTTP 500');
    assert.equal(second![`run${runId}_note`], 'run note');
  });

  it('writes JSONL with nested run results, and --all includes every sample', () => {
    const out = join(fx.dir, 'tags.jsonl');
    exportTagsAndNotes(fx.store, out, { format: 'jsonl', scope: 'all' });
    const rows = python(READ_JSONL, out) as Record<string, unknown>[];
    assert.equal(rows.length, 13);
    const first = rows[0] as {
      fine: string[];
      note: string;
      tags: string[];
      runs: Record<string, { levels: Record<string, unknown> }>;
    };
    assert.deepEqual(first.fine, ['Great Horned Owl', 'Bubo virginianus']);
    assert.equal(first.note, nasty);
    assert.deepEqual(first.runs[String(runId)]!.levels['fine'], {
      answer: 'Barn Owl, maybe',
      finer_em: 0,
      strict_em: 0,
      error: null,
    });
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
    assert.match(readFileSync(out, 'utf8'), /^sample_id,dataset,idx/);
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
    // reopen so afterEach can close it
    fx.store = await FinerStore.open(fx.dbPath);
  });
});
