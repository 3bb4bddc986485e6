// A database path that points at a non-SQLite file: the error is reported, nothing crashes, and
// pointing the setting back recovers.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FinerLensTestApi } from '../../src/extension/extension';
import { activateExtension, makeTempDir, until } from './extensionUnderTest';

describe('Corrupt database file', () => {
  let api: FinerLensTestApi;
  let dir: string;
  let originalPath: string;

  before(async () => {
    api = await activateExtension();
    // Something to find again once the setting points back at the workspace database.
    await vscode.commands.executeCommand('finerLens.openSampleDataset');
    originalPath = api.storeHost.databasePath;
    dir = makeTempDir('corrupt');
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('finerLens')
      .update('databasePath', undefined, vscode.ConfigurationTarget.Workspace);
    await until(
      () => api.storeHost.databasePath === originalPath,
      'the default database path is back',
      api.storeHost.onDidChange,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports a failed open naming the file, shows it in the tree, and keeps the commands working', async () => {
    const corrupt = path.join(dir, 'not-a-database.db');
    fs.writeFileSync(corrupt, 'this is plain text, not SQLite\n'.repeat(200));
    await vscode.workspace
      .getConfiguration('finerLens')
      .update('databasePath', corrupt, vscode.ConfigurationTarget.Workspace);
    await until(
      () => api.storeHost.databasePath === corrupt,
      'the store host follows the setting',
      api.storeHost.onDidChange,
    );

    const roots = await api.tree.getChildren();
    assert.equal(roots.length, 1);
    const node = roots[0];
    assert.equal(node?.kind, 'storeError');
    const state = api.storeHost.state;
    assert.equal(state.kind, 'failed');
    assert.equal(state.path, corrupt);
    assert.equal(
      fs.readFileSync(corrupt, 'utf8').startsWith('this is plain text'),
      true,
      'the file was not touched',
    );

    // The extension is still alive: a command runs and the failure is remembered, not retried in a loop.
    await vscode.commands.executeCommand('finerLens.refresh');
    await api.tree.getChildren();
    assert.equal(api.storeHost.state.kind, 'failed');
  });

  it('opens the workspace database again once the setting is cleared', async () => {
    await vscode.workspace
      .getConfiguration('finerLens')
      .update('databasePath', undefined, vscode.ConfigurationTarget.Workspace);
    await until(
      () => api.storeHost.databasePath === originalPath,
      'the default database path is back',
      api.storeHost.onDidChange,
    );
    const roots = await api.tree.getChildren();
    assert.ok(roots.every((n) => n.kind === 'dataset'));
    assert.ok(
      roots.some((n) => n.kind === 'dataset' && n.dataset.name === 'sample-birds'),
      'the dataset imported before is listed again',
    );
  });
});
