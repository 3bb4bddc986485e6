// Commands on datasets and samples: open, copy/reveal the image, remove a dataset, refresh.
// Item commands take the tree node (context menu, click) or a plain id (scripts, tests).
import * as vscode from 'vscode';
import type { DatasetTreeNode, DatasetTreeProvider, MoreSamplesNode } from './datasetTree';
import { SHOW_MORE_COMMAND } from './datasetTree';
import type { SamplePanelManager } from '../samplePanel/samplePanel';
import type { SampleFileActions } from '../samplePanel/samplePanelHandlers';
import { loadSample } from '../samplePanel/sampleView';
import type { StoreHost } from '../common/storeHost';

function sampleIdOf(arg: unknown): number | undefined {
  if (typeof arg === 'number') return arg;
  const node = arg as DatasetTreeNode | undefined;
  return node?.kind === 'sample' ? node.sample.id : undefined;
}

function datasetIdOf(arg: unknown): number | undefined {
  if (typeof arg === 'number') return arg;
  const node = arg as DatasetTreeNode | undefined;
  return node?.kind === 'dataset' ? node.dataset.id : undefined;
}

export class SampleFileCommands implements SampleFileActions {
  constructor(private readonly storeHost: StoreHost) {}

  async copyImagePath(sampleId: number): Promise<void> {
    const file = await this.imagePath(sampleId);
    if (!file) return;
    await vscode.env.clipboard.writeText(file);
    vscode.window.setStatusBarMessage(`Copied ${file}`, 3000);
  }

  async revealImage(sampleId: number): Promise<void> {
    const file = await this.imagePath(sampleId);
    if (!file) return;
    const uri = vscode.Uri.file(file);
    // revealFileInOS exists in desktop VS Code only; in a remote or web window the file lives
    // on another machine, so reveal it in the Explorer view instead.
    const commands = await vscode.commands.getCommands(true);
    const command =
      vscode.env.remoteName === undefined && commands.includes('revealFileInOS')
        ? 'revealFileInOS'
        : 'revealInExplorer';
    await vscode.commands.executeCommand(command, uri);
  }

  private async imagePath(sampleId: number): Promise<string | undefined> {
    const store = await this.storeHost.getIfExists();
    const loaded = store ? loadSample(store, sampleId) : undefined;
    if (!loaded)
      void vscode.window.showWarningMessage(
        `The sample (database id ${sampleId}) is no longer in the database.`,
      );
    return loaded?.imagePath;
  }
}

export function registerDatasetCommands(
  storeHost: StoreHost,
  tree: DatasetTreeProvider,
  panels: SamplePanelManager,
  files: SampleFileCommands,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('finerLens.refresh', () => {
      storeHost.retry();
      tree.refresh();
    }),
    vscode.commands.registerCommand(SHOW_MORE_COMMAND, (node: MoreSamplesNode) => tree.showMore(node)),
    vscode.commands.registerCommand('finerLens.openSample', async (arg: unknown) => {
      const id = sampleIdOf(arg);
      if (id !== undefined) await panels.show(id);
    }),
    vscode.commands.registerCommand('finerLens.copyImagePath', async (arg: unknown) => {
      const id = sampleIdOf(arg);
      if (id !== undefined) await files.copyImagePath(id);
    }),
    vscode.commands.registerCommand('finerLens.revealImage', async (arg: unknown) => {
      const id = sampleIdOf(arg);
      if (id !== undefined) await files.revealImage(id);
    }),
    vscode.commands.registerCommand(
      'finerLens.removeDataset',
      (arg: unknown, options?: { confirm?: boolean }) =>
        removeDataset(storeHost, tree, datasetIdOf(arg), options?.confirm !== false),
    ),
  ];
}

async function removeDataset(
  storeHost: StoreHost,
  tree: DatasetTreeProvider,
  datasetId: number | undefined,
  confirm: boolean,
): Promise<boolean> {
  if (datasetId === undefined) return false;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Finer Lens removes datasets only in a trusted workspace.');
    return false;
  }
  const store = await storeHost.get();
  const dataset = store.getDataset(datasetId);
  if (!dataset) return false;
  if (confirm) {
    const answer = await vscode.window.showWarningMessage(
      `Remove the dataset "${dataset.name}" (${dataset.sampleCount} samples) from the Finer Lens database?`,
      {
        modal: true,
        detail: 'Image files on disk are not touched. Tags, notes and runs of this dataset are removed.',
      },
      'Remove',
    );
    if (answer !== 'Remove') return false;
  }
  store.removeDataset(datasetId);
  tree.refresh();
  return true;
}
