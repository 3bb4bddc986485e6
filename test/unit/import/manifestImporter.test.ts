import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../src/core/errors';
import type { ImportIssue } from '../../../src/core/model';
import { parseCsvLine, readCsvRecords } from '../../../src/core/import/csvRecords';
import { ImportIssueLog } from '../../../src/core/import/importIssueLog';
import {
  importManifest,
  parseManifestCsvRecord,
  parseManifestJsonLine,
} from '../../../src/core/import/manifestImporter';
import { MemoryImportTarget, useTempDir } from './memoryImportTarget';

function issueAt(issues: ImportIssue[], line: number): ImportIssue {
  const found = issues.find((i) => i.line === line);
  assert.ok(found, `expected an issue on line ${line}, got ${JSON.stringify(issues)}`);
  return found;
}

describe('parseCsvLine', () => {
  it('splits plain and quoted fields (RFC 4180)', () => {
    assert.deepEqual(parseCsvLine('a, b ,"c, d","say ""hi""",'), {
      ok: true,
      line: 1,
      fields: ['a', 'b', 'c, d', 'say "hi"', ''],
    });
  });

  it('reports malformed quoting', () => {
    const after = parseCsvLine('"a"b,c');
    assert.ok(!after.ok);
    assert.match(after.reason, /unexpected character after a closing quote in field 1/);
    const stray = parseCsvLine('a,b"c');
    assert.ok(!stray.ok);
    assert.match(stray.reason, /stray quote in unquoted field 2/);
  });
});

describe('readCsvRecords', () => {
  const tmp = useTempDir('finer-csv-');

  it('joins quoted line breaks into one record and numbers records by their first line', async () => {
    const file = join(tmp(), 'm.csv');
    writeFileSync(file, 'h1,h2\r\n"multi\r\nline",x\r\n\r\nlast,"y"\r\n"open,z\n');
    const records = [];
    for await (const r of readCsvRecords(file, new ImportIssueLog())) records.push(r);
    assert.deepEqual(records, [
      { ok: true, line: 1, fields: ['h1', 'h2'] },
      { ok: true, line: 2, fields: ['multi\nline', 'x'] },
      { ok: true, line: 5, fields: ['last', 'y'] },
      {
        ok: false,
        line: 6,
        reason:
          'unclosed quote starting at line 6 (the file ends inside the quoted field); the lines after it were read as rows again',
      },
    ]);
  });
});

describe('manifest row parsing', () => {
  it('reads a JSON Lines row with string or list labels, split and metadata', () => {
    const parsed = parseManifestJsonLine(
      '{"image": "a/1.png", "superordinate": "Car", "coarse": "SUV", "fine": ["Acura ZDX", "ZDX"], "split": "val", "metadata": {"year": 2012}}',
    );
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.row, {
      image: 'a/1.png',
      superordinate: 'Car',
      coarse: ['SUV'],
      fine: ['Acura ZDX', 'ZDX'],
      split: 'val',
      metadata: { year: 2012 },
    });
  });

  it('names bad JSON Lines fields', () => {
    const parsed = parseManifestJsonLine('{"image": "", "superordinate": 3, "coarse": [], "split": 1}');
    assert.ok(!parsed.ok);
    assert.deepEqual(
      parsed.errors.map((e) => [e.field, e.reason.split(':')[0]]),
      [
        ['image', 'empty path'],
        ['superordinate', 'wrong type'],
        ['coarse', 'empty label'],
        ['fine', 'missing field'],
        ['split', 'wrong type'],
      ],
    );
  });

  it('reads a CSV record: "|" separates list values, extra columns become metadata', () => {
    const parsed = parseManifestCsvRecord(
      ['image', 'superordinate', 'coarse', 'fine', 'split', 'source'],
      ['x.png', 'Dog', 'Spaniel', 'Cavalier King Charles Spaniel|Cavalier', '', 'web'],
    );
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.row, {
      image: 'x.png',
      superordinate: 'Dog',
      coarse: ['Spaniel'],
      fine: ['Cavalier King Charles Spaniel', 'Cavalier'],
      metadata: { source: 'web' },
    });
  });

  it('reports a CSV record with too few fields', () => {
    const parsed = parseManifestCsvRecord(['image', 'superordinate', 'coarse', 'fine'], ['x.png', 'Dog']);
    assert.ok(!parsed.ok);
    assert.equal(parsed.errors[0]?.reason, 'expected 4 fields, got 2');
    assert.deepEqual(parsed.errors[1], { field: 'coarse', reason: 'missing field' });
  });
});

describe('importManifest', () => {
  const tmp = useTempDir('finer-manifest-');
  const image = (rel: string): void => {
    mkdirSync(join(tmp(), rel, '..'), { recursive: true });
    writeFileSync(join(tmp(), rel), 'png');
  };
  const write = (name: string, text: string): string => {
    const file = join(tmp(), name);
    writeFileSync(file, text);
    return file;
  };

  it('imports a JSONL manifest and reports bad rows by line, keeping the valid ones', async () => {
    image('img/a.png');
    image('img/b.png');
    const ok = (img: string, extra = ''): string =>
      `{"image": "${img}", "superordinate": "Bird", "coarse": "Owl", "fine": ["Barn Owl"]${extra}}`;
    const file = write(
      'birds.jsonl',
      [
        ok('img/a.png', ', "split": "train"'), // 1
        '{"image": "img/b.png"', // 2 invalid JSON
        ok('img/missing.png'), // 3 not found
        ok('../escape.png'), // 4 escapes
        '', // 5 blank
        ok('img/a.png'), // 6 duplicate image: warning, kept
        ok('img/b.png', ', "metadata": [1]'), // 7 metadata ignored with a warning
      ].join('\n'),
    );
    const store = new MemoryImportTarget();
    const summary = await importManifest(store, { manifestFile: file });
    const dataset = store.only();
    assert.deepEqual(dataset.meta, { name: 'birds', rootDir: tmp(), format: 'manifest', split: 'test' });
    assert.equal(summary.imported, 3);
    assert.equal(summary.skipped, 3);
    assert.deepEqual(
      dataset.samples.map((s) => [s.idx, s.imagePath, s.split]),
      [
        [0, 'img/a.png', 'train'],
        [4, 'img/a.png', 'test'],
        [5, 'img/b.png', 'test'],
      ],
    );
    assert.match(issueAt(summary.issues, 2).reason, /^invalid JSON/);
    assert.deepEqual(
      [issueAt(summary.issues, 3).field, issueAt(summary.issues, 3).severity],
      ['image', 'error'],
    );
    assert.match(issueAt(summary.issues, 3).reason, /image not found/);
    assert.match(issueAt(summary.issues, 4).reason, /path escapes the dataset root/);
    assert.deepEqual(issueAt(summary.issues, 6), {
      severity: 'warning',
      file,
      line: 6,
      field: 'image',
      reason: 'duplicate image (also on line 1)',
    });
    assert.equal(issueAt(summary.issues, 7).field, 'metadata');
    assert.equal(summary.warnings, 2);
    assert.equal(summary.errors, 3);
  });

  it('imports a CSV manifest with quoting, a BOM, CRLF and a multi-line field', async () => {
    image('pics/1.png');
    image('pics/2, two.png');
    image('pics/3.png');
    const file = write(
      'cars.csv',
      '\uFEFFImage,Superordinate,Coarse,Fine,Split,note\r\n' +
        'pics/1.png,Car,Sedan|Saloon,"Audi A4 Sedan 2012",train,plain\r\n' +
        '"pics/2, two.png",Car,SUV,"The ""Big"" SUV",,"two\r\nlines"\r\n' +
        '\r\n' +
        'pics/3.png,Car,,Nothing coarse\r\n' +
        'pics/3.png,Car,Van,"Van X"extra\r\n',
    );
    const store = new MemoryImportTarget();
    const summary = await importManifest(store, { manifestFile: file, name: 'cars', split: 'val' });
    assert.equal(summary.imported, 2);
    assert.equal(summary.skipped, 2);
    const samples = store.only().samples;
    assert.deepEqual(samples[0], {
      idx: 0,
      imagePath: 'pics/1.png',
      superordinate: 'Car',
      coarse: ['Sedan', 'Saloon'],
      fine: ['Audi A4 Sedan 2012'],
      split: 'train',
      metadata: { note: 'plain' },
    });
    assert.deepEqual(samples[1]?.fine, ['The "Big" SUV']);
    assert.equal(samples[1]?.imagePath, 'pics/2, two.png');
    assert.equal(samples[1]?.split, 'val');
    assert.deepEqual(samples[1]?.metadata, { note: 'two\nlines' });
    assert.equal(issueAt(summary.issues, 1).severity, 'warning');
    assert.match(issueAt(summary.issues, 1).reason, /byte order mark/);
    assert.deepEqual(
      summary.issues.filter((i) => i.line === 6).map((i) => [i.field, i.reason]),
      [
        [undefined, 'expected 6 fields, got 4'],
        ['coarse', 'empty label'],
      ],
    );
    assert.match(issueAt(summary.issues, 7).reason, /unexpected character after a closing quote/);
  });

  it('throws InputError for a CSV header missing required columns', async () => {
    const file = write('bad.csv', 'image,label\nx.png,cat\n');
    await assert.rejects(importManifest(new MemoryImportTarget(), { manifestFile: file }), (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.equal(err.line, 1);
      assert.match(err.message, /missing: superordinate, coarse, fine/);
      return true;
    });
  });

  it('throws InputError for an empty manifest', async () => {
    await assert.rejects(
      importManifest(new MemoryImportTarget(), { manifestFile: write('e.csv', '\n\n') }),
      /e\.csv: the file is empty/,
    );
  });

  it('resolves images against rootDir and accepts absolute paths inside it', async () => {
    image('root/a.png');
    const file = write(
      'm.jsonl',
      `{"image": "${join(tmp(), 'root', 'a.png')}", "superordinate": "Bird", "coarse": "Owl", "fine": "Barn Owl"}\n` +
        '{"image": "a.png", "superordinate": "Bird", "coarse": "Owl", "fine": "Barn Owl"}\n',
    );
    const store = new MemoryImportTarget();
    const summary = await importManifest(store, { manifestFile: file, rootDir: join(tmp(), 'root') });
    assert.equal(summary.imported, 2);
    assert.deepEqual(
      store.only().samples.map((s) => s.imagePath),
      ['a.png', 'a.png'],
    );
  });

  it('skips rows whose image is a symlink out of the root or a directory, keeping the rest', async () => {
    image('img/a.png');
    const outside = mkdtempSync(join(tmpdir(), 'finer-outside-'));
    try {
      writeFileSync(join(outside, 'secret.png'), 'not yours');
      symlinkSync(join(outside, 'secret.png'), join(tmp(), 'img', 'link.png'));
      mkdirSync(join(tmp(), 'img', 'folder'));
      const row = (img: string): string =>
        `{"image": "${img}", "superordinate": "Bird", "coarse": "Owl", "fine": "Barn Owl"}`;
      const file = write('m.jsonl', [row('img/link.png'), row('img/a.png'), row('img/folder')].join('\n'));
      const store = new MemoryImportTarget();
      const summary = await importManifest(store, { manifestFile: file });
      assert.deepEqual(
        store.only().samples.map((s) => s.imagePath),
        ['img/a.png'],
      );
      assert.equal(issueAt(summary.issues, 1).field, 'image');
      assert.match(issueAt(summary.issues, 1).reason, /img\/link\.png .*outside the dataset root/);
      assert.match(issueAt(summary.issues, 3).reason, /img\/folder is a directory, not an image file/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
