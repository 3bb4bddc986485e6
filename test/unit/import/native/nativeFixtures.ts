// Writes small dataset folders in each source's downloaded layout (index files, .mat lists,
// COCO JSON) with real tiny JPEG images, for the native importer tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as jpeg from 'jpeg-js';
import { mat, writeMatBytes, type MatWriteValue } from './matV5Writer';

/** A real 8x8 JPEG of one colour. */
export function tinyJpeg(seed: number): Buffer {
  const width = 8;
  const height = 8;
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data[i * 4] = (seed * 37) % 256;
    data[i * 4 + 1] = (seed * 91) % 256;
    data[i * 4 + 2] = (seed * 53) % 256;
    data[i * 4 + 3] = 255;
  }
  return jpeg.encode({ data, width, height }, 80).data;
}

export function writeImage(path: string, seed: number): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, tinyJpeg(seed));
}

function lines(rows: (string | number)[][]): string {
  return rows.map((r) => r.join(' ')).join('\n') + '\n';
}

export const CUB_CLASSES = ['001.Black_footed_Albatross', '002.Laysan_Albatross', '036.Northern_Flicker'];

/** CUB-200-2011: 3 classes x 2 images; images 1, 3, 5 are train. */
export function writeCubFolder(dir: string, options: { classes?: string[] } = {}): void {
  const classes = options.classes ?? CUB_CLASSES;
  const images: (string | number)[][] = [];
  const labels: (string | number)[][] = [];
  const split: (string | number)[][] = [];
  let id = 1;
  classes.forEach((name, c) => {
    for (let k = 0; k < 2; k++) {
      const rel = `${name}/${name.replace(/^\d+\./, '')}_${k}.jpg`;
      images.push([id, rel]);
      labels.push([id, c + 1]);
      split.push([id, id % 2]);
      writeImage(join(dir, 'images', rel), id);
      id++;
    }
  });
  writeFileSync(join(dir, 'images.txt'), lines(images));
  writeFileSync(join(dir, 'image_class_labels.txt'), lines(labels));
  writeFileSync(join(dir, 'train_test_split.txt'), lines(split));
  writeFileSync(join(dir, 'classes.txt'), lines(classes.map((n, c) => [c + 1, n])));
}

/**
 * NABirds: root 0 "Birds" -> 1 "Ducks, Geese, and Swans" -> 2 "Geese" -> leaves 10 "Cackling Goose",
 * 11 "Snow Goose (Blue morph)"; 0 -> 3 "Hawks" -> 4 "Red-tailed Hawk" -> leaf 12 "Red-tailed Hawk (Dark morph)",
 * and leaf 13 "Cooper's Hawk" under 3. Two images per leaf, the first of each is train.
 */
export function writeNabirdsFolder(dir: string): void {
  const classes: [number, string][] = [
    [0, 'Birds'],
    [1, 'Ducks, Geese, and Swans'],
    [2, 'Geese'],
    [3, 'Hawks'],
    [4, 'Red-tailed Hawk'],
    [10, 'Cackling Goose'],
    [11, 'Snow Goose (Blue morph)'],
    [12, 'Red-tailed Hawk (Dark morph)'],
    [13, "Cooper's Hawk"],
  ];
  const hierarchy = [
    [1, 0],
    [2, 1],
    [3, 0],
    [4, 3],
    [10, 2],
    [11, 2],
    [12, 4],
    [13, 3],
  ];
  const images: (string | number)[][] = [];
  const labels: (string | number)[][] = [];
  const split: (string | number)[][] = [];
  let n = 0;
  for (const leaf of [10, 11, 12, 13]) {
    for (let k = 0; k < 2; k++) {
      const id = `${leaf}0000aaaabbbbccccdddd${String(n).padStart(8, '0')}`;
      const rel = `${String(leaf).padStart(4, '0')}/${id}.jpg`;
      images.push([id, rel]);
      labels.push([id, leaf]);
      split.push([id, k === 0 ? 1 : 0]);
      writeImage(join(dir, 'images', rel), n++);
    }
  }
  writeFileSync(join(dir, 'images.txt'), lines(images));
  writeFileSync(join(dir, 'image_class_labels.txt'), lines(labels));
  writeFileSync(join(dir, 'train_test_split.txt'), lines(split));
  writeFileSync(join(dir, 'classes.txt'), lines(classes));
  writeFileSync(join(dir, 'hierarchy.txt'), lines(hierarchy));
}

export const AIRCRAFT_ROWS: [string, string, string, string][] = [
  ['1025794', '707-320', 'Boeing 707', 'Boeing'],
  ['1340192', '737-800', 'Boeing 737', 'Boeing'],
  ['0056978', 'A320', 'A320', 'Airbus'],
  ['0062765', 'A320', 'A320', 'Airbus'],
];

/** fgvc-aircraft-2013b/data with the test split. */
export function writeAircraftFolder(dir: string, rows = AIRCRAFT_ROWS, split = 'test'): void {
  const data = join(dir, 'data');
  mkdirSync(data, { recursive: true });
  writeFileSync(join(data, `images_variant_${split}.txt`), lines(rows.map((r) => [r[0], r[1]])));
  writeFileSync(join(data, `images_family_${split}.txt`), lines(rows.map((r) => [r[0], r[2]])));
  writeFileSync(join(data, `images_manufacturer_${split}.txt`), lines(rows.map((r) => [r[0], r[3]])));
  rows.forEach((r, i) => writeImage(join(data, 'images', `${r[0]}.jpg`), i));
}

export const DOG_FILES = [
  'n02085620-Chihuahua/n02085620_5927.jpg',
  'n02085620-Chihuahua/n02085620_4441.jpg',
  'n02086240-Shih-Tzu/n02086240_6754.jpg',
  'n02088094-Afghan_hound/n02088094_1003.jpg',
];

export function writeDogsFolder(
  dir: string,
  options: {
    split?: string;
    files?: string[];
    compress?: boolean;
    variables?: Record<string, MatWriteValue>;
  } = {},
): void {
  const files = options.files ?? DOG_FILES;
  const folders = [...new Set(files.map((f) => f.split('/')[0]))];
  const variables = options.variables ?? {
    file_list: mat.cell(files.map((f) => mat.char(f))),
    annotation_list: mat.cell(files.map((f) => mat.char(f.replace(/\.jpg$/, '')))),
    labels: mat.double(files.map((f) => folders.indexOf(f.split('/')[0]) + 1)),
  };
  mkdirSync(join(dir, 'lists'), { recursive: true });
  writeFileSync(join(dir, 'lists', `${options.split ?? 'test'}_list.mat`), writeMatBytes(variables, options));
  files.forEach((f, i) => writeImage(join(dir, 'Images', f), i));
}

export const CAR_CLASSES = [
  'AM General Hummer SUV 2000',
  'Acura RL Sedan 2012',
  'Acura Integra Type R 2001',
  'Chevrolet Express Cargo Van 2007',
];

/** devkit layout: 5 train and 3 test images (test labels in cars_test_annos_withlabels.mat). */
export function writeCarsDevkitFolder(dir: string, options: { compress?: boolean } = {}): void {
  mkdirSync(join(dir, 'devkit'), { recursive: true });
  writeFileSync(
    join(dir, 'devkit', 'cars_meta.mat'),
    writeMatBytes(
      {
        class_names: mat.cell(
          CAR_CLASSES.map((c) => mat.char(c)),
          [1, CAR_CLASSES.length],
        ),
      },
      options,
    ),
  );
  const annos = (classes: number[], folder: string): MatWriteValue =>
    mat.struct(
      ['bbox_x1', 'bbox_y1', 'bbox_x2', 'bbox_y2', 'class', 'fname'],
      classes.map((c, i) => {
        const fname = `${String(i + 1).padStart(5, '0')}.jpg`;
        writeImage(join(dir, folder, fname), i + c * 10);
        return {
          bbox_x1: mat.uint8([10], [1, 1]),
          bbox_y1: mat.uint8([12], [1, 1]),
          bbox_x2: mat.scalar(300),
          bbox_y2: mat.scalar(200),
          class: mat.uint8([c], [1, 1]),
          fname: mat.char(fname),
        };
      }),
    );
  writeFileSync(
    join(dir, 'devkit', 'cars_train_annos.mat'),
    writeMatBytes({ annotations: annos([1, 2, 3, 4, 1], 'cars_train') }, options),
  );
  writeFileSync(
    join(dir, 'cars_test_annos_withlabels.mat'),
    writeMatBytes({ annotations: annos([2, 3, 4], 'cars_test') }, options),
  );
}

/** cars_annos.mat layout: relative_im_path under car_ims/, a `test` flag per record. */
export function writeCarsAllInOneFolder(dir: string): void {
  const records = [
    { path: 'car_ims/000001.jpg', cls: 1, test: 0 },
    { path: 'car_ims/000002.jpg', cls: 2, test: 1 },
    { path: 'car_ims/000003.jpg', cls: 4, test: 1 },
  ];
  records.forEach((r, i) => writeImage(join(dir, r.path), i));
  writeFileSync(
    join(dir, 'cars_annos.mat'),
    writeMatBytes(
      {
        annotations: mat.struct(
          ['relative_im_path', 'bbox_x1', 'bbox_y1', 'bbox_x2', 'bbox_y2', 'class', 'test'],
          records.map((r) => ({
            relative_im_path: mat.char(r.path),
            bbox_x1: mat.scalar(1),
            bbox_y1: mat.scalar(2),
            bbox_x2: mat.scalar(3),
            bbox_y2: mat.scalar(4),
            class: mat.scalar(r.cls),
            test: mat.uint8([r.test], [1, 1]),
          })),
        ),
        class_names: mat.cell(
          CAR_CLASSES.map((c) => mat.char(c)),
          [1, CAR_CLASSES.length],
        ),
      },
      { compress: true },
    ),
  );
}

export interface InatCategory {
  id: number;
  name: string;
  common_name: string;
  supercategory: string;
  kingdom?: string;
  phylum?: string;
  class?: string;
  order?: string;
  family?: string;
  genus?: string;
  specific_epithet?: string;
  image_dir_name?: string;
}

export const INAT_CATEGORIES: InatCategory[] = [
  {
    id: 0,
    name: 'Bubo virginianus',
    common_name: 'Great Horned Owl',
    supercategory: 'Birds',
    kingdom: 'Animalia',
    phylum: 'Chordata',
    class: 'Aves',
    order: 'Strigiformes',
    family: 'Strigidae',
    genus: 'Bubo',
    specific_epithet: 'virginianus',
    image_dir_name: '00000_Animalia_Chordata_Aves_Strigiformes_Strigidae_Bubo_virginianus',
  },
  {
    id: 1,
    name: 'Bubo scandiacus',
    common_name: 'Snowy Owl',
    supercategory: 'Birds',
    kingdom: 'Animalia',
    phylum: 'Chordata',
    class: 'Aves',
    order: 'Strigiformes',
    family: 'Strigidae',
    genus: 'Bubo',
    specific_epithet: 'scandiacus',
    image_dir_name: '00001_Animalia_Chordata_Aves_Strigiformes_Strigidae_Bubo_scandiacus',
  },
  {
    id: 2,
    name: 'Quercus robur',
    common_name: 'English Oak',
    supercategory: 'Plants',
    kingdom: 'Plantae',
    phylum: 'Tracheophyta',
    class: 'Magnoliopsida',
    order: 'Fagales',
    family: 'Fagaceae',
    genus: 'Quercus',
    specific_epithet: 'robur',
    image_dir_name: '00002_Plantae_Tracheophyta_Magnoliopsida_Fagales_Fagaceae_Quercus_robur',
  },
];

/** The COCO JSON text of a split: two images per category, keys in the iNaturalist 2021 order. */
export function inatJson(categories = INAT_CATEGORIES, split = 'val'): { text: string; files: string[] } {
  const images: object[] = [];
  const annotations: object[] = [];
  const files: string[] = [];
  let id = 1;
  for (const c of categories) {
    for (let k = 0; k < 2; k++) {
      const file = `${split}/${c.image_dir_name ?? `${c.id}`}/${id}.jpg`;
      files.push(file);
      images.push({
        id,
        width: 8,
        height: 8,
        file_name: file,
        license: 1,
        rights_holder: 'x \\"y\\"',
        date: '2019',
      });
      annotations.push({ id: 100 + id, image_id: id, category_id: c.id });
      id++;
    }
  }
  const doc = {
    info: { year: 2021, version: '2021', description: 'fixture [with brackets] {and braces}' },
    images,
    categories,
    annotations,
    licenses: [{ id: 1, name: 'CC BY', url: 'http://example.org/' }],
  };
  return { text: JSON.stringify(doc, null, 1), files };
}

export function writeInatFolder(
  dir: string,
  options: { categories?: InatCategory[]; text?: string } = {},
): string[] {
  const { text, files } = inatJson(options.categories);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'val.json'), options.text ?? text);
  files.forEach((f, i) => writeImage(join(dir, f), i));
  return files;
}
