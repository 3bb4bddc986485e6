// The run dashboard in the real extension host: "Open Run Dashboard" for a simulated ATTRSEEK
// run on every level (plus a text-only run of the same dataset), then the page's message path:
// the analysis comes back with every slice as a ref and the numbers the store holds; a click on
// a number opens exactly its samples in the gallery; Shift-click a review
// queue; a stale ref opens nothing; comparing with the text-only run gives flips whose counts
// equal their samples; "Export Report" writes a self-contained HTML report.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ReviewSlice } from '../../src/core/model';
import type { RunOutcome } from '../../src/core/runs/runEngine';
import type { SimulatedServerHandle } from '../../src/core/simulator/simulatedLvlmServer';
import type { FinerStore } from '../../src/core/store/finerStore';
import type { FinerLensTestApi } from '../../src/extension/extension';
import type { CompareView, DashboardData, GroundingReply } from '../../src/shared/dashboardProtocol';
import { DashboardMethod } from '../../src/shared/dashboardProtocol';
import { makeTempDir, openSampleDatasetWithSimulator, until } from './extensionUnderTest';

const ENDPOINT = 'simulated-dashboard';
let nextId = 90_000;

type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

function panel(api: FinerLensTestApi, runId: number) {
  const p = api.dashboards.panelOf(runId);
  assert.ok(p, `a dashboard is open for run ${runId}`);
  return p;
}

/** Sends a request as the page would; resolves with the reply the host posted to the page. */
async function request<T>(
  api: FinerLensTestApi,
  runId: number,
  method: string,
  params: unknown,
): Promise<Reply<T>> {
  const p = panel(api, runId);
  const id = nextId++;
  p.record = true;
  await p.deliver({ kind: 'request', id, method, params });
  const reply = p.posted.find(
    (m): m is { kind: 'response'; id: number; result: Reply<T> } =>
      typeof m === 'object' && m !== null && (m as { id?: number }).id === id,
  );
  assert.ok(reply, `a response to ${method}`);
  return reply.result;
}

/** Every object in the payload that still looks like a ReviewSlice (there must be none). */
function slicesLeft(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => slicesLeft(v, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  if ('conditions' in value && 'datasetId' in value) return [path];
  return Object.entries(value).flatMap(([k, v]) => slicesLeft(v, `${path}.${k}`));
}

describe('Run dashboard (open, analysis through the message path, click-through, compare, report)', () => {
  let api: FinerLensTestApi;
  let store: FinerStore;
  let datasetId: number;
  let server: SimulatedServerHandle;
  let runId: number;
  let textRunId: number;

  const run = async (strategy: string, name: string): Promise<number> => {
    const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>('finerLens.runModel', {
      datasetId,
      endpointName: ENDPOINT,
      strategy,
      level: 'all',
      name,
    });
    assert.ok(outcome, `the ${strategy} run finished`);
    return outcome.runId;
  };

  before(async () => {
    ({ api, store, datasetId, server } = await openSampleDatasetWithSimulator({ seed: 12 }));
    await vscode.workspace
      .getConfiguration('finerLens')
      .update(
        'endpoints',
        [{ name: ENDPOINT, baseUrl: server.url, model: server.model }],
        vscode.ConfigurationTarget.Global,
      );
    runId = await run('attrseek', 'dashboard attrseek run');
    textRunId = await run('text-only', 'dashboard text-only run');
  });

  after(async () => {
    await vscode.commands.executeCommand('finerLens.endReview');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace
      .getConfiguration('finerLens')
      .update('endpoints', undefined, vscode.ConfigurationTarget.Global);
    await server?.close();
  });

  it('opens from the command and answers the page with the analysis, slices as refs', async () => {
    const opened = await vscode.commands.executeCommand<number | undefined>('finerLens.openRunDashboard', {
      runId,
    });
    assert.equal(opened, runId);
    await until(() => panel(api, runId).ready, 'the dashboard page said ready');
    const reply = await request<DashboardData>(api, runId, DashboardMethod.load, {
      textRunId: null,
      matrixCoarse: null,
      overlayRunIds: [textRunId],
    });
    assert.ok(reply.ok, reply.ok ? '' : reply.error);
    const data = reply.value;
    assert.deepEqual(slicesLeft(data), [], 'no ReviewSlice crosses to the page');
    assert.equal(data.analysis.run.run_id, runId);
    // The levels are the store's own means and counts.
    const metrics = store.runLevelMetrics(runId);
    assert.deepEqual(
      data.analysis.levels.map((l) => [l.level, l.n, l.finer_em]),
      metrics.map((m) => [m.level, m.count, m.finerEm]),
    );
    assert.equal(data.overlays.length, 1);
    assert.equal(data.overlays[0]!.runId, textRunId);
    assert.ok(data.runs.some((r) => r.id === textRunId && r.strategy === 'text-only'));
    assert.equal(
      data.analysis.modality_gap?.text_run_id,
      textRunId,
      'the text-only run is the modality partner',
    );
    assert.ok(data.analysis.classes.length > 0 && data.analysis.confusion_matrices.length > 0);
    assert.equal(data.clickTarget, 'gallery', 'clicks land in the gallery');
    // The grounding comes in a second request, for the same generation of refs.
    assert.equal(data.analysis.grounding, null);
    const grounding = await request<GroundingReply>(api, runId, DashboardMethod.grounding, {
      generation: data.generation,
    });
    assert.ok(grounding.ok, grounding.ok ? '' : grounding.error);
    const g = grounding.value.grounding;
    assert.ok(g && g.samples > 0, 'the ATTRSEEK run has judged attribute lists');
    assert.deepEqual(slicesLeft(g), []);
    // The refs belong to the generation the reply names (the page's own load may have started a
    // newer one while the worker computed).
    const saw = panel(api, runId).slices.resolve(
      grounding.value.generation,
      g.misclassified.saw_it_named_wrong.slice,
    );
    assert.equal(typeof saw, 'object', String(saw));
    assert.equal(store.countReviewSlice(saw as ReviewSlice), g.misclassified.saw_it_named_wrong.count);
  });

  it('opens exactly the samples behind a number, and nothing for a stale ref', async () => {
    const reply = await request<DashboardData>(api, runId, DashboardMethod.load, {
      textRunId,
      matrixCoarse: null,
      overlayRunIds: [],
    });
    assert.ok(reply.ok);
    const fine = reply.value.analysis.levels.find((l) => l.level === 'fine');
    assert.ok(fine && fine.wrong.count > 0, 'the simulated run has wrong fine answers');
    const p = panel(api, runId);
    const slice = p.slices.resolve(reply.value.generation, fine.wrong.slice) as ReviewSlice;
    assert.equal(typeof slice, 'object');
    assert.equal(store.countReviewSlice(slice), fine.wrong.count, 'the number equals its samples');

    // Shift-click: a review queue over that slice.
    await p.deliver({
      kind: 'command',
      method: DashboardMethod.reviewSlice,
      params: { generation: reply.value.generation, slice: fine.wrong.slice },
    });
    await until(() => api.review.slice !== undefined, 'a review queue started');
    assert.deepEqual(api.review.slice, slice);
    await vscode.commands.executeCommand('finerLens.endReview');

    // A plain click: the gallery over that slice.
    const cell = reply.value.analysis.confusion_matrices[0]!.cells.flat().find((c) => c.count > 0);
    assert.ok(cell);
    const cellSlice = p.slices.resolve(reply.value.generation, cell.slice) as ReviewSlice;
    assert.equal(store.countReviewSlice(cellSlice), cell.count, 'a matrix cell equals its samples');
    await p.deliver({
      kind: 'command',
      method: DashboardMethod.openSlice,
      params: { generation: reply.value.generation, slice: cell.slice },
    });
    await until(() => api.gallery.currentSlice !== undefined, 'the gallery shows the cell');
    assert.deepEqual(api.gallery.currentSlice, cellSlice);

    // A newer load makes older refs stale: nothing opens.
    const again = await request<DashboardData>(api, runId, DashboardMethod.load, {
      textRunId: null,
      matrixCoarse: null,
      overlayRunIds: [],
    });
    assert.ok(again.ok);
    const outcome = await p.deliver({
      kind: 'command',
      method: DashboardMethod.reviewSlice,
      params: { generation: reply.value.generation, slice: fine.wrong.slice },
    });
    assert.equal(outcome.status, 'handled');
    assert.equal(api.review.slice, undefined, 'a stale ref started no review');
  });

  it('compares with the text-only run: flips add up to their samples', async () => {
    const reply = await request<CompareView>(api, runId, DashboardMethod.compare, { otherRunId: textRunId });
    assert.ok(reply.ok, reply.ok ? '' : reply.error);
    const view = reply.value;
    assert.deepEqual(slicesLeft(view), []);
    assert.equal(view.b.run_id, textRunId);
    assert.ok(view.comparison.flips.length > 0);
    const p = panel(api, runId);
    for (const f of view.comparison.flips) {
      for (const c of [f.right_to_wrong, f.wrong_to_right]) {
        const s = p.slices.resolve(view.generation, c.slice) as ReviewSlice;
        assert.equal(store.countReviewSlice(s), c.count, `${f.level} flip count equals its samples`);
      }
    }
    const self = await request<CompareView>(api, runId, DashboardMethod.compare, { otherRunId: runId });
    assert.equal(self.ok, false);
  });

  it('exports a self-contained HTML report (and the command opens compare from two run ids)', async () => {
    const dir = makeTempDir('dashboard-report');
    const out = join(dir, 'report.html');
    const written = await vscode.commands.executeCommand<string | undefined>('finerLens.exportRunReport', {
      runId,
      outFile: out,
      compareRunId: textRunId,
      choices: { textRunId, matrixCoarse: null, overlayRunIds: [textRunId] },
    });
    assert.equal(written, out);
    const html = readFileSync(out, 'utf8');
    assert.match(html, /<svg/);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /(src|href)="https?:/i);
    const pair = await vscode.commands.executeCommand<[number, number] | undefined>(
      'finerLens.compareRuns',
      runId,
      textRunId,
    );
    assert.deepEqual(pair, [runId, textRunId]);
  });
});
