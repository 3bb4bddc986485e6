// "Finer Lens: Import Dataset Folder...": the layout is detected (one folder down, as archives
// unpack), the summary says what was found, the dataset's tooltip says where each label level
// came from; a folder that is no dataset gets an answer saying what each layout lacks.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NativeImportResult } from '../../src/core/import/native/nativeImporter';
import type { RunOutcome } from '../../src/core/runs/runEngine';
import { buildSimulatorCatalog } from '../../src/core/simulator/simulatorCatalog';
import { startSimulatedLvlmServer } from '../../src/core/simulator/simulatedLvlmServer';
import type { FinerLensTestApi } from '../../src/extension/extension';
import { writeAircraftFolder } from '../unit/import/native/nativeFixtures';
import { activateExtension, makeTempDir } from './extensionUnderTest';

type Outcome = { found: string; summary: NativeImportResult } | { error: string } | undefined;

describe('Import Dataset Folder', () => {
  let api: FinerLensTestApi;
  let dir: string;

  before(async () => {
    api = await activateExtension();
    dir = makeTempDir('dataset-folder');
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('detects FGVC-Aircraft one folder down, imports it and shows the label sources in the tree', async () => {
    writeAircraftFolder(path.join(dir, 'download', 'fgvc-aircraft-2013b'));
    const outcome = await vscode.commands.executeCommand<Outcome>('finerLens.importDatasetFolder', {
      folder: path.join(dir, 'download'),
      name: 'aircraft-from-folder',
    });
    assert.ok(outcome && 'summary' in outcome, `the command imported: ${JSON.stringify(outcome)}`);
    assert.match(outcome.found, /^Found FGVC-Aircraft in .*fgvc-aircraft-2013b .*splits: test\.$/);
    assert.equal(outcome.summary.imported, 4);
    assert.equal(outcome.summary.labelSources.coarse.kind, 'dataset');
    const node = await api.tree.datasetNode(outcome.summary.datasetId);
    assert.ok(node, 'the dataset is in the tree');
    const tooltip = String(api.tree.getTreeItem(node).tooltip);
    assert.match(tooltip, /aircraft format, split test/);
    assert.match(tooltip, /coarse: dataset - manufacturer from images_manufacturer/);
    assert.match(tooltip, /Taxonomy: manufacturer > family > variant/);
  });

  it('says what is missing when the folder holds no known layout', async () => {
    fs.mkdirSync(path.join(dir, 'nothing'));
    fs.writeFileSync(path.join(dir, 'nothing', 'images.txt'), '1 a.jpg\n');
    const before = api.storeHost.current?.listDatasets().length;
    const outcome = await vscode.commands.executeCommand<Outcome>('finerLens.importDatasetFolder', {
      folder: path.join(dir, 'nothing'),
    });
    assert.ok(outcome && 'error' in outcome);
    assert.match(outcome.error, /no known dataset layout found/);
    assert.match(
      outcome.error,
      /CUB-200-2011: missing image_class_labels\.txt, train_test_split\.txt, classes\.txt \(found images\.txt\)/,
    );
    assert.equal(api.storeHost.current?.listDatasets().length, before);
  });

  it('a run on the imported dataset has a taxonomy item in the Runs view (simulated LVLM over HTTP)', async () => {
    const folder = path.join(dir, 'aircraft-run');
    writeAircraftFolder(folder);
    const imported = await vscode.commands.executeCommand<Outcome>('finerLens.importDatasetFolder', {
      folder,
      name: 'aircraft-run',
    });
    assert.ok(imported && 'summary' in imported);
    const datasetId = imported.summary.datasetId;
    const store = api.storeHost.current;
    const dataset = store?.getDataset(datasetId);
    assert.ok(store && dataset);
    const samples = store.samplesOfSlice(datasetId, { kind: 'dataset' });
    const { catalog } = await buildSimulatorCatalog(samples, [], dataset.rootDir);
    const server = await startSimulatedLvlmServer({ catalog, host: '127.0.0.1', port: 0, seed: 4 });
    const config = vscode.workspace.getConfiguration('finerLens');
    try {
      await config.update(
        'endpoints',
        [{ name: 'sim-taxonomy', baseUrl: server.url, model: server.model, kind: 'openai' }],
        vscode.ConfigurationTarget.Global,
      );
      const run = await vscode.commands.executeCommand<RunOutcome | undefined>('finerLens.runModel', {
        datasetId,
        endpointName: 'sim-taxonomy',
        strategy: 'direct',
        level: 'fine',
      });
      assert.equal(run?.status, 'done');
      const runNode = (await api.runsTree.getChildren()).find(
        (n) => n.kind === 'run' && n.runId === run?.runId,
      );
      assert.ok(runNode, 'the run is listed');
      const taxonomy = (await api.runsTree.getChildren(runNode)).find((n) => n.kind === 'taxonomy');
      assert.ok(taxonomy, 'a taxonomy item under the run');
      const item = api.runsTree.getTreeItem(taxonomy);
      assert.match(String(item.description), /^variant \d+\.\d% · hierarchical F1 \d+\.\d%$/);
      const tooltip = (item.tooltip as vscode.MarkdownString).value;
      assert.match(tooltip, /\| manufacturer \| \d+\.\d% \| \d \/ 4 \|/);
      assert.match(tooltip, /of 4 named a node of the dataset's tree/);
    } finally {
      await config.update('endpoints', undefined, vscode.ConfigurationTarget.Global);
      await server.close();
    }
  });
});
