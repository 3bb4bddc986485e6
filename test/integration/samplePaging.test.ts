// A class with more than 200 samples shows 200 and a "Show 200 more…" node that loads the next page.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { DatasetTreeNode, FineNode } from '../../src/extension/datasets/datasetTree';
import type { FinerLensTestApi } from '../../src/extension/extension';
import type { ImportResult } from '../../src/core/import/importRun';
import { activateExtension, labelOf, makeTempDir, writeManifest } from './extensionUnderTest';

describe('Sample paging in the Datasets tree', () => {
  let api: FinerLensTestApi;
  let dir: string;
  let fine: FineNode;

  before(async () => {
    api = await activateExtension();
    dir = makeTempDir('paging');
    const rows = Array.from({ length: 450 }, (_, i) =>
      JSON.stringify({
        image: `img/${i}.jpg`,
        superordinate: 'Bird',
        coarse: ['Gull'],
        fine: ['Herring Gull'],
      }),
    );
    const manifestFile = writeManifest(dir, 'many-gulls.jsonl', rows);
    const summary = await vscode.commands.executeCommand<ImportResult | undefined>(
      'finerLens.importManifest',
      {
        manifestFile,
        name: 'many-gulls',
        checkImages: false,
      },
    );
    assert.equal(summary?.imported, 450);
    const roots = await api.tree.getChildren();
    const dataset = roots.find(
      (n) => n.kind === 'dataset' && n.dataset.id === summary?.datasetId,
    ) as DatasetTreeNode;
    const [bird] = await api.tree.getChildren(dataset);
    const [gull] = await api.tree.getChildren(bird);
    const [herring] = await api.tree.getChildren(gull);
    assert.equal(herring?.kind, 'fine');
    fine = herring as FineNode;
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('shows the first 200 samples and a node for the rest', async () => {
    const children = await api.tree.getChildren(fine);
    assert.equal(children.length, 201);
    const more = children[200] as DatasetTreeNode;
    assert.equal(more.kind, 'more');
    assert.equal(labelOf(api, more), 'Show 200 more…');
    assert.equal(api.tree.getTreeItem(more).command?.command, 'finerLens.showMoreSamples');
  });

  it('loads the next page for that class only, until every sample is shown', async () => {
    const changed: (DatasetTreeNode | undefined)[] = [];
    const sub = api.tree.onDidChangeTreeData((node) => changed.push(node));
    try {
      let children = await api.tree.getChildren(fine);
      await vscode.commands.executeCommand('finerLens.showMoreSamples', children[200]);
      assert.deepEqual(changed, [fine], 'only the class node was refreshed');
      children = await api.tree.getChildren(fine);
      assert.equal(children.length, 401);
      assert.equal(labelOf(api, children[400] as DatasetTreeNode), 'Show 50 more…');

      await vscode.commands.executeCommand('finerLens.showMoreSamples', children[400]);
      children = await api.tree.getChildren(fine);
      assert.equal(children.length, 450);
      assert.ok(children.every((n) => n.kind === 'sample'));
      const idxs = new Set(children.map((n) => (n.kind === 'sample' ? n.sample.idx : -1)));
      assert.equal(idxs.size, 450, 'no sample repeated across pages');
    } finally {
      sub.dispose();
    }
  });
});
