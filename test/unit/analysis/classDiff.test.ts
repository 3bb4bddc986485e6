// Gold vs predicted class attributes, and finding the class a wrong answer names.
import { strict as assert } from 'node:assert';
import { TokenOverlapMatcher } from '../../../src/core/analysis/attributeMatching';
import { diffClassAttributes, findPredictedConcept } from '../../../src/core/analysis/classDiff';
import type { Concept } from '../../../src/core/model';

function concept(
  id: number,
  name: string,
  required: string[],
  likely: string[],
  commonName: string | null = null,
): Concept {
  return { id, datasetId: 1, name, sourceId: id, commonName, required, likely, provenance: 'imported' };
}

const likelyWarbler = [
  'olive-green back and wings',
  'thin pointed beak',
  'plain dark tail',
  'perches in foliage',
];
const azure = concept(
  1,
  'Azure-crowned Warbler',
  ['bright blue crown', 'yellow throat', 'yellow breast', 'white wing bars'],
  likelyWarbler,
);
const slate = concept(
  2,
  'Slate-crowned Warbler',
  ['slate-grey crown', 'yellow throat', 'yellow breast', 'white wing bars'],
  likelyWarbler,
);
const parus = concept(3, 'Parus major', ['black head', 'white cheeks'], [], 'Great Tit');

describe('diffClassAttributes', () => {
  const matcher = new TokenOverlapMatcher();

  it('shows what the gold and the predicted class share and what tells them apart', () => {
    const diff = diffClassAttributes(azure, slate, matcher);
    assert.deepEqual(diff.gold, { conceptId: 1, name: 'Azure-crowned Warbler' });
    assert.deepEqual(
      diff.required.shared.map((s) => s.gold),
      ['yellow throat', 'yellow breast', 'white wing bars'],
    );
    assert.ok(diff.required.shared.every((s) => s.score === 1));
    assert.deepEqual(
      diff.required.onlyGold.map((a) => a.text),
      ['bright blue crown'],
    );
    assert.deepEqual(
      diff.required.onlyPredicted.map((a) => a.text),
      ['slate-grey crown'],
    );
    assert.equal(diff.required.onlyGold[0]?.closest?.text, 'slate-grey crown');
    assert.ok((diff.required.onlyGold[0]?.closest?.score ?? 1) < matcher.threshold);
    assert.equal(diff.likely.shared.length, 4);
    assert.equal(diff.likely.onlyGold.length + diff.likely.onlyPredicted.length, 0);
  });

  it('pairs one to one, so one predicted attribute cannot cover two gold ones', () => {
    const a = concept(4, 'A', ['yellow throat', 'yellow chin'], []);
    const b = concept(5, 'B', ['yellow throat'], []);
    const diff = diffClassAttributes(a, b, matcher);
    assert.equal(diff.required.shared.length, 1);
    assert.deepEqual(
      diff.required.onlyGold.map((x) => x.text),
      ['yellow chin'],
    );
  });
});

describe('findPredictedConcept', () => {
  const concepts = [azure, slate, parus];
  it('matches the answer by normalized name or common name', () => {
    assert.equal(
      findPredictedConcept('slate crowned warbler.', concepts)?.id,
      2,
      'a space where the name has a hyphen',
    );
    assert.equal(findPredictedConcept('The Slate-crowned Warbler!', concepts)?.id, 2);
    assert.equal(findPredictedConcept('great tit', concepts)?.id, 3);
    assert.equal(findPredictedConcept('PARUS MAJOR', concepts)?.id, 3);
  });
  it('is undefined when the answer names no concept', () => {
    assert.equal(findPredictedConcept('a small bird', concepts), undefined);
    assert.equal(findPredictedConcept('', concepts), undefined);
  });
});
