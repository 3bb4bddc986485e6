// The one webview HTML shell: a strict CSP with a fresh nonce, and page state that cannot break
// out of its JSON element however hostile the dataset's labels are.
import { strict as assert } from 'node:assert';
import { buildWebviewHtml } from '../../../src/extension/webviews/webviewHtml';

const parts = (state: object, title = 'Finer Lens Gallery') => ({
  webview: { cspSource: 'https://webview.example' },
  scriptUri: { toString: () => 'https://webview.example/dist/gallery.js' },
  codiconsUri: { toString: () => 'https://webview.example/codicon.css' },
  title,
  stateElementId: 'initial-state',
  state,
});

describe('webview HTML shell', () => {
  it('allows scripts only with its nonce and nothing from elsewhere', () => {
    const html = buildWebviewHtml(parts({ run: 1 }));
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce, csp);
    assert.match(csp, /^default-src 'none'; /);
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline|\*/);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.equal(scripts.length, 2);
    assert.ok(scripts[1]?.includes(`nonce="${nonce}"`), 'the bundle carries the nonce');
    assert.ok(scripts[0]?.includes('type="application/json"'), 'the state is data, not a script');
    assert.notEqual(/nonce-([^']+)/.exec(buildWebviewHtml(parts({})))?.[1], nonce, 'a new nonce per load');
  });

  it('embeds hostile state as data: no early </script>, same value read back', () => {
    const hostile = { label: '</script><script>alert(1)</script>\u2028<!--', codiconsHref: 'x' };
    const html = buildWebviewHtml(parts(hostile, '<b>Dashboard: "x" & y</b>'));
    const body = /<script type="application\/json" id="initial-state">(.*?)<\/script>/s.exec(html)?.[1];
    assert.ok(body !== undefined);
    assert.equal(html.match(/<\/script>/g)?.length, 2, 'only the two real closing tags');
    const state = JSON.parse(body) as { label: string; codiconsHref: string };
    assert.equal(state.label, hostile.label);
    assert.equal(state.codiconsHref, 'https://webview.example/codicon.css', 'codicons added');
    assert.match(html, /<title>&lt;b>Dashboard: "x" &amp; y&lt;\/b><\/title>/);
  });
});
