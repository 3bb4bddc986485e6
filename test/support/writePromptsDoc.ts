// `npm run docs:prompts`: rewrites the generated part of docs/prompts.md from the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { updatePromptsDoc } from '../../src/core/prompts/promptsDoc';
import { findRepoRoot } from '../e2e/support/repoPaths';

const file = join(findRepoRoot(), 'docs', 'prompts.md');
writeFileSync(file, updatePromptsDoc(readFileSync(file, 'utf8')));
console.log(`updated ${file}`);
