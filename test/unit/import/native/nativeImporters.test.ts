// Each source layout imported from a folder the test writes: labels by the FINER rules, the
// source ids and taxonomy in the metadata, the label sources recorded, the chosen split.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importNativeDataset } from '../../../../src/core/import/native/nativeImporter';
import type { NativeImportOptions } from '../../../../src/core/import/native/nativeImporter';
import type { NewSample } from '../../../../src/core/model';
import { MemoryImportTarget, useTempDir } from '../memoryImportTarget';
import {
  writeAircraftFolder,
  writeCarsAllInOneFolder,
  writeCarsDevkitFolder,
  writeCubFolder,
  writeDogsFolder,
  writeInatFolder,
  writeNabirdsFolder,
} from './nativeFixtures';

async function importFolder(options: NativeImportOptions) {
  const target = new MemoryImportTarget();
  const summary = await importNativeDataset(target, options);
  return { summary, dataset: target.only() };
}

const labels = (s: NewSample) => [s.superordinate, s.coarse, s.fine];

describe('native dataset importers', () => {
  const tmp = useTempDir('finer-native-');

  it('CUB-200-2011: test split by default, FINER fine labels, naming-rule coarse recorded as such', async () => {
    writeCubFolder(tmp());
    const { summary, dataset } = await importFolder({ format: 'cub', folder: tmp() });
    assert.equal(summary.layout.format, 'cub');
    assert.equal(dataset.meta.name, 'cub-test');
    assert.equal(dataset.meta.rootDir, join(tmp(), 'images'));
    assert.equal(summary.imported, 3, 'images 2, 4, 6 are the test split');
    assert.equal(summary.errors, 0);
    assert.deepEqual(labels(dataset.samples[0] as NewSample), [
      'Bird',
      ['Albatross'],
      ['Black footed Albatross'],
    ]);
    assert.deepEqual(
      dataset.samples.map((s) => s.imagePath),
      [
        '001.Black_footed_Albatross/Black_footed_Albatross_1.jpg',
        '002.Laysan_Albatross/Laysan_Albatross_1.jpg',
        '036.Northern_Flicker/Northern_Flicker_1.jpg',
      ],
    );
    assert.deepEqual(dataset.samples[0]?.metadata, {
      imageId: 2,
      source: { classId: 1, className: '001.Black_footed_Albatross' },
    });
    assert.equal(summary.labelSources.coarse.kind, 'rule');
    assert.match(summary.labelSources.coarse.detail, /^by the naming rule: the last word/);
    assert.equal(dataset.meta.source?.levels?.coarse?.kind, 'rule');
    const all = await importFolder({ format: 'cub', folder: tmp(), split: 'all' });
    assert.equal(all.summary.imported, 6);
    assert.deepEqual(
      all.dataset.samples.map((s) => s.split),
      ['train', 'test', 'train', 'test', 'train', 'test'],
    );
  });

  it('NABirds: parent / grandparent coarse rule, parenthetical removed, parent chain as taxonomy', async () => {
    writeNabirdsFolder(tmp());
    const { summary, dataset } = await importFolder({ format: 'auto', folder: tmp(), split: 'train' });
    assert.equal(summary.layout.format, 'nabirds');
    assert.equal(summary.imported, 4);
    const byFine = new Map(dataset.samples.map((s) => [s.fine[0], s]));
    // Parent "Geese" is not in "Cackling Goose": the parent is the coarse label.
    assert.deepEqual(byFine.get('Cackling Goose')?.coarse, ['Geese']);
    // A parenthetical was removed: the grandparent, split on "," and " and ".
    assert.deepEqual(byFine.get('Snow Goose')?.coarse, ['Ducks', 'Geese', 'Swans']);
    // The parent "Red-tailed Hawk" is in the fine name: the grandparent.
    assert.deepEqual(byFine.get('Red-tailed Hawk')?.coarse, ['Hawks']);
    assert.deepEqual(byFine.get("Cooper's Hawk")?.coarse, ['Hawks']);
    assert.deepEqual(byFine.get('Snow Goose')?.metadata['taxonomy'], [
      { rank: 'level 1', name: 'Ducks, Geese, and Swans' },
      { rank: 'level 2', name: 'Geese' },
      { rank: 'level 3', name: 'Snow Goose' },
    ]);
    assert.deepEqual(
      (byFine.get('Snow Goose')?.metadata['source'] as Record<string, unknown>)['parentId'],
      2,
    );
    assert.equal(summary.labelSources.coarse.kind, 'dataset');
    assert.deepEqual(dataset.meta.source?.taxonomyRanks, ['level 1', 'level 2', 'level 3']);
  });

  it('FGVC-Aircraft: fine [family, variant], coarse manufacturer, the three levels as taxonomy', async () => {
    writeAircraftFolder(tmp());
    const { summary, dataset } = await importFolder({ format: 'aircraft', folder: tmp(), split: 'test' });
    assert.equal(summary.imported, 4);
    assert.deepEqual(labels(dataset.samples[0] as NewSample), [
      'Airplane',
      ['Boeing'],
      ['Boeing 707', '707-320'],
    ]);
    assert.deepEqual(
      dataset.samples[2]?.fine,
      ['A320'],
      'family and variant with the same name are one label',
    );
    assert.equal(dataset.samples[0]?.imagePath, '1025794.jpg');
    assert.deepEqual(dataset.samples[0]?.metadata['taxonomy'], [
      { rank: 'manufacturer', name: 'Boeing' },
      { rank: 'family', name: 'Boeing 707' },
      { rank: 'variant', name: '707-320' },
    ]);
    await assert.rejects(
      importFolder({ format: 'aircraft', folder: tmp(), split: 'train' }),
      /no split "train" \(choose one of test\)/,
    );
  });

  for (const compress of [false, true]) {
    it(`Stanford Dogs (${compress ? 'compressed' : 'plain'} .mat): breed after the first "-", "_" as spaces`, async () => {
      writeDogsFolder(tmp(), { compress });
      const { summary, dataset } = await importFolder({ format: 'dogs', folder: tmp() });
      assert.equal(summary.imported, 4);
      assert.deepEqual(
        dataset.samples.map((s) => s.fine[0]),
        ['Chihuahua', 'Chihuahua', 'Shih-Tzu', 'Afghan hound'],
      );
      assert.deepEqual(
        dataset.samples.map((s) => s.coarse[0]),
        ['Chihuahua', 'Chihuahua', 'Shih-Tzu', 'hound'],
      );
      assert.equal(dataset.samples[2]?.superordinate, 'Dog');
      assert.deepEqual(dataset.samples[2]?.metadata['source'], {
        wnid: 'n02086240',
        folder: 'n02086240-Shih-Tzu',
        label: 2,
      });
      assert.equal(dataset.meta.rootDir, join(tmp(), 'Images'));
    });
  }

  it('Stanford Cars devkit: body-type coarse rule, the make where the name has no body type', async () => {
    writeCarsDevkitFolder(tmp(), { compress: true });
    const train = await importFolder({ format: 'cars', folder: tmp(), split: 'train' });
    assert.equal(train.summary.imported, 5);
    assert.deepEqual(
      train.dataset.samples.map((s) => s.coarse[0]),
      ['SUV', 'Sedan', 'Acura', 'Van', 'SUV'],
    );
    assert.equal(train.dataset.samples[0]?.imagePath, '00001.jpg');
    assert.deepEqual(train.dataset.samples[0]?.metadata['bbox'], [10, 12, 300, 200]);
    assert.equal((train.dataset.samples[1]?.metadata['source'] as Record<string, unknown>)['year'], 2012);
    assert.equal(train.summary.labelSources.coarse.kind, 'rule');
    assert.equal(train.summary.labelSources.coarse.fallbackClasses, 1);
    assert.match(train.summary.labelSources.coarse.detail, /1 class\(es\) by the naming rule: the make/);
    const test = await importFolder({ format: 'auto', folder: tmp() });
    assert.equal(test.summary.layout.format, 'cars');
    assert.equal(test.dataset.meta.rootDir, join(tmp(), 'cars_test'));
    assert.deepEqual(
      test.dataset.samples.map((s) => s.fine[0]),
      ['Acura RL Sedan 2012', 'Acura Integra Type R 2001', 'Chevrolet Express Cargo Van 2007'],
    );
  });

  it('Stanford Cars cars_annos.mat: relative_im_path and the test flag choose the split', async () => {
    writeCarsAllInOneFolder(tmp());
    const { summary, dataset } = await importFolder({ format: 'cars', folder: tmp(), split: 'test' });
    assert.equal(summary.imported, 2);
    assert.deepEqual(
      dataset.samples.map((s) => s.imagePath),
      ['car_ims/000002.jpg', 'car_ims/000003.jpg'],
    );
    assert.equal(dataset.meta.rootDir, tmp());
  });

  it('iNaturalist 2021: supercategory, [name, common name], family as coarse, kingdom..species kept', async () => {
    const files = writeInatFolder(tmp());
    const { summary, dataset } = await importFolder({ format: 'inat', folder: tmp(), split: 'val' });
    assert.equal(summary.imported, 6);
    assert.equal(summary.errors, 0);
    const owl = dataset.samples[0] as NewSample;
    assert.deepEqual(labels(owl), ['Birds', ['Strigidae'], ['Bubo virginianus', 'Great Horned Owl']]);
    assert.equal(owl.imagePath, files[0]);
    assert.deepEqual(owl.metadata['taxonomy'], [
      { rank: 'kingdom', name: 'Animalia' },
      { rank: 'phylum', name: 'Chordata' },
      { rank: 'class', name: 'Aves' },
      { rank: 'order', name: 'Strigiformes' },
      { rank: 'family', name: 'Strigidae' },
      { rank: 'genus', name: 'Bubo' },
      { rank: 'species', name: 'Bubo virginianus' },
    ]);
    assert.equal(owl.metadata['imageId'], 1);
    assert.equal((owl.metadata['source'] as Record<string, unknown>)['categoryId'], 0);
    assert.deepEqual(dataset.meta.source?.taxonomyRanks, [
      'kingdom',
      'phylum',
      'class',
      'order',
      'family',
      'genus',
      'species',
    ]);
    const byGenus = await importFolder({ format: 'inat', folder: tmp(), coarseLevel: 'genus', name: 'g' });
    assert.equal(byGenus.dataset.meta.split, 'val', 'val is the default split when there is no test');
    assert.deepEqual(byGenus.dataset.samples[4]?.coarse, ['Quercus']);
    assert.match(byGenus.summary.labelSources.coarse.detail, /taxonomy rank "genus"/);
    await assert.rejects(
      importFolder({ format: 'inat', folder: tmp(), coarseLevel: 'species' }),
      /--coarse-level must be one of kingdom/,
    );
  });

  it('a user mapping CSV gives the coarse labels of the classes it lists', async () => {
    writeCubFolder(tmp());
    const map = join(tmp(), 'coarse.csv');
    writeFileSync(
      map,
      'fine,coarse\nBlack footed Albatross,Seabird|Albatross\nnorthern flicker,Woodpecker\n',
    );
    const { summary, dataset } = await importFolder({ format: 'cub', folder: tmp(), coarseMapFile: map });
    assert.deepEqual(
      dataset.samples.map((s) => s.coarse),
      [['Seabird', 'Albatross'], ['Albatross'], ['Woodpecker']],
    );
    assert.equal(summary.labelSources.coarse.kind, 'mapping');
    assert.equal(summary.labelSources.coarse.fallbackClasses, 1);
    assert.ok(
      summary.issues.some(
        (i) => i.severity === 'warning' && /1 of 3 classes are not in the mapping file/.test(i.reason),
      ),
    );
  });
});
