// Taxonomy-aware scores on a small tree whose figures are worked out by hand in the comments.
import { strict as assert } from 'node:assert';
import { scoreTaxonomy, TaxonomyIndex, taxonomyOfMetadata } from '../../../src/core/scoring/taxonomyScoring';
import type { TaxonomySample } from '../../../src/core/scoring/taxonomyScoring';

const RANKS = ['kingdom', 'family', 'genus', 'species'];
const path = (...names: string[]) => names.map((name, i) => ({ rank: RANKS[i] as string, name }));

const SAMPLES: TaxonomySample[] = [
  {
    sampleId: 1,
    fine: ['Bubo virginianus', 'Great Horned Owl'],
    taxonomy: path('Animalia', 'Strigidae', 'Bubo', 'Bubo virginianus'),
  },
  {
    sampleId: 2,
    fine: ['Bubo scandiacus', 'Snowy Owl'],
    taxonomy: path('Animalia', 'Strigidae', 'Bubo', 'Bubo scandiacus'),
  },
  {
    sampleId: 3,
    fine: ['Strix varia', 'Barred Owl'],
    taxonomy: path('Animalia', 'Strigidae', 'Strix', 'Strix varia'),
  },
  {
    sampleId: 4,
    fine: ['Quercus robur', 'English Oak'],
    taxonomy: path('Plantae', 'Fagaceae', 'Quercus', 'Quercus robur'),
  },
  {
    sampleId: 5,
    fine: ['Quercus alba', 'White Oak'],
    taxonomy: path('Plantae', 'Fagaceae', 'Quercus', 'Quercus alba'),
  },
];

describe('taxonomy scoring', () => {
  it('resolves an answer by any fine label or node name, exactly or as whole tokens, never ambiguously', () => {
    const index = new TaxonomyIndex(SAMPLES);
    assert.deepEqual(index.resolve('great horned owl.'), [
      'Animalia',
      'Strigidae',
      'Bubo',
      'Bubo virginianus',
    ]);
    assert.deepEqual(index.resolve('It looks like a Snowy Owl perched on a post'), [
      'Animalia',
      'Strigidae',
      'Bubo',
      'Bubo scandiacus',
    ]);
    assert.deepEqual(
      index.resolve('Quercus'),
      ['Plantae', 'Fagaceae', 'Quercus'],
      'a genus is an internal node',
    );
    assert.equal(index.resolve('an owl'), undefined, 'no known name');
    assert.equal(
      index.resolve('either a Barred Owl or a White Oak'),
      undefined,
      'two names of equal length: ambiguous',
    );
    assert.equal(index.resolve('owlish'), undefined);
  });

  it('counts accuracy per rank, hierarchical P/R/F1 and the LCA depth of each mistake', () => {
    const scores = scoreTaxonomy(
      SAMPLES,
      [
        { sampleId: 1, answer: 'Great Horned Owl' }, // right: overlap 4 of 4
        { sampleId: 2, answer: 'Great Horned Owl' }, // same genus: overlap 3, LCA depth 3 (genus)
        { sampleId: 3, answer: 'White Oak' }, // other kingdom: overlap 0, LCA depth 0 (root)
        { sampleId: 4, answer: 'Quercus' }, // genus only: predicted length 3, overlap 3, LCA depth 3
        { sampleId: 5, answer: 'some tree' }, // unresolved: predicted length 0
        { sampleId: 99, answer: 'Great Horned Owl' }, // not a sample with a taxonomy: left out
      ],
      RANKS,
    );
    assert.equal(scores.samples, 5);
    assert.equal(scores.resolved, 4);
    assert.equal(scores.unresolved, 1);
    assert.deepEqual(
      scores.byRank.map((r) => [r.rank, r.correct, r.samples]),
      [
        ['kingdom', 3, 5],
        ['family', 3, 5],
        ['genus', 3, 5],
        ['species', 1, 5],
      ],
    );
    // Overlap 4+3+0+3 = 10; predicted lengths 4+4+4+3 = 15; gold lengths 5 x 4 = 20.
    assert.equal(scores.hierarchical.precision, 10 / 15);
    assert.equal(scores.hierarchical.recall, 10 / 20);
    const p = 10 / 15;
    const r = 0.5;
    assert.ok(Math.abs((scores.hierarchical.f1 ?? 0) - (2 * p * r) / (p + r)) < 1e-12);
    assert.equal(scores.mistakes.count, 3);
    assert.equal(scores.mistakes.meanLcaDepth, (3 + 0 + 3) / 3);
    assert.deepEqual(scores.mistakes.byLcaDepth, [
      { depth: 0, rank: '(root)', count: 1 },
      { depth: 3, rank: 'genus', count: 2 },
    ]);
  });

  it('takes the rank names from the paths when none are given, and handles paths of different depth', () => {
    const nabirds: TaxonomySample[] = [
      {
        sampleId: 1,
        fine: ['Snow Goose'],
        taxonomy: [
          { rank: 'level 1', name: 'Waterfowl' },
          { rank: 'level 2', name: 'Geese' },
          { rank: 'level 3', name: 'Snow Goose' },
        ],
      },
      {
        sampleId: 2,
        fine: ["Cooper's Hawk"],
        taxonomy: [
          { rank: 'level 1', name: 'Hawks' },
          { rank: 'level 2', name: "Cooper's Hawk" },
        ],
      },
    ];
    const scores = scoreTaxonomy(nabirds, [
      { sampleId: 1, answer: 'Geese' },
      { sampleId: 2, answer: null },
    ]);
    assert.deepEqual(scores.ranks, ['level 1', 'level 2', 'level 3']);
    assert.deepEqual(
      scores.byRank.map((r) => [r.correct, r.samples]),
      [
        [1, 2],
        [1, 2],
        [0, 1],
      ],
    );
    assert.equal(scores.unresolved, 1, 'a failed request counts as unresolved');
  });

  it('reads a taxonomy path from sample metadata and ignores a malformed one', () => {
    assert.deepEqual(taxonomyOfMetadata({ taxonomy: [{ rank: 'genus', name: 'Bubo' }] }), [
      { rank: 'genus', name: 'Bubo' },
    ]);
    assert.equal(taxonomyOfMetadata({ taxonomy: [{ rank: 'genus' }] }), undefined);
    assert.equal(taxonomyOfMetadata({}), undefined);
  });
});
