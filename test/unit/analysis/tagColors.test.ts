// Tag chips take their colour from a VS Code theme colour id; an id VS Code does not register
// has no CSS variable in any theme and the chip became invisible (Dark High Contrast).
import assert from 'node:assert/strict';
import { FinerStore } from '../../../src/core/store/finerStore';
import {
  REGISTERED_TAG_COLORS,
  TAG_COLOR_CHOICES,
  themeColorCss,
} from '../../../src/extension/common/tagColors';
import { makeTempDir } from '../store/storeTestKit';

describe('tag colours', () => {
  it('seeds and offers only registered theme colour ids', async () => {
    const temp = makeTempDir();
    const store = await FinerStore.open(temp.dbPath);
    try {
      for (const tag of store.listTaxonomy()) {
        if (tag.color === null) continue;
        assert.ok(REGISTERED_TAG_COLORS.includes(tag.color), `${tag.name}: ${tag.color} is registered`);
      }
      assert.equal(
        store.listTaxonomy().find((t) => t.key === 'hallucinated-attribute')?.color,
        'terminal.ansiMagenta',
      );
    } finally {
      await store.close();
      temp.cleanup();
    }
    for (const id of TAG_COLOR_CHOICES) assert.ok(REGISTERED_TAG_COLORS.includes(id));
  });

  it('maps a stored unregistered id to a registered one, and anything else to the badge colour', () => {
    assert.equal(
      themeColorCss('charts.pink'),
      'var(--vscode-terminal-ansiMagenta, var(--vscode-badge-background))',
    );
    assert.equal(themeColorCss('charts.red'), 'var(--vscode-charts-red, var(--vscode-badge-background))');
    assert.equal(themeColorCss('editor.nonexistent'), 'var(--vscode-badge-background)');
    assert.equal(themeColorCss('red; background: url(x)'), 'var(--vscode-badge-background)');
    assert.equal(themeColorCss(null), 'var(--vscode-badge-background)');
  });
});
