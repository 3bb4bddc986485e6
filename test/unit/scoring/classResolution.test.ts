import assert from 'node:assert/strict';
import {
  ClassIndex,
  classPathOf,
  resolvePrediction,
  type ClassPathKey,
} from '../../../src/core/scoring/classResolution';
import type { LevelLabels } from '../../../src/core/scoring/finerMetrics';

const CLASSES: LevelLabels[] = [
  { superordinate: 'Bird', coarse: ['Owl'], fine: ['Great Horned Owl', 'Bubo virginianus'] },
  { superordinate: 'Bird', coarse: ['Owl'], fine: ['Barn Owl', 'Tyto alba'] },
  { superordinate: 'Bird', coarse: ['Warbler', 'Wood-warbler'], fine: ['Yellow Warbler'] },
  { superordinate: 'Bird', coarse: ['Warbler'], fine: ['Hooded Warbler'] },
  { superordinate: 'Bird', coarse: ['Sparrow'], fine: ['House Sparrow'] },
  { superordinate: 'Bird', coarse: ['Sparrow'], fine: ['Tree Sparrow'] },
  { superordinate: 'Dog', coarse: ['Spaniel'], fine: ['Cocker Spaniel'] },
];

const gold = (i: number): ClassPathKey => classPathOf(CLASSES[i]!);

describe('answers resolved to classes of the dataset', () => {
  const index = ClassIndex.fromLabelSets([...CLASSES, ...CLASSES]);

  it('counts each fine class once however many samples repeat it', () => {
    assert.equal(index.fineClassCount, CLASSES.length);
  });

  it('resolves normalized equality with any acceptable label to the class primary label', () => {
    assert.deepEqual(index.resolve('  the BUBO virginianus. ', 'fine'), {
      classKey: 'Great Horned Owl',
      rule: 'exact',
    });
    // "Wood-warbler" normalizes to "woodwarbler": the hyphen is deleted, as the FINER scorer does.
    assert.deepEqual(index.resolve('Woodwarbler!', 'coarse'), { classKey: 'Warbler', rule: 'exact' });
    // "wood warbler" is not that label; it contains the label "warbler".
    assert.deepEqual(index.resolve('Wood warbler', 'coarse'), { classKey: 'Warbler', rule: 'contains' });
  });

  it('maps a more specific answer up to its class at the level asked', () => {
    assert.deepEqual(index.resolve('Barn Owl', 'coarse'), { classKey: 'Owl', rule: 'exact' });
    assert.deepEqual(index.resolve('Cocker Spaniel', 'superordinate'), { classKey: 'Dog', rule: 'exact' });
    // A coarse label is not a fine class.
    assert.deepEqual(index.resolve('Owl', 'fine'), { classKey: null, rule: 'off-list' });
  });

  it('takes the longest label contained in the answer as whole words', () => {
    assert.deepEqual(index.resolve('I think this is a barn owl perched on a post', 'fine'), {
      classKey: 'Barn Owl',
      rule: 'contains',
    });
    // "owl" alone (a coarse label) and "great horned owl": the longer one wins at the coarse level too.
    assert.deepEqual(index.resolve('a great horned owl, an owl of the Americas', 'coarse'), {
      classKey: 'Owl',
      rule: 'contains',
    });
    // Whole words only: "barn owls" does not contain the label "barn owl".
    assert.deepEqual(index.resolve('barn owls', 'fine'), { classKey: null, rule: 'off-list' });
  });

  it('calls a tie between different classes of the same length ambiguous', () => {
    assert.deepEqual(index.resolve('house sparrow or tree sparrow', 'fine'), {
      classKey: null,
      rule: 'ambiguous',
    });
    // Two labels of the same class are no tie.
    assert.deepEqual(index.resolve('Tyto alba, the barn owl', 'fine'), {
      classKey: 'Barn Owl',
      rule: 'contains',
    });
  });

  it('looks at the first 20 answer words only, like FINER EM', () => {
    const filler = Array.from({ length: 20 }, (_, i) => `word${i}`).join(' ');
    assert.deepEqual(index.resolve(`${filler} barn owl`, 'fine'), { classKey: null, rule: 'off-list' });
    assert.deepEqual(index.resolve(`barn owl ${filler}`, 'fine'), { classKey: 'Barn Owl', rule: 'contains' });
  });

  it('treats an empty or refused answer as off-list', () => {
    assert.deepEqual(index.resolve('', 'fine'), { classKey: null, rule: 'off-list' });
    assert.deepEqual(index.resolve('I cannot tell from this image', 'fine'), {
      classKey: null,
      rule: 'off-list',
    });
  });

  it('grades a wrong fine answer as sibling, cousin, other, off-list or ambiguous', () => {
    const sev = (answer: string, g: number) => index.severity(gold(g), index.resolve(answer, 'fine'));
    assert.equal(sev('Barn Owl', 0), 'sibling');
    assert.equal(sev('Yellow Warbler', 0), 'cousin');
    assert.equal(sev('Cocker Spaniel', 0), 'other');
    assert.equal(sev('Snowy Owl', 0), 'off-list');
    assert.equal(sev('house sparrow or tree sparrow', 0), 'ambiguous');
    assert.equal(sev('Great Horned Owl', 0), undefined, 'the gold class itself is no confusion');
  });

  it('stores a severity only for wrong fine answers and nothing for failed requests', () => {
    const base = { answer: 'Barn Owl', error: null };
    assert.deepEqual(resolvePrediction(index, { ...base, level: 'fine', finerEm: 0 }, gold(0)), {
      resolvedClass: 'Barn Owl',
      resolutionRule: 'exact',
      mistakeSeverity: 'sibling',
    });
    assert.deepEqual(resolvePrediction(index, { ...base, level: 'fine', finerEm: 1 }, gold(1)), {
      resolvedClass: 'Barn Owl',
      resolutionRule: 'exact',
      mistakeSeverity: null,
    });
    assert.deepEqual(resolvePrediction(index, { ...base, level: 'coarse', finerEm: 1 }, gold(1)), {
      resolvedClass: 'Owl',
      resolutionRule: 'exact',
      mistakeSeverity: null,
    });
    assert.deepEqual(
      resolvePrediction(index, { level: 'fine', answer: null, finerEm: null, error: 'timeout: x' }, gold(0)),
      { resolvedClass: null, resolutionRule: null, mistakeSeverity: null },
    );
  });
});
