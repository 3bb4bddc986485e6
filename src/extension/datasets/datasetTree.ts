// The "Datasets" view: dataset -> superordinate -> coarse -> fine -> samples, loaded lazily,
// samples paged so that a class with 100k samples expands instantly.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Dataset, Sample } from '../../core/model';
import type { ClassPath, FinerStore } from '../../core/store/finerStore';
import { Disposable } from '../common/disposable';
import type { StoreHost } from '../common/storeHost';

export const SAMPLE_PAGE_SIZE = 200;
export const SHOW_MORE_COMMAND = 'finerLens.showMoreSamples';

export interface DatasetNode {
  kind: 'dataset';
  id: string;
  dataset: Dataset;
}
export interface SuperordinateNode {
  kind: 'superordinate';
  id: string;
  parent: DatasetNode;
  label: string;
  count: number;
}
export interface CoarseNode {
  kind: 'coarse';
  id: string;
  parent: SuperordinateNode;
  label: string;
  count: number;
}
export interface FineNode {
  kind: 'fine';
  id: string;
  parent: CoarseNode;
  label: string;
  count: number;
}
export interface SampleNode {
  kind: 'sample';
  id: string;
  parent: FineNode;
  sample: Sample;
}
/** "Show 200 more…" at the end of a partly loaded class. */
export interface MoreSamplesNode {
  kind: 'more';
  id: string;
  parent: FineNode;
  remaining: number;
}
/** Shown instead of the datasets when the database cannot be opened. */
export interface StoreErrorNode {
  kind: 'storeError';
  id: string;
  message: string;
}

export type DatasetTreeNode =
  DatasetNode | SuperordinateNode | CoarseNode | FineNode | SampleNode | MoreSamplesNode | StoreErrorNode;

const key = (s: string): string => encodeURIComponent(s);

export function classPathOf(node: FineNode): ClassPath {
  return {
    datasetId: node.parent.parent.parent.dataset.id,
    superordinate: node.parent.parent.label,
    coarse: node.parent.label,
    fine: node.label,
  };
}

export class DatasetTreeProvider extends Disposable implements vscode.TreeDataProvider<DatasetTreeNode> {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<DatasetTreeNode | undefined>());
  readonly onDidChangeTreeData = this.changeEmitter.event;

  /** Same id -> same object: VS Code matches change events and reveal() by identity. */
  private readonly nodes = new Map<string, DatasetTreeNode>();
  /** Datasets whose node (and superordinates) start expanded the first time they are shown. */
  private readonly expandOnFirstShow = new Set<number>();
  /** Samples loaded so far per fine node id; cleared when the store changes. */
  private readonly loadedSamples = new Map<string, Sample[]>();

  constructor(private readonly storeHost: StoreHost) {
    super();
    this.register(storeHost.onDidChange(() => this.refresh()));
  }

  refresh(): void {
    this.loadedSamples.clear();
    this.changeEmitter.fire(undefined);
  }

  getParent(node: DatasetTreeNode): DatasetTreeNode | undefined {
    return 'parent' in node ? node.parent : undefined;
  }

  async getChildren(node?: DatasetTreeNode): Promise<DatasetTreeNode[]> {
    let store: FinerStore | undefined;
    try {
      store = await this.storeHost.getIfExists();
    } catch (err) {
      if (node) return [];
      const message = err instanceof Error ? err.message : String(err);
      return [this.intern({ kind: 'storeError', id: 'storeError', message })];
    }
    if (!store) return [];
    if (!node)
      return store
        .listDatasets()
        .map((dataset) => this.intern({ kind: 'dataset', id: `ds/${dataset.id}`, dataset }));
    switch (node.kind) {
      case 'dataset':
        return store.superordinates(node.dataset.id).map(({ label, count }) =>
          this.intern({
            kind: 'superordinate',
            id: `${node.id}/s/${key(label)}`,
            parent: node,
            label,
            count,
          }),
        );
      case 'superordinate':
        return store
          .coarseLabels(node.parent.dataset.id, node.label)
          .map(({ label, count }) =>
            this.intern({ kind: 'coarse', id: `${node.id}/c/${key(label)}`, parent: node, label, count }),
          );
      case 'coarse':
        return store
          .fineLabels(node.parent.parent.dataset.id, node.parent.label, node.label)
          .map(({ label, count }) =>
            this.intern({ kind: 'fine', id: `${node.id}/f/${key(label)}`, parent: node, label, count }),
          );
      case 'fine':
        return this.sampleChildren(store, node);
      default:
        return [];
    }
  }

  /** A dataset just imported or opened: show it expanded down to its coarse groups. */
  expandWhenShown(datasetId: number): void {
    this.expandOnFirstShow.add(datasetId);
  }

  /** Loads the next page of a class and refreshes that class only. */
  async showMore(node: MoreSamplesNode): Promise<void> {
    const store = await this.storeHost.getIfExists();
    const fine = node.parent;
    const loaded = this.loadedSamples.get(fine.id);
    if (!store || !loaded) return;
    loaded.push(...store.samplesOfClass(classPathOf(fine), loaded.length, SAMPLE_PAGE_SIZE));
    this.changeEmitter.fire(fine);
  }

  /** The dataset's node as last returned to the view (for reveal), loading the roots if needed. */
  async datasetNode(datasetId: number): Promise<DatasetNode | undefined> {
    const roots = await this.getChildren();
    return roots.find((n): n is DatasetNode => n.kind === 'dataset' && n.dataset.id === datasetId);
  }

  getTreeItem(node: DatasetTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'dataset': {
        const { dataset } = node;
        const item = new vscode.TreeItem(dataset.name, this.initialState(dataset.id));
        item.description = `${dataset.sampleCount.toLocaleString('en-US')} samples`;
        item.iconPath = new vscode.ThemeIcon('database');
        item.tooltip = [
          dataset.name,
          `${dataset.sampleCount} samples, ${dataset.format} format, split ${dataset.split}`,
          `Root: ${dataset.rootDir}`,
          `Imported: ${dataset.createdAt}`,
          ...labelSourceLines(dataset),
        ].join('\n');
        return this.finish(item, node);
      }
      case 'superordinate': {
        const item = this.labelItem(node, 'symbol-namespace', 'superordinate');
        item.collapsibleState = this.initialState(node.parent.dataset.id);
        return item;
      }
      case 'coarse':
        return this.labelItem(node, 'symbol-class', 'coarse');
      case 'fine':
        return this.labelItem(node, 'symbol-field', 'fine');
      case 'sample': {
        const { sample } = node;
        const item = new vscode.TreeItem(`#${sample.idx} ${path.posix.basename(sample.imagePath)}`);
        item.iconPath = new vscode.ThemeIcon('file-media');
        item.tooltip = [
          `Sample #${sample.idx}`,
          `Superordinate: ${sample.superordinate}`,
          `Coarse: ${sample.coarse.join(', ')}`,
          `Fine: ${sample.fine.join(', ')}`,
          `Image: ${sample.imagePath}`,
        ].join('\n');
        item.command = { command: 'finerLens.openSample', title: 'Open Sample', arguments: [node] };
        return this.finish(item, node);
      }
      case 'more': {
        const item = new vscode.TreeItem(`Show ${Math.min(SAMPLE_PAGE_SIZE, node.remaining)} more…`);
        item.description = `${node.remaining.toLocaleString('en-US')} not shown`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: SHOW_MORE_COMMAND, title: 'Show More Samples', arguments: [node] };
        return this.finish(item, node);
      }
      case 'storeError': {
        const item = new vscode.TreeItem('Could not open the database');
        item.description = node.message;
        item.tooltip = `${node.message}\n\nClick to try again.`;
        item.iconPath = new vscode.ThemeIcon('error');
        item.command = { command: 'finerLens.refresh', title: 'Refresh' };
        return this.finish(item, node);
      }
    }
  }

  /** VS Code applies a node's collapsible state only the first time it sees the node's id. */
  private initialState(datasetId: number): vscode.TreeItemCollapsibleState {
    return this.expandOnFirstShow.has(datasetId)
      ? vscode.TreeItemCollapsibleState.Expanded
      : vscode.TreeItemCollapsibleState.Collapsed;
  }

  private sampleChildren(store: FinerStore, fine: FineNode): DatasetTreeNode[] {
    let loaded = this.loadedSamples.get(fine.id);
    if (!loaded) {
      loaded = store.samplesOfClass(classPathOf(fine), 0, SAMPLE_PAGE_SIZE);
      this.loadedSamples.set(fine.id, loaded);
    }
    const children: DatasetTreeNode[] = loaded.map((sample) =>
      this.intern({ kind: 'sample', id: `${fine.id}/#${sample.id}`, parent: fine, sample }),
    );
    const remaining = fine.count - loaded.length;
    if (remaining > 0 && loaded.length > 0) {
      children.push(this.intern({ kind: 'more', id: `${fine.id}/more`, parent: fine, remaining }));
    }
    return children;
  }

  private labelItem(
    node: SuperordinateNode | CoarseNode | FineNode,
    icon: string,
    level: string,
  ): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.description = node.count.toLocaleString('en-US');
    item.iconPath = new vscode.ThemeIcon(icon);
    item.tooltip = `${level} label "${node.label}": ${node.count} samples`;
    return this.finish(item, node);
  }

  private finish(item: vscode.TreeItem, node: DatasetTreeNode): vscode.TreeItem {
    item.id = node.id;
    item.contextValue = node.kind;
    return item;
  }

  /** Returns the cached object for this id with its fields refreshed, or caches the new one. */
  private intern<T extends DatasetTreeNode>(fresh: T): T {
    const existing = this.nodes.get(fresh.id);
    if (existing && existing.kind === fresh.kind) {
      Object.assign(existing, fresh);
      return existing as T;
    }
    this.nodes.set(fresh.id, fresh);
    return fresh;
  }
}

/** Where each label level came from, for natively imported datasets (none for FINER / manifest). */
function labelSourceLines(dataset: Dataset): string[] {
  const levels = dataset.source.levels;
  if (!levels) return [];
  const lines = ['Labels:'];
  for (const level of ['superordinate', 'coarse', 'fine'] as const) {
    const s = levels[level];
    if (!s) continue;
    const model = s.model ? `, model ${s.model}` : '';
    lines.push(`  ${level}: ${s.kind} - ${s.detail}${model}`);
  }
  if (dataset.source.taxonomyRanks) lines.push(`Taxonomy: ${dataset.source.taxonomyRanks.join(' > ')}`);
  return lines;
}
