// "Open Run Dashboard" and "Compare Runs": from a Runs view node, a run id (scripts, tests) or,
// with no argument, quick picks (a run; for compare a second run of the same dataset). Also
// where a dashboard's clicks go: the gallery when that command exists, else a review queue.
import * as vscode from 'vscode';
import { isOneSampleRun } from '../../core/analysis/reviewChoices';
import type { ReviewSlice } from '../../core/model';
import type { RunRecord } from '../../core/runs/runTypes';
import { isId, isObject } from '../../shared/guards';
import { errorText } from '../../shared/errorText';
import type { StoreHost } from '../common/storeHost';
import { parseChoices } from './dashboardHandlers';
import { DEFAULT_CHOICES, type DashboardPanelManager } from './dashboardPanel';
import { exportRunReport } from './dashboardReport';
import { REPORT_FORMATS, type ReportFormat } from '../../core/report/reportRender';

export const OPEN_DASHBOARD_COMMAND = 'finerLens.openRunDashboard';
export const COMPARE_RUNS_COMMAND = 'finerLens.compareRuns';
export const EXPORT_REPORT_COMMAND = 'finerLens.exportRunReport';
const GALLERY_COMMAND = 'finerLens.openGallery';
const REVIEW_COMMAND = 'finerLens.startReview';

type Choice = vscode.QuickPickItem & { run: RunRecord };

/** A run id from a command argument: a number, `{ runId }` (a Runs view node) or `{ run: { id } }`. */
export function runIdOfArgument(arg: unknown): number | undefined {
  if (isId(arg)) return arg;
  if (!isObject(arg)) return undefined;
  if (isId(arg.runId)) return arg.runId;
  if (isObject(arg.run) && isId(arg.run.id)) return arg.run.id;
  return undefined;
}

/** Where a click on a dashboard number lands. */
export async function sliceTarget(): Promise<'gallery' | 'review'> {
  const commands = await vscode.commands.getCommands(true);
  return commands.includes(GALLERY_COMMAND) ? 'gallery' : 'review';
}

export async function openSliceSamples(slice: ReviewSlice): Promise<void> {
  const target = await sliceTarget();
  await vscode.commands.executeCommand(target === 'gallery' ? GALLERY_COMMAND : REVIEW_COMMAND, slice);
}

export async function reviewSliceSamples(slice: ReviewSlice): Promise<void> {
  await vscode.commands.executeCommand(REVIEW_COMMAND, slice);
}

export class DashboardCommands {
  constructor(
    private readonly storeHost: StoreHost,
    private readonly dashboards: DashboardPanelManager,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(OPEN_DASHBOARD_COMMAND, (arg?: unknown) => this.openDashboard(arg)),
      vscode.commands.registerCommand(COMPARE_RUNS_COMMAND, (arg?: unknown, other?: unknown) =>
        this.compareRuns(arg, other),
      ),
      vscode.commands.registerCommand(EXPORT_REPORT_COMMAND, (arg?: unknown) => this.exportReport(arg)),
    ];
  }

  /**
   * A run's report: `{ runId, format?, outFile?, compareRunId?, choices? }` (scripts, tests), a
   * Runs view node, or nothing (a run picker); the format and file are asked for when not given.
   */
  async exportReport(arg?: unknown): Promise<string | undefined> {
    const runId =
      runIdOfArgument(arg) ?? (arg === undefined ? (await this.pickRun('Export Report'))?.id : undefined);
    if (runId === undefined) return undefined;
    const o = isObject(arg) ? arg : {};
    const format = REPORT_FORMATS.find((f) => f === o.format) as ReportFormat | undefined;
    return exportRunReport(await this.storeHost.get(), {
      runId,
      choices: parseChoices(o.choices) ?? DEFAULT_CHOICES,
      compareRunId: isId(o.compareRunId) ? o.compareRunId : null,
      ...(format ? { format } : {}),
      ...(typeof o.outFile === 'string' && o.outFile !== '' ? { outFile: o.outFile } : {}),
    });
  }

  /** Returns the run whose dashboard opened, or undefined (cancelled, no run). */
  async openDashboard(arg?: unknown): Promise<number | undefined> {
    try {
      const runId =
        runIdOfArgument(arg) ??
        (arg === undefined ? (await this.pickRun('Open Run Dashboard'))?.id : undefined);
      if (runId === undefined) {
        if (arg !== undefined) void vscode.window.showErrorMessage('Open Run Dashboard: not a run.');
        return undefined;
      }
      await this.dashboards.open(runId);
      return runId;
    } catch (error) {
      void vscode.window.showErrorMessage(`Open Run Dashboard: ${errorText(error)}`);
      return undefined;
    }
  }

  /** Opens run A's dashboard comparing with run B (both picked when not given). */
  async compareRuns(arg?: unknown, other?: unknown): Promise<[number, number] | undefined> {
    try {
      const store = await this.storeHost.get();
      const a = runIdOfArgument(arg) ?? (await this.pickRun('Compare Runs: first run (A)'))?.id;
      if (a === undefined) return undefined;
      const runA = store.getRun(a);
      if (!runA) throw new Error(`Run ${a} is not in the database.`);
      const b =
        runIdOfArgument(other) ??
        (
          await this.pickRun(
            'Compare Runs: second run (B), same dataset',
            (r) => r.datasetId === runA.datasetId && r.id !== a,
          )
        )?.id;
      if (b === undefined) return undefined;
      const runB = store.getRun(b);
      if (!runB || runB.datasetId !== runA.datasetId) {
        throw new Error(`Run ${b} is not a run of the same dataset as run ${a}.`);
      }
      await this.dashboards.open(a, b);
      return [a, b];
    } catch (error) {
      void vscode.window.showErrorMessage(`Compare Runs: ${errorText(error)}`);
      return undefined;
    }
  }

  private async pickRun(
    title: string,
    keep: (r: RunRecord) => boolean = () => true,
  ): Promise<RunRecord | undefined> {
    const store = await this.storeHost.get();
    const names = new Map(store.listDatasets().map((d) => [d.id, d.name]));
    const runs = store
      .listRuns()
      .filter((r) => !isOneSampleRun(r) && keep(r))
      .reverse();
    if (runs.length === 0) {
      void vscode.window.showInformationMessage('No run to show yet: run a model on a dataset first.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick<Choice>(
      runs.map((r) => ({
        label: `Run ${r.id}: ${r.name}`,
        description: `${names.get(r.datasetId) ?? `dataset ${r.datasetId}`} · ${r.model} · ${r.strategy}`,
        detail: `${r.levels.join(', ')} · ${r.status}`,
        run: r,
      })),
      { title, matchOnDescription: true },
    );
    return picked?.run;
  }
}
