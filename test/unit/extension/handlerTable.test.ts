// The webview handler table with hostile messages: whatever the page sends, a request gets
// exactly one response, nothing reaches a handler unparsed, and prototype keys are no methods.
import { strict as assert } from 'node:assert';
import { isBoundedString, isId, isObject } from '../../../src/shared/guards';
import type { IpcResponse } from '../../../src/shared/webviewIpc';
import { handlerTable, type DeliveryOutcome } from '../../../src/extension/webviews/handlerTable';

interface Requests {
  'tag/toggle': { params: { sampleId: number; tagId: number }; result: { on: boolean } };
  'note/save': { params: { text: string }; result: number };
  'fail/always': { params: Record<string, never>; result: never };
}
interface Commands {
  ready: Record<string, never>;
}

describe('webview handler table', () => {
  let handled: string[];
  let posted: IpcResponse[];
  const context = { user: 'tester' };
  const table = handlerTable<Requests, Commands, typeof context>(
    {
      'tag/toggle': {
        parse: (p) =>
          isObject(p) && isId(p.sampleId) && isId(p.tagId)
            ? { sampleId: p.sampleId, tagId: p.tagId }
            : undefined,
        handle: (p, c) => {
          handled.push(`toggle ${p.sampleId} ${p.tagId} by ${c.user}`);
          return { on: true };
        },
      },
      'note/save': {
        parse: (p) => (isObject(p) && isBoundedString(p.text, 10) ? { text: p.text } : undefined),
        handle: async (p) => {
          handled.push(`note ${p.text}`);
          return p.text.length;
        },
      },
      'fail/always': {
        parse: (p) => (isObject(p) ? {} : undefined),
        handle: () => {
          throw new Error('The sample no longer exists.');
        },
      },
    },
    {
      ready: {
        parse: (p) => (isObject(p) ? {} : undefined),
        handle: () => {
          handled.push('ready');
        },
      },
    },
  );
  const deliver = (raw: unknown): Promise<DeliveryOutcome> =>
    table.deliver(raw, context, (m) => posted.push(m as IpcResponse));

  beforeEach(() => {
    handled = [];
    posted = [];
  });

  it('runs a valid request and answers it once, with the id and the value, passing ids through', async () => {
    const outcome = await deliver({
      kind: 'request',
      id: 7,
      method: 'tag/toggle',
      params: { sampleId: 3, tagId: 12 },
    });
    assert.deepEqual(outcome, { status: 'handled', method: 'tag/toggle' });
    assert.deepEqual(handled, ['toggle 3 12 by tester']);
    assert.deepEqual(posted, [
      { kind: 'response', id: 7, method: 'tag/toggle', result: { ok: true, value: { on: true } } },
    ]);
    await deliver({ kind: 'request', id: 8, method: 'note/save', params: { text: 'seen' } });
    assert.deepEqual(posted[1]?.result, { ok: true, value: 4 });
  });

  it('answers a handler failure with its message, not a stack', async () => {
    const outcome = await deliver({ kind: 'request', id: 1, method: 'fail/always', params: {} });
    assert.deepEqual(outcome, {
      status: 'failed',
      method: 'fail/always',
      error: 'The sample no longer exists.',
    });
    assert.deepEqual(posted, [
      {
        kind: 'response',
        id: 1,
        method: 'fail/always',
        result: { ok: false, error: 'The sample no longer exists.' },
      },
    ]);
  });

  it('runs afterResponse only once the response is out, and never answers twice when it fails', async () => {
    const order: string[] = [];
    const sent: unknown[] = [];
    let breakStream = false;
    const streaming = handlerTable<
      { 'run/start': { params: { fail: boolean }; result: { token: number } } },
      object,
      null
    >(
      {
        'run/start': {
          parse: (p) => (isObject(p) && typeof p.fail === 'boolean' ? { fail: p.fail } : undefined),
          handle: () => {
            order.push('handle');
            return { token: 5 };
          },
          afterResponse: (value, _c) => {
            order.push(`after ${value.token} (responses so far: ${sent.length})`);
            if (breakStream) throw new Error('the stream broke');
          },
        },
      },
      {},
    );
    const post = (m: unknown): void => {
      order.push('respond');
      sent.push(m);
    };
    const first = await streaming.deliver(
      { kind: 'request', id: 1, method: 'run/start', params: { fail: false } },
      null,
      post,
    );
    assert.deepEqual(first, { status: 'handled', method: 'run/start' });
    assert.deepEqual(order, ['handle', 'respond', 'after 5 (responses so far: 1)']);
    breakStream = true;
    const second = await streaming.deliver(
      { kind: 'request', id: 2, method: 'run/start', params: { fail: true } },
      null,
      post,
    );
    assert.deepEqual(second, { status: 'failed', method: 'run/start', error: 'the stream broke' });
    assert.equal(sent.length, 2, 'one response per request, also when afterResponse throws');
    assert.deepEqual((sent[1] as IpcResponse).result, { ok: true, value: { token: 5 } });
  });

  const hostile: Array<[string, unknown]> = [
    [
      'wrong param types',
      { kind: 'request', id: 2, method: 'tag/toggle', params: { sampleId: '3', tagId: 1 } },
    ],
    [
      'negative id param',
      { kind: 'request', id: 2, method: 'tag/toggle', params: { sampleId: -1, tagId: 1 } },
    ],
    [
      'fractional id param',
      { kind: 'request', id: 2, method: 'tag/toggle', params: { sampleId: 1.5, tagId: 1 } },
    ],
    ['params as an array', { kind: 'request', id: 2, method: 'tag/toggle', params: [3, 1] }],
    ['no params', { kind: 'request', id: 2, method: 'tag/toggle' }],
    [
      'a huge string',
      { kind: 'request', id: 2, method: 'note/save', params: { text: 'x'.repeat(5_000_000) } },
    ],
    ['an unknown method', { kind: 'request', id: 2, method: 'store/dropAll', params: {} }],
    ['__proto__ as method', { kind: 'request', id: 2, method: '__proto__', params: {} }],
    ['constructor as method', { kind: 'request', id: 2, method: 'constructor', params: {} }],
    ['toString as method', { kind: 'request', id: 2, method: 'toString', params: {} }],
    ['hasOwnProperty as method', { kind: 'request', id: 2, method: 'hasOwnProperty', params: {} }],
    ['a huge method name', { kind: 'request', id: 2, method: 'm'.repeat(1_000_000), params: {} }],
    ['a numeric method', { kind: 'request', id: 2, method: 42, params: {} }],
    [
      'prototype keys in params',
      JSON.parse(
        '{"kind":"request","id":2,"method":"tag/toggle","params":{"__proto__":{"sampleId":1,"tagId":1}}}',
      ),
    ],
  ];
  for (const [what, message] of hostile) {
    it(`refuses ${what}: no handler runs and the request gets one error response`, async () => {
      const outcome = await deliver(message);
      assert.equal(outcome.status, 'rejected', JSON.stringify(outcome));
      assert.deepEqual(handled, []);
      assert.equal(posted.length, 1, 'exactly one response');
      assert.equal(posted[0]?.id, 2);
      assert.equal(posted[0]?.result.ok, false);
      assert.ok(JSON.stringify(posted[0]).length < 500, 'the response does not echo the input back');
    });
  }

  const unanswerable: Array<[string, unknown]> = [
    ['null', null],
    ['a string', 'tag/toggle'],
    ['an array', [{ kind: 'request', id: 1, method: 'tag/toggle' }]],
    ['a request without an id', { kind: 'request', method: 'tag/toggle', params: { sampleId: 1, tagId: 1 } }],
    [
      'a request with a string id',
      { kind: 'request', id: '1', method: 'tag/toggle', params: { sampleId: 1, tagId: 1 } },
    ],
    ['an unknown kind', { kind: 'response', id: 1, method: 'tag/toggle', params: { sampleId: 1, tagId: 1 } }],
    ['an unknown command', { kind: 'command', method: 'shell/exec', params: {} }],
    ['a command named __proto__', { kind: 'command', method: '__proto__', params: {} }],
    ['a command with bad params', { kind: 'command', method: 'ready', params: 'now' }],
  ];
  for (const [what, message] of unanswerable) {
    it(`drops ${what} without running anything or posting`, async () => {
      const outcome = await deliver(message);
      assert.equal(outcome.status, 'rejected');
      assert.deepEqual(handled, []);
      assert.deepEqual(posted, []);
    });
  }

  it('runs a valid command and posts nothing', async () => {
    assert.deepEqual(await deliver({ kind: 'command', method: 'ready', params: {} }), {
      status: 'handled',
      method: 'ready',
    });
    assert.deepEqual(handled, ['ready']);
    assert.deepEqual(posted, []);
  });
});
