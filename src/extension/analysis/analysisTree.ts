// The "Analysis" view: smart folders per dataset (core smartFolders): per run misclassified at
// each level and failed requests, per tag, edited concepts, unreviewed. Each folder starts a
// keyboard review over its slice. Counts are recomputed on every store change (tag toggles).
import * as vscode from 'vscode';
import { registeredTagColor } from '../common/tagColors';
import { smartFolders, type SmartFolder } from '../../core/analysis/smartFolders';
import type { Dataset } from '../../core/model';
import { Disposable } from '../common/disposable';
import type { StoreHost } from '../common/storeHost';

export const START_REVIEW_COMMAND = 'finerLens.startReview';

export interface AnalysisDatasetNode {
  kind: 'dataset';
  id: string;
  dataset: Dataset;
}
export interface AnalysisGroupNode {
  kind: 'group';
  id: string;
  label: string;
  folders: SmartFolder[];
}
export interface AnalysisFolderNode {
  kind: 'folder';
  id: string;
  folder: SmartFolder;
}
export type AnalysisTreeNode = AnalysisDatasetNode | AnalysisGroupNode | AnalysisFolderNode;

const FOLDER_ICONS: Record<SmartFolder['kind'], string> = {
  misclassified: 'error',
  failed: 'warning',
  tag: 'tag',
  'edited-concepts': 'edit',
  unreviewed: 'eye',
};

export class AnalysisTreeProvider extends Disposable implements vscode.TreeDataProvider<AnalysisTreeNode> {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<AnalysisTreeNode | undefined>());
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly storeHost: StoreHost) {
    super();
    this.register(storeHost.onDidChange(() => this.scheduleRefresh()));
    this.register({ dispose: () => clearTimeout(this.timer) });
  }

  /** Coalesces bursts of store changes into one refresh. */
  scheduleRefresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changeEmitter.fire(undefined), 50);
  }

  /** The folders of a dataset as currently counted (for tests and the Start Review picker). */
  async folders(datasetId: number): Promise<SmartFolder[]> {
    const store = await this.storeHost.getIfExists();
    return store ? smartFolders(store, datasetId).flatMap((g) => g.folders) : [];
  }

  async getChildren(node?: AnalysisTreeNode): Promise<AnalysisTreeNode[]> {
    let store;
    try {
      store = await this.storeHost.getIfExists();
    } catch {
      return []; // the Datasets view reports open failures
    }
    if (!store) return [];
    if (!node) {
      return store.listDatasets().map((dataset) => ({ kind: 'dataset', id: `a/${dataset.id}`, dataset }));
    }
    if (node.kind === 'dataset') {
      // Keyed by what a group is, never by its position: a new run must not shift the ids
      // of the Tags and Review groups (VS Code would forget their expansion state).
      return smartFolders(store, node.dataset.id).map((group) => ({
        kind: 'group',
        id: `${node.id}/g/${group.runId !== undefined ? `run${group.runId}` : `:${group.label}`}`,
        label: group.label,
        folders: group.folders,
      }));
    }
    if (node.kind === 'group') {
      return node.folders.map((folder) => ({
        kind: 'folder',
        id: `${node.id}/${folder.kind}/${folder.level ?? folder.tagId ?? ''}`,
        folder,
      }));
    }
    return [];
  }

  getTreeItem(node: AnalysisTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'dataset': {
        const item = new vscode.TreeItem(node.dataset.name, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon('database');
        item.id = node.id;
        item.contextValue = 'analysisDataset';
        return item;
      }
      case 'group': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon('folder-library');
        item.id = node.id;
        item.contextValue = 'analysisGroup';
        return item;
      }
      case 'folder': {
        const { folder } = node;
        const item = new vscode.TreeItem(folder.label);
        item.id = node.id;
        item.description = folder.count.toLocaleString('en-US');
        item.tooltip = `${folder.label}: ${folder.count} samples. Click to review them with the keyboard.`;
        item.iconPath = new vscode.ThemeIcon(FOLDER_ICONS[folder.kind], themeColorOf(folder.color ?? null));
        item.contextValue = 'smartFolder';
        if (folder.count > 0) {
          item.command = { command: START_REVIEW_COMMAND, title: 'Start Review', arguments: [folder.slice] };
        }
        return item;
      }
    }
  }
}

function themeColorOf(colorId: string | null): vscode.ThemeColor | undefined {
  const id = registeredTagColor(colorId);
  return id === undefined ? undefined : new vscode.ThemeColor(id);
}
