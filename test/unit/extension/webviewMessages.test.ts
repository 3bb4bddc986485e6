// The sample panel is a browser page: every message it sends is untrusted input. A guard that
// accepted anything would pass every other test layer, so hostile messages are tried here: each
// goes through the handler table's delivery with the sample panel's own parsers, and the test
// sees what (if anything) would reach a handler.
import assert from 'node:assert/strict';
import {
  samplePanelCommandParsers,
  samplePanelRequestParsers,
} from '../../../src/extension/samplePanel/samplePanelParsers';
import {
  WebviewHandlerTable,
  type CommandHandler,
  type RequestHandler,
} from '../../../src/extension/webviews/handlerTable';
import { SamplePanelMethod as M } from '../../../src/shared/samplePanelProtocol';

type Reached =
  | { kind: 'request'; id: number; method: string; params: unknown }
  | { kind: 'command'; method: string; params: unknown };

/** The sample panel's parsers behind recording handlers: what a handler would be called with. */
function recordingTable(): { table: WebviewHandlerTable<Reached[]>; lastId: { id: number } } {
  const lastId = { id: -1 };
  const requests: Record<string, RequestHandler<never, unknown, Reached[]>> = {};
  for (const [method, parse] of Object.entries(samplePanelRequestParsers)) {
    requests[method] = {
      parse: parse as (p: unknown) => never,
      handle: (params: unknown, reached) => {
        reached.push({ kind: 'request', id: lastId.id, method, params });
        return null;
      },
    };
  }
  const commands: Record<string, CommandHandler<never, Reached[]>> = {};
  for (const [method, parse] of Object.entries(samplePanelCommandParsers)) {
    commands[method] = {
      parse: parse as (p: unknown) => never,
      handle: (params: unknown, reached) => {
        reached.push({ kind: 'command', method, params });
      },
    };
  }
  return { table: new WebviewHandlerTable(requests, commands), lastId };
}

const { table, lastId } = recordingTable();

/** Delivers one raw message; returns what reached a handler, or undefined when nothing did. */
async function reachedHandler(raw: unknown): Promise<Reached | undefined> {
  const reached: Reached[] = [];
  const withId = raw as { id?: unknown } | null;
  lastId.id = typeof withId === 'object' && withId !== null && typeof withId.id === 'number' ? withId.id : -1;
  await table.deliver(raw, reached, () => undefined);
  assert.ok(reached.length <= 1, 'one message reaches at most one handler');
  return reached[0];
}

const request = (method: string, params: unknown, id: unknown = 7): unknown => ({
  kind: 'request',
  id,
  method,
  params,
});

describe('sample panel: host-side message validation', () => {
  it('accepts well-formed messages and copies only the known fields', async () => {
    const input = {
      kind: 'request',
      id: 3,
      method: M.getSample,
      params: { sampleId: 12, extra: 'x' },
      more: 1,
    };
    const parsed = await reachedHandler(input);
    assert.deepEqual(parsed, { kind: 'request', id: 3, method: M.getSample, params: { sampleId: 12 } });
    assert.notEqual((parsed as { params: unknown }).params, input.params, 'a fresh object, not the page’s');
    assert.deepEqual(await reachedHandler(request(M.toggleTag, { sampleId: 1, tagId: 4 })), {
      kind: 'request',
      id: 7,
      method: M.toggleTag,
      params: { sampleId: 1, tagId: 4 },
    });
    assert.deepEqual(
      await reachedHandler(
        request(M.startRun, { sampleId: 2, strategy: 'direct', level: 'superordinate', endpointName: 'e' }),
      ),
      {
        kind: 'request',
        id: 7,
        method: M.startRun,
        params: { sampleId: 2, strategy: 'direct', level: 'superordinate', endpointName: 'e' },
      },
    );
    assert.deepEqual(await reachedHandler({ kind: 'command', method: M.ready, params: {} }), {
      kind: 'command',
      method: M.ready,
      params: {},
    });
  });

  it('rejects values that are not messages at all', async () => {
    for (const raw of [
      null,
      undefined,
      0,
      42,
      'sample/get',
      [],
      [request(M.getSample, { sampleId: 1 })],
      true,
    ]) {
      assert.equal(await reachedHandler(raw), undefined, JSON.stringify(raw));
    }
  });

  it('rejects unknown kinds and methods, including prototype names', async () => {
    for (const method of [
      'nope',
      '',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'sample/GET',
    ]) {
      assert.equal(await reachedHandler(request(method, { sampleId: 1 })), undefined, method);
      assert.equal(await reachedHandler({ kind: 'command', method, params: {} }), undefined, method);
    }
    assert.equal(
      await reachedHandler({ kind: 'notification', method: M.getSample, params: { sampleId: 1 } }),
      undefined,
    );
    assert.equal(
      await reachedHandler({ kind: 'command', method: M.getSample, params: { sampleId: 1 } }),
      undefined,
    );
  });

  it('rejects ids and numbers of the wrong type or range', async () => {
    for (const bad of ['1', -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, null, {}, [1]]) {
      assert.equal(await reachedHandler(request(M.getSample, { sampleId: bad })), undefined, String(bad));
      assert.equal(
        await reachedHandler(request(M.getSample, { sampleId: 1 }, bad)),
        undefined,
        `id ${String(bad)}`,
      );
      assert.equal(await reachedHandler(request(M.toggleTag, { sampleId: 1, tagId: bad })), undefined);
    }
    assert.equal(
      await reachedHandler({ kind: 'request', method: M.getSample, params: { sampleId: 1 } }),
      undefined,
      'no id',
    );
    assert.equal(
      await reachedHandler({
        kind: 'command',
        method: M.saveViewState,
        params: { sampleId: 1, zoom: 1e9 },
      }),
      undefined,
    );
    assert.equal(
      await reachedHandler({
        kind: 'command',
        method: M.saveViewState,
        params: { sampleId: 1, zoom: -1 },
      }),
      undefined,
    );
  });

  it('rejects oversized and multi-line strings where they are bounded, and enum values it does not know', async () => {
    const huge = 'x'.repeat(5_000_000);
    assert.equal(
      await reachedHandler(
        request(M.startRun, { sampleId: 1, strategy: 'direct', level: 'fine', endpointName: huge }),
      ),
      undefined,
    );
    for (const strategy of ['DIRECT', 'attrseek ', 'eval', '']) {
      assert.equal(
        await reachedHandler(
          request(M.startRun, { sampleId: 1, strategy, level: 'fine', endpointName: 'e' }),
        ),
        undefined,
      );
    }
    assert.equal(
      await reachedHandler(
        request(M.startRun, { sampleId: 1, strategy: 'direct', level: 'species', endpointName: 'e' }),
      ),
      undefined,
    );
    // Counterfactual attributes: required for that strategy only, and bounded.
    const start = { sampleId: 1, level: 'fine', endpointName: 'e' };
    assert.equal(
      await reachedHandler(request(M.startRun, { ...start, strategy: 'counterfactual', attributes: ' ' })),
      undefined,
    );
    assert.equal(
      await reachedHandler(request(M.startRun, { ...start, strategy: 'counterfactual', attributes: huge })),
      undefined,
    );
    assert.equal(
      await reachedHandler(request(M.startRun, { ...start, strategy: 'direct', attributes: 'blue cap' })),
      undefined,
    );
    const edit = async (e: unknown, reason: unknown = null): Promise<unknown> =>
      await reachedHandler(request(M.editAttributes, { sampleId: 1, conceptId: 2, edit: e, reason }));
    assert.equal(await edit({ op: 'add', list: 'required', text: 'a'.repeat(501) }), undefined);
    assert.equal(await edit({ op: 'add', list: 'required', text: 'two\nlines' }), undefined);
    assert.equal(await edit({ op: 'add', list: 'required', text: '   ' }), undefined);
    assert.equal(await edit({ op: 'add', list: 'optional', text: 'blue cap' }), undefined);
    assert.equal(await edit({ op: 'drop-table' }), undefined);
    assert.equal(await edit({ op: 'add', list: 'required', text: 'blue cap' }, 'r'.repeat(2001)), undefined);
    assert.deepEqual(await edit({ op: 'add', list: 'required', text: '  blue cap ' }, '  why '), {
      kind: 'request',
      id: 7,
      method: M.editAttributes,
      params: {
        sampleId: 1,
        conceptId: 2,
        edit: { op: 'add', list: 'required', text: 'blue cap' },
        reason: 'why',
      },
    });
    assert.equal(await reachedHandler(request(M.moveReview, { direction: 'sideways' })), undefined);
    assert.equal(
      await reachedHandler(
        request(M.decideSuggestion, { sampleId: 1, tagId: 2, runId: 3, decision: 'maybe' }),
      ),
      undefined,
    );
  });

  it('does not carry or act on prototype keys', async () => {
    const hostile: unknown = JSON.parse(
      '{"kind":"request","id":1,"method":"sample/tags/toggle","params":{"sampleId":1,"tagId":2,"__proto__":{"polluted":true,"tagId":99}}}',
    );
    const parsed = (await reachedHandler(hostile)) as { params: Record<string, unknown> };
    assert.deepEqual(parsed.params, { sampleId: 1, tagId: 2 });
    assert.equal(Object.getPrototypeOf(parsed.params), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
    const inherited: unknown = JSON.parse(
      '{"kind":"request","id":1,"method":"sample/get","params":{"__proto__":{"sampleId":5}}}',
    );
    assert.equal(await reachedHandler(inherited), undefined, 'an inherited sampleId does not count');
  });

  it('accepts an overruling only with a verdict that fits its side (or null to restore)', async () => {
    const good = {
      sampleId: 1,
      runId: 2,
      level: 'fine',
      side: 'generated',
      attribute: 'orange legs',
      verdict: 'supported',
    };
    assert.deepEqual(await reachedHandler(request(M.overruleVerdict, { ...good, extra: 1 })), {
      kind: 'request',
      id: 7,
      method: M.overruleVerdict,
      params: good,
    });
    const restore = { ...good, side: 'reference', verdict: null };
    assert.deepEqual(
      ((await reachedHandler(request(M.overruleVerdict, restore))) as { params: unknown }).params,
      restore,
    );
    for (const bad of [
      { ...good, verdict: 'mentioned' },
      { ...good, side: 'reference', verdict: 'generic' },
      { ...good, verdict: 'maybe' },
      { ...good, side: 'both' },
      { ...good, level: 'species' },
      { ...good, attribute: '' },
      { ...good, attribute: 'x'.repeat(2001) },
      { ...good, runId: -1 },
    ]) {
      assert.equal(
        await reachedHandler(request(M.overruleVerdict, bad)),
        undefined,
        JSON.stringify(bad).slice(0, 80),
      );
    }
  });
});
