// What package.json promises: activation, Workspace Trust limits, commands and menus.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID } from './extensionUnderTest';

interface CommandContribution {
  command: string;
  title: string;
  category?: string;
  icon?: string;
  enablement?: string;
}
interface MenuItem {
  command: string;
  when?: string;
}

describe('Extension manifest', () => {
  const manifest = (): Record<string, unknown> & {
    contributes: { commands: CommandContribution[]; menus: Record<string, MenuItem[]> };
    capabilities: { untrustedWorkspaces: { supported: unknown } };
  } => vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON;

  before(async () => {
    await activateExtension();
  });

  it('supports untrusted workspaces in limited mode, with import and remove disabled there', () => {
    assert.equal(manifest().capabilities.untrustedWorkspaces.supported, 'limited');
    const commands = manifest().contributes.commands;
    for (const id of [
      'finerLens.importFinerDataset',
      'finerLens.importManifest',
      'finerLens.removeDataset',
    ]) {
      assert.equal(commands.find((c) => c.command === id)?.enablement, 'isWorkspaceTrusted', id);
    }
  });

  it('registers every contributed command, each with the Finer Lens category and an icon', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of manifest().contributes.commands) {
      assert.ok(registered.has(c.command), `${c.command} is registered`);
      assert.equal(c.category, 'Finer Lens', c.command);
      assert.match(c.icon ?? '', /^\$\([a-z-]+\)$/, c.command);
    }
  });

  it('hides item-only commands from the command palette', () => {
    const hidden = manifest()
      .contributes.menus['commandPalette']?.filter((m) => m.when === 'false')
      .map((m) => m.command);
    for (const id of [
      'finerLens.openSample',
      'finerLens.copyImagePath',
      'finerLens.revealImage',
      'finerLens.removeDataset',
    ]) {
      assert.ok(hidden?.includes(id), `${id} hidden from the palette`);
    }
  });
});
