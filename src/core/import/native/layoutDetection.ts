// Recognises which source dataset a folder holds, as downloaded, from the index files present;
// says what it found, which splits can be imported, and - when nothing matches - what each
// layout would still need. One level of subfolders is searched too (archives unpack into one).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { NativeFormat } from '../../model';
import { aircraftDataDir } from './aircraftReader';
import { CUB_FILES, CUB_SPLITS, NABIRDS_FILES } from './cubReader';

export const FORMAT_NAMES: Record<NativeFormat, string> = {
  cub: 'CUB-200-2011',
  nabirds: 'NABirds',
  aircraft: 'FGVC-Aircraft',
  dogs: 'Stanford Dogs',
  cars: 'Stanford Cars',
  inat: 'iNaturalist 2021',
};

export interface DetectedLayout {
  format: NativeFormat;
  /** The dataset folder (the one given, or a subfolder of it). */
  folder: string;
  /** Index files found, relative to `folder`. */
  found: string[];
  splits: string[];
}

export interface LayoutCandidate {
  format: NativeFormat;
  found: string[];
  missing: string[];
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** What each layout needs, checked in `folder`: found / missing files and the importable splits. */
export function checkLayout(format: NativeFormat, folder: string): LayoutCandidate & { splits: string[] } {
  const have = (rel: string): boolean => isFile(join(folder, rel));
  const split = (files: string[]): { found: string[]; missing: string[] } => ({
    found: files.filter(have),
    missing: files.filter((f) => !have(f)),
  });
  switch (format) {
    case 'cub':
    case 'nabirds': {
      const files = format === 'cub' ? CUB_FILES : NABIRDS_FILES;
      const r = split(files);
      // CUB is NABirds' layout without hierarchy.txt: a folder with it is NABirds.
      if (format === 'cub' && have('hierarchy.txt')) r.missing.push('(no hierarchy.txt: that is NABirds)');
      return { format, ...r, splits: r.missing.length === 0 ? CUB_SPLITS : [] };
    }
    case 'aircraft': {
      const dataDir = aircraftDataDir(folder);
      const prefix = relative(folder, dataDir);
      const splits = ['train', 'val', 'trainval', 'test'].filter((s) =>
        ['variant', 'family', 'manufacturer'].every((l) => isFile(join(dataDir, `images_${l}_${s}.txt`))),
      );
      const names = splits.flatMap((s) =>
        ['variant', 'family', 'manufacturer'].map((l) => join(prefix, `images_${l}_${s}.txt`)),
      );
      return {
        format,
        found: names,
        missing:
          splits.length > 0
            ? []
            : [
                'data/images_variant_{split}.txt',
                'data/images_family_{split}.txt',
                'data/images_manufacturer_{split}.txt',
              ],
        splits,
      };
    }
    case 'dogs': {
      const splits = ['train', 'test'].filter((s) => have(join('lists', `${s}_list.mat`)));
      return {
        format,
        found: splits.map((s) => join('lists', `${s}_list.mat`)),
        missing: splits.length > 0 ? [] : ['lists/train_list.mat or lists/test_list.mat'],
        splits,
      };
    }
    case 'cars': {
      if (have('cars_annos.mat') && !have(join('devkit', 'cars_meta.mat')))
        return { format, found: ['cars_annos.mat'], missing: [], splits: ['train', 'test'] };
      const meta = join('devkit', 'cars_meta.mat');
      const train = join('devkit', 'cars_train_annos.mat');
      const test = [join('devkit', 'cars_test_annos_withlabels.mat'), 'cars_test_annos_withlabels.mat'].find(
        have,
      );
      const found = [meta, train].filter(have).concat(test ? [test] : []);
      if (!have(meta)) return { format, found, missing: [meta, '(or cars_annos.mat)'], splits: [] };
      const splits = [...(have(train) ? ['train'] : []), ...(test ? ['test'] : [])];
      return {
        format,
        found,
        missing: splits.length > 0 ? [] : [train, 'cars_test_annos_withlabels.mat'],
        splits,
      };
    }
    case 'inat': {
      let names: string[] = [];
      try {
        names = readdirSync(folder).filter((n) => /^(train|val|train_mini)\.json$/.test(n) && have(n));
      } catch {
        // unreadable folder: nothing found
      }
      const splits = names
        .map((n) => n.replace(/\.json$/, ''))
        .sort((a, b) => (a === 'val' ? -1 : b === 'val' ? 1 : a.localeCompare(b)));
      return { format, found: names, missing: names.length > 0 ? [] : ['train.json or val.json'], splits };
    }
  }
}

const DETECTION_ORDER: NativeFormat[] = ['nabirds', 'cub', 'aircraft', 'dogs', 'cars', 'inat'];

export type DetectionResult =
  { ok: true; layout: DetectedLayout } | { ok: false; message: string; candidates: LayoutCandidate[] };

function detectIn(folder: string): DetectedLayout | undefined {
  for (const format of DETECTION_ORDER) {
    const c = checkLayout(format, folder);
    if (c.missing.length === 0 && c.splits.length > 0)
      return { format, folder, found: c.found, splits: c.splits };
  }
  return undefined;
}

/** The layout of `folder` (or of its only matching subfolder), or what each layout is missing. */
export function detectDatasetLayout(folder: string): DetectionResult {
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    return { ok: false, message: `${folder}: not a folder`, candidates: [] };
  const here = detectIn(folder);
  if (here) return { ok: true, layout: here };
  let subfolders: string[] = [];
  try {
    subfolders = readdirSync(folder, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => join(folder, e.name));
  } catch {
    // unreadable: reported below as nothing found
  }
  const below = subfolders.map(detectIn).filter((l): l is DetectedLayout => l !== undefined);
  if (below.length === 1 && below[0]) return { ok: true, layout: below[0] };
  if (below.length > 1)
    return {
      ok: false,
      message: `${folder}: holds several datasets (${below.map((l) => `${FORMAT_NAMES[l.format]} in ${relative(folder, l.folder)}`).join(', ')}); pick one of those folders`,
      candidates: [],
    };
  const candidates = DETECTION_ORDER.map((format) => {
    const c = checkLayout(format, folder);
    return { format, found: c.found, missing: c.missing };
  });
  const lines = candidates.map(
    (c) =>
      `  ${FORMAT_NAMES[c.format]}: missing ${c.missing.join(', ')}${c.found.length > 0 ? ` (found ${c.found.join(', ')})` : ''}`,
  );
  return {
    ok: false,
    message: `${folder}: no known dataset layout found. What each one needs:\n${lines.join('\n')}`,
    candidates,
  };
}

/** "CUB-200-2011 in /data/CUB_200_2011 (images.txt, ...); splits: train, test, all". */
export function describeLayout(layout: DetectedLayout): string {
  return `${FORMAT_NAMES[layout.format]} in ${layout.folder} (${layout.found.join(', ')}); splits: ${layout.splits.join(', ')}`;
}
