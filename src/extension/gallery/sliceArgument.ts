// What "Open in Gallery" was invoked on, as a ReviewSlice: a slice itself (the dashboard,
// scripts), an Analysis smart folder node, or a Datasets tree class node (superordinate, coarse
// or fine, with its parents). Free of `vscode`: unit-tested in Node.
import type { ReviewCondition, ReviewSlice } from '../../core/model';
import { isId, isObject } from '../../shared/guards';

/** A slice from a command argument: a ReviewSlice, a class node, or a smart folder node. */
export function sliceOfArgument(arg: unknown): ReviewSlice | undefined {
  if (!isObject(arg)) return undefined;
  if (isId(arg.datasetId) && Array.isArray(arg.conditions) && arg.conditions.every(isConditionLike)) {
    return { datasetId: arg.datasetId, conditions: arg.conditions as ReviewCondition[] };
  }
  if (arg.kind === 'folder' && isObject(arg.folder)) return sliceOfArgument(arg.folder.slice);
  // Datasets tree: superordinate -> coarse -> fine nodes, each with its parent.
  const labels: string[] = [];
  let node: unknown = arg;
  while (
    isObject(node) &&
    (node.kind === 'superordinate' || node.kind === 'coarse' || node.kind === 'fine')
  ) {
    if (typeof node.label !== 'string') return undefined;
    labels.unshift(node.label);
    node = node.parent;
  }
  if (labels.length === 0 || !isObject(node) || node.kind !== 'dataset' || !isObject(node.dataset))
    return undefined;
  const datasetId = node.dataset.id;
  if (!isId(datasetId)) return undefined;
  const [superordinate, coarse, fine] = labels as [string, string?, string?];
  const condition: ReviewCondition = { kind: 'class', superordinate };
  if (coarse !== undefined) condition.coarse = coarse;
  if (fine !== undefined) condition.fine = fine;
  return { datasetId, conditions: [condition] };
}

const isConditionLike = (c: unknown): boolean =>
  isObject(c) && typeof c.kind === 'string' && c.kind.length <= 40;
