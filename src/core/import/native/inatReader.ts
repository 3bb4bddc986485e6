// iNaturalist 2021 as downloaded: train.json / val.json (COCO style) beside the train/ and
// val/ image folders. The JSON is streamed (cocoJsonStream.ts): only compact per-image and
// per-category records are kept. Fine = [name, common_name], superordinate = supercategory,
// coarse = the taxonomy rank chosen (default family); kingdom .. species is the taxonomy.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../errors';
import { isPlainObject } from '../labelFields';
import { streamCocoArrays } from './cocoJsonStream';
import type { ElementPosition } from './cocoJsonStream';
import type { NativeClass, NativeReadContext, NativeRecord, NativeSource, TaxonNode } from './nativeTypes';

/** The taxonomy fields of an iNaturalist 2021 category, top down; the species is `name`. */
export const INAT_RANKS = ['kingdom', 'phylum', 'class', 'order', 'family', 'genus'] as const;
export const INAT_TAXONOMY_RANKS = [...INAT_RANKS, 'species'];
export const DEFAULT_INAT_COARSE_RANK = 'family';

/** The JSON file of a split: `{split}.json` ("train", "val", "train_mini", ...). */
export function inatJsonFile(folder: string, split: string): string {
  return join(folder, `${split}.json`);
}

/** What is kept per image until the annotations have been read (~100 bytes; train has 2.7M). */
interface ImageEntry {
  id: number;
  file: string;
  index: number;
  line: number;
  width?: number;
  height?: number;
}

function where(p: ElementPosition): string {
  return `${p.array}[${p.index}]`;
}

export async function readInatFolder(ctx: NativeReadContext): Promise<NativeSource> {
  const { log } = ctx;
  if (!/^[A-Za-z0-9_-]+$/.test(ctx.split)) throw new InputError(`bad split name "${ctx.split}"`, ctx.split);
  const coarseRank = ctx.coarseRank ?? DEFAULT_INAT_COARSE_RANK;
  if (!(INAT_RANKS as readonly string[]).includes(coarseRank))
    throw new InputError(
      `--coarse-level must be one of ${INAT_RANKS.join(', ')} for iNaturalist, not "${coarseRank}"`,
      coarseRank,
    );
  const file = inatJsonFile(ctx.folder, ctx.split);
  if (!existsSync(file))
    throw new InputError(`${file}: missing (the ${ctx.split} split of iNaturalist)`, file);

  const images: ImageEntry[] = [];
  const imageIds = new Set<number>();
  const categoryOf = new Map<number, { category: number; position: ElementPosition }>();
  const classes = new Map<string, NativeClass>();
  const badCategories = new Map<number, string>();
  let skipped = 0;

  const error = (p: ElementPosition, field: string | undefined, reason: string): void =>
    log.error(file, p.line, field, `${where(p)}: ${reason}`);

  const result = await streamCocoArrays(
    file,
    new Set(['images', 'annotations', 'categories']),
    (position, parsed) => {
      if (ctx.signal?.aborted) return;
      if (!parsed.ok) {
        error(position, undefined, parsed.reason);
        if (position.array === 'images') skipped++;
        return;
      }
      const value = parsed.value;
      if (!isPlainObject(value)) {
        error(position, undefined, 'expected an object');
        if (position.array === 'images') skipped++;
        return;
      }
      const id = value['id'];
      if (typeof id !== 'number' || !Number.isSafeInteger(id)) {
        error(position, 'id', `expected an integer id, got ${JSON.stringify(id)}`);
        if (position.array === 'images') skipped++;
        return;
      }
      if (position.array === 'images') {
        const name = value['file_name'];
        if (typeof name !== 'string' || name.trim() === '') {
          error(position, 'file_name', `image ${id}: missing file_name`);
          skipped++;
          return;
        }
        if (imageIds.has(id)) {
          error(position, 'id', `duplicate image id ${id}`);
          skipped++;
          return;
        }
        imageIds.add(id);
        const entry: ImageEntry = { id, file: name.trim(), index: position.index, line: position.line };
        if (typeof value['width'] === 'number') entry.width = value['width'];
        if (typeof value['height'] === 'number') entry.height = value['height'];
        images.push(entry);
      } else if (position.array === 'annotations') {
        const imageId = value['image_id'];
        const categoryId = value['category_id'];
        if (typeof imageId !== 'number' || typeof categoryId !== 'number') {
          error(position, typeof imageId !== 'number' ? 'image_id' : 'category_id', 'expected a number');
          return;
        }
        if (categoryOf.has(imageId)) {
          error(position, 'image_id', `image ${imageId} has a second annotation; the first is kept`);
          return;
        }
        categoryOf.set(imageId, { category: categoryId, position });
      } else {
        const problem = readCategory(value, id, coarseRank, classes);
        if (problem) {
          badCategories.set(id, problem);
          error(
            position,
            problem.startsWith('missing taxonomy') ? 'taxonomy' : undefined,
            `category ${id}: ${problem}`,
          );
        }
      }
    },
    ctx.signal ? { signal: ctx.signal } : {},
  );
  if (result.problem) {
    log.error(
      file,
      result.problem.line,
      undefined,
      `${result.problem.reason} (at byte ${result.problem.byte})`,
    );
  }
  for (const key of ['images', 'categories']) {
    if (!result.keys.includes(key) && !result.problem)
      throw new InputError(
        `${file}: no "${key}" array (top-level keys: ${result.keys.join(', ') || 'none'})`,
        file,
      );
  }

  const records: NativeRecord[] = [];
  const skippedByCategory = new Map<number, number>();
  images.forEach((img, ordinal) => {
    const ann = categoryOf.get(img.id);
    if (!ann) {
      log.error(file, img.line, 'id', `images[${img.index}]: image ${img.id} has no annotation`);
      skipped++;
      return;
    }
    const cls = classes.get(String(ann.category));
    if (!cls) {
      skipped++;
      if (badCategories.has(ann.category)) {
        skippedByCategory.set(ann.category, (skippedByCategory.get(ann.category) ?? 0) + 1);
        return;
      }
      log.error(
        file,
        ann.position.line,
        'category_id',
        `${where(ann.position)}: category ${ann.category} of image ${img.id} is not in "categories"`,
      );
      return;
    }
    const metadata: Record<string, unknown> = { imageId: img.id };
    if (img.width !== undefined) metadata['width'] = img.width;
    if (img.height !== undefined) metadata['height'] = img.height;
    records.push({
      idx: ordinal,
      image: img.file,
      classKey: cls.key,
      file,
      line: img.line,
      metadata,
    });
  });
  for (const [category, count] of skippedByCategory)
    log.error(
      file,
      undefined,
      'category_id',
      `${count} image(s) of category ${category} skipped: ${badCategories.get(category) ?? ''}`,
    );

  return {
    format: 'inat',
    split: ctx.split,
    imagesDir: ctx.folder,
    files: [file],
    classes,
    records,
    levels: {
      superordinate: { kind: 'dataset', detail: 'category supercategory (FINER rule)' },
      fine: { kind: 'dataset', detail: 'category name (binomial) and common_name (FINER rule)' },
      coarse: { kind: 'dataset', detail: `taxonomy rank "${coarseRank}" of the category` },
    },
    taxonomyRanks: INAT_TAXONOMY_RANKS,
    skipped,
  };
}

/** Adds the class of one category; returns why it is unusable instead. */
function readCategory(
  value: Record<string, unknown>,
  id: number,
  coarseRank: string,
  classes: Map<string, NativeClass>,
): string | undefined {
  const text = (field: string): string | undefined => {
    const v = value[field];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const name = text('name');
  if (!name) return 'missing "name"';
  const missing = INAT_RANKS.filter((r) => text(r) === undefined);
  if (missing.length > 0) return `missing taxonomy field(s) ${missing.join(', ')} (name "${name}")`;
  const supercategory = text('supercategory');
  if (!supercategory) return `missing "supercategory" (name "${name}")`;
  if (classes.has(String(id))) return `duplicate category id ${id}`;
  const common = text('common_name');
  const taxonomy: TaxonNode[] = INAT_RANKS.map((rank) => ({ rank, name: text(rank) as string }));
  taxonomy.push({ rank: 'species', name });
  const source: Record<string, unknown> = { categoryId: id };
  const dir = text('image_dir_name');
  if (dir) source['imageDirName'] = dir;
  const epithet = text('specific_epithet');
  if (epithet) source['specificEpithet'] = epithet;
  classes.set(String(id), {
    key: String(id),
    fine: common && common !== name ? [name, common] : [name],
    coarse: [text(coarseRank) as string],
    superordinate: supercategory,
    taxonomy,
    source,
  });
  return undefined;
}
