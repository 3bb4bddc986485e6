// The quick picks of "Run Model on Dataset…": dataset (when not started from a tree node),
// endpoint, strategy, level, gold conditioning and a sample limit.
import * as vscode from 'vscode';
import { PROMPT_PROTOCOLS, type PromptProtocol } from '../../core/prompts/promptProtocols';
import type { LevelChoice } from '../../core/runs/runSetup';
import type { RunSlice, RunStrategy } from '../../core/runs/runTypes';
import type { FinerStore } from '../../core/store/finerStore';
import type { DatasetTreeNode } from '../datasets/datasetTree';
import type { EndpointConnector } from '../endpoints/endpointConnector';
import { readRunSettings } from './runSettings';

/** What a run is started with: from the pickers, or passed by a script or test. */
export interface RunModelArgs {
  datasetId: number;
  endpointName: string;
  strategy: RunStrategy;
  level: LevelChoice;
  /** Default: the protocol's own (on under finer-reference). */
  goldConditioning?: boolean;
  /** Default: the finerLens.prompts.protocol setting. */
  protocol?: PromptProtocol;
  slice?: RunSlice;
  /** Keep the first N samples (by idx). */
  limit?: number;
  name?: string;
  concurrency?: number;
}

const PROTOCOL_DETAILS: Record<PromptProtocol, string> = {
  'finer-reference': 'The FINER reference prompts: its category lists, worked examples and probe layout',
  'finer-lens-v1': "Finer Lens's first prompts: own lists and examples, one label in ATTRSEEK",
};

/** The dataset and slice a tree node stands for (dataset, superordinate, coarse or fine). */
export function sliceOfNode(
  node: DatasetTreeNode,
): { datasetId: number; slice: RunSlice; label: string } | undefined {
  switch (node.kind) {
    case 'dataset':
      return { datasetId: node.dataset.id, slice: { kind: 'dataset' }, label: node.dataset.name };
    case 'superordinate':
      return {
        datasetId: node.parent.dataset.id,
        slice: { kind: 'class', superordinate: node.label },
        label: node.label,
      };
    case 'coarse':
      return {
        datasetId: node.parent.parent.dataset.id,
        slice: { kind: 'class', superordinate: node.parent.label, coarse: node.label },
        label: `${node.parent.label} › ${node.label}`,
      };
    case 'fine':
      return {
        datasetId: node.parent.parent.parent.dataset.id,
        slice: {
          kind: 'class',
          superordinate: node.parent.parent.label,
          coarse: node.parent.label,
          fine: node.label,
        },
        label: `${node.parent.label} › ${node.label}`,
      };
    default:
      return undefined;
  }
}

const STRATEGIES: ReadonlyArray<{ label: string; strategy: RunStrategy; detail: string }> = [
  { label: 'direct', strategy: 'direct', detail: 'Image -> label, one request per level' },
  {
    label: 'attrseek',
    strategy: 'attrseek',
    detail: 'ATTRSEEK: visible attributes first, then the label (coarse, fine)',
  },
  {
    label: 'text-only',
    strategy: 'text-only',
    detail: 'Knowledge probe without the image: reference attributes -> fine label',
  },
  {
    label: 'attribute-generation',
    strategy: 'attribute-generation',
    detail: 'Concept -> Required / Likely attribute lists',
  },
];

function levelChoices(strategy: RunStrategy): LevelChoice[] {
  if (strategy === 'direct') return ['superordinate', 'coarse', 'fine', 'all'];
  if (strategy === 'attrseek') return ['coarse', 'fine', 'all'];
  return ['fine'];
}

/**
 * Every step of the run setup stays open when the focus moves (a click into the editor to look
 * something up, a webview or notification taking focus): closing one step would drop the
 * choices already made. Escape still cancels.
 */
const STEP = { ignoreFocusOut: true } as const;

export async function pickRunOptions(
  store: FinerStore,
  connector: EndpointConnector,
  node: DatasetTreeNode | undefined,
): Promise<RunModelArgs | undefined> {
  let target = node ? sliceOfNode(node) : undefined;
  if (!target) {
    const datasets = store.listDatasets();
    if (datasets.length === 0) {
      void vscode.window.showInformationMessage('Import or open a dataset first.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      datasets.map((d) => ({ label: d.name, description: `${d.sampleCount} samples`, dataset: d })),
      { title: 'Run Model: dataset', ...STEP },
    );
    if (!picked) return undefined;
    target = { datasetId: picked.dataset.id, slice: { kind: 'dataset' }, label: picked.dataset.name };
  }
  const endpoint = await connector.pick(undefined, `Run Model on ${target.label}: endpoint`);
  if (!endpoint) return undefined;
  const strategy = await vscode.window.showQuickPick(STRATEGIES, {
    title: `Run Model on ${target.label}: strategy`,
    ...STEP,
  });
  if (!strategy) return undefined;
  const choices = levelChoices(strategy.strategy);
  let level: LevelChoice = choices[0] ?? 'fine';
  if (choices.length > 1) {
    const picked = await vscode.window.showQuickPick(
      choices.map((c) => ({ label: c, level: c })),
      { title: `Run Model on ${target.label}: level`, ...STEP },
    );
    if (!picked) return undefined;
    level = picked.level;
  }
  const defaultProtocol = readRunSettings().protocol;
  const protocolPick = await vscode.window.showQuickPick(
    [defaultProtocol, ...PROMPT_PROTOCOLS.filter((p) => p !== defaultProtocol)].map((p) => ({
      label: p,
      description: p === defaultProtocol ? '(finerLens.prompts.protocol)' : '',
      detail: PROTOCOL_DETAILS[p],
      protocol: p,
    })),
    { title: `Run Model on ${target.label}: prompt protocol`, ...STEP },
  );
  if (!protocolPick) return undefined;
  const protocol = protocolPick.protocol;
  let goldConditioning = protocol === 'finer-reference';
  if (strategy.strategy === 'direct' || strategy.strategy === 'attrseek') {
    const noGold = {
      label: 'No gold conditioning',
      detail: 'The prompt names only what the model itself could know',
      gold: false,
    };
    const withGold = {
      label: 'Gold conditioning',
      detail:
        'Fill {superordinate} / {coarse} with the gold label of the level above (FINER reference setup)',
      gold: true,
    };
    // The protocol's own default comes first.
    const gold = await vscode.window.showQuickPick(
      goldConditioning ? [withGold, noGold] : [noGold, withGold],
      {
        title: `Run Model on ${target.label}: conditioning`,
        ...STEP,
      },
    );
    if (!gold) return undefined;
    goldConditioning = gold.gold;
  }
  const limitText = await vscode.window.showInputBox({
    title: `Run Model on ${target.label}: limit`,
    ...STEP,
    prompt: 'Run only the first N samples (by idx); empty runs all of them.',
    validateInput: (v) =>
      v.trim() === '' || /^[1-9]\d*$/.test(v.trim()) ? undefined : 'A positive whole number, or empty.',
  });
  if (limitText === undefined) return undefined;
  const args: RunModelArgs = {
    datasetId: target.datasetId,
    endpointName: endpoint.name,
    strategy: strategy.strategy,
    level,
    goldConditioning,
    protocol,
    slice: target.slice,
  };
  if (limitText.trim() !== '') args.limit = Number(limitText.trim());
  return args;
}
