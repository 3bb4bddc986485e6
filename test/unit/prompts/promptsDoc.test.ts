// docs/prompts.md shows every protocol's prompts per family and level as the code renders them;
// this fails when the document is out of date (fix: npm run docs:prompts).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROMPT_PROTOCOLS } from '../../../src/core/prompts/promptProtocols';
import { updatePromptsDoc } from '../../../src/core/prompts/promptsDoc';
import { DATASET_FAMILIES } from '../../../src/core/prompts/promptTypes';
import { findRepoRoot } from '../../e2e/support/repoPaths';

describe('docs/prompts.md', () => {
  const doc = readFileSync(join(findRepoRoot(), 'docs', 'prompts.md'), 'utf8');

  it('is current: its generated part equals what the prompt builder renders (npm run docs:prompts)', () => {
    assert.ok(updatePromptsDoc(doc) === doc, 'docs/prompts.md is out of date: run npm run docs:prompts');
  });

  it('has a section per protocol and family, and lists the deliberate differences from the reference', () => {
    for (const protocol of PROMPT_PROTOCOLS)
      for (const family of DATASET_FAMILIES)
        assert.ok(doc.includes(`#### ${protocol} · family \`${family}\``));
    assert.match(doc, /## Deliberate differences from the reference/);
  });
});
