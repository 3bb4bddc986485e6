// The review message paths of the sample panel in the real extension host: tag toggle, notes
// (an oversized one refused with a message), suggestions accept / reject, attribute edit /
// undo / redo / revert, review queue next / previous with its persisted position, smart-folder
// counts following tag changes, exports writing files, and a CLI process tagging the same
// database while the panel edits (neither write is lost).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/core/runs/runEngine';
import type { SimulatedServerHandle } from '../../src/core/simulator/simulatedLvlmServer';
import type { FinerStore } from '../../src/core/store/finerStore';
import type { FinerLensTestApi } from '../../src/extension/extension';
import type {
  HostToWebviewMessage,
  RequestResult,
  SamplePanelRequestName,
  SamplePanelRequestTypes,
  SampleView,
} from '../../src/shared/samplePanelProtocol';
import { NOTE_MAX_CHARS, SamplePanelMethod } from '../../src/shared/samplePanelProtocol';
import {
  clearConfiguredEndpoints,
  configureSimulatedEndpoint,
  makeTempDir,
  misclassifiedSampleIds,
  openSampleDatasetWithSimulator,
  runModelCommand,
  until,
} from './extensionUnderTest';

const ENDPOINT = 'simulated-review';
let nextId = 90_000;

/** Sends a request as the page would and resolves with the host's reply. */
function request<M extends SamplePanelRequestName>(
  api: FinerLensTestApi,
  method: M,
  params: SamplePanelRequestTypes[M]['params'],
): Promise<RequestResult<SamplePanelRequestTypes[M]['result']>> {
  const id = nextId++;
  return new Promise((resolve) => {
    const sub = api.samplePanels.onDidPostMessage((m: HostToWebviewMessage) => {
      if (m.kind === 'response' && m.id === id) {
        sub.dispose();
        resolve(m.result as RequestResult<SamplePanelRequestTypes[M]['result']>);
      }
    });
    api.samplePanels.deliverMessage({ kind: 'request', id, method, params });
  });
}

async function viewOf(api: FinerLensTestApi, sampleId: number): Promise<SampleView> {
  const reply = await request(api, SamplePanelMethod.getSample, { sampleId });
  assert.ok(reply.ok, JSON.stringify(reply));
  return reply.value;
}

describe('Sample review (tags, notes, suggestions, attribute edits, review queue, exports)', () => {
  let api: FinerLensTestApi;
  let store: FinerStore;
  let datasetId: number;
  let server: SimulatedServerHandle;
  let runId: number;
  let wrongIds: number[];
  const scratch = makeTempDir('review');

  before(async () => {
    ({ api, store, datasetId, server } = await openSampleDatasetWithSimulator({ seed: 5 }));
    await configureSimulatedEndpoint(ENDPOINT, server);
    runId = await runModelCommand({
      datasetId,
      endpointName: ENDPOINT,
      strategy: 'attrseek',
      level: 'fine',
      name: 'review integration run',
    });
    wrongIds = misclassifiedSampleIds(store, datasetId, runId, 'fine');
  });

  after(async () => {
    await vscode.commands.executeCommand('finerLens.endReview');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await clearConfiguredEndpoints();
    await server?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('starts a review of misclassified samples and moves next / previous with a persisted position', async () => {
    const slice = { datasetId, conditions: [{ kind: 'misclassified', runId, level: 'fine' }] };
    const total = await vscode.commands.executeCommand<number>('finerLens.startReview', slice);
    assert.equal(total, wrongIds.length);
    const shown = await viewOf(api, api.samplePanels.currentSampleId ?? -1);
    assert.equal(shown.sampleId, wrongIds[0]);
    assert.deepEqual([shown.review?.position, shown.review?.total], [1, wrongIds.length]);
    assert.match(shown.review?.label ?? '', /misclassified at fine level/);

    const moved = await request(api, SamplePanelMethod.moveReview, { direction: 'next' });
    assert.ok(moved.ok);
    assert.equal(moved.value.position, 2);
    assert.equal(api.samplePanels.currentSampleId, wrongIds[1]);
    const back = await request(api, SamplePanelMethod.moveReview, { direction: 'previous' });
    assert.ok(back.ok);
    assert.equal(back.value.position, 1);
    await request(api, SamplePanelMethod.moveReview, { direction: 'next' });
    const before = await request(api, SamplePanelMethod.moveReview, { direction: 'previous' });
    assert.ok(before.ok);
    const atStart = await request(api, SamplePanelMethod.moveReview, { direction: 'previous' });
    assert.equal(atStart.ok, false, 'there is nothing before the first sample');

    await request(api, SamplePanelMethod.moveReview, { direction: 'next' });
    // The position is in the database: a fresh start of the same slice resumes at sample 2.
    await vscode.commands.executeCommand('finerLens.endReview');
    await vscode.commands.executeCommand('finerLens.startReview', slice);
    assert.equal((await viewOf(api, api.samplePanels.currentSampleId ?? -1)).review?.position, 2);
    assert.equal(api.samplePanels.currentSampleId, wrongIds[1]);
  });

  it('toggles a tag and the smart-folder count follows', async () => {
    const sampleId = api.samplePanels.currentSampleId;
    assert.ok(sampleId !== undefined);
    const view = await viewOf(api, sampleId);
    const chip = view.tagChips[0];
    assert.ok(chip, 'the default taxonomy is shown as chips');
    assert.equal(chip.shortcut, 1);
    assert.match(chip.color, /^var\(--vscode-/);
    const countOf = async (): Promise<number> =>
      (await api.analysisTree.folders(datasetId)).find((f) => f.kind === 'tag' && f.tagId === chip.id)
        ?.count ?? 0;
    const before = await countOf();
    const on = await request(api, SamplePanelMethod.toggleTag, { sampleId, tagId: chip.id });
    assert.deepEqual(on, { ok: true, value: { active: !chip.active } });
    assert.equal(await countOf(), before + (chip.active ? -1 : 1));
    assert.equal((await viewOf(api, sampleId)).tagChips[0]?.active, !chip.active);
    const off = await request(api, SamplePanelMethod.toggleTag, { sampleId, tagId: chip.id });
    assert.ok(off.ok);
    assert.equal(await countOf(), before);
  });

  it('saves a note verbatim and refuses an oversized one with a message', async () => {
    const sampleId = wrongIds[0] ?? -1;
    const text = 'Looks like <img src=x onerror=alert(1)> a sibling & "quoted"';
    assert.deepEqual(await request(api, SamplePanelMethod.saveNote, { sampleId, text }), {
      ok: true,
      value: { saved: true },
    });
    assert.equal(store.noteOf(sampleId), text);
    const big = await request(api, SamplePanelMethod.saveNote, {
      sampleId,
      text: 'x'.repeat(NOTE_MAX_CHARS + 1),
    });
    assert.equal(big.ok, false);
    assert.match(big.ok ? '' : big.error, /at most 10,000 characters/);
    assert.equal(store.noteOf(sampleId), text, 'the refused note changed nothing');
  });

  it('accepts and rejects suggestions and records both', async () => {
    let found: { sampleId: number; view: SampleView } | undefined;
    for (const sampleId of wrongIds) {
      const view = await viewOf(api, sampleId);
      if (view.suggestions.filter((s) => s.status === 'pending').length > 0) {
        found = { sampleId, view };
        break;
      }
    }
    assert.ok(found, 'some misclassified sample gets a suggestion');
    const [first] = found.view.suggestions;
    assert.ok(first);
    const accepted = await request(api, SamplePanelMethod.decideSuggestion, {
      sampleId: found.sampleId,
      runId: first.runId,
      tagId: first.tagId,
      decision: 'accept',
    });
    assert.ok(accepted.ok);
    const after = await viewOf(api, found.sampleId);
    assert.equal(after.tagChips.find((c) => c.id === first.tagId)?.active, true);
    assert.equal(after.suggestions.find((s) => s.tagId === first.tagId)?.status, 'accepted');
    const decisions = store.suggestionDecisions(found.sampleId);
    assert.ok(decisions.some((d) => d.decision === 'accepted'));
    const pending = after.suggestions.find((s) => s.status === 'pending');
    if (pending) {
      const rejected = await request(api, SamplePanelMethod.decideSuggestion, {
        sampleId: found.sampleId,
        runId: pending.runId,
        tagId: pending.tagId,
        decision: 'reject',
      });
      assert.ok(rejected.ok);
      assert.ok(store.suggestionDecisions(found.sampleId).some((d) => d.decision === 'rejected'));
      assert.equal(
        (await viewOf(api, found.sampleId)).suggestions.some((s) => s.tagId === pending.tagId),
        false,
      );
    }
  });

  it('edits, undoes, redoes and reverts attributes with history, and renders them as data', async () => {
    const sampleId = wrongIds[0] ?? -1;
    const view = await viewOf(api, sampleId);
    assert.ok(view.editing && view.reference);
    const conceptId = view.editing.conceptId;
    const original = view.reference.required;
    const edit = async (
      e: Parameters<typeof request<typeof SamplePanelMethod.editAttributes>>[2]['edit'],
      reason: string | null = null,
    ) => request(api, SamplePanelMethod.editAttributes, { sampleId, conceptId, edit: e, reason });
    const hostile = '<script>alert(1)</script> crest';
    assert.ok((await edit({ op: 'add', list: 'required', text: hostile }, 'seen in the photo')).ok);
    let now = await viewOf(api, sampleId);
    assert.deepEqual(now.reference?.required, [...original, hostile]);
    assert.equal(now.editing?.canUndo, true);
    assert.equal(now.reference?.provenance, 'edited');
    assert.ok((await edit({ op: 'undo' })).ok);
    assert.deepEqual((await viewOf(api, sampleId)).reference?.required, original);
    assert.ok((await edit({ op: 'redo' })).ok);
    assert.deepEqual((await viewOf(api, sampleId)).reference?.required, [...original, hostile]);
    assert.ok((await edit({ op: 'move', list: 'required', index: original.length })).ok);
    now = await viewOf(api, sampleId);
    assert.ok(now.reference?.likely.includes(hostile));
    const dup = await edit({ op: 'add', list: 'required', text: hostile });
    assert.equal(dup.ok, false, 'a duplicate is refused with a message');
    assert.ok((await edit({ op: 'revert' })).ok);
    now = await viewOf(api, sampleId);
    assert.deepEqual(now.reference?.required, original);
    assert.equal(now.editing?.edited, true, 'revert is itself a recorded change');
    const history = store.attributeChanges(conceptId);
    assert.ok(history.length >= 5);
    assert.ok(history.some((c) => c.reason === 'seen in the photo'));
    assert.ok(history.every((c) => c.actor.length > 0));
    // Malformed edits from the page are dropped by validation (no reply, no change).
    api.samplePanels.deliverMessage({
      kind: 'request',
      id: 1,
      method: SamplePanelMethod.editAttributes,
      params: { sampleId, conceptId, edit: { op: 'add', list: 'nope', text: 'x' }, reason: null },
    });
  });

  it('Show Attribute Edits opens a diff of imported vs current attributes', async () => {
    const sampleId = wrongIds[1] ?? -1;
    const conceptId = (await viewOf(api, sampleId)).editing?.conceptId ?? -1;
    const added = await request(api, SamplePanelMethod.editAttributes, {
      sampleId,
      conceptId,
      edit: { op: 'add', list: 'likely', text: 'faint eye ring' },
      reason: null,
    });
    assert.ok(added.ok);
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>(
      'finerLens.showAttributeEdits',
      datasetId,
    );
    assert.ok(doc);
    assert.match(doc.getText(), /^\+.*faint eye ring/m);
  });

  it('exports tags and notes (CSV, JSONL) and corrected attributes with a changes report', async () => {
    const csv = path.join(scratch, 'tags.csv');
    const jsonl = path.join(scratch, 'tags.jsonl');
    assert.equal(await vscode.commands.executeCommand('finerLens.exportTags', { outFile: csv }), csv);
    assert.equal(await vscode.commands.executeCommand('finerLens.exportTags', { outFile: jsonl }), jsonl);
    assert.match(fs.readFileSync(csv, 'utf8').split('\n')[0] ?? '', /sample_id/);
    const firstLine = fs.readFileSync(jsonl, 'utf8').split('\n')[0] ?? '';
    assert.ok(JSON.parse(firstLine));
    const attrs = path.join(scratch, 'attributes.json');
    const report = path.join(scratch, 'changes.md');
    await vscode.commands.executeCommand('finerLens.exportAttributes', {
      outFile: attrs,
      reportFile: report,
      datasetId,
    });
    assert.ok(Array.isArray(JSON.parse(fs.readFileSync(attrs, 'utf8'))));
    assert.ok(fs.existsSync(report));
  });

  it('gives every node of the Datasets, Runs and Analysis trees a unique id that a refresh, a tag and a new run keep', async () => {
    /** Walks a whole tree, samples and "more" rows included, and returns its ids in order. */
    const walk = async <N>(provider: {
      getChildren(node?: N): Promise<N[]> | N[];
      getTreeItem(node: N): vscode.TreeItem;
    }): Promise<string[]> => {
      const out: string[] = [];
      const visit = async (node?: N): Promise<void> => {
        for (const child of await provider.getChildren(node)) {
          const item = provider.getTreeItem(child);
          assert.ok(item.id, `"${String(item.label)}" has an id`);
          out.push(item.id);
          if (item.collapsibleState !== vscode.TreeItemCollapsibleState.None) await visit(child);
        }
      };
      await visit();
      return out;
    };
    const trees = async (): Promise<{ datasets: string[]; runs: string[]; analysis: string[] }> => ({
      datasets: await walk(api.tree),
      runs: await walk(api.runsTree),
      analysis: await walk(api.analysisTree),
    });
    const before = await trees();
    for (const [name, ids] of Object.entries(before)) {
      assert.equal(new Set(ids).size, ids.length, `ids of the ${name} tree are unique`);
    }
    assert.ok(
      before.datasets.some((id) => id.includes('/#')),
      'the walk reached sample nodes',
    );
    assert.ok(before.runs.length > 3, 'the walk reached the misclassified samples of the run');
    assert.ok(
      before.analysis.some((id) => id.includes('/tag/')),
      'the walk reached tag folders',
    );

    await vscode.commands.executeCommand('finerLens.refresh');
    await vscode.commands.executeCommand('finerLens.refreshRuns');
    assert.deepEqual(await trees(), before, 'a refresh changes no id');

    // A newer run and another tag add nodes; every node that was there keeps its id.
    const sampleId = wrongIds[0] ?? -1;
    const untagged = store.listTaxonomy().find((t) => !store.tagsOf(sampleId).includes(t.name));
    assert.ok(untagged);
    assert.ok((await request(api, SamplePanelMethod.toggleTag, { sampleId, tagId: untagged.id })).ok);
    const second = await vscode.commands.executeCommand<RunOutcome | undefined>('finerLens.runModel', {
      datasetId,
      endpointName: ENDPOINT,
      strategy: 'direct',
      level: 'coarse',
      name: 'second run for the tree ids',
    });
    assert.ok(second);
    const after = await trees();
    for (const [name, ids] of Object.entries(after)) {
      assert.equal(new Set(ids).size, ids.length, `ids of the ${name} tree stay unique`);
      const kept = new Set(ids);
      const lost = before[name as keyof typeof before].filter((id) => !kept.has(id) && !id.endsWith('/more'));
      assert.deepEqual(lost, [], `nodes of the ${name} tree that still exist keep their ids`);
    }
    assert.ok(after.runs.length > before.runs.length, 'the new run is in the Runs tree');
  });

  it('keeps a tag written by another process (as the CLI does) while the panel edits the same sample', async () => {
    const sampleId = wrongIds[2] ?? -1;
    const child = path.join(__dirname, 'tagWriterChild.js');
    const wasm = path.join(__dirname, '..', '..', 'sql-wasm.wasm');
    const tags = store.listTaxonomy();
    const [panelTag, cliTag] = [tags[3], tags[4]];
    assert.ok(panelTag && cliTag && cliTag.key);
    const writer = new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [child, store.path, wasm, String(sampleId), cliTag.key ?? ''],
        { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } },
        (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
      );
    });
    const panel = request(api, SamplePanelMethod.toggleTag, { sampleId, tagId: panelTag.id });
    const [out, toggled] = await Promise.all([writer, panel]);
    assert.match(out, /tagged/);
    assert.ok(toggled.ok);
    store.syncExternal();
    await until(() => {
      store.syncExternal();
      const names = store.tagsOf(sampleId);
      return names.includes(panelTag.name) && names.includes(cliTag.name);
    }, 'both the CLI tag and the panel tag are stored');
  });
});
