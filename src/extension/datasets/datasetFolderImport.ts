// "Finer Lens: Import Dataset Folder...": pick a folder as downloaded (CUB-200-2011, NABirds,
// FGVC-Aircraft, Stanford Dogs, Stanford Cars, iNaturalist 2021), say which layout was found and
// what is missing when none is, pick a split. The import itself is the core's native importer.
import * as vscode from 'vscode';
import { describeLayout, detectDatasetLayout, FORMAT_NAMES } from '../../core/import/native/layoutDetection';
import type { DetectedLayout } from '../../core/import/native/layoutDetection';
import type { NativeImportOptions } from '../../core/import/native/nativeImporter';
import { NATIVE_FORMATS, type NativeFormat } from '../../core/model';

/** Scripted arguments (tests, other extensions): the folder, optionally the split and format. */
export interface DatasetFolderArgs {
  folder: string;
  format?: NativeFormat | 'auto';
  split?: string;
  name?: string;
  checkImages?: boolean;
  coarseMapFile?: string;
  coarseLevel?: string;
}

export function isDatasetFolderArgs(value: unknown): value is DatasetFolderArgs {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['folder'] === 'string' &&
    (v['format'] === undefined ||
      v['format'] === 'auto' ||
      (NATIVE_FORMATS as readonly unknown[]).includes(v['format'])) &&
    ['split', 'name', 'coarseMapFile', 'coarseLevel'].every(
      (k) => v[k] === undefined || typeof v[k] === 'string',
    ) &&
    (v['checkImages'] === undefined || typeof v['checkImages'] === 'boolean')
  );
}

export type FolderChoice =
  | { ok: true; options: NativeImportOptions; layout: DetectedLayout; found: string }
  | { ok: false; reason: string };

/** Detects the layout of the folder (picked, or from `args`) and the split to import. */
export async function chooseDatasetFolder(
  args: DatasetFolderArgs | undefined,
): Promise<FolderChoice | undefined> {
  let folder = args?.folder;
  if (!folder) {
    const picked = await vscode.window.showOpenDialog({
      title: 'Import Dataset Folder: select the dataset folder as downloaded',
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      openLabel: 'Import This Folder',
    });
    folder = picked?.[0]?.fsPath;
    if (!folder) return undefined;
  }
  const detected = detectDatasetLayout(folder);
  if (!detected.ok) return { ok: false, reason: detected.message };
  const { layout } = detected;
  if (args?.format && args.format !== 'auto' && args.format !== layout.format)
    return {
      ok: false,
      reason: `${folder} holds ${FORMAT_NAMES[layout.format]}, not ${FORMAT_NAMES[args.format]}`,
    };
  const found = `Found ${describeLayout(layout)}.`;
  let split = args?.split;
  if (!split) {
    if (args || layout.splits.length === 1)
      split = layout.splits.includes('test') ? 'test' : layout.splits[0];
    else {
      const pick = await vscode.window.showQuickPick(
        layout.splits.map((s) => ({ label: s })),
        {
          title: `Import ${FORMAT_NAMES[layout.format]}: which split?`,
          placeHolder: found,
          ignoreFocusOut: true,
        },
      );
      if (!pick) return undefined;
      split = pick.label;
    }
  }
  const options: NativeImportOptions = { format: layout.format, folder: layout.folder };
  if (split) options.split = split;
  if (args?.name) options.name = args.name;
  if (args?.checkImages !== undefined) options.checkImages = args.checkImages;
  if (args?.coarseMapFile) options.coarseMapFile = args.coarseMapFile;
  if (args?.coarseLevel) options.coarseLevel = args.coarseLevel;
  return { ok: true, options, layout, found };
}
