// Open Sample Dataset, then walk the Datasets tree: dataset -> Bird -> 4 coarse -> fine -> samples.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DatasetTreeNode } from '../../src/extension/datasets/datasetTree';
import type { FinerLensTestApi } from '../../src/extension/extension';
import type { SampleDatasetResult } from '../../src/extension/datasets/importCommands';
import { activateExtension, descriptionOf, labelOf } from './extensionUnderTest';

describe('Open Sample Dataset and the Datasets tree', () => {
  let api: FinerLensTestApi;
  let result: SampleDatasetResult | undefined;

  before(async () => {
    api = await activateExtension();
    result = await vscode.commands.executeCommand<SampleDatasetResult | undefined>(
      'finerLens.openSampleDataset',
    );
  });

  it('imports the bundled sample dataset into the workspace database', () => {
    assert.ok(result, 'the command returned a result');
    const dataset = api.storeHost.current?.getDataset(result.datasetId);
    assert.equal(dataset?.name, 'sample-birds');
    assert.equal(dataset?.sampleCount, 98);
  });

  it('reuses the dataset when opened a second time', async () => {
    const again = await vscode.commands.executeCommand<SampleDatasetResult | undefined>(
      'finerLens.openSampleDataset',
    );
    assert.equal(again?.existing, true);
    assert.equal(again?.datasetId, result?.datasetId);
    const named = api.storeHost.current?.listDatasets().filter((d) => d.name === 'sample-birds') ?? [];
    assert.equal(named.length, 1);
  });

  it('shows dataset -> Bird -> 4 coarse groups -> 14 fine classes -> samples, with counts', async () => {
    const roots = await api.tree.getChildren();
    const dataset = roots.find((n) => n.kind === 'dataset' && n.dataset.id === result?.datasetId);
    assert.ok(dataset, 'the dataset is a root of the tree');
    assert.equal(labelOf(api, dataset), 'sample-birds');
    assert.equal(descriptionOf(api, dataset), '98 samples');
    assert.equal(api.tree.getTreeItem(dataset).contextValue, 'dataset');

    const superordinates = await api.tree.getChildren(dataset);
    assert.deepEqual(
      superordinates.map((n) => labelOf(api, n)),
      ['Bird'],
    );
    const bird = superordinates[0] as DatasetTreeNode;
    assert.equal(descriptionOf(api, bird), '98');

    const coarse = await api.tree.getChildren(bird);
    assert.deepEqual(coarse.map((n) => labelOf(api, n)).sort(), [
      'Finch',
      'Flycatcher',
      'Sparrow',
      'Warbler',
    ]);
    const coarseCounts = Object.fromEntries(
      coarse.map((n) => [labelOf(api, n), Number(descriptionOf(api, n))]),
    );
    assert.deepEqual(coarseCounts, { Warbler: 28, Finch: 28, Sparrow: 21, Flycatcher: 21 });

    let fineClasses = 0;
    for (const group of coarse) {
      const fine = await api.tree.getChildren(group);
      fineClasses += fine.length;
      const sum = fine.reduce((total, n) => total + Number(descriptionOf(api, n)), 0);
      assert.equal(sum, Number(descriptionOf(api, group)), `fine counts of ${labelOf(api, group)} add up`);
      for (const cls of fine) assert.equal(api.tree.getTreeItem(cls).contextValue, 'fine');
    }
    assert.equal(fineClasses, 14);

    const warbler = coarse.find((n) => labelOf(api, n) === 'Warbler') as DatasetTreeNode;
    const firstFine = (await api.tree.getChildren(warbler))[0] as DatasetTreeNode;
    const samples = await api.tree.getChildren(firstFine);
    assert.equal(samples.length, Number(descriptionOf(api, firstFine)));
    const item = api.tree.getTreeItem(samples[0] as DatasetTreeNode);
    assert.match(String(item.label), /^#\d+ \d+\.png$/);
    assert.equal(item.contextValue, 'sample');
    assert.equal(item.command?.command, 'finerLens.openSample');
  });

  it('gives every node a stable id, unchanged by a refresh', async () => {
    const ids = async (): Promise<string[]> => {
      const out: string[] = [];
      const walk = async (node?: DatasetTreeNode): Promise<void> => {
        for (const child of await api.tree.getChildren(node)) {
          const id = api.tree.getTreeItem(child).id;
          assert.ok(id, 'has an id');
          out.push(id);
          if (child.kind !== 'fine' && child.kind !== 'sample') await walk(child);
        }
      };
      await walk();
      return out;
    };
    const before = await ids();
    assert.equal(new Set(before).size, before.length, 'ids are unique');
    await vscode.commands.executeCommand('finerLens.refresh');
    assert.deepEqual(await ids(), before);
  });
});
