// Keeps the Datasets tree in step with the review: selects the sample the panel shows,
// expanding its dataset / superordinate / coarse / fine nodes (and loading sample pages).
import type * as vscode from 'vscode';
import type { DatasetTreeNode, DatasetTreeProvider } from './datasetTree';
import type { StoreHost } from '../common/storeHost';

/** At most this many "show more" pages are loaded to find a sample deep in a huge class. */
const MAX_PAGES = 20;

export async function revealSampleInTree(
  storeHost: StoreHost,
  tree: DatasetTreeProvider,
  view: vscode.TreeView<DatasetTreeNode>,
  sampleId: number,
): Promise<boolean> {
  // Revealing into a hidden view would open it and steal the sidebar; only follow when visible.
  if (!view.visible) return false;
  const store = await storeHost.getIfExists();
  const sample = store?.getSample(sampleId);
  if (!sample) return false;
  const wanted = [sample.superordinate, sample.coarse[0], sample.fine[0]];
  let node: DatasetTreeNode | undefined = await tree.datasetNode(sample.datasetId);
  for (const label of wanted) {
    if (!node) return false;
    const children: DatasetTreeNode[] = await tree.getChildren(node);
    node = children.find((c) => 'label' in c && c.label === label);
  }
  if (!node) return false;
  for (let page = 0; page < MAX_PAGES; page++) {
    const children = await tree.getChildren(node);
    const hit = children.find((c) => c.kind === 'sample' && c.sample.id === sampleId);
    if (hit) {
      await view.reveal(hit, { select: true, focus: false, expand: false });
      return true;
    }
    const more = children.find((c) => c.kind === 'more');
    if (!more || more.kind !== 'more') return false;
    await tree.showMore(more);
  }
  return false;
}
