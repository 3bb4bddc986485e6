// The extension's FiftyOne / Label Studio commands: export the sample dataset with a run, then
// import a Label Studio export that corrects a label and adds a tag.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LabelStudioImportReport } from '../../src/core/interop/labelStudioImport';
import { acceptableLabels, scorePrediction } from '../../src/core/scoring/finerMetrics';
import type { FinerLensTestApi } from '../../src/extension/extension';
import type { SampleDatasetResult } from '../../src/extension/datasets/importCommands';
import { newRunRecord, predictionRow } from '../support/runRecords';
import { activateExtension } from './extensionUnderTest';

describe('FiftyOne and Label Studio commands', () => {
  let api: FinerLensTestApi;
  let datasetId: number;
  let scratch: string;

  before(async () => {
    api = await activateExtension();
    const opened = await vscode.commands.executeCommand<SampleDatasetResult | undefined>(
      'finerLens.openSampleDataset',
    );
    assert.ok(opened);
    datasetId = opened.datasetId;
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'finer-interop-it-'));
    const store = api.storeHost.current;
    assert.ok(store);
    const samples = store.samplesOfSlice(datasetId, { kind: 'dataset', limit: 4 });
    const runId = store.createRun(newRunRecord(datasetId, { name: 'interop run' }));
    const other = samples[1]?.fine[0] ?? 'unknown';
    await store.saveRunResults(
      runId,
      samples.map((s) =>
        predictionRow(s.id, 'fine', {
          answer: other,
          ...scorePrediction(other, acceptableLabels('fine', s)),
        }),
      ),
    );
  });

  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('exports the dataset for FiftyOne and for Label Studio', async () => {
    const fo = path.join(scratch, 'fo');
    assert.equal(
      await vscode.commands.executeCommand('finerLens.exportInterop', {
        format: 'fiftyone',
        datasetId,
        outDir: fo,
      }),
      fo,
    );
    const samples = (
      JSON.parse(fs.readFileSync(path.join(fo, 'samples.json'), 'utf8')) as { samples: unknown[] }
    ).samples;
    assert.ok(samples.length > 0);
    const ls = path.join(scratch, 'ls');
    assert.equal(
      await vscode.commands.executeCommand('finerLens.exportInterop', {
        format: 'label-studio',
        datasetId,
        outDir: ls,
      }),
      ls,
    );
    assert.match(fs.readFileSync(path.join(ls, 'label-config.xml'), 'utf8'), /<Choices name="fine"/);
  });

  /** The tags the export pre-filled for a task (the first prediction holds gold labels and tags). */
  const tagsOfTask = (task: {
    predictions: { result: { from_name: string; value: { choices: string[] } }[] }[];
  }): string[] =>
    task.predictions[0]?.result
      .find((r) => r.from_name === 'tags')
      ?.value.choices.filter((t) => t !== 'Label noise in the dataset') ?? [];

  it('imports Label Studio corrections through the label history', async () => {
    const ls = path.join(scratch, 'ls');
    const tasks = JSON.parse(fs.readFileSync(path.join(ls, 'tasks.json'), 'utf8')) as {
      data: { finer_sample_id: number; fine: string };
      predictions: { result: { from_name: string; value: { choices: string[] } }[] }[];
    }[];
    const first = tasks[0];
    const second = tasks.find((t) => t.data.fine !== first?.data.fine);
    assert.ok(first && second);
    const result = [
      { from_name: 'fine', to_name: 'image', type: 'choices', value: { choices: [second.data.fine] } },
      {
        from_name: 'tags',
        to_name: 'image',
        type: 'choices',
        // The annotator keeps the tags the sample already had (earlier tests may have set some)
        // and ticks one more.
        value: { choices: [...tagsOfTask(first), 'Label noise in the dataset'] },
      },
    ];
    const file = path.join(scratch, 'export.json');
    fs.writeFileSync(file, JSON.stringify([{ ...first, id: 1, annotations: [{ id: 1, result }] }]));
    const report = await vscode.commands.executeCommand<LabelStudioImportReport>(
      'finerLens.importLabelStudio',
      {
        file,
      },
    );
    assert.ok(report);
    assert.deepEqual(report.errors, []);
    assert.equal(report.changed.length, 2, JSON.stringify(report.changed));
    const store = api.storeHost.current;
    assert.ok(store);
    assert.equal(store.getSample(first.data.finer_sample_id)?.fine[0], second.data.fine);
    const [edit] = store.labelHistory(first.data.finer_sample_id);
    assert.equal(edit?.source, 'label-studio');
    assert.ok((edit?.actor ?? '') !== '', 'recorded as the review author');
    assert.ok(store.tagsOf(first.data.finer_sample_id).includes('Label noise in the dataset'));
  });
});
