// Stanford Cars as downloaded, in either release layout:
// - devkit: devkit/cars_meta.mat (`class_names`), devkit/cars_train_annos.mat and
//   cars_test_annos_withlabels.mat (struct `annotations` with `fname`, `class`, bbox_*),
//   images in cars_train/ and cars_test/;
// - all-in-one: cars_annos.mat (`annotations` with `relative_im_path`, `class`, `test`, bbox_*;
//   `class_names`), images under car_ims/.
// Fine = the class name; coarse = the first body type found in it (FINER rule); superordinate "Car".
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../errors';
import type { ImportIssueLog } from '../importIssueLog';
import { matStructWith, matVariable, openMatFile } from './matFiles';
import { matScalar, matText } from './matV5Reader';
import type { MatCell, MatStruct, MatValue } from './matV5Reader';
import type { NativeClass, NativeReadContext, NativeRecord, NativeSource } from './nativeTypes';

export const CARS_SPLITS = ['train', 'test'];
/** FINER's closed list of body types, in the order they are looked for. */
export const CAR_BODY_TYPES = ['Sedan', 'SUV', 'Coupe', 'Convertible', 'Pickup', 'Hatchback', 'Van'];

/** The first body type of CAR_BODY_TYPES whose name occurs in the class name (any case). */
export function carBodyType(className: string): string | undefined {
  const lower = className.toLowerCase();
  return CAR_BODY_TYPES.find((t) => lower.includes(t.toLowerCase()));
}

function devkitTestFile(folder: string): string {
  const inDevkit = join(folder, 'devkit', 'cars_test_annos_withlabels.mat');
  return existsSync(inDevkit) ? inDevkit : join(folder, 'cars_test_annos_withlabels.mat');
}

export async function readCarsFolder(ctx: NativeReadContext): Promise<NativeSource> {
  if (!CARS_SPLITS.includes(ctx.split))
    throw new InputError(
      `unknown split "${ctx.split}": expected one of ${CARS_SPLITS.join(', ')}`,
      ctx.split,
    );
  const { folder, log } = ctx;
  const allInOne = join(folder, 'cars_annos.mat');
  const devkitMeta = join(folder, 'devkit', 'cars_meta.mat');
  if (!existsSync(devkitMeta) && existsSync(allInOne)) return readAllInOne(ctx, allInOne);

  const metaVars = openMatFile(devkitMeta);
  const classNames = classNameList(
    matVariable(metaVars, 'class_names', 'cell', devkitMeta) as MatCell,
    devkitMeta,
    log,
  );
  let annosFile: string;
  if (ctx.split === 'train') annosFile = join(folder, 'devkit', 'cars_train_annos.mat');
  else {
    annosFile = devkitTestFile(folder);
    if (!existsSync(annosFile) && existsSync(join(folder, 'devkit', 'cars_test_annos.mat')))
      throw new InputError(
        `${annosFile}: missing; devkit/cars_test_annos.mat has no class labels (get cars_test_annos_withlabels.mat)`,
        annosFile,
      );
  }
  const annos = matStructWith(openMatFile(annosFile), 'annotations', ['fname', 'class'], annosFile);
  const imagesDir = join(folder, ctx.split === 'train' ? 'cars_train' : 'cars_test');
  const { classes, records, skipped } = carRecords(annos, classNames, annosFile, log, (el, record) =>
    imagePath(el, 'fname', record, annosFile, log),
  );
  return carSource(ctx.split, imagesDir, [annosFile, devkitMeta], classes, records, skipped);
}

function readAllInOne(ctx: NativeReadContext, file: string): NativeSource {
  const vars = openMatFile(file);
  const classNames = classNameList(matVariable(vars, 'class_names', 'cell', file) as MatCell, file, ctx.log);
  const annos = matStructWith(vars, 'annotations', ['relative_im_path', 'class', 'test'], file);
  const wantTest = ctx.split === 'test';
  const { classes, records, skipped } = carRecords(annos, classNames, file, ctx.log, (el, record) => {
    const test = matScalar(el['test']);
    if (test !== 0 && test !== 1) {
      ctx.log.error(file, record, 'test', `record ${record}: "test" must be 0 or 1`);
      return 'bad';
    }
    return (test === 1) === wantTest
      ? imagePath(el, 'relative_im_path', record, file, ctx.log)
      : 'other split';
  });
  return carSource(ctx.split, ctx.folder, [file], classes, records, skipped);
}

function imagePath(
  el: Record<string, MatValue>,
  field: string,
  record: number,
  file: string,
  log: ImportIssueLog,
): RecordImage {
  const path = matText(el[field])?.trim();
  if (path) return { path };
  log.error(file, record, field, `record ${record}: no image file name`);
  return 'bad';
}

function classNameList(cell: MatCell, file: string, log: ImportIssueLog): (string | undefined)[] {
  return cell.cells.map((c, i) => {
    const name = matText(c)?.trim();
    if (!name) log.error(file, i + 1, 'class_names', `class ${i + 1}: expected a name, got ${c.kind}`);
    return name || undefined;
  });
}

/** What a record's image is: its path, another split's (left out), or a problem already logged. */
type RecordImage = { path: string } | 'other split' | 'bad';

function carRecords(
  annos: MatStruct,
  classNames: (string | undefined)[],
  file: string,
  log: ImportIssueLog,
  imageOf: (el: Record<string, MatValue>, record: number) => RecordImage,
): { classes: Map<string, NativeClass>; records: NativeRecord[]; skipped: number } {
  const classes = new Map<string, NativeClass>();
  const records: NativeRecord[] = [];
  let skipped = 0;
  annos.elements.forEach((el, i) => {
    const record = i + 1;
    const image = imageOf(el, record);
    if (image === 'other split') return;
    if (image === 'bad') {
      skipped++;
      return;
    }
    const path = image.path;
    const classId = matScalar(el['class']);
    const name = classId !== undefined && Number.isInteger(classId) ? classNames[classId - 1] : undefined;
    if (name === undefined) {
      log.error(
        file,
        record,
        'class',
        `record ${record}: class ${String(classId)} is not one of the ${classNames.length} class_names`,
      );
      skipped++;
      return;
    }
    const key = String(classId);
    if (!classes.has(key)) {
      const body = carBodyType(name);
      const cls: NativeClass = {
        key,
        fine: [name],
        superordinate: 'Car',
        source: {
          classId,
          className: name,
          make: name.split(/\s+/)[0] ?? name,
          ...(yearOf(name) ? { year: yearOf(name) } : {}),
        },
      };
      if (body) cls.coarse = [body];
      classes.set(key, cls);
    }
    const bbox = ['bbox_x1', 'bbox_y1', 'bbox_x2', 'bbox_y2'].map((f) => matScalar(el[f]));
    records.push({
      idx: i,
      image: path.trim().replace(/\\/g, '/'),
      classKey: key,
      file,
      line: record,
      metadata: bbox.every((v) => v !== undefined) ? { bbox } : {},
    });
  });
  return { classes, records, skipped };
}

function yearOf(name: string): number | undefined {
  const m = /\b(19|20)\d\d$/.exec(name.trim());
  return m ? Number(m[0]) : undefined;
}

function carSource(
  split: string,
  imagesDir: string,
  files: string[],
  classes: Map<string, NativeClass>,
  records: NativeRecord[],
  skipped: number,
): NativeSource {
  return {
    format: 'cars',
    split,
    imagesDir,
    files,
    classes,
    records,
    levels: {
      superordinate: { kind: 'fixed', detail: 'Car (every sample)' },
      fine: { kind: 'dataset', detail: 'class_names of the devkit (make, model, body, year)' },
      coarse: {
        kind: 'rule',
        detail: `first body type of ${CAR_BODY_TYPES.join(', ')} found in the class name (FINER rule)`,
      },
    },
    skipped,
  };
}
