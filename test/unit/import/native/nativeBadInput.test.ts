// Broken native folders: each problem is named with its file and line or record, the valid
// records around it are still imported, and a folder that is not a dataset says what it lacks.
import { strict as assert } from 'node:assert';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../../../src/core/errors';
import { detectDatasetLayout } from '../../../../src/core/import/native/layoutDetection';
import { importNativeDataset } from '../../../../src/core/import/native/nativeImporter';
import type { NativeImportOptions } from '../../../../src/core/import/native/nativeImporter';
import type { ImportIssue } from '../../../../src/core/model';
import { MemoryImportTarget, useTempDir } from '../memoryImportTarget';
import { mat } from './matV5Writer';
import {
  INAT_CATEGORIES,
  inatJson,
  writeAircraftFolder,
  writeCarsDevkitFolder,
  writeCubFolder,
  writeDogsFolder,
  writeInatFolder,
} from './nativeFixtures';

async function importFolder(options: NativeImportOptions) {
  const target = new MemoryImportTarget();
  const summary = await importNativeDataset(target, options);
  return { summary, dataset: target.only() };
}

function findIssue(issues: ImportIssue[], pattern: RegExp): ImportIssue {
  const issue = issues.find((i) => pattern.test(i.reason));
  assert.ok(issue, `no issue matching ${pattern}; got:\n${issues.map((i) => i.reason).join('\n')}`);
  return issue;
}

describe('native importers on bad input', () => {
  const tmp = useTempDir('finer-native-bad-');

  it('CUB: a missing image, an unknown class id and an image without a split are named; the rest imports', async () => {
    writeCubFolder(tmp());
    rmSync(join(tmp(), 'images', '002.Laysan_Albatross', 'Laysan_Albatross_1.jpg'));
    appendFileSync(
      join(tmp(), 'images.txt'),
      '7 036.Northern_Flicker/extra.jpg\n8 036.Northern_Flicker/nosplit.jpg\n',
    );
    appendFileSync(join(tmp(), 'image_class_labels.txt'), '7 99\n8 3\n');
    appendFileSync(join(tmp(), 'train_test_split.txt'), '7 0\n');
    const { summary, dataset } = await importFolder({ format: 'cub', folder: tmp() });
    assert.equal(summary.imported, 2);
    assert.equal(summary.skipped, 3);
    const missing = findIssue(summary.issues, /image not found: .*Laysan_Albatross_1\.jpg/);
    assert.equal(missing.file, join(tmp(), 'images.txt'));
    assert.equal(missing.line, 4);
    const unknown = findIssue(summary.issues, /class id 99 is not a class of/);
    assert.equal(unknown.file, join(tmp(), 'image_class_labels.txt'));
    assert.equal(unknown.line, 7);
    assert.equal(findIssue(summary.issues, /image id 8 is not in .*train_test_split\.txt/).line, 8);
    assert.deepEqual(
      dataset.samples.map((s) => s.fine[0]),
      ['Black footed Albatross', 'Northern Flicker'],
    );
  });

  it('CUB: an image path leaving the images folder is refused, naming its line', async () => {
    writeCubFolder(tmp());
    appendFileSync(join(tmp(), 'images.txt'), '7 ../../outside.jpg\n');
    appendFileSync(join(tmp(), 'image_class_labels.txt'), '7 1\n');
    appendFileSync(join(tmp(), 'train_test_split.txt'), '7 0\n');
    const { summary } = await importFolder({ format: 'cub', folder: tmp() });
    assert.equal(summary.imported, 3);
    const issue = findIssue(summary.issues, /escapes the dataset root/);
    assert.equal(issue.line, 7);
  });

  it('Cars: a record with an unknown class or no file name is named by record; the rest imports', async () => {
    writeCarsDevkitFolder(tmp());
    const { writeMatBytes } = await import('./matV5Writer');
    writeFileSync(
      join(tmp(), 'devkit', 'cars_train_annos.mat'),
      writeMatBytes({
        annotations: mat.struct(
          ['class', 'fname'],
          [
            { class: mat.scalar(1), fname: mat.char('00001.jpg') },
            { class: mat.scalar(999), fname: mat.char('00002.jpg') },
            { class: mat.scalar(2), fname: mat.double([], [0, 0]) },
          ],
        ),
      }),
    );
    const { summary } = await importFolder({ format: 'cars', folder: tmp(), split: 'train' });
    assert.equal(summary.imported, 1);
    assert.equal(summary.skipped, 2);
    assert.equal(findIssue(summary.issues, /record 2: class 999 is not one of the 4 class_names/).line, 2);
    assert.equal(findIssue(summary.issues, /record 3: no image file name/).line, 3);
  });

  it('CUB: a missing index file is an error naming it; auto detection lists what each layout lacks', async () => {
    writeCubFolder(tmp());
    rmSync(join(tmp(), 'train_test_split.txt'));
    await assert.rejects(importFolder({ format: 'cub', folder: tmp() }), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /not a CUB-200-2011 folder: missing train_test_split\.txt \(found images\.txt/);
      return true;
    });
    const detected = detectDatasetLayout(tmp());
    assert.equal(detected.ok, false);
    if (!detected.ok) {
      assert.match(detected.message, /no known dataset layout found/);
      assert.match(detected.message, /CUB-200-2011: missing train_test_split\.txt/);
      assert.match(
        detected.message,
        /Stanford Dogs: missing lists\/train_list\.mat or lists\/test_list\.mat/,
      );
      assert.match(detected.message, /iNaturalist 2021: missing train\.json or val\.json/);
    }
  });

  it('Aircraft: ids that disagree between the variant and family files are named per line', async () => {
    writeAircraftFolder(tmp());
    const family = join(tmp(), 'data', 'images_family_test.txt');
    writeFileSync(family, readFileSync(family, 'utf8').replace('1340192', '9999999'));
    const { summary } = await importFolder({ format: 'aircraft', folder: tmp() });
    assert.equal(summary.imported, 3);
    const issue = findIssue(summary.issues, /image 1340192 has no family in/);
    assert.equal(issue.file, join(tmp(), 'data', 'images_variant_test.txt'));
    assert.equal(issue.line, 2);
  });

  it('Dogs: a .mat of the wrong structure says what it found instead', async () => {
    writeDogsFolder(tmp(), {
      variables: { files: mat.cell([mat.char('a/b.jpg')]), labels: mat.double([1]) },
    });
    await assert.rejects(
      importFolder({ format: 'dogs', folder: tmp() }),
      /test_list\.mat: expected a cell variable "file_list", found missing \(variables in the file: files, labels\)/,
    );
    writeDogsFolder(tmp(), { variables: { file_list: mat.double([1, 2]) } });
    await assert.rejects(importFolder({ format: 'dogs', folder: tmp() }), /found a 2x1 numeric array/);
    writeFileSync(join(tmp(), 'lists', 'test_list.mat'), 'not a mat file at all'.repeat(10));
    await assert.rejects(
      importFolder({ format: 'dogs', folder: tmp() }),
      /test_list\.mat: not a MATLAB Level 5 MAT-file/,
    );
  });

  it('Dogs: a record that is not a file name is named by its record number; the rest imports', async () => {
    writeDogsFolder(tmp(), {
      variables: {
        file_list: mat.cell([
          mat.char('n02085620-Chihuahua/n02085620_5927.jpg'),
          mat.double([3]),
          mat.char('nofolder.jpg'),
        ]),
      },
    });
    const { summary } = await importFolder({ format: 'dogs', folder: tmp() });
    assert.equal(summary.imported, 1);
    assert.equal(findIssue(summary.issues, /record 2: expected a file name, got numeric/).line, 2);
    assert.equal(findIssue(summary.issues, /record 3: "nofolder\.jpg" has no breed folder/).line, 3);
  });

  it('Cars: a struct without the class field, and test annotations without labels', async () => {
    writeCarsDevkitFolder(tmp());
    const { writeMatBytes } = await import('./matV5Writer');
    writeFileSync(
      join(tmp(), 'devkit', 'cars_train_annos.mat'),
      writeMatBytes({ annotations: mat.struct(['fname'], [{ fname: mat.char('00001.jpg') }]) }),
    );
    await assert.rejects(
      importFolder({ format: 'cars', folder: tmp(), split: 'train' }),
      /cars_train_annos\.mat: the struct "annotations" lacks the field\(s\) class \(it has fname\)/,
    );
    rmSync(join(tmp(), 'cars_test_annos_withlabels.mat'));
    writeFileSync(
      join(tmp(), 'devkit', 'cars_test_annos.mat'),
      writeMatBytes({ annotations: mat.struct(['fname'], []) }),
    );
    await assert.rejects(importFolder({ format: 'cars', folder: tmp(), split: 'test' }), /no split "test"/);
  });

  it('iNaturalist: a truncated JSON keeps the images read before the cut and says where it ended', async () => {
    const { text } = inatJson();
    // Cut inside "annotations": only the first annotations survive.
    const cut = text.slice(0, text.indexOf('"image_id": 4'));
    writeInatFolder(tmp(), { text: cut });
    const { summary } = await importFolder({ format: 'inat', folder: tmp() });
    assert.equal(summary.imported, 3);
    const truncated = findIssue(
      summary.issues,
      /ends inside the "annotations" array after 3 complete element\(s\): truncated JSON/,
    );
    assert.equal(truncated.file, join(tmp(), 'val.json'));
    assert.ok((truncated.line ?? 0) > 1);
    assert.match(findIssue(summary.issues, /images\[3\]: image 4 has no annotation/).reason, /image 4/);
  });

  it('iNaturalist: a category without taxonomy is named, its images skipped, the others imported', async () => {
    const broken = INAT_CATEGORIES.map((c) => (c.id === 1 ? { ...c, family: undefined, genus: '' } : c));
    writeInatFolder(tmp(), { categories: broken });
    const { summary, dataset } = await importFolder({ format: 'inat', folder: tmp() });
    assert.equal(summary.imported, 4);
    assert.equal(summary.skipped, 2);
    const issue = findIssue(
      summary.issues,
      /categories\[1\]: category 1: missing taxonomy field\(s\) family, genus \(name "Bubo scandiacus"\)/,
    );
    assert.equal(issue.field, 'taxonomy');
    findIssue(summary.issues, /2 image\(s\) of category 1 skipped/);
    assert.ok(dataset.samples.every((s) => s.fine[0] !== 'Bubo scandiacus'));
  });

  it('iNaturalist: a broken image record is named by its index; an annotation pointing nowhere too', async () => {
    const { text } = inatJson();
    const doc = JSON.parse(text) as {
      images: Record<string, unknown>[];
      annotations: Record<string, unknown>[];
    };
    delete doc.images[1]?.['file_name'];
    (doc.annotations[2] as Record<string, unknown>)['category_id'] = 77;
    writeInatFolder(tmp(), { text: JSON.stringify(doc) });
    const { summary } = await importFolder({ format: 'inat', folder: tmp() });
    assert.equal(summary.imported, 4);
    findIssue(summary.issues, /images\[1\]: image 2: missing file_name/);
    findIssue(summary.issues, /annotations\[2\]: category 77 of image 3 is not in "categories"/);
  });
});
