// Stanford Dogs as downloaded: lists/{train,test}_list.mat (MATLAB v5: cell `file_list` of
// "n02085620-Chihuahua/n02085620_5927.jpg", numeric `labels`, 1-based) and Images/.
// Fine = the folder name after the first "-" (the WordNet id), "_" as spaces; superordinate "Dog".
import { join } from 'node:path';
import { InputError } from '../../errors';
import { matVariable, openMatFile } from './matFiles';
import { matText } from './matV5Reader';
import type { MatCell, MatNumeric } from './matV5Reader';
import type { NativeClass, NativeReadContext, NativeRecord, NativeSource } from './nativeTypes';

export const DOGS_SPLITS = ['train', 'test'];

/** "n02086240-Shih-Tzu" -> "Shih-Tzu" (split on the first "-", not the last as the reference did). */
export function dogsFineLabel(folder: string): string {
  const at = folder.indexOf('-');
  return (at >= 0 ? folder.slice(at + 1) : folder).replace(/_/g, ' ').trim();
}

export async function readDogsFolder(ctx: NativeReadContext): Promise<NativeSource> {
  if (!DOGS_SPLITS.includes(ctx.split))
    throw new InputError(
      `unknown split "${ctx.split}": expected one of ${DOGS_SPLITS.join(', ')}`,
      ctx.split,
    );
  const { log } = ctx;
  const file = join(ctx.folder, 'lists', `${ctx.split}_list.mat`);
  const vars = openMatFile(file);
  const fileList = matVariable(vars, 'file_list', 'cell', file) as MatCell;
  const labels = vars.get('labels');
  const labelData = labels?.kind === 'numeric' ? (labels as MatNumeric).data : undefined;
  if (labels !== undefined && labelData === undefined)
    throw new InputError(`${file}: "labels" must be numeric`, file, undefined, 'labels');
  if (labelData && labelData.length !== fileList.cells.length)
    log.warning(
      file,
      undefined,
      'labels',
      `${labelData.length} labels for ${fileList.cells.length} files; labels are not used`,
    );

  const classes = new Map<string, NativeClass>();
  const records: NativeRecord[] = [];
  let skipped = 0;
  fileList.cells.forEach((cell, i) => {
    const path = matText(cell);
    const record = i + 1;
    if (path === undefined || path.trim() === '') {
      log.error(file, record, 'file_list', `record ${record}: expected a file name, got ${cell.kind}`);
      skipped++;
      return;
    }
    const rel = path.trim().replace(/\\/g, '/');
    const slash = rel.indexOf('/');
    if (slash <= 0) {
      log.error(file, record, 'file_list', `record ${record}: "${rel}" has no breed folder`);
      skipped++;
      return;
    }
    const folder = rel.slice(0, slash);
    const label = labelData?.length === fileList.cells.length ? labelData[i] : undefined;
    let cls = classes.get(folder);
    if (!cls) {
      cls = {
        key: folder,
        fine: [dogsFineLabel(folder)],
        superordinate: 'Dog',
        source: { wnid: folder.split('-')[0] ?? folder, folder, ...(label !== undefined ? { label } : {}) },
      };
      classes.set(folder, cls);
    }
    records.push({ idx: i, image: rel, classKey: folder, file, line: record, metadata: {} });
  });
  return {
    format: 'dogs',
    split: ctx.split,
    imagesDir: join(ctx.folder, 'Images'),
    files: [file],
    classes,
    records,
    levels: {
      superordinate: { kind: 'fixed', detail: 'Dog (every sample)' },
      fine: { kind: 'dataset', detail: 'breed folder name after the WordNet id, "_" as spaces (FINER rule)' },
    },
    skipped,
  };
}
