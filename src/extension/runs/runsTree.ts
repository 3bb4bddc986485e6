// The "Runs" view: run (name, strategy, model, status) -> level with its metrics, each named
// ("FINER EM (lenient)", "strict EM", "F1") -> misclassified samples (click opens the panel).
import * as vscode from 'vscode';
import type { LabelLevel, Sample } from '../../core/model';
import type { LevelMetrics, RunRecord } from '../../core/runs/runTypes';
import type { FinerStore } from '../../core/store/finerStore';
import { runTaxonomyScores } from '../../core/scoring/runTaxonomyScores';
import type { TaxonomyScores } from '../../core/scoring/taxonomyScoring';
import { METRIC_NAMES, METRICS } from '../../shared/metricNames';
import { Disposable } from '../common/disposable';
import { isSimulatedModel } from '../endpoints/endpointSettings';
import type { StoreHost } from '../common/storeHost';

/** At most this many misclassified samples are listed under a level. */
export const MISCLASSIFIED_SHOWN = 200;
/** Predictions scanned per level to find misclassified ones (keeps a 100k run expandable). */
const PREDICTIONS_SCANNED = 20_000;
const REFRESH_DEBOUNCE_MS = 300;

export interface RunNode {
  kind: 'run';
  id: string;
  runId: number;
  run: RunRecord;
}
export interface RunLevelNode {
  kind: 'level';
  id: string;
  parent: RunNode;
  runId: number;
  metrics: LevelMetrics;
}
export interface MisclassifiedNode {
  kind: 'misclassified';
  id: string;
  parent: RunLevelNode;
  runId: number;
  sampleId: number;
  label: string;
  answer: string | null;
  error: string | null;
}
export interface MoreMisclassifiedNode {
  kind: 'moreMisclassified';
  id: string;
  parent: RunLevelNode;
  runId: number;
  text: string;
}

/** Taxonomy-aware scores of the fine answers, on datasets with a taxonomy (iNat, Aircraft, NABirds). */
export interface RunTaxonomyNode {
  kind: 'taxonomy';
  id: string;
  parent: RunNode;
  runId: number;
  scores: TaxonomyScores;
}

export type RunsTreeNode =
  RunNode | RunLevelNode | MisclassifiedNode | MoreMisclassifiedNode | RunTaxonomyNode;

const fmt = (v: number | null): string => (v === null ? '–' : v.toFixed(3));

/** "FINER EM (lenient) 0.500 · strict EM 0.250 · F1 0.410" */
export function describeMetrics(m: LevelMetrics): string {
  return `${METRIC_NAMES.finerEm} ${fmt(m.finerEm)} · ${METRIC_NAMES.strictEm} ${fmt(m.strictEm)} · ${METRIC_NAMES.f1} ${fmt(m.f1)}`;
}

const STATUS_ICONS: Record<string, string> = {
  running: 'sync~spin',
  done: 'pass',
  cancelled: 'debug-pause',
  failed: 'error',
  pending: 'circle-outline',
};

export class RunsTreeProvider extends Disposable implements vscode.TreeDataProvider<RunsTreeNode> {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<RunsTreeNode | undefined>());
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly storeHost: StoreHost,
    /** Runs being executed by this window right now (others may show "running" after a crash). */
    private readonly isActive: (runId: number) => boolean,
  ) {
    super();
    this.register(storeHost.onDidChange(() => this.scheduleRefresh()));
    this.register({ dispose: () => this.timer && clearTimeout(this.timer) });
  }

  refresh(): void {
    this.changeEmitter.fire(undefined);
  }

  /** Coalesces the many store changes of a running batch into one refresh. */
  scheduleRefresh(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh();
    }, REFRESH_DEBOUNCE_MS);
  }

  getParent(node: RunsTreeNode): RunsTreeNode | undefined {
    return 'parent' in node ? node.parent : undefined;
  }

  async getChildren(node?: RunsTreeNode): Promise<RunsTreeNode[]> {
    let store: FinerStore | undefined;
    try {
      store = await this.storeHost.getIfExists();
    } catch {
      return []; // the Datasets view shows the open error
    }
    if (!store) return [];
    if (!node) {
      return store
        .listRuns()
        .sort((a, b) => b.id - a.id)
        .map((run) => ({ kind: 'run', id: `run/${run.id}`, runId: run.id, run }));
    }
    if (node.kind === 'run') {
      const byLevel = new Map(store.runLevelMetrics(node.runId).map((m) => [m.level, m]));
      const levels: RunsTreeNode[] = node.run.levels.map((level) => ({
        kind: 'level',
        id: `${node.id}/${level}`,
        parent: node,
        runId: node.runId,
        metrics: byLevel.get(level) ?? emptyMetrics(level),
      }));
      const scores = runTaxonomyScores(store, node.runId);
      if (scores && scores.samples > 0)
        levels.push({ kind: 'taxonomy', id: `${node.id}/taxonomy`, parent: node, runId: node.runId, scores });
      return levels;
    }
    if (node.kind === 'level') return this.misclassified(store, node);
    return [];
  }

  private misclassified(store: FinerStore, node: RunLevelNode): RunsTreeNode[] {
    const rows = store
      .predictionsOfRun(node.runId, { level: node.metrics.level, limit: PREDICTIONS_SCANNED })
      .filter((p) => p.stage === 'done' && (p.error !== null || p.finerEm === 0));
    const children: RunsTreeNode[] = rows.slice(0, MISCLASSIFIED_SHOWN).map((p) => {
      const sample = store.getSample(p.sampleId);
      return {
        kind: 'misclassified',
        id: `${node.id}/${p.sampleId}`,
        parent: node,
        runId: node.runId,
        sampleId: p.sampleId,
        label: sample ? `#${sample.idx} ${goldLabel(sample, node.metrics.level)}` : `sample ${p.sampleId}`,
        answer: p.answer,
        error: p.error,
      };
    });
    if (rows.length > MISCLASSIFIED_SHOWN) {
      children.push({
        kind: 'moreMisclassified',
        id: `${node.id}/more`,
        parent: node,
        runId: node.runId,
        text: `${rows.length - MISCLASSIFIED_SHOWN} more misclassified samples not listed`,
      });
    }
    return children;
  }

  getTreeItem(node: RunsTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'run':
        return this.runItem(node);
      case 'level': {
        const m = node.metrics;
        const item = new vscode.TreeItem(m.level, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.description =
          `${describeMetrics(m)} (n=${m.count}${m.errors > 0 ? `, ${m.errors} errors` : ''}` +
          `${m.truncated > 0 ? `, ${m.truncated} truncated` : ''}${m.refusals > 0 ? `, ${m.refusals} refused` : ''})`;
        item.tooltip = new vscode.MarkdownString(
          `**${m.level}** — ${m.count} results, ${m.scored} scored, ${m.errors} errors` +
            `${m.truncated > 0 ? `, ${m.truncated} truncated at the token limit (finish_reason "length"; scored, flagged)` : ''}` +
            `${m.refusals > 0 ? `, ${m.refusals} refusals (kept, not scored)` : ''}\n\n` +
            METRICS.map((d) => `- ${d.name}: ${fmt(m[d.key])} (${d.rule})\n`).join('') +
            `\nExpand to list misclassified samples (${METRIC_NAMES.finerEm} = 0 or failed).`,
        );
        item.iconPath = new vscode.ThemeIcon('graph');
        item.contextValue = 'runLevel';
        return item;
      }
      case 'misclassified': {
        const item = new vscode.TreeItem(node.label);
        item.id = node.id;
        item.description = node.error ? `error: ${node.error}` : `answered "${node.answer ?? ''}"`;
        item.iconPath = new vscode.ThemeIcon(node.error ? 'warning' : 'close');
        item.contextValue = 'misclassified';
        item.command = { command: 'finerLens.openSample', title: 'Open Sample', arguments: [node.sampleId] };
        return item;
      }
      case 'taxonomy':
        return taxonomyItem(node);
      case 'moreMisclassified': {
        const item = new vscode.TreeItem(node.text);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        return item;
      }
    }
  }

  private runItem(node: RunNode): vscode.TreeItem {
    const { run } = node;
    const simulated = isSimulatedModel(run.model);
    const active = this.isActive(run.id);
    // A "running" run that this window is not executing was interrupted (crash, reload).
    const status = run.status === 'running' && !active ? 'interrupted' : run.status;
    const item = new vscode.TreeItem(run.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    item.description = `${run.strategy} · ${run.model}${simulated ? ' (simulated)' : ''} · ${run.protocol} · ${status}`;
    item.iconPath = simulated
      ? new vscode.ThemeIcon('beaker', new vscode.ThemeColor('charts.purple'))
      : new vscode.ThemeIcon(STATUS_ICONS[status] ?? 'debug-pause');
    item.contextValue = active ? 'run.running' : run.status === 'done' ? 'run.done' : 'run.resumable';
    item.tooltip = new vscode.MarkdownString(
      [
        `**Run ${run.id}** — ${run.name.replace(/[\\`*_[\]<>]/g, '\\$&')}`,
        `Strategy: ${run.strategy}; levels: ${run.levels.join(', ')}; gold conditioning: ${run.goldConditioning ? 'yes' : 'no'}`,
        `Prompt protocol: ${run.protocol}; template hash \`${run.templateHash.slice(0, 12) || '-'}\` (family ${run.templateFamily}); ` +
          `${run.endpoint.tokenLimitParam ?? 'max_tokens'} ${run.params.maxTokens}, temperature ${run.params.temperature}`,
        `Model: ${run.model}${simulated ? ' — **simulated model**, not a real LVLM' : ''} at ${run.endpoint.baseUrl}`,
        `Status: ${status}${run.totalTasks !== null ? `; ${run.totalTasks} tasks` : ''}; created ${run.createdAt}`,
      ].join('\n\n'),
    );
    return item;
  }
}

function goldLabel(sample: Sample, level: LabelLevel): string {
  if (level === 'superordinate') return sample.superordinate;
  return (level === 'coarse' ? sample.coarse[0] : sample.fine[0]) ?? '';
}

function emptyMetrics(level: LabelLevel): LevelMetrics {
  return {
    level,
    count: 0,
    scored: 0,
    errors: 0,
    truncated: 0,
    refusals: 0,
    finerEm: null,
    strictEm: null,
    f1: null,
  };
}

const pct = (v: number | null): string => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);

function taxonomyItem(node: RunTaxonomyNode): vscode.TreeItem {
  const { scores } = node;
  const item = new vscode.TreeItem('taxonomy');
  item.id = node.id;
  const leaf = scores.byRank.at(-1);
  item.description = `${leaf?.rank ?? 'leaf'} ${pct(leaf?.accuracy ?? null)} · hierarchical F1 ${pct(scores.hierarchical.f1)}`;
  item.iconPath = new vscode.ThemeIcon('type-hierarchy');
  const rows = scores.byRank.map((r) => `| ${r.rank} | ${pct(r.accuracy)} | ${r.correct} / ${r.samples} |`);
  const lca = scores.mistakes.byLcaDepth.map((b) => `${b.rank}: ${b.count}`).join(', ');
  item.tooltip = new vscode.MarkdownString(
    [
      `**Taxonomy-aware scores** of the fine answers (${scores.resolved} of ${scores.samples} named a node of the dataset's tree; ${scores.unresolved} did not)`,
      ['| rank | accuracy | correct |', '| --- | --- | --- |', ...rows].join('\n'),
      `Hierarchical precision ${pct(scores.hierarchical.precision)}, recall ${pct(scores.hierarchical.recall)}, F1 ${pct(scores.hierarchical.f1)} (ancestor-set overlap)`,
      scores.mistakes.count > 0
        ? `Mistakes: ${scores.mistakes.count}, mean depth of the lowest common ancestor ${scores.mistakes.meanLcaDepth?.toFixed(2) ?? '–'} (${lca})`
        : 'No mistakes among resolved answers.',
    ].join('\n\n'),
  );
  item.contextValue = 'runTaxonomy';
  return item;
}
