// Opening a sample shows the sample panel, whose page completes the ready handshake.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FinerLensTestApi } from '../../src/extension/extension';
import type { SampleDatasetResult } from '../../src/extension/datasets/importCommands';
import { activateExtension } from './extensionUnderTest';

function nextReady(api: FinerLensTestApi): Promise<number> {
  return new Promise((resolve) => {
    const sub = api.samplePanels.onDidBecomeReady((sampleId) => {
      sub.dispose();
      resolve(sampleId);
    });
  });
}

describe('Sample panel', () => {
  let api: FinerLensTestApi;
  let sampleIds: number[];

  before(async () => {
    api = await activateExtension();
    const opened = await vscode.commands.executeCommand<SampleDatasetResult | undefined>(
      'finerLens.openSampleDataset',
    );
    assert.ok(opened);
    const store = api.storeHost.current;
    assert.ok(store);
    const [bird] = store.superordinates(opened.datasetId);
    const [coarse] = store.coarseLabels(opened.datasetId, bird?.label ?? '');
    const [fine] = store.fineLabels(opened.datasetId, bird?.label ?? '', coarse?.label ?? '');
    sampleIds = store
      .samplesOfClass(
        {
          datasetId: opened.datasetId,
          superordinate: bird?.label ?? '',
          coarse: coarse?.label ?? '',
          fine: fine?.label ?? '',
        },
        0,
        2,
      )
      .map((s) => s.id);
    assert.equal(sampleIds.length, 2);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a panel for the sample and receives the ready handshake from its page', async () => {
    const ready = nextReady(api);
    await vscode.commands.executeCommand('finerLens.openSample', sampleIds[0]);
    assert.equal(await ready, sampleIds[0]);
    assert.equal(api.samplePanels.currentSampleId, sampleIds[0]);
  });

  it('reuses the open panel for the next sample of the same dataset', async () => {
    await vscode.commands.executeCommand('finerLens.openSample', sampleIds[1]);
    assert.equal(api.samplePanels.currentSampleId, sampleIds[1]);
    const panelTabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter(
        (t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('finerLens.sample'),
      );
    assert.equal(panelTabs.length, 1);
  });
});
