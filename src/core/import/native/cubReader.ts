// CUB-200-2011 and NABirds as downloaded: images.txt, image_class_labels.txt,
// train_test_split.txt and classes.txt (NABirds adds hierarchy.txt), images under images/.
// Label rules from the FINER reference loaders (docs/formats.md, "Native dataset folders").
import { join } from 'node:path';
import { InputError } from '../../errors';
import { indexById, readIndexFile, requireIndexFile } from './indexFiles';
import type { IndexLine } from './indexFiles';
import { nabirdsClasses } from './nabirdsHierarchy';
import type { NativeClass, NativeReadContext, NativeRecord, NativeSource } from './nativeTypes';

export const CUB_FILES = ['images.txt', 'image_class_labels.txt', 'train_test_split.txt', 'classes.txt'];
export const NABIRDS_FILES = [...CUB_FILES, 'hierarchy.txt'];
export const CUB_SPLITS = ['train', 'test', 'all'];

/** "001.Black_footed_Albatross" -> "Black footed Albatross". */
export function cubFineLabel(className: string): string {
  return className
    .replace(/^\d+\./, '')
    .replace(/_/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function checkSplit(split: string): void {
  if (!CUB_SPLITS.includes(split))
    throw new InputError(`unknown split "${split}": expected one of ${CUB_SPLITS.join(', ')}`, split);
}

export async function readCubFolder(ctx: NativeReadContext, nabirds: boolean): Promise<NativeSource> {
  checkSplit(ctx.split);
  const { folder, log } = ctx;
  const files = Object.fromEntries((nabirds ? NABIRDS_FILES : CUB_FILES).map((f) => [f, join(folder, f)]));
  for (const [name, path] of Object.entries(files))
    requireIndexFile(path as string, `${name} of the dataset`);
  const imagesFile = files['images.txt'] as string;
  const labelsFile = files['image_class_labels.txt'] as string;
  const splitFile = files['train_test_split.txt'] as string;
  const classesFile = files['classes.txt'] as string;

  const images = await readIndexFile(imagesFile, log, 'image path');
  const labels = indexById(await readIndexFile(labelsFile, log, 'class id'), labelsFile, log);
  const splits = indexById(await readIndexFile(splitFile, log, 'is_training_image'), splitFile, log);
  const classLines = indexById(await readIndexFile(classesFile, log, 'class name'), classesFile, log);

  const classes = nabirds
    ? nabirdsClasses(classLines, await readIndexFile(files['hierarchy.txt'] as string, log, 'parent id'), {
        classesFile,
        hierarchyFile: files['hierarchy.txt'] as string,
        log,
      })
    : cubClasses(classLines);

  const records: NativeRecord[] = [];
  const seen = new Map<string, number>();
  let skipped = 0;
  images.forEach((img, ordinal) => {
    const drop = (field: string, reason: string): void => {
      log.error(imagesFile, img.line, field, reason);
      skipped++;
    };
    const first = seen.get(img.id);
    if (first !== undefined) return drop('image_id', `duplicate image id ${img.id} (first on line ${first})`);
    seen.set(img.id, img.line);
    const split = splits.get(img.id);
    if (!split) return drop('image_id', `image id ${img.id} is not in ${splitFile}`);
    const isTrain = split.rest === '1';
    if (split.rest !== '0' && split.rest !== '1') {
      log.error(splitFile, split.line, 'is_training_image', `expected 0 or 1, got "${split.rest}"`);
      skipped++;
      return;
    }
    if (ctx.split !== 'all' && (ctx.split === 'train') !== isTrain) return;
    const label = labels.get(img.id);
    if (!label) return drop('image_id', `image id ${img.id} has no class in ${labelsFile}`);
    const cls = classes.get(label.rest);
    if (!cls) {
      log.error(
        labelsFile,
        label.line,
        'class_id',
        `class id ${label.rest} is not a class of ${classesFile}`,
      );
      skipped++;
      return;
    }
    records.push({
      idx: ordinal,
      image: img.rest.replace(/\\/g, '/'),
      classKey: cls.key,
      file: imagesFile,
      line: img.line,
      metadata: {
        imageId: /^\d+$/.test(img.id) ? Number(img.id) : img.id,
        sourceSplit: isTrain ? 'train' : 'test',
      },
    });
  });

  return {
    format: nabirds ? 'nabirds' : 'cub',
    split: ctx.split,
    imagesDir: join(folder, 'images'),
    files: Object.values(files) as string[],
    classes,
    records,
    levels: {
      superordinate: { kind: 'fixed', detail: 'Bird (every sample)' },
      fine: {
        kind: 'dataset',
        detail: nabirds
          ? 'classes.txt name, parenthetical removed (FINER rule)'
          : 'classes.txt name without the "NNN." prefix, "_" as spaces (FINER rule)',
      },
      ...(nabirds
        ? {
            coarse: {
              kind: 'dataset' as const,
              detail:
                'hierarchy.txt parent, or grandparent when the parent name is in the fine name or a parenthetical was removed; split on "," and " and " (FINER rule)',
            },
          }
        : {}),
    },
    ...(nabirds ? { taxonomyRanks: nabirdsRanks(classes) } : {}),
    skipped,
  };
}

function cubClasses(lines: Map<string, IndexLine>): Map<string, NativeClass> {
  const classes = new Map<string, NativeClass>();
  for (const [id, l] of lines) {
    classes.set(id, {
      key: id,
      fine: [cubFineLabel(l.rest)],
      superordinate: 'Bird',
      source: { classId: Number(id), className: l.rest },
    });
  }
  return classes;
}

/** "level 1" .. "level N" for the deepest class path of the hierarchy. */
function nabirdsRanks(classes: Map<string, NativeClass>): string[] {
  let depth = 0;
  for (const c of classes.values()) depth = Math.max(depth, c.taxonomy?.length ?? 0);
  return Array.from({ length: depth }, (_, i) => `level ${i + 1}`);
}
