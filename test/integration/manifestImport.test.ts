// Importing a manifest with bad rows: good rows land, bad rows are skipped and reported by line.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ImportResult } from '../../src/core/import/importRun';
import type { FinerLensTestApi } from '../../src/extension/extension';
import { activateExtension, makeTempDir, writeManifest } from './extensionUnderTest';

describe('Import Dataset Manifest with bad rows', () => {
  let api: FinerLensTestApi;
  let dir: string;

  before(async () => {
    api = await activateExtension();
    dir = makeTempDir('manifest');
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports the valid rows and reports each bad row with its line', async () => {
    const row = (image: string, fine: unknown): string =>
      JSON.stringify({ image, superordinate: 'Bird', coarse: ['Owl'], fine });
    const manifestFile = writeManifest(dir, 'owls.jsonl', [
      row('a.jpg', ['Barn Owl']),
      '{ this is not json',
      row('b.jpg', ['Snowy Owl']),
      JSON.stringify({ image: 'c.jpg', superordinate: 'Bird', coarse: ['Owl'] }),
      row('d.jpg', ['Great Horned Owl']),
    ]);
    const summary = await vscode.commands.executeCommand<ImportResult | undefined>(
      'finerLens.importManifest',
      {
        manifestFile,
        name: 'owls-with-problems',
        checkImages: false,
      },
    );
    assert.ok(summary, 'the command returned the summary');
    assert.equal(summary.imported, 3);
    assert.equal(summary.skipped, 2);
    const errorLines = summary.issues.filter((i) => i.severity === 'error').map((i) => i.line);
    assert.deepEqual(errorLines, [2, 4]);
    assert.ok(summary.issues.every((i) => path.resolve(i.file) === path.resolve(manifestFile)));
    assert.equal(api.storeHost.current?.getDataset(summary.datasetId)?.sampleCount, 3);
  });

  it('returns nothing and imports nothing when the manifest does not exist', async () => {
    const before = api.storeHost.current?.listDatasets().length;
    const summary = await vscode.commands.executeCommand<ImportResult | undefined>(
      'finerLens.importManifest',
      {
        manifestFile: path.join(dir, 'missing.jsonl'),
      },
    );
    assert.equal(summary, undefined);
    assert.equal(api.storeHost.current?.listDatasets().length, before);
  });
});
