// FGVC-Aircraft as downloaded (fgvc-aircraft-2013b): data/images_{variant,family,manufacturer}_{split}.txt,
// each "<image id> <name>", images in data/images/<id>.jpg. Fine = [family, variant],
// coarse = [manufacturer], superordinate "Airplane" (FINER rule); the three levels are the taxonomy.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../errors';
import { indexById, readIndexFile, requireIndexFile } from './indexFiles';
import type { NativeClass, NativeReadContext, NativeRecord, NativeSource } from './nativeTypes';

export const AIRCRAFT_SPLITS = ['train', 'val', 'trainval', 'test'];
export const AIRCRAFT_RANKS = ['manufacturer', 'family', 'variant'];

/** The folder holding images_variant_*.txt: `folder/data` as released, or `folder` itself. */
export function aircraftDataDir(folder: string): string {
  return existsSync(join(folder, 'data', 'images_variant_test.txt')) ||
    existsSync(join(folder, 'data', 'images_variant_train.txt'))
    ? join(folder, 'data')
    : folder;
}

export async function readAircraftFolder(ctx: NativeReadContext): Promise<NativeSource> {
  if (!AIRCRAFT_SPLITS.includes(ctx.split))
    throw new InputError(
      `unknown split "${ctx.split}": expected one of ${AIRCRAFT_SPLITS.join(', ')}`,
      ctx.split,
    );
  const { log } = ctx;
  const dataDir = aircraftDataDir(ctx.folder);
  const file = (level: string): string => join(dataDir, `images_${level}_${ctx.split}.txt`);
  for (const level of ['variant', 'family', 'manufacturer'])
    requireIndexFile(file(level), `the ${level} labels of the ${ctx.split} split`);
  const variantFile = file('variant');
  const variants = await readIndexFile(variantFile, log, 'variant');
  const families = indexById(await readIndexFile(file('family'), log, 'family'), file('family'), log);
  const makers = indexById(
    await readIndexFile(file('manufacturer'), log, 'manufacturer'),
    file('manufacturer'),
    log,
  );

  const classes = new Map<string, NativeClass>();
  const records: NativeRecord[] = [];
  const seen = new Map<string, number>();
  let skipped = 0;
  variants.forEach((v, ordinal) => {
    const drop = (reason: string): void => {
      log.error(variantFile, v.line, 'image_id', reason);
      skipped++;
    };
    const first = seen.get(v.id);
    if (first !== undefined) return drop(`duplicate image id ${v.id} (first on line ${first})`);
    seen.set(v.id, v.line);
    const family = families.get(v.id);
    if (!family) return drop(`image ${v.id} has no family in ${file('family')}`);
    const maker = makers.get(v.id);
    if (!maker) return drop(`image ${v.id} has no manufacturer in ${file('manufacturer')}`);
    let cls = classes.get(v.rest);
    if (!cls) {
      cls = {
        key: v.rest,
        fine: [...new Set([family.rest, v.rest])],
        coarse: [maker.rest],
        superordinate: 'Airplane',
        taxonomy: [
          { rank: 'manufacturer', name: maker.rest },
          { rank: 'family', name: family.rest },
          { rank: 'variant', name: v.rest },
        ],
        source: { variant: v.rest, family: family.rest, manufacturer: maker.rest },
      };
      classes.set(v.rest, cls);
    } else if (cls.source['family'] !== family.rest || cls.source['manufacturer'] !== maker.rest) {
      log.warning(
        variantFile,
        v.line,
        'variant',
        `variant ${v.rest} is listed under ${String(cls.source['manufacturer'])} / ${String(cls.source['family'])} elsewhere, here under ${maker.rest} / ${family.rest}; the first is kept`,
      );
    }
    records.push({
      idx: ordinal,
      image: `${v.id}.jpg`,
      classKey: cls.key,
      file: variantFile,
      line: v.line,
      metadata: { imageId: v.id },
    });
  });
  return {
    format: 'aircraft',
    split: ctx.split,
    imagesDir: join(dataDir, 'images'),
    files: [variantFile, file('family'), file('manufacturer')],
    classes,
    records,
    levels: {
      superordinate: { kind: 'fixed', detail: 'Airplane (every sample)' },
      fine: {
        kind: 'dataset',
        detail: 'family and variant from images_family / images_variant (FINER rule)',
      },
      coarse: { kind: 'dataset', detail: 'manufacturer from images_manufacturer (FINER rule)' },
    },
    taxonomyRanks: AIRCRAFT_RANKS,
    skipped,
  };
}
