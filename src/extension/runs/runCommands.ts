// Batch runs from the editor: "Run Model on Dataset…" (quick picks, or an options object from
// scripts and tests), "Resume Run", "Cancel Run", "Delete Run", "Copy Run ID". A run shows a
// cancellable progress notification and the status-bar item; cancelling keeps every completed
// result and the run can be resumed.
import * as vscode from 'vscode';
import type { LvlmEndpoint } from '../../core/lvlm/lvlmEndpoint';
import type { RunOutcome } from '../../core/runs/runEngine';
import { endpointOfRun, RunEngine } from '../../core/runs/runEngine';
import { createRunFromRequest } from '../../core/runs/runSetup';
import type { RunProgress, RunSlice } from '../../core/runs/runTypes';
import type { DatasetTreeNode } from '../datasets/datasetTree';
import { Disposable } from '../common/disposable';
import type { EndpointConnector } from '../endpoints/endpointConnector';
import { endpointOrigin } from '../endpoints/endpointSettings';
import { pickRunOptions, type RunModelArgs } from './runPickers';
import { loadWorkspaceTemplates, readRunSettings } from './runSettings';
import type { RunStatusBar } from './runStatusBar';
import { describeProgress, SHOW_RUN_PROGRESS_COMMAND } from './runStatusBar';
import type { StoreHost } from '../common/storeHost';
import { isObject } from '../../shared/guards';
import { errorText } from '../../shared/errorText';

/** Everything "Run Model on Dataset…" asks; given in full, no picker is shown. */
export interface RunProgressEvent {
  runId: number;
  progress: RunProgress;
}

interface ActiveRun {
  name: string;
  controller: AbortController;
}

function isRunModelArgs(v: unknown): v is RunModelArgs {
  return (
    isObject(v) &&
    typeof v['datasetId'] === 'number' &&
    typeof v['endpointName'] === 'string' &&
    typeof v['strategy'] === 'string' &&
    typeof v['level'] === 'string'
  );
}

/** A run id from a Runs view node, a number, or `{ runId }`. */
export function runIdOf(arg: unknown): number | undefined {
  if (typeof arg === 'number') return arg;
  if (isObject(arg) && typeof arg['runId'] === 'number') return arg['runId'];
  return undefined;
}

export class RunCommands extends Disposable {
  private readonly active = new Map<number, ActiveRun>();
  private readonly progressEmitter = this.register(new vscode.EventEmitter<RunProgressEvent>());
  private readonly startEmitter = this.register(new vscode.EventEmitter<number>());
  /** Fires on every progress report of a run started in this window. */
  readonly onDidReportProgress = this.progressEmitter.event;
  /** Fires with the run id as soon as a run (or resume) starts sending. */
  readonly onDidStartRun = this.startEmitter.event;

  constructor(
    private readonly storeHost: StoreHost,
    private readonly connector: EndpointConnector,
    private readonly statusBar: RunStatusBar,
    private readonly output: vscode.OutputChannel,
  ) {
    super();
  }

  registerCommands(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('finerLens.runModel', (arg?: unknown) => this.runModel(arg)),
      vscode.commands.registerCommand('finerLens.resumeRun', (arg?: unknown) => this.resumeRun(runIdOf(arg))),
      vscode.commands.registerCommand('finerLens.cancelRun', (arg?: unknown) => this.cancelRun(runIdOf(arg))),
      vscode.commands.registerCommand(
        'finerLens.deleteRun',
        (arg?: unknown, options?: { confirm?: boolean }) =>
          this.deleteRun(runIdOf(arg), options?.confirm !== false),
      ),
      vscode.commands.registerCommand('finerLens.copyRunId', async (arg?: unknown) => {
        const id = runIdOf(arg);
        if (id !== undefined) await vscode.env.clipboard.writeText(String(id));
      }),
      vscode.commands.registerCommand(SHOW_RUN_PROGRESS_COMMAND, () => this.showRunProgress()),
    ];
  }

  isActive(runId: number): boolean {
    return this.active.has(runId);
  }

  /** Starts a run from a tree node, from `RunModelArgs`, or with pickers for everything. */
  async runModel(arg?: unknown): Promise<RunOutcome | undefined> {
    const store = await this.storeHost.get();
    let args: RunModelArgs | undefined;
    if (isRunModelArgs(arg)) args = arg;
    else args = await pickRunOptions(store, this.connector, arg as DatasetTreeNode | undefined);
    if (!args) return undefined;
    const endpoint = this.connector.find(args.endpointName);
    if (!endpoint) {
      void vscode.window.showErrorMessage(`Finer Lens has no endpoint named "${args.endpointName}".`);
      return undefined;
    }
    const createClient = await this.connector.clientFactory(endpoint);
    if (!createClient) return undefined;
    const settings = readRunSettings();
    let runId: number;
    try {
      const slice: RunSlice = { ...(args.slice ?? { kind: 'dataset' }) };
      if (args.limit !== undefined) slice.limit = args.limit;
      const run = createRunFromRequest(store, {
        datasetId: args.datasetId,
        strategy: args.strategy,
        level: args.level,
        endpoint,
        slice,
        ...(args.goldConditioning === undefined ? {} : { goldConditioning: args.goldConditioning }),
        protocol: args.protocol ?? settings.protocol,
        templates: await loadWorkspaceTemplates(),
        concurrency: args.concurrency ?? settings.concurrency,
        ...(args.name === undefined ? {} : { name: args.name }),
        ...(settings.requestsPerMinute === undefined
          ? {}
          : { requestsPerMinute: settings.requestsPerMinute }),
      });
      runId = run.id;
      this.output.appendLine(
        `[run ${run.id}] "${run.name}": ${run.strategy}, levels ${run.levels.join('/')}, ` +
          `protocol ${run.protocol} (templates ${run.templateHash.slice(0, 12)}), gold conditioning ${run.goldConditioning ? 'on' : 'off'}, endpoint "${endpoint.name}" (${endpoint.model} at ${endpoint.baseUrl})`,
      );
    } catch (err) {
      void vscode.window.showErrorMessage(`Finer Lens could not start the run: ${errorText(err)}`);
      return undefined;
    }
    return this.execute(runId, endpoint, new RunEngine({ store, createClient }), 'Running');
  }

  /** Continues a stopped run exactly where it stopped: only tasks without a result are sent. */
  async resumeRun(runId: number | undefined): Promise<RunOutcome | undefined> {
    if (runId === undefined) return undefined;
    if (this.active.has(runId)) {
      void vscode.window.showInformationMessage(`Run ${runId} is already running.`);
      return undefined;
    }
    const store = await this.storeHost.get();
    const run = store.getRun(runId);
    if (!run) {
      void vscode.window.showErrorMessage(`Run ${runId} is no longer in the database.`);
      return undefined;
    }
    // Prefer the configured endpoint of that name (its headers), if it still points to the same place.
    const configured = this.connector.find(run.endpoint.name);
    const endpoint =
      configured &&
      endpointOrigin(configured) === endpointOrigin(run.endpoint) &&
      configured.model === run.endpoint.model
        ? configured
        : endpointOfRun(run);
    const createClient = await this.connector.clientFactory(endpoint);
    if (!createClient) return undefined;
    this.output.appendLine(`[run ${runId}] resuming "${run.name}"`);
    return this.execute(runId, endpoint, new RunEngine({ store, createClient }), 'Resuming');
  }

  cancelRun(runId: number | undefined): boolean {
    const id = runId ?? this.active.keys().next().value;
    const entry = id === undefined ? undefined : this.active.get(id);
    if (!entry) return false;
    entry.controller.abort();
    return true;
  }

  async deleteRun(runId: number | undefined, confirm: boolean): Promise<boolean> {
    if (runId === undefined) return false;
    if (this.active.has(runId)) {
      void vscode.window.showWarningMessage(`Run ${runId} is running; cancel it before deleting it.`);
      return false;
    }
    const store = await this.storeHost.get();
    const run = store.getRun(runId);
    if (!run) return false;
    if (confirm) {
      const answer = await vscode.window.showWarningMessage(
        `Delete run ${runId} "${run.name}" and all its predictions?`,
        { modal: true },
        'Delete',
      );
      if (answer !== 'Delete') return false;
    }
    store.deleteRun(runId);
    this.output.appendLine(`[run ${runId}] deleted`);
    return true;
  }

  private async showRunProgress(): Promise<void> {
    const items = [...this.active.entries()].map(([runId, entry]) => ({
      label: `$(debug-stop) Cancel run ${runId}`,
      description: entry.name,
      runId,
    }));
    const picked = await vscode.window.showQuickPick(
      [...items, { label: '$(output) Show Finer Lens Log', description: '', runId: -1 }],
      { placeHolder: items.length > 0 ? 'Runs in progress' : 'No run in progress' },
    );
    if (!picked) return;
    if (picked.runId < 0) this.output.show(true);
    else this.cancelRun(picked.runId);
  }

  private async execute(
    runId: number,
    endpoint: LvlmEndpoint,
    engine: RunEngine,
    verb: string,
  ): Promise<RunOutcome | undefined> {
    const store = await this.storeHost.get();
    const name = store.getRun(runId)?.name ?? `run ${runId}`;
    const controller = new AbortController();
    this.active.set(runId, { name, controller });
    this.statusBar.start(runId, name);
    this.startEmitter.fire(runId);
    const settings = readRunSettings();
    try {
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `${verb} run ${runId}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          let reported = 0;
          return engine.execute(runId, {
            signal: controller.signal,
            endpoint,
            imageMaxSide: settings.imageMaxSide,
            maxImageBytes: settings.maxImageBytes,
            onProgress: (p) => {
              const fraction = p.total === 0 ? 100 : (100 * p.done) / p.total;
              progress.report({ increment: fraction - reported, message: describeProgress(p) });
              reported = fraction;
              this.statusBar.update(runId, p);
              this.progressEmitter.fire({ runId, progress: p });
            },
          });
        },
      );
      const p = outcome.progress;
      this.output.appendLine(`[run ${runId}] ${outcome.status}: ${describeProgress(p)}`);
      for (const kind of outcome.errors) {
        const first = kind.examples.map((e) => `idx ${e.sampleIdx ?? '?'} (${e.level}): ${e.message}`);
        this.output.appendLine(
          `[run ${runId}] ${kind.kind}: ${kind.count} error(s); first: ${first.join(' | ')}`,
        );
      }
      if (outcome.earlyStop) {
        void vscode.window.showErrorMessage(
          `Run ${runId}: ${outcome.earlyStop.message} Results so far are kept; resume it from the Runs view.`,
        );
      } else if (outcome.status === 'cancelled') {
        void vscode.window
          .showInformationMessage(
            `Run ${runId} cancelled after ${p.done} of ${p.total} results; they are kept. Resume it from the Runs view.`,
            'Resume Run',
          )
          .then((c) => {
            if (c) void this.resumeRun(runId);
          });
      } else {
        // The progress notification vanishes when the run ends: say what finished, and how it went.
        const summary = completionSummary(runId, name, outcome);
        const allFailed = p.done > 0 && p.errors === p.done;
        const shown = allFailed
          ? vscode.window.showErrorMessage(summary, 'Show Results', 'Show Log')
          : p.errors > 0 || outcome.truncated > 0 || outcome.refusals > 0
            ? vscode.window.showWarningMessage(summary, 'Show Results', 'Show Log')
            : vscode.window.showInformationMessage(summary, 'Show Results', 'Show Log');
        void shown.then((choice) => {
          if (choice === 'Show Results') void vscode.commands.executeCommand('finerLens.runs.focus');
          if (choice === 'Show Log') this.output.show(true);
        });
      }
      return outcome;
    } catch (err) {
      this.output.appendLine(`[run ${runId}] failed: ${errorText(err)}`);
      void vscode.window.showErrorMessage(`Run ${runId} failed: ${errorText(err)}`);
      return undefined;
    } finally {
      this.active.delete(runId);
      this.statusBar.finish(runId);
    }
  }
}

/**
 * The completion message: counts, truncated replies and refusals apart from errors, and per
 * error kind its count and first failing sample (what `finer-lens run` prints on stderr).
 */
export function completionSummary(runId: number, name: string, outcome: RunOutcome): string {
  const p = outcome.progress;
  const parts = [`Run ${runId} (${name}) finished: ${p.done} of ${p.total} result(s), ${p.errors} failed`];
  if (p.cacheHits > 0) parts.push(`${p.cacheHits} from cache`);
  if (outcome.truncated > 0)
    parts.push(`${outcome.truncated} truncated at the token limit (scored, flagged)`);
  if (outcome.refusals > 0) parts.push(`${outcome.refusals} refused (not scored)`);
  let text = `${parts.join(', ')}.`;
  if (p.done > 0 && p.errors === p.done) text += ' Every request failed.';
  for (const kind of outcome.errors.slice(0, 3)) {
    const first = kind.examples[0];
    text +=
      ` ${kind.kind}: ${kind.count}` +
      (first ? ` (first: sample idx ${first.sampleIdx ?? '?'}, ${first.level}: ${first.message})` : '') +
      '.';
  }
  return text;
}
