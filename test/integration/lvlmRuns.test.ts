// LVLM runs from the editor, against the simulated LVLM server started in this process (the
// process boundary double): endpoint + key, Test Endpoint, batch runs with progress,
// cancellation and resume, key hygiene, the untrusted-workspace refusal, and a one-sample
// ATTRSEEK run through the sample panel's message path.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { EndpointTestReport } from '../../src/core/lvlm/endpointTest';
import type { RunOutcome } from '../../src/core/runs/runEngine';
import type { SimulatedServerHandle } from '../../src/core/simulator/simulatedLvlmServer';
import type { FinerStore } from '../../src/core/store/finerStore';
import type { FinerLensTestApi } from '../../src/extension/extension';
import { completionSummary } from '../../src/extension/runs/runCommands';
import { SampleRunService } from '../../src/extension/samplePanel/sampleRunService';
import {
  requestTrustDecision,
  UNTRUSTED_REQUEST_MESSAGE,
} from '../../src/extension/common/workspaceTrustGuard';
import type { HostToWebviewMessage } from '../../src/shared/samplePanelProtocol';
import { SamplePanelMethod } from '../../src/shared/samplePanelProtocol';
import { openSampleDatasetWithSimulator, until } from './extensionUnderTest';

const ENDPOINT = 'simulated-integration';
// Looks like a real key so that the redaction and "not stored" checks mean something.
const API_KEY = 'sk-finerlens-integration-0123456789abcdef';

describe('LVLM runs from the editor', () => {
  let api: FinerLensTestApi;
  let store: FinerStore;
  let datasetId: number;
  let server: SimulatedServerHandle;

  before(async () => {
    ({ api, store, datasetId, server } = await openSampleDatasetWithSimulator({ seed: 3, apiKey: API_KEY }));
    await vscode.workspace
      .getConfiguration('finerLens')
      .update(
        'endpoints',
        [{ name: ENDPOINT, baseUrl: server.url, model: server.model, kind: 'openai' }],
        vscode.ConfigurationTarget.Global,
      );
    const stored = await vscode.commands.executeCommand<boolean>('finerLens.setApiKey', {
      endpointName: ENDPOINT,
      key: API_KEY,
    });
    assert.equal(stored, true);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('finerLens.removeApiKey', { endpointName: ENDPOINT });
    await vscode.workspace
      .getConfiguration('finerLens')
      .update('endpoints', undefined, vscode.ConfigurationTarget.Global);
    await server?.close();
  });

  it('Test Endpoint lists the models and gets an answer using the key from secret storage', async () => {
    const report = await vscode.commands.executeCommand<EndpointTestReport | undefined>(
      'finerLens.testEndpoint',
      { endpointName: ENDPOINT },
    );
    assert.ok(report, 'a report came back');
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.equal(report.models.ok, true);
    assert.deepEqual(report.models.ids, [server.model]);
    assert.equal(report.models.modelListed, true);
    assert.ok(report.chat.latencyMs > 0, 'the chat round trip was timed');
  });

  it('Test Endpoint reports exactly what failed when the key is wrong', async () => {
    await api.endpoints.keys.set(ENDPOINT, 'sk-wrong-key-000000', new URL(server.url).origin);
    try {
      const report = await vscode.commands.executeCommand<EndpointTestReport | undefined>(
        'finerLens.testEndpoint',
        { endpointName: ENDPOINT },
      );
      assert.ok(report);
      assert.equal(report.ok, false);
      assert.equal(report.chat.reason, 'auth');
    } finally {
      await api.endpoints.keys.set(ENDPOINT, API_KEY, new URL(server.url).origin);
    }
  });

  it('runs a small batch from the command with progress reaching done and the status bar updated', async () => {
    const reports: Array<{ done: number; total: number }> = [];
    const statusTexts: string[] = [];
    const sub = api.runCommands.onDidReportProgress((e) => {
      reports.push({ done: e.progress.done, total: e.progress.total });
      statusTexts.push(api.runStatusBar.text);
    });
    const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>('finerLens.runModel', {
      datasetId,
      endpointName: ENDPOINT,
      strategy: 'direct',
      level: 'coarse',
      limit: 6,
    });
    sub.dispose();
    assert.ok(outcome);
    assert.equal(outcome.status, 'done');
    assert.equal(outcome.progress.total, 6);
    assert.equal(outcome.progress.done, 6);
    assert.equal(outcome.progress.errors, 0);
    assert.deepEqual(reports.at(-1), { done: 6, total: 6 });
    assert.ok(
      statusTexts.some((t) => t.includes('6/6')),
      `status bar showed done/total: ${statusTexts.join(' | ')}`,
    );
    assert.deepEqual(api.runStatusBar.activeRunIds, [], 'the status bar item is released after the run');
    const rows = store.predictionsOfRun(outcome.runId);
    assert.equal(rows.length, 6);
    assert.ok(rows.every((r) => r.answer !== null && r.finerEm !== null && r.strictEm !== null));

    const [runNode] = (await api.runsTree.getChildren()).filter(
      (n) => n.kind === 'run' && n.runId === outcome.runId,
    );
    assert.ok(runNode, 'the run is in the Runs view');
    assert.match(String(api.runsTree.getTreeItem(runNode).description), /\(simulated\)/);
    const [levelNode] = await api.runsTree.getChildren(runNode);
    assert.ok(levelNode);
    assert.match(
      String(api.runsTree.getTreeItem(levelNode).description),
      /FINER EM \(lenient\) .* strict EM .* F1/,
    );
  });

  it('records the chosen protocol, shows it in the Runs view, and flags truncated answers there', async () => {
    server.setFaults({ lengthRate: 1 });
    try {
      const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>('finerLens.runModel', {
        datasetId,
        endpointName: ENDPOINT,
        strategy: 'direct',
        level: 'fine',
        protocol: 'finer-lens-v1',
        limit: 2,
      });
      assert.ok(outcome);
      assert.equal(outcome.truncated, 2);
      assert.equal(outcome.progress.errors, 0);
      const run = store.getRun(outcome.runId);
      assert.equal(run?.protocol, 'finer-lens-v1');
      assert.equal(run?.goldConditioning, false, "finer-lens-v1's default");
      const [runNode] = (await api.runsTree.getChildren()).filter(
        (n) => n.kind === 'run' && n.runId === outcome.runId,
      );
      assert.ok(runNode);
      const item = api.runsTree.getTreeItem(runNode);
      assert.match(String(item.description), /finer-lens-v1/);
      const tooltip = (item.tooltip as vscode.MarkdownString).value;
      assert.ok(tooltip.includes(`template hash \`${run?.templateHash.slice(0, 12)}\``), tooltip);
      const [levelNode] = await api.runsTree.getChildren(runNode);
      assert.ok(levelNode);
      assert.match(String(api.runsTree.getTreeItem(levelNode).description), /2 truncated/);
      const summary = completionSummary(outcome.runId, run?.name ?? '', outcome);
      assert.match(summary, /2 truncated at the token limit \(scored, flagged\)/);
    } finally {
      server.setFaults({});
    }
  });

  it('keeps completed results when cancelled mid-run, and resume finishes with no duplicates', async () => {
    server.setFaults({ latencyMs: 60 });
    let cancelledRun: number | undefined;
    const sub = api.runCommands.onDidReportProgress((e) => {
      if (e.progress.done >= 3 && cancelledRun === undefined) {
        cancelledRun = e.runId;
        void vscode.commands.executeCommand('finerLens.cancelRun', e.runId);
      }
    });
    let first: RunOutcome | undefined;
    try {
      first = await vscode.commands.executeCommand<RunOutcome | undefined>('finerLens.runModel', {
        datasetId,
        endpointName: ENDPOINT,
        strategy: 'direct',
        level: 'fine',
        limit: 16,
        concurrency: 1,
      });
    } finally {
      sub.dispose();
    }
    assert.ok(first);
    assert.equal(first.status, 'cancelled');
    assert.ok(first.progress.done >= 3 && first.progress.done < 16, `stopped early: ${first.progress.done}`);
    const kept = store.predictionsOfRun(first.runId).filter((p) => p.stage === 'done');
    assert.equal(kept.length, first.progress.done, 'every completed result was kept');
    assert.equal(store.getRun(first.runId)?.status, 'cancelled');

    server.setFaults({});
    const resumed = await vscode.commands.executeCommand<RunOutcome | undefined>(
      'finerLens.resumeRun',
      first.runId,
    );
    assert.ok(resumed);
    assert.equal(resumed.status, 'done');
    assert.equal(resumed.progress.done, 16);
    const all = store.predictionsOfRun(first.runId);
    assert.equal(all.length, 16);
    assert.equal(new Set(all.map((p) => `${p.sampleId}/${p.level}`)).size, 16, 'one result per sample');
  });

  it('keeps the API key out of the settings and the database file', async () => {
    const settingsText = JSON.stringify(vscode.workspace.getConfiguration('finerLens').inspect('endpoints'));
    assert.ok(!settingsText.includes(API_KEY));
    store.checkpoint();
    const bytes = fs.readFileSync(store.path);
    assert.equal(bytes.includes(Buffer.from(API_KEY)), false, 'the key is not in the database file');
    const journal = fs.existsSync(store.journalPath) ? fs.readFileSync(store.journalPath) : Buffer.alloc(0);
    assert.equal(journal.includes(Buffer.from(API_KEY)), false, 'the key is not in the journal');
    assert.equal((await api.endpoints.keys.get(ENDPOINT))?.key, API_KEY, 'the key is in secret storage');
  });

  it('refuses to send any request in an untrusted workspace', async () => {
    const decision = requestTrustDecision(false);
    assert.deepEqual(decision, { ok: false, message: UNTRUSTED_REQUEST_MESSAGE });
    const before = server.stats().requests;
    const untrusted = new SampleRunService(
      api.storeHost,
      api.endpoints,
      vscode.window.createOutputChannel('t'),
      () => false,
    );
    assert.equal(untrusted.setupView().trusted, false);
    assert.match(untrusted.setupView().disabledReason ?? '', /untrusted workspace/);
    const sampleId = store.samplesOfSlice(datasetId, { kind: 'dataset', limit: 1 })[0]?.id ?? -1;
    const result = await untrusted.prepare(
      { sampleId, strategy: 'attrseek', level: 'all', endpointName: ENDPOINT },
      () => assert.fail('no notification may be sent'),
    );
    assert.deepEqual(result, { ok: false, error: UNTRUSTED_REQUEST_MESSAGE });
    assert.equal(server.stats().requests, before, 'the server saw no request');
  });

  it('runs ATTRSEEK on one sample through the panel message path, streaming turns and saving a run', async () => {
    const sample = store.samplesOfSlice(datasetId, { kind: 'dataset', limit: 1 })[0];
    assert.ok(sample);
    const ready = new Promise<void>((resolve) => {
      const sub = api.samplePanels.onDidBecomeReady(() => {
        sub.dispose();
        resolve();
      });
    });
    await vscode.commands.executeCommand('finerLens.openSample', sample.id);
    await ready;

    const posted: HostToWebviewMessage[] = [];
    const sub = api.samplePanels.onDidPostMessage((m) => posted.push(m));
    try {
      api.samplePanels.deliverMessage({
        kind: 'request',
        id: 4242,
        method: SamplePanelMethod.startRun,
        params: { sampleId: sample.id, strategy: 'attrseek', level: 'all', endpointName: ENDPOINT },
      });
      await until(
        () => posted.some((m) => m.kind === 'notification' && m.method === SamplePanelMethod.runFinished),
        'the run finished',
      );
      const response = posted.find((m) => m.kind === 'response' && m.id === 4242);
      assert.ok(response && response.kind === 'response' && response.result.ok, JSON.stringify(response));
      const deltas = posted.flatMap((m) =>
        m.kind === 'notification' && m.method === SamplePanelMethod.runDelta ? [m.params] : [],
      );
      assert.ok(
        posted.indexOf(response) <
          posted.findIndex((m) => m.kind === 'notification' && m.method === SamplePanelMethod.runDelta),
        'the reply precedes the first delta',
      );
      for (const level of ['coarse', 'fine'] as const) {
        for (const turn of [1, 2]) {
          assert.ok(
            deltas.some((d) => d.level === level && d.turn === turn && d.text.length > 0),
            `streamed ${level} turn ${turn}`,
          );
        }
      }
      const levelResults = posted.flatMap((m) =>
        m.kind === 'notification' && m.method === SamplePanelMethod.runLevelResult ? [m.params.result] : [],
      );
      assert.deepEqual(
        levelResults.map((r) => r.level),
        ['coarse', 'fine'],
      );
      assert.ok(
        levelResults.every((r) => r.answer !== null && r.finerEm !== null && (r.attributes?.length ?? 0) > 0),
      );
      const finished = posted.find(
        (m) => m.kind === 'notification' && m.method === SamplePanelMethod.runFinished,
      );
      assert.ok(finished?.kind === 'notification' && finished.method === SamplePanelMethod.runFinished);
      assert.ok(finished.params.ok, JSON.stringify(finished.params));
      const runId = finished.params.runId;
      const rows = store.predictionsOfRun(runId);
      assert.deepEqual(rows.map((r) => r.level).sort(), ['coarse', 'fine']);
      assert.ok(rows.every((r) => r.sampleId === sample.id && r.turn1Raw !== null));

      // The panel then shows the saved run under Predictions.
      await until(
        () =>
          posted.some(
            (m) =>
              m.kind === 'notification' &&
              m.method === SamplePanelMethod.showSample &&
              m.params.view.predictions.some((p) => p.runId === runId && p.simulated),
          ),
        'the panel lists the new run among its predictions',
      );
    } finally {
      sub.dispose();
    }
  });
});
