// The sample panel is a browser page: every message it sends is untrusted input. A guard that
// accepted anything would pass every other test layer, so hostile messages are tried here.
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../../src/extension/samplePanel/samplePanelMessages';
import { SamplePanelMethod as M } from '../../../src/shared/samplePanelProtocol';

const request = (method: string, params: unknown, id: unknown = 7): unknown => ({
  kind: 'request',
  id,
  method,
  params,
});

describe('sample panel: host-side message validation', () => {
  it('accepts well-formed messages and copies only the known fields', () => {
    const input = {
      kind: 'request',
      id: 3,
      method: M.getSample,
      params: { sampleId: 12, extra: 'x' },
      more: 1,
    };
    const parsed = parseWebviewMessage(input);
    assert.deepEqual(parsed, { kind: 'request', id: 3, method: M.getSample, params: { sampleId: 12 } });
    assert.notEqual((parsed as { params: unknown }).params, input.params, 'a fresh object, not the page’s');
    assert.deepEqual(parseWebviewMessage(request(M.toggleTag, { sampleId: 1, tagId: 4 })), {
      kind: 'request',
      id: 7,
      method: M.toggleTag,
      params: { sampleId: 1, tagId: 4 },
    });
    assert.deepEqual(
      parseWebviewMessage(
        request(M.startRun, { sampleId: 2, strategy: 'direct', level: 'superordinate', endpointName: 'e' }),
      ),
      {
        kind: 'request',
        id: 7,
        method: M.startRun,
        params: { sampleId: 2, strategy: 'direct', level: 'superordinate', endpointName: 'e' },
      },
    );
    assert.deepEqual(parseWebviewMessage({ kind: 'command', method: M.ready, params: {} }), {
      kind: 'command',
      method: M.ready,
      params: {},
    });
  });

  it('rejects values that are not messages at all', () => {
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
      assert.equal(parseWebviewMessage(raw), undefined, JSON.stringify(raw));
    }
  });

  it('rejects unknown kinds and methods, including prototype names', () => {
    for (const method of [
      'nope',
      '',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'sample/GET',
    ]) {
      assert.equal(parseWebviewMessage(request(method, { sampleId: 1 })), undefined, method);
      assert.equal(parseWebviewMessage({ kind: 'command', method, params: {} }), undefined, method);
    }
    assert.equal(
      parseWebviewMessage({ kind: 'notification', method: M.getSample, params: { sampleId: 1 } }),
      undefined,
    );
    assert.equal(
      parseWebviewMessage({ kind: 'command', method: M.getSample, params: { sampleId: 1 } }),
      undefined,
    );
  });

  it('rejects ids and numbers of the wrong type or range', () => {
    for (const bad of ['1', -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, null, {}, [1]]) {
      assert.equal(parseWebviewMessage(request(M.getSample, { sampleId: bad })), undefined, String(bad));
      assert.equal(
        parseWebviewMessage(request(M.getSample, { sampleId: 1 }, bad)),
        undefined,
        `id ${String(bad)}`,
      );
      assert.equal(parseWebviewMessage(request(M.toggleTag, { sampleId: 1, tagId: bad })), undefined);
    }
    assert.equal(
      parseWebviewMessage({ kind: 'request', method: M.getSample, params: { sampleId: 1 } }),
      undefined,
      'no id',
    );
    assert.equal(
      parseWebviewMessage({ kind: 'command', method: M.saveViewState, params: { sampleId: 1, zoom: 1e9 } }),
      undefined,
    );
    assert.equal(
      parseWebviewMessage({ kind: 'command', method: M.saveViewState, params: { sampleId: 1, zoom: -1 } }),
      undefined,
    );
  });

  it('rejects oversized and multi-line strings where they are bounded, and enum values it does not know', () => {
    const huge = 'x'.repeat(5_000_000);
    assert.equal(
      parseWebviewMessage(
        request(M.startRun, { sampleId: 1, strategy: 'direct', level: 'fine', endpointName: huge }),
      ),
      undefined,
    );
    for (const strategy of ['DIRECT', 'attrseek ', 'eval', '']) {
      assert.equal(
        parseWebviewMessage(request(M.startRun, { sampleId: 1, strategy, level: 'fine', endpointName: 'e' })),
        undefined,
      );
    }
    assert.equal(
      parseWebviewMessage(
        request(M.startRun, { sampleId: 1, strategy: 'direct', level: 'species', endpointName: 'e' }),
      ),
      undefined,
    );
    // Counterfactual attributes: required for that strategy only, and bounded.
    const start = { sampleId: 1, level: 'fine', endpointName: 'e' };
    assert.equal(
      parseWebviewMessage(request(M.startRun, { ...start, strategy: 'counterfactual', attributes: ' ' })),
      undefined,
    );
    assert.equal(
      parseWebviewMessage(request(M.startRun, { ...start, strategy: 'counterfactual', attributes: huge })),
      undefined,
    );
    assert.equal(
      parseWebviewMessage(request(M.startRun, { ...start, strategy: 'direct', attributes: 'blue cap' })),
      undefined,
    );
    const edit = (e: unknown, reason: unknown = null): unknown =>
      parseWebviewMessage(request(M.editAttributes, { sampleId: 1, conceptId: 2, edit: e, reason }));
    assert.equal(edit({ op: 'add', list: 'required', text: 'a'.repeat(501) }), undefined);
    assert.equal(edit({ op: 'add', list: 'required', text: 'two\nlines' }), undefined);
    assert.equal(edit({ op: 'add', list: 'required', text: '   ' }), undefined);
    assert.equal(edit({ op: 'add', list: 'optional', text: 'blue cap' }), undefined);
    assert.equal(edit({ op: 'drop-table' }), undefined);
    assert.equal(edit({ op: 'add', list: 'required', text: 'blue cap' }, 'r'.repeat(2001)), undefined);
    assert.deepEqual(edit({ op: 'add', list: 'required', text: '  blue cap ' }, '  why '), {
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
    assert.equal(parseWebviewMessage(request(M.moveReview, { direction: 'sideways' })), undefined);
    assert.equal(
      parseWebviewMessage(
        request(M.decideSuggestion, { sampleId: 1, tagId: 2, runId: 3, decision: 'maybe' }),
      ),
      undefined,
    );
  });

  it('does not carry or act on prototype keys', () => {
    const hostile: unknown = JSON.parse(
      '{"kind":"request","id":1,"method":"sample/tags/toggle","params":{"sampleId":1,"tagId":2,"__proto__":{"polluted":true,"tagId":99}}}',
    );
    const parsed = parseWebviewMessage(hostile) as { params: Record<string, unknown> };
    assert.deepEqual(parsed.params, { sampleId: 1, tagId: 2 });
    assert.equal(Object.getPrototypeOf(parsed.params), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
    const inherited: unknown = JSON.parse(
      '{"kind":"request","id":1,"method":"sample/get","params":{"__proto__":{"sampleId":5}}}',
    );
    assert.equal(parseWebviewMessage(inherited), undefined, 'an inherited sampleId does not count');
  });

  it('accepts an overruling only with a verdict that fits its side (or null to restore)', () => {
    const good = {
      sampleId: 1,
      runId: 2,
      level: 'fine',
      side: 'generated',
      attribute: 'orange legs',
      verdict: 'supported',
    };
    assert.deepEqual(parseWebviewMessage(request(M.overruleVerdict, { ...good, extra: 1 })), {
      kind: 'request',
      id: 7,
      method: M.overruleVerdict,
      params: good,
    });
    const restore = { ...good, side: 'reference', verdict: null };
    assert.deepEqual(
      (parseWebviewMessage(request(M.overruleVerdict, restore)) as { params: unknown }).params,
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
        parseWebviewMessage(request(M.overruleVerdict, bad)),
        undefined,
        JSON.stringify(bad).slice(0, 80),
      );
    }
  });
});
