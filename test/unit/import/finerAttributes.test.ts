import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../../src/core/errors';
import {
  listEntryStartLines,
  parseFinerAttributes,
  readFinerAttributesFile,
} from '../../../src/core/import/finerAttributes';
import { importFinerDataset } from '../../../src/core/import/finerImporter';
import { ImportIssueLog } from '../../../src/core/import/importIssueLog';
import { MemoryImportTarget, useTempDir } from './memoryImportTarget';

describe('parseFinerAttributes', () => {
  it('reads required and likely lists and drops "none" values', () => {
    const log = new ImportIssueLog();
    const concepts = parseFinerAttributes(
      [
        {
          id: 3,
          name: 'Laysan Albatross',
          attr_binomial: { required: ['white head', 'None', ' '], likely: 'none' },
        },
        {
          id: 4,
          name: 'Sooty Albatross',
          attr_binomial: { required: 'dark sooty plumage', likely: ['long narrow wings'] },
        },
      ],
      'attrs.json',
      log,
    );
    assert.deepEqual(concepts, [
      { name: 'Laysan Albatross', sourceId: 3, commonName: null, required: ['white head'], likely: [] },
      {
        name: 'Sooty Albatross',
        sourceId: 4,
        commonName: null,
        required: ['dark sooty plumage'],
        likely: ['long narrow wings'],
      },
    ]);
    assert.deepEqual(log.toList(), []);
  });

  it('reads the iNaturalist variant with common names, merging both attribute sets', () => {
    const concepts = parseFinerAttributes(
      [
        {
          id: 0,
          name: 'Bubo virginianus',
          common_name: 'Great Horned Owl',
          attr_binomial: { required: ['ear tufts', 'yellow eyes'], likely: ['none'] },
          attr_common: { required: ['Ear tufts', 'white throat patch'], likely: ['mottled brown plumage'] },
        },
      ],
      'inat.json',
      new ImportIssueLog(),
    );
    assert.deepEqual(concepts[0], {
      name: 'Bubo virginianus',
      sourceId: 0,
      commonName: 'Great Horned Owl',
      required: ['ear tufts', 'yellow eyes', 'white throat patch'],
      likely: ['mottled brown plumage'],
    });
  });

  it('reports bad entries with their index and keeps the good ones', () => {
    const log = new ImportIssueLog();
    const concepts = parseFinerAttributes(
      [
        'just a string',
        { id: 1 },
        { id: 2, name: 'A', attr_binomial: { required: [1, 2], likely: [] } },
        { id: 3, name: 'a', attr_binomial: { required: [], likely: [] } },
        { id: 4, name: 'B' },
      ],
      'attrs.json',
      log,
      (i) => 10 + i,
    );
    assert.deepEqual(
      concepts.map((c) => c.name),
      ['A', 'B'],
    );
    assert.deepEqual(
      log.toList().map((i) => [i.severity, i.line, i.field, i.reason.split(':')[0]]),
      [
        ['error', 10, '[0]', 'wrong type'],
        ['error', 11, '[1].name', 'missing field'],
        ['error', 12, '[2].attr_binomial.required', 'wrong type'],
        ['warning', 13, '[3].name', 'duplicate concept "a"; first entry kept'],
        ['warning', 14, '[4].attr_binomial', 'missing field'],
      ],
    );
  });
});

describe('listEntryStartLines', () => {
  it('finds the line each list element starts on, ignoring brackets inside strings', () => {
    const text = '[\n  {"name": "a [x]", "v": [1,\n 2]},\n  {"name": "b\\" {"}\n, 7]';
    assert.deepEqual(listEntryStartLines(text), [2, 4, 5]);
  });
});

describe('readFinerAttributesFile', () => {
  const tmp = useTempDir('finer-attrs-');
  const write = (name: string, text: string): string => {
    const file = join(tmp(), name);
    writeFileSync(file, text);
    return file;
  };

  it('throws InputError naming the file when it is not a JSON list', async () => {
    const file = write('obj.json', '{"name": "x"}');
    await assert.rejects(readFinerAttributesFile(file, new ImportIssueLog()), (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.equal(err.file, file);
      assert.match(err.message, /must be a JSON list of concepts, got an object/);
      return true;
    });
  });

  it('throws InputError with the line of a JSON syntax error', async () => {
    const file = write('broken.json', '[\n {"name": "a"},\n {"name": }\n]');
    await assert.rejects(readFinerAttributesFile(file, new ImportIssueLog()), (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.equal(err.line, 3);
      assert.match(err.message, /broken\.json:3: invalid JSON/);
      return true;
    });
  });

  it('throws InputError for an empty file', async () => {
    await assert.rejects(
      readFinerAttributesFile(write('e.json', ' \n'), new ImportIssueLog()),
      /the attributes file is empty/,
    );
  });

  it('reports entry problems on their line in the file', async () => {
    const file = write(
      'attrs.json',
      '[\n  {"id": 0, "name": "A", "attr_binomial": {"required": ["x"], "likely": []}},\n  {"id": 1}\n]',
    );
    const log = new ImportIssueLog();
    const concepts = await readFinerAttributesFile(file, log);
    assert.equal(concepts.length, 1);
    assert.deepEqual(log.toList(), [
      { severity: 'error', file, line: 3, field: '[1].name', reason: 'missing field' },
    ]);
  });
});

describe('importFinerDataset with an attributes file', () => {
  const tmp = useTempDir('finer-attrs-import-');

  it('adds the concepts and reports unmatched concepts and classes', async () => {
    mkdirSync(join(tmp(), 'img'));
    writeFileSync(join(tmp(), 'img', 'a.jpg'), 'x');
    const line = (idx: number, fine: string[]): string =>
      JSON.stringify({
        idx,
        'basic-level-lbl': 'Bird',
        'coarse-level-lbl': ['Owl'],
        'fine-level-lbl': fine,
        img_path: 'img/a.jpg',
      });
    const unifiedFile = join(tmp(), 'unified-inaturalist-test-combined.jsonl');
    writeFileSync(
      unifiedFile,
      [
        line(0, ['Bubo virginianus', 'Great Horned Owl']),
        line(1, ['Tyto alba', 'Barn Owl']),
        line(2, ['Strix varia', 'Barred Owl']),
      ].join('\n'),
    );
    const attributesFile = join(tmp(), 'parsed-inaturalist-llava-wiki-text-combined.json');
    writeFileSync(
      attributesFile,
      JSON.stringify([
        { id: 0, name: 'bubo virginianus', attr_binomial: { required: ['ear tufts'], likely: [] } },
        {
          id: 1,
          name: 'Tyto furcata',
          common_name: 'BARN OWL',
          attr_binomial: { required: ['heart-shaped face'], likely: [] },
        },
        {
          id: 2,
          name: 'Athene noctua',
          common_name: 'Little Owl',
          attr_binomial: { required: ['small'], likely: [] },
        },
      ]),
    );
    const store = new MemoryImportTarget();
    const summary = await importFinerDataset(store, { unifiedFile, attributesFile });
    assert.equal(summary.concepts, 3);
    assert.equal(store.only().concepts.length, 3);
    assert.deepEqual(summary.unmatchedConcepts, ['Athene noctua']);
    assert.deepEqual(summary.unmatchedClasses, ['Strix varia']);
    assert.equal(summary.datasetName, 'inaturalist-test');
  });

  it('imports nothing when the attributes file is not a list', async () => {
    writeFileSync(join(tmp(), 'a.jpg'), 'x');
    const unifiedFile = join(tmp(), 'u.jsonl');
    writeFileSync(
      unifiedFile,
      JSON.stringify({
        idx: 0,
        'basic-level-lbl': 'Bird',
        'coarse-level-lbl': ['Owl'],
        'fine-level-lbl': ['X'],
        img_path: 'a.jpg',
      }),
    );
    const attributesFile = join(tmp(), 'attrs.json');
    writeFileSync(attributesFile, '"nope"');
    const store = new MemoryImportTarget();
    await assert.rejects(importFinerDataset(store, { unifiedFile, attributesFile }), InputError);
    assert.equal(store.datasets.length, 0);
  });
});
