// The dashboard host's message table and slice refs: the page gets the analysis with refs in
// place of slices, a click opens exactly the slice behind the ref, refs of an older generation
// or made up by the page open nothing (and say why), and the choices the page sends are checked.
import { strict as assert } from 'node:assert';
import type { ReviewSlice } from '../../../src/core/model';
import {
  dashboardHandlerTable,
  parseChoices,
  type DashboardContext,
} from '../../../src/extension/dashboard/dashboardHandlers';
import { SliceRegistry } from '../../../src/extension/dashboard/dashboardSlices';
import type { CompareView, DashboardChoices, DashboardData } from '../../../src/shared/dashboardProtocol';
import { DashboardMethod } from '../../../src/shared/dashboardProtocol';

const wrongFine: ReviewSlice = {
  datasetId: 1,
  conditions: [{ kind: 'misclassified', runId: 3, level: 'fine' }],
};
const jay: ReviewSlice = {
  datasetId: 1,
  conditions: [{ kind: 'class', superordinate: 'bird', coarse: 'Jay' }],
};

describe('dashboard slice refs', () => {
  it('replaces every slice at any depth and keeps everything else', () => {
    const registry = new SliceRegistry();
    const generation = registry.nextGeneration();
    const converted = registry.withRefs({
      levels: [{ level: 'fine', n: 4, wrong: { count: 2, slice: wrongFine } }],
      cells: [[{ count: 1, slice: jay }]],
      note: 'datasetId here is text',
      nested: { datasetId: 5, conditions: [], extra: true },
    });
    assert.deepEqual(converted.levels[0]!.wrong, { count: 2, slice: 0 });
    assert.equal(converted.cells[0]![0]!.slice, 1);
    // An object with more keys than a slice is not a slice.
    assert.deepEqual(converted.nested, { datasetId: 5, conditions: [], extra: true });
    assert.equal(registry.resolve(generation, 0), wrongFine);
    assert.equal(registry.resolve(generation, 1), jay);
    assert.match(String(registry.resolve(generation, 2)), /no longer known/);
    registry.nextGeneration();
    assert.match(String(registry.resolve(generation, 0)), /updated since/);
  });
});

describe('dashboard handler table', () => {
  let opened: ReviewSlice[];
  let reviewed: ReviewSlice[];
  let errors: string[];
  let loads: DashboardChoices[];
  let posted: { id: number; result: { ok: boolean; value?: unknown; error?: string } }[];
  const registry = new SliceRegistry();
  const table = dashboardHandlerTable();
  const context: DashboardContext = {
    runId: 3,
    slices: registry,
    load: (choices) => {
      loads.push(choices);
      const generation = registry.nextGeneration();
      return { generation, ref: registry.ref(wrongFine) } as unknown as DashboardData;
    },
    compare: (other) => ({ generation: registry.generation, b: { run_id: other } }) as unknown as CompareView,
    grounding: () => ({ generation: registry.generation, grounding: null }),
    openSlice: async (s) => void opened.push(s),
    reviewSlice: async (s) => void reviewed.push(s),
    exportReport: async () => undefined,
    showError: (m) => void errors.push(m),
    ready: () => undefined,
  };
  const post = (m: unknown): void => void posted.push(m as (typeof posted)[number]);
  const send = (message: unknown) => table.deliver(message, context, post);

  beforeEach(() => {
    opened = [];
    reviewed = [];
    errors = [];
    loads = [];
    posted = [];
  });

  it('loads with checked choices and opens the slice behind a ref', async () => {
    const choices = { textRunId: 7, matrixCoarse: 'Jay', overlayRunIds: [4, 5, 4] };
    await send({ kind: 'request', id: 1, method: DashboardMethod.load, params: choices });
    assert.deepEqual(loads, [{ textRunId: 7, matrixCoarse: 'Jay', overlayRunIds: [4, 5] }]);
    const reply = posted[0]!.result.value as { generation: number; ref: number };
    await send({
      kind: 'command',
      method: DashboardMethod.openSlice,
      params: { generation: reply.generation, slice: reply.ref },
    });
    await send({
      kind: 'command',
      method: DashboardMethod.reviewSlice,
      params: { generation: reply.generation, slice: reply.ref },
    });
    assert.deepEqual(opened, [wrongFine]);
    assert.deepEqual(reviewed, [wrongFine]);
  });

  it('opens nothing for a stale or made-up ref, and says why', async () => {
    await send({
      kind: 'request',
      id: 1,
      method: DashboardMethod.load,
      params: { textRunId: null, matrixCoarse: null, overlayRunIds: [] },
    });
    const { generation } = posted[0]!.result.value as { generation: number };
    await send({
      kind: 'command',
      method: DashboardMethod.openSlice,
      params: { generation: generation - 1, slice: 0 },
    });
    await send({ kind: 'command', method: DashboardMethod.openSlice, params: { generation, slice: 999 } });
    const outcome = await send({
      kind: 'command',
      method: DashboardMethod.openSlice,
      params: { generation, slice: -1 },
    });
    assert.deepEqual(opened, []);
    assert.equal(errors.length, 2);
    assert.equal(outcome.status, 'rejected');
  });

  it('answers the grounding request only for the analysis the page shows', async () => {
    await send({
      kind: 'request',
      id: 1,
      method: DashboardMethod.load,
      params: { textRunId: null, matrixCoarse: null, overlayRunIds: [] },
    });
    const { generation } = posted[0]!.result.value as { generation: number };
    await send({ kind: 'request', id: 2, method: DashboardMethod.grounding, params: { generation } });
    await send({
      kind: 'request',
      id: 3,
      method: DashboardMethod.grounding,
      params: { generation: generation - 1 },
    });
    assert.deepEqual(posted[1]!.result, { ok: true, value: { generation, grounding: null } });
    assert.equal(posted[2]!.result.ok, false);
  });

  it('refuses bad choices and comparing a run with itself', async () => {
    for (const bad of [
      null,
      { textRunId: 'x', matrixCoarse: null, overlayRunIds: [] },
      { textRunId: null, matrixCoarse: '', overlayRunIds: [] },
      { textRunId: null, matrixCoarse: null, overlayRunIds: Array.from({ length: 50 }, (_, i) => i + 1) },
      { textRunId: null, matrixCoarse: null },
    ]) {
      assert.equal(parseChoices(bad), undefined, JSON.stringify(bad));
    }
    await send({ kind: 'request', id: 9, method: DashboardMethod.compare, params: { otherRunId: 3 } });
    assert.equal(posted[0]!.result.ok, false);
    assert.match(String(posted[0]!.result.error), /another run/);
    await send({ kind: 'request', id: 10, method: DashboardMethod.compare, params: { otherRunId: 4 } });
    assert.equal(posted[1]!.result.ok, true);
  });
});
