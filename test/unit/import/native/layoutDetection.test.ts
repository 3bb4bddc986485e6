// Layout detection: each source folder is recognised (also one folder down), with its splits;
// a folder holding two datasets, or none, gets an answer saying so.
import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeLayout, detectDatasetLayout } from '../../../../src/core/import/native/layoutDetection';
import { useTempDir } from '../memoryImportTarget';
import {
  writeAircraftFolder,
  writeCarsAllInOneFolder,
  writeCarsDevkitFolder,
  writeCubFolder,
  writeDogsFolder,
  writeInatFolder,
  writeNabirdsFolder,
} from './nativeFixtures';

describe('dataset layout detection', () => {
  const tmp = useTempDir('finer-layout-');

  const cases: [string, (dir: string) => void, string, string[]][] = [
    ['cub', (d) => writeCubFolder(d), 'cub', ['train', 'test', 'all']],
    ['nabirds', (d) => writeNabirdsFolder(d), 'nabirds', ['train', 'test', 'all']],
    ['aircraft', (d) => writeAircraftFolder(d), 'aircraft', ['test']],
    ['dogs', (d) => writeDogsFolder(d, { split: 'train' }), 'dogs', ['train']],
    ['cars devkit', (d) => writeCarsDevkitFolder(d), 'cars', ['train', 'test']],
    ['cars_annos.mat', (d) => writeCarsAllInOneFolder(d), 'cars', ['train', 'test']],
    ['inat', (d) => void writeInatFolder(d), 'inat', ['val']],
  ];
  for (const [title, write, format, splits] of cases) {
    it(`recognises ${title}, in the folder and one folder down`, () => {
      const folder = join(tmp(), 'download', 'dataset');
      write(folder);
      for (const at of [folder, join(tmp(), 'download')]) {
        const detected = detectDatasetLayout(at);
        assert.ok(detected.ok, detected.ok ? '' : detected.message);
        assert.equal(detected.layout.format, format);
        assert.equal(detected.layout.folder, folder);
        assert.deepEqual(detected.layout.splits, splits);
      }
    });
  }

  it('names both datasets when a folder holds two', () => {
    writeCubFolder(join(tmp(), 'CUB_200_2011'));
    writeAircraftFolder(join(tmp(), 'fgvc-aircraft-2013b'));
    const detected = detectDatasetLayout(tmp());
    assert.equal(detected.ok, false);
    if (!detected.ok) {
      assert.match(
        detected.message,
        /holds several datasets \(CUB-200-2011 in CUB_200_2011, FGVC-Aircraft in fgvc-aircraft-2013b\)/,
      );
    }
  });

  it('says a path is not a folder, and describes what it found', () => {
    const missing = detectDatasetLayout(join(tmp(), 'nope'));
    assert.equal(missing.ok, false);
    mkdirSync(join(tmp(), 'cub'));
    writeCubFolder(join(tmp(), 'cub'));
    const found = detectDatasetLayout(join(tmp(), 'cub'));
    assert.ok(found.ok);
    assert.match(
      describeLayout(found.layout),
      /^CUB-200-2011 in .*cub \(images\.txt, image_class_labels\.txt, train_test_split\.txt, classes\.txt\); splits: train, test, all$/,
    );
  });
});
