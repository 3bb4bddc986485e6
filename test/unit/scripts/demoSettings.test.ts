// `npm run start:sample` used to rewrite the demo user's settings on every start.
import assert from 'node:assert/strict';
import { mergeUserSettings } from '../../e2e/support/codeServer';

describe('start:sample settings', () => {
  it("keeps the user's settings and endpoints, updating only the demo endpoint", () => {
    const existing = {
      'workbench.colorTheme': 'Default Light Modern',
      'finerLens.endpoints': [
        { name: 'my-vllm', baseUrl: 'http://127.0.0.1:8000/v1', model: 'llava' },
        { name: 'simulated-demo', baseUrl: 'http://127.0.0.1:1111/v1', model: 'old' },
      ],
    };
    const merged = mergeUserSettings(existing, {
      'finerLens.endpoints': [{ name: 'simulated-demo', baseUrl: 'http://127.0.0.1:2222/v1', model: 'sim' }],
    });
    assert.equal(merged['workbench.colorTheme'], 'Default Light Modern');
    assert.equal(merged['workbench.startupEditor'], 'none', 'missing defaults are added');
    assert.deepEqual(merged['finerLens.endpoints'], [
      { name: 'my-vllm', baseUrl: 'http://127.0.0.1:8000/v1', model: 'llava' },
      { name: 'simulated-demo', baseUrl: 'http://127.0.0.1:2222/v1', model: 'sim' },
    ]);
  });
});
