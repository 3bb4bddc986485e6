// Taxonomy management through quick picks: Add Tag, Rename Tag, Recolour Tag, Delete Tag (with
// a reassignment target) and Reorder Tags. Stored in the database; colours are theme colour ids.
// Each command also takes its answers as an argument object (scripts and tests).
import * as vscode from 'vscode';
import type { TaxonomyTag } from '../../core/store/tagQueries';
import type { StoreHost } from '../common/storeHost';
import { registeredTagColor, TAG_COLOR_CHOICES } from '../common/tagColors';

const keyOf = (tag: TaxonomyTag): string => tag.key ?? tag.name;

export interface TagCommandArgs {
  tag?: string;
  name?: string;
  color?: string;
  /** Delete: where the deleted tag's samples go; '' drops the tag from them. */
  reassignTo?: string;
  /** Reorder: the tag to move and its new 1-based position. */
  position?: number;
}

const isArgs = (v: unknown): v is TagCommandArgs => typeof v === 'object' && v !== null && !Array.isArray(v);

export class TagCommands {
  constructor(private readonly storeHost: StoreHost) {}

  register(): vscode.Disposable[] {
    const run = (fn: (args: TagCommandArgs) => Promise<void>) => async (arg?: unknown) => {
      try {
        await fn(isArgs(arg) ? arg : {});
      } catch (err) {
        void vscode.window.showErrorMessage(
          `Finer Lens: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    };
    return [
      vscode.commands.registerCommand(
        'finerLens.addTag',
        run((a) => this.addTag(a)),
      ),
      vscode.commands.registerCommand(
        'finerLens.renameTag',
        run((a) => this.renameTag(a)),
      ),
      vscode.commands.registerCommand(
        'finerLens.recolorTag',
        run((a) => this.recolorTag(a)),
      ),
      vscode.commands.registerCommand(
        'finerLens.deleteTag',
        run((a) => this.deleteTag(a)),
      ),
      vscode.commands.registerCommand(
        'finerLens.reorderTags',
        run((a) => this.reorderTags(a)),
      ),
    ];
  }

  private async pickTag(
    title: string,
    given: string | undefined,
    exclude?: TaxonomyTag,
  ): Promise<TaxonomyTag | undefined> {
    const store = await this.storeHost.get();
    const tags = store.listTaxonomy().filter((t) => t.id !== exclude?.id);
    if (given !== undefined) return tags.find((t) => t.key === given || t.name === given);
    const picked = await vscode.window.showQuickPick(
      tags.map((tag, i) => ({
        label: tag.name,
        description: `${i < 9 ? `key ${i + 1} · ` : ''}${tag.count} samples`,
        detail: tag.description ?? undefined,
        iconPath: new vscode.ThemeIcon('tag', themeColorOf(tag.color)),
        tag,
      })),
      { title, placeHolder: 'Pick a tag' },
    );
    return picked?.tag;
  }

  private async pickColor(given: string | undefined, current?: string | null): Promise<string | undefined> {
    if (given !== undefined) return given;
    const picked = await vscode.window.showQuickPick(
      TAG_COLOR_CHOICES.map((id) => ({
        label: id,
        description: id === current ? 'current' : undefined,
        iconPath: new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor(id)),
      })),
      { title: 'Tag colour (follows the colour theme)' },
    );
    return picked?.label;
  }

  private async addTag(args: TagCommandArgs): Promise<void> {
    const store = await this.storeHost.get();
    const name =
      args.name ??
      (await vscode.window.showInputBox({
        title: 'Add Tag',
        prompt: 'Name of the new failure-mode tag',
        validateInput: (v) => (v.trim() === '' ? 'A tag needs a name.' : undefined),
      }));
    if (!name) return;
    const color = await this.pickColor(args.color);
    if (color === undefined) return;
    store.addTaxonomyTag({ name: name.trim(), color });
  }

  private async renameTag(args: TagCommandArgs): Promise<void> {
    const tag = await this.pickTag('Rename Tag', args.tag);
    if (!tag) return;
    const name =
      args.name ?? (await vscode.window.showInputBox({ title: `Rename "${tag.name}"`, value: tag.name }));
    if (!name || name.trim() === tag.name) return;
    (await this.storeHost.get()).updateTag(keyOf(tag), { name: name.trim() });
  }

  private async recolorTag(args: TagCommandArgs): Promise<void> {
    const tag = await this.pickTag('Recolour Tag', args.tag);
    if (!tag) return;
    const color = await this.pickColor(args.color, tag.color);
    if (color === undefined) return;
    (await this.storeHost.get()).updateTag(keyOf(tag), { color });
  }

  private async deleteTag(args: TagCommandArgs): Promise<void> {
    const tag = await this.pickTag('Delete Tag', args.tag);
    if (!tag) return;
    let reassignTo: string | undefined = args.reassignTo;
    if (reassignTo === undefined) {
      const store = await this.storeHost.get();
      const others = store.listTaxonomy().filter((t) => t.id !== tag.id);
      const picked = await vscode.window.showQuickPick(
        [
          { label: 'Remove the tag from its samples', target: '' },
          ...others.map((t) => ({ label: `Move its samples to "${t.name}"`, target: keyOf(t) })),
        ],
        { title: `Delete "${tag.name}" (${tag.count} samples): what happens to its samples?` },
      );
      if (!picked) return;
      reassignTo = picked.target;
    }
    (await this.storeHost.get()).deleteTag(keyOf(tag), reassignTo === '' ? undefined : reassignTo);
  }

  private async reorderTags(args: TagCommandArgs): Promise<void> {
    const tag = await this.pickTag('Reorder Tags: tag to move', args.tag);
    if (!tag) return;
    const store = await this.storeHost.get();
    const taxonomy = store.listTaxonomy().filter((t) => t.key !== null);
    let position = args.position;
    if (position === undefined) {
      const picked = await vscode.window.showQuickPick(
        taxonomy.map((t, i) => ({ label: `${i + 1}`, description: t.name, position: i + 1 })),
        { title: `New position of "${tag.name}" (1-9 are the number keys)` },
      );
      if (!picked) return;
      position = picked.position;
    }
    const keys = taxonomy.filter((t) => t.id !== tag.id).map(keyOf);
    keys.splice(Math.max(0, Math.min(keys.length, position - 1)), 0, keyOf(tag));
    store.reorderTags(keys);
  }
}

function themeColorOf(colorId: string | null): vscode.ThemeColor | undefined {
  const id = registeredTagColor(colorId);
  return id === undefined ? undefined : new vscode.ThemeColor(id);
}
