// "Open in Gallery": from a ReviewSlice argument (dashboard, scripts, tests), a Datasets tree
// class node, an Analysis smart folder, or, with no argument, pickers (a class, a tag, a run's
// misclassified samples, or a text search in answers and generated attributes).
import * as vscode from 'vscode';
import { isOneSampleRun, reviewChoices, sampleCountText } from '../../core/analysis/reviewChoices';
import type { ReviewCondition, ReviewSlice } from '../../core/model';
import { SEARCH_TEXT_MAX } from '../../core/model';
import type { FinerStore } from '../../core/store/finerStore';
import type { GallerySliceView } from '../../shared/galleryProtocol';
import type { StoreHost } from '../common/storeHost';
import type { GalleryPanelManager } from './galleryPanel';
import { sliceOfArgument } from './sliceArgument';

export const OPEN_GALLERY_COMMAND = 'finerLens.openGallery';

type Choice<T> = vscode.QuickPickItem & { value: T };

export class GalleryCommands {
  constructor(
    private readonly storeHost: StoreHost,
    private readonly gallery: GalleryPanelManager,
  ) {}

  register(): vscode.Disposable[] {
    return [vscode.commands.registerCommand(OPEN_GALLERY_COMMAND, (arg?: unknown) => this.openGallery(arg))];
  }

  /** Returns what the gallery shows, or undefined when the user cancelled a picker. */
  async openGallery(arg?: unknown): Promise<GallerySliceView | undefined> {
    const store = await this.storeHost.get();
    const slice = sliceOfArgument(arg) ?? (arg === undefined ? await this.pickSlice(store) : undefined);
    if (!slice) {
      if (arg !== undefined) void vscode.window.showErrorMessage('Open in Gallery: not a slice of samples.');
      return undefined;
    }
    try {
      return await this.gallery.open(slice);
    } catch (error) {
      void vscode.window.showErrorMessage(
        `Open in Gallery: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    }
  }

  private async pickSlice(store: FinerStore): Promise<ReviewSlice | undefined> {
    const datasets = store.listDatasets();
    let datasetId = datasets[0]?.id;
    if (datasets.length > 1) {
      datasetId = (
        await vscode.window.showQuickPick<Choice<number>>(
          datasets.map((d) => ({ label: d.name, description: sampleCountText(d.sampleCount), value: d.id })),
          { title: 'Open in Gallery: dataset' },
        )
      )?.value;
    }
    if (datasetId === undefined) return undefined;
    const SEARCH = 'search';
    const choices: Choice<ReviewSlice | typeof SEARCH>[] = [
      { label: '$(search) Search answers and attributes…', value: SEARCH },
      ...reviewChoices(store, datasetId).map((c) => ({ ...c, value: c.slice })),
    ];
    const picked = await vscode.window.showQuickPick(choices, {
      title: 'Open in Gallery: which samples?',
      matchOnDetail: true,
    });
    if (!picked) return undefined;
    if (picked.value !== SEARCH) return picked.value;
    return this.pickSearch(store, datasetId);
  }

  private async pickSearch(store: FinerStore, datasetId: number): Promise<ReviewSlice | undefined> {
    const text = await vscode.window.showInputBox({
      title: 'Open in Gallery: search answers and generated attributes',
      prompt: 'Case-insensitive text',
      validateInput: (v) =>
        v.trim().length === 0 || v.trim().length > SEARCH_TEXT_MAX
          ? `Enter 1 to ${SEARCH_TEXT_MAX} characters.`
          : undefined,
    });
    if (text === undefined) return undefined;
    const runs = store.listRuns(datasetId).filter((r) => !isOneSampleRun(r));
    let runId: number | undefined;
    if (runs.length > 1) {
      const picked = await vscode.window.showQuickPick<Choice<number | undefined>>(
        [
          { label: 'Any run', value: undefined },
          ...runs.reverse().map((r) => ({ label: `Run ${r.id}: ${r.name}`, value: r.id })),
        ],
        { title: 'Open in Gallery: search in which run?' },
      );
      if (!picked) return undefined;
      runId = picked.value;
    }
    const condition: ReviewCondition = { kind: 'search', text: text.trim() };
    if (runId !== undefined) condition.runId = runId;
    return { datasetId, conditions: [condition] };
  }
}
