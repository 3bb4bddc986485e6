import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { InputError } from '../../../src/core/errors';
import type { ImportIssue } from '../../../src/core/model';
import {
  importFinerDataset,
  parseFinerFileName,
  parseFinerUnifiedLine,
} from '../../../src/core/import/finerImporter';
import { NoValidRowsError } from '../../../src/core/import/importRun';
import { MemoryImportTarget, useTempDir } from './memoryImportTarget';

const row = (fields: Record<string, unknown>): string =>
  JSON.stringify({
    idx: 0,
    'basic-level-lbl': 'Bird',
    'coarse-level-lbl': ['Albatross'],
    'fine-level-lbl': ['Black footed Albatross'],
    img_path: 'images/001/a.jpg',
    metadata: {},
    ...fields,
  });

function issueAt(issues: ImportIssue[], line: number): ImportIssue {
  const found = issues.find((i) => i.line === line);
  assert.ok(found, `expected an issue on line ${line}, got ${JSON.stringify(issues)}`);
  return found;
}

describe('parseFinerUnifiedLine', () => {
  it('reads every field of a release line', () => {
    const parsed = parseFinerUnifiedLine(
      '{"idx": 7, "basic-level-lbl": "Airplane", "coarse-level-lbl": ["Boeing"], "fine-level-lbl": ["Boeing 737", "737-800"], "img_path": "/x/y.jpg", "metadata": {"family": "737"}}',
    );
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.row, {
      idx: 7,
      superordinate: 'Airplane',
      coarse: ['Boeing'],
      fine: ['Boeing 737', '737-800'],
      imgPath: '/x/y.jpg',
      metadata: { family: '737' },
    });
  });

  it('accepts a single string where a list is expected and trims labels', () => {
    const parsed = parseFinerUnifiedLine(
      row({ 'coarse-level-lbl': ' Owl ', 'fine-level-lbl': ['Barn Owl', ' '] }),
    );
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.row.coarse, ['Owl']);
    assert.deepEqual(parsed.row.fine, ['Barn Owl']);
    assert.deepEqual(
      parsed.warnings.map((w) => w.field),
      ['coarse-level-lbl', 'fine-level-lbl'],
    );
    assert.match(parsed.warnings[0]?.reason ?? '', /a single string where a list is expected/);
  });

  it('names each bad field with its reason', () => {
    const parsed = parseFinerUnifiedLine(
      JSON.stringify({ idx: 'three', 'basic-level-lbl': '', 'coarse-level-lbl': [1], img_path: 5 }),
    );
    assert.ok(!parsed.ok);
    const byField = Object.fromEntries(parsed.errors.map((e) => [e.field, e.reason]));
    assert.match(byField['idx'] ?? '', /wrong type/);
    assert.equal(byField['basic-level-lbl'], 'empty label');
    assert.match(byField['coarse-level-lbl'] ?? '', /wrong type.*a number/);
    assert.equal(byField['fine-level-lbl'], 'missing field');
    assert.match(byField['img_path'] ?? '', /wrong type/);
  });

  it('reports invalid JSON and non-object lines', () => {
    const bad = parseFinerUnifiedLine('{"idx": 1,');
    assert.ok(!bad.ok);
    assert.match(bad.errors[0]?.reason ?? '', /^invalid JSON/);
    const list = parseFinerUnifiedLine('[1, 2]');
    assert.ok(!list.ok);
    assert.match(list.errors[0]?.reason ?? '', /expected a JSON object, got a list/);
  });
});

describe('parseFinerFileName', () => {
  it('derives dataset and split from the release file name', () => {
    assert.deepEqual(parseFinerFileName('unified-cub-200-test-combined.jsonl'), {
      dataset: 'cub-200',
      split: 'test',
    });
    assert.deepEqual(parseFinerFileName('unified-fgvc-aircraft-train-combined.jsonl'), {
      dataset: 'fgvc-aircraft',
      split: 'train',
    });
    assert.equal(parseFinerFileName('my-labels.jsonl'), undefined);
  });
});

describe('importFinerDataset', () => {
  const tmp = useTempDir('finer-import-');

  function image(rel: string, root = tmp()): string {
    const file = join(root, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, 'not really a jpeg');
    return file;
  }

  function unified(lines: string[], name = 'unified-cub-200-test-combined.jsonl', eol = '\n'): string {
    const file = join(tmp(), name);
    writeFileSync(file, lines.join(eol));
    return file;
  }

  it('imports valid rows with name, split and root derived from the file', async () => {
    image('images/001/a.jpg');
    image('images/002/b.jpg');
    const file = unified([
      row({ idx: 0 }),
      row({
        idx: 1,
        'fine-level-lbl': ['Laysan Albatross'],
        img_path: 'images/002/b.jpg',
        metadata: { k: 1 },
      }),
    ]);
    const store = new MemoryImportTarget();
    const summary = await importFinerDataset(store, { unifiedFile: file });
    const dataset = store.only();
    assert.deepEqual(dataset.meta, { name: 'cub-200-test', rootDir: tmp(), format: 'finer', split: 'test' });
    assert.equal(summary.imported, 2);
    assert.equal(summary.skipped, 0);
    assert.deepEqual(summary.issues, []);
    assert.equal(summary.datasetName, 'cub-200-test');
    assert.deepEqual(dataset.samples[1], {
      idx: 1,
      imagePath: 'images/002/b.jpg',
      superordinate: 'Bird',
      coarse: ['Albatross'],
      fine: ['Laysan Albatross'],
      split: 'test',
      metadata: { k: 1 },
    });
  });

  it('reports every bad row with file, line, field and reason and keeps the valid rows', async () => {
    image('images/001/a.jpg');
    image('outside.jpg', dirname(tmp()));
    const imagesDir = join(tmp());
    const file = unified([
      row({ idx: 0 }), // 1 ok
      '{"idx": 1, "basic-level-lbl": "Bird"', // 2 invalid JSON
      row({ idx: 2, 'fine-level-lbl': undefined }), // 3 missing field
      row({ idx: 3, 'coarse-level-lbl': 42 }), // 4 wrong type
      row({ idx: 4, 'basic-level-lbl': '  ' }), // 5 empty label
      row({ idx: 0 }), // 6 duplicate idx
      row({ idx: 6, img_path: 'images/404/missing.jpg' }), // 7 image not found
      row({ idx: 7, img_path: '../outside.jpg' }), // 8 escapes via ..
      row({ idx: 8, img_path: join(dirname(tmp()), 'outside.jpg') }), // 9 absolute elsewhere
      row({ idx: 9, img_path: 'images/001/a.jpg' }), // 10 ok
    ]);
    const store = new MemoryImportTarget();
    const summary = await importFinerDataset(store, { unifiedFile: file, imagesDir });
    assert.equal(summary.imported, 2);
    assert.equal(summary.skipped, 8);
    assert.deepEqual(
      store.only().samples.map((s) => s.idx),
      [0, 9],
    );
    const expectations: [number, string | undefined, RegExp][] = [
      [2, undefined, /^invalid JSON/],
      [3, 'fine-level-lbl', /^missing field$/],
      [4, 'coarse-level-lbl', /^wrong type/],
      [5, 'basic-level-lbl', /^empty label$/],
      [6, 'idx', /duplicate idx 0/],
      [7, 'img_path', /image not found/],
      [8, 'img_path', /path escapes the dataset root/],
      [9, 'img_path', /path escapes the dataset root/],
    ];
    for (const [line, field, reason] of expectations) {
      const issue = issueAt(summary.issues, line);
      assert.equal(issue.file, file);
      assert.equal(issue.severity, 'error');
      assert.equal(issue.field, field, `field on line ${line}`);
      assert.match(issue.reason, reason, `reason on line ${line}`);
    }
    assert.equal(summary.errors, 8);
  });

  it('strips a BOM with a warning and handles CRLF, blank lines and trailing whitespace', async () => {
    image('images/001/a.jpg');
    const file = unified(
      ['\uFEFF' + row({ idx: 0 }), '', '   ', row({ idx: 1 }) + ' \t', ''],
      'labels.jsonl',
      '\r\n',
    );
    const store = new MemoryImportTarget();
    const summary = await importFinerDataset(store, { unifiedFile: file, split: 'val' });
    assert.equal(summary.imported, 2);
    assert.equal(summary.datasetName, 'labels');
    assert.equal(store.only().meta.split, 'val');
    assert.deepEqual(summary.issues, [
      {
        severity: 'warning',
        file,
        line: 1,
        reason: 'byte order mark (BOM) at the start of the file was removed',
      },
    ]);
  });

  it('re-roots absolute release paths under the chosen images folder', async () => {
    const imagesDir = join(tmp(), 'CUB_200_2011', 'images');
    image('001.Black_footed_Albatross/x.jpg', imagesDir);
    const other = join(tmp(), 'nabirds');
    image('images/0295/y.jpg', other);
    const file = unified([
      row({ idx: 0, img_path: '/home/someone/data/CUB_200_2011/images/001.Black_footed_Albatross/x.jpg' }),
      row({ idx: 1, img_path: 'C:\\datasets\\CUB_200_2011\\images\\001.Black_footed_Albatross\\x.jpg' }),
    ]);
    const store = new MemoryImportTarget();
    const summary = await importFinerDataset(store, { unifiedFile: file, imagesDir });
    assert.deepEqual(summary.issues, []);
    assert.deepEqual(
      store.only().samples.map((s) => s.imagePath),
      ['001.Black_footed_Albatross/x.jpg', '001.Black_footed_Albatross/x.jpg'],
    );

    const file2 = unified(
      [row({ idx: 0, img_path: '/mnt/nabirds/images/0295/y.jpg' })],
      'unified-nabirds-test-combined.jsonl',
    );
    const store2 = new MemoryImportTarget();
    await importFinerDataset(store2, { unifiedFile: file2, imagesDir: other });
    assert.equal(store2.only().samples[0]?.imagePath, 'images/0295/y.jpg');
    assert.equal(store2.only().meta.rootDir, other);
  });

  it('keeps an existing absolute path inside the images folder, as a relative path', async () => {
    const abs = image('images/001/a.jpg');
    const file = unified([row({ img_path: abs })]);
    const store = new MemoryImportTarget();
    await importFinerDataset(store, { unifiedFile: file });
    assert.equal(store.only().samples[0]?.imagePath, 'images/001/a.jpg');
  });

  it('skips image checks on request but still refuses paths outside the root', async () => {
    const file = unified([
      row({ idx: 0, img_path: 'images/none.jpg' }),
      row({ idx: 1, img_path: '../../etc/passwd' }),
    ]);
    const store = new MemoryImportTarget();
    const summary = await importFinerDataset(store, { unifiedFile: file, checkImages: false });
    assert.equal(summary.imported, 1);
    assert.match(issueAt(summary.issues, 2).reason, /path escapes the dataset root/);
  });

  it('caps the stored issues and summarises the rest', async () => {
    image('images/001/a.jpg');
    const lines = [row({ idx: 0 })];
    for (let i = 1; i <= 1500; i++) lines.push(`not json ${i}`);
    const summary = await importFinerDataset(new MemoryImportTarget(), { unifiedFile: unified(lines) });
    assert.equal(summary.imported, 1);
    assert.equal(summary.skipped, 1500);
    assert.equal(summary.errors, 1500);
    assert.equal(summary.issues.length, 1001);
    assert.equal(summary.issues[999]?.line, 1001);
    assert.match(summary.issues[1000]?.reason ?? '', /^\.\.\. and 500 more/);
  });

  it('throws InputError naming the file for missing, empty and blank files, importing nothing', async () => {
    const store = new MemoryImportTarget();
    const missing = join(tmp(), 'nope.jsonl');
    await assert.rejects(importFinerDataset(store, { unifiedFile: missing }), (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.equal(err.file, missing);
      assert.match(err.message, /cannot read the file \(ENOENT\)/);
      return true;
    });
    const empty = unified([], 'empty.jsonl');
    await assert.rejects(
      importFinerDataset(store, { unifiedFile: empty }),
      /empty\.jsonl: the file is empty/,
    );
    const blank = unified(['', '  ', ''], 'blank.jsonl');
    await assert.rejects(
      importFinerDataset(store, { unifiedFile: blank }),
      /blank\.jsonl: the file is empty/,
    );
    assert.equal(store.datasets.length, 0);
  });

  it('refuses a folder given as the file', async () => {
    await assert.rejects(
      importFinerDataset(new MemoryImportTarget(), { unifiedFile: tmp() }),
      (err: unknown) => {
        assert.ok(err instanceof InputError);
        assert.match(err.message, /not a file/);
        return true;
      },
    );
  });

  it('rolls back when no row is valid', async () => {
    const store = new MemoryImportTarget();
    const file = unified(['{"idx": 0}', 'oops']);
    await assert.rejects(importFinerDataset(store, { unifiedFile: file }), (err: unknown) => {
      assert.ok(err instanceof NoValidRowsError);
      assert.equal(err.file, file);
      assert.equal(err.line, 1);
      assert.equal(err.issues.length, 5);
      return true;
    });
    assert.equal(store.datasets.length, 0);
  });

  it('skips release rows whose image is a symlink out of the root or a directory, keeping the rest', async () => {
    image('images/001/a.jpg');
    const outside = mkdtempSync(join(tmpdir(), 'finer-outside-'));
    try {
      writeFileSync(join(outside, 'secret.jpg'), 'not yours');
      symlinkSync(outside, join(tmp(), 'images', 'linked'));
      mkdirSync(join(tmp(), 'images', '002', 'b.jpg'), { recursive: true });
      const file = unified([
        row({ idx: 0, img_path: '/home/author/CUB/images/linked/secret.jpg' }),
        row({ idx: 1, img_path: '/home/author/CUB/images/001/a.jpg' }),
        row({ idx: 2, img_path: 'images/002/b.jpg' }),
      ]);
      const store = new MemoryImportTarget();
      const summary = await importFinerDataset(store, { unifiedFile: file });
      assert.deepEqual(
        store.only().samples.map((s) => [s.idx, s.imagePath]),
        [[1, 'images/001/a.jpg']],
      );
      assert.equal(issueAt(summary.issues, 1).field, 'img_path');
      assert.match(issueAt(summary.issues, 1).reason, /outside the dataset root/);
      assert.match(issueAt(summary.issues, 3).reason, /is a directory, not an image file/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
