// "Start Review…" (pick a slice: misclassified at a level in a run, optionally not yet
// reviewed; a tag; a class; unreviewed), "End Review", and "Show Attribute Edits" (a diff of
// every attribute correction of a dataset as a read-only virtual document).
import * as vscode from 'vscode';
import { diffConceptAttributes, formatAttributeDiffText } from '../../core/analysis/attributeEditingDiff';
import { reviewChoices, sampleCountText } from '../../core/analysis/reviewChoices';
import { parseReviewSlice } from '../../core/analysis/reviewSlice';
import { errorText } from '../../shared/errorText';
import { isObject } from '../../shared/guards';
import type { ReviewSlice } from '../../core/model';
import type { FinerStore } from '../../core/store/finerStore';
import type { ReviewSession } from './reviewSession';
import type { StoreHost } from '../common/storeHost';

export const ATTRIBUTE_EDITS_SCHEME = 'finer-lens-edits';

/** A slice argument (from a smart folder, the gallery, the dashboard or a script), checked. */
function sliceArgument(arg: unknown): ReviewSlice | undefined {
  if (!isObject(arg) || !('conditions' in arg)) return undefined;
  try {
    return parseReviewSlice(arg);
  } catch (error) {
    void vscode.window.showErrorMessage(`Finer Lens cannot start this review: ${errorText(error)}`);
    throw error;
  }
}

type Pick<T> = vscode.QuickPickItem & { value: T };

async function pickDataset(store: FinerStore): Promise<number | undefined> {
  const datasets = store.listDatasets();
  if (datasets.length <= 1) return datasets[0]?.id;
  const picked = await vscode.window.showQuickPick<Pick<number>>(
    datasets.map((d) => ({ label: d.name, description: sampleCountText(d.sampleCount), value: d.id })),
    { title: 'Start Review: dataset' },
  );
  return picked?.value;
}

export class ReviewCommands {
  private readonly editsChanged = new vscode.EventEmitter<vscode.Uri>();

  constructor(
    private readonly storeHost: StoreHost,
    private readonly session: ReviewSession,
  ) {}

  register(): vscode.Disposable[] {
    const provider: vscode.TextDocumentContentProvider = {
      onDidChange: this.editsChanged.event,
      provideTextDocumentContent: (uri) =>
        this.attributeEditsText(Number(new URLSearchParams(uri.query).get('dataset'))),
    };
    return [
      this.editsChanged,
      vscode.workspace.registerTextDocumentContentProvider(ATTRIBUTE_EDITS_SCHEME, provider),
      vscode.commands.registerCommand('finerLens.startReview', (arg?: unknown) => this.startReview(arg)),
      vscode.commands.registerCommand('finerLens.endReview', () => this.session.end()),
      vscode.commands.registerCommand('finerLens.showAttributeEdits', (arg?: unknown) =>
        this.showAttributeEdits(arg),
      ),
      this.storeHost.onDidChange(() => {
        for (const doc of vscode.workspace.textDocuments) {
          if (doc.uri.scheme === ATTRIBUTE_EDITS_SCHEME) this.editsChanged.fire(doc.uri);
        }
      }),
    ];
  }

  /** With a ReviewSlice argument no picker is shown (smart folders, scripts, tests). */
  async startReview(arg?: unknown): Promise<number | undefined> {
    const store = await this.storeHost.get();
    let slice: ReviewSlice | undefined = sliceArgument(arg);
    if (!slice) {
      const datasetId = await pickDataset(store);
      if (datasetId === undefined) return undefined;
      const choices = reviewChoices(store, datasetId).map((c) => ({ ...c, value: c.slice }));
      if (choices.length === 0) {
        void vscode.window.showInformationMessage('Nothing to review yet: run a model on the dataset first.');
        return undefined;
      }
      slice = (
        await vscode.window.showQuickPick(choices, {
          title: 'Start Review: which samples?',
          matchOnDetail: true,
        })
      )?.value;
    }
    if (!slice) return undefined;
    const position = await this.session.start(slice);
    return position?.total;
  }

  private async showAttributeEdits(arg?: unknown): Promise<vscode.TextDocument | undefined> {
    const store = await this.storeHost.get();
    const datasetId = typeof arg === 'number' ? arg : await pickDataset(store);
    if (datasetId === undefined) return undefined;
    const name = store.getDataset(datasetId)?.name ?? `dataset ${datasetId}`;
    const uri = vscode.Uri.from({
      scheme: ATTRIBUTE_EDITS_SCHEME,
      path: `/${name} attribute edits.diff`,
      query: `dataset=${datasetId}`,
    });
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  }

  /** Unified-diff text of imported vs current attributes for every edited concept. */
  private async attributeEditsText(datasetId: number): Promise<string> {
    const store = await this.storeHost.get();
    const diffs = store
      .listConcepts(datasetId)
      .filter((c) => c.provenance === 'edited')
      .map((c) => diffConceptAttributes(c, store.attributeChanges(c.id)));
    const text = diffs.length === 0 ? '' : formatAttributeDiffText(diffs);
    return text.trim() === '' ? '# No attribute differs from the imported values in this dataset.\n' : text;
  }
}
