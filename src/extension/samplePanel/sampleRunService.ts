// One-sample runs started from the sample panel: checks trust and the endpoint, starts the run
// engine's single-sample run, and forwards its streamed turns and results as notifications.
import * as vscode from 'vscode';
import { formatCounterfactualTurn1 } from '../../core/analysis/counterfactualAttributes';
import { RunEngine } from '../../core/runs/runEngine';
import type {
  NotificationMessage,
  RequestResult,
  RunSetupView,
  StartRunParams,
} from '../../shared/samplePanelProtocol';
import { SamplePanelMethod } from '../../shared/samplePanelProtocol';
import type { EndpointConnector } from '../endpoints/endpointConnector';
import { isSimulatedModel } from '../endpoints/endpointSettings';
import { predictionLevelView } from './predictionViews';
import { loadWorkspaceTemplates, readRunSettings } from '../runs/runSettings';
import type { StoreHost } from '../common/storeHost';
import { requestTrustDecision } from '../common/workspaceTrustGuard';

export class SampleRunService {
  private nextToken = 1;
  /** Prepared runs waiting for `begin` (the reply with their token goes out in between). */
  private readonly prepared = new Map<number, () => Promise<void>>();

  constructor(
    private readonly storeHost: StoreHost,
    private readonly connector: EndpointConnector,
    private readonly output: vscode.OutputChannel,
    private readonly isTrusted: () => boolean = () => vscode.workspace.isTrusted,
  ) {}

  /** Whether (and against what) the panel can run, for its pickers and buttons. */
  setupView(): RunSetupView {
    const trust = requestTrustDecision(this.isTrusted());
    const endpoints = trust.ok
      ? this.connector
          .list()
          .map((e) => ({ name: e.name, model: e.model, simulated: isSimulatedModel(e.model) }))
      : [];
    const disabledReason = !trust.ok
      ? trust.message
      : endpoints.length === 0
        ? 'No model endpoints yet: run "Finer Lens: Add Endpoint" first.'
        : null;
    return { trusted: trust.ok, disabledReason, endpoints };
  }

  /**
   * Starts sending a prepared run's notifications; called after the reply with the token went
   * out, so no delta precedes it. An unknown (or already started) token does nothing.
   */
  async begin(token: number): Promise<void> {
    const begin = this.prepared.get(token);
    this.prepared.delete(token);
    if (begin) await begin();
  }

  /** Validates and prepares a run (its token identifies it); expected failures come back as data. */
  async prepare(
    params: StartRunParams,
    notify: (message: NotificationMessage) => void,
  ): Promise<RequestResult<{ token: number }>> {
    const trust = requestTrustDecision(this.isTrusted());
    if (!trust.ok) return { ok: false, error: trust.message };
    const endpoint = this.connector.find(params.endpointName);
    if (!endpoint) return { ok: false, error: `There is no endpoint named "${params.endpointName}".` };
    const createClient = await this.connector.clientFactory(endpoint);
    if (!createClient) return { ok: false, error: 'The run was not started.' };
    const store = await this.storeHost.get();
    const templates = await loadWorkspaceTemplates();
    const settings = readRunSettings();
    const token = this.nextToken++;
    const engine = new RunEngine({ store, createClient });
    // The text-only probe answers at the fine level only.
    const level = params.strategy === 'text-only' ? 'fine' : params.level;
    // Counterfactual: the user's list (one attribute per line) becomes the model's turn 1.
    const counterfactual =
      params.strategy === 'counterfactual'
        ? formatCounterfactualTurn1(
            (params.attributes ?? '').split(/\r?\n/).map((l) => l.replace(/^\s*[-*•]\s*/, '')),
          )
        : undefined;
    const begin = async (): Promise<void> => {
      // People see samples by idx (tree, panel, CLI); the database id is for machines only.
      const idx = store.getSample(params.sampleId)?.idx;
      const who = idx === undefined ? `sample id ${params.sampleId}` : `sample #${idx}`;
      this.output.appendLine(
        `[sample run] ${params.strategy} (${level}) on ${who} with "${endpoint.name}" (${endpoint.model})`,
      );
      try {
        const result = await engine.runSingleSample({
          sampleId: params.sampleId,
          strategy: params.strategy,
          level,
          endpoint,
          templates,
          protocol: settings.protocol,
          imageMaxSide: settings.imageMaxSide,
          maxImageBytes: settings.maxImageBytes,
          ...(counterfactual === undefined ? {} : { counterfactualAttributes: counterfactual }),
          onDelta: ({ level: l, turn, text }) =>
            notify({
              kind: 'notification',
              method: SamplePanelMethod.runDelta,
              params: { token, level: l, turn, text },
            }),
          onDiscard: ({ level: l, turn }) =>
            notify({
              kind: 'notification',
              method: SamplePanelMethod.runDelta,
              params: { token, level: l, turn, text: '', reset: true },
            }),
          onLevelDone: (row) =>
            notify({
              kind: 'notification',
              method: SamplePanelMethod.runLevelResult,
              params: { token, result: predictionLevelView(row) },
            }),
        });
        this.output.appendLine(`[sample run] saved as run ${result.runId}`);
        notify({
          kind: 'notification',
          method: SamplePanelMethod.runFinished,
          params: { token, ok: true, runId: result.runId },
        });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.output.appendLine(`[sample run] failed: ${message}`);
        notify({
          kind: 'notification',
          method: SamplePanelMethod.runFinished,
          params: { token, ok: false, error: message },
        });
      }
    };
    this.prepared.set(token, begin);
    return { ok: true, value: { token } };
  }
}
