import { strict as assert } from 'node:assert';
import {
  acceptableLabels,
  FINER_METRICS,
  finerExactMatch,
  scorePrediction,
  strictExactMatch,
  tokenF1,
} from '../../../src/core/scoring/finerMetrics';
import { FinerLensError } from '../../../src/core/errors';

describe('finerExactMatch (lenient, FINER "modified EM")', () => {
  it('credits a gold label that occurs as characters in the first 20 prediction words', () => {
    assert.equal(finerExactMatch('It is a Great Horned Owl.', 'great horned owl'), 1);
    assert.equal(finerExactMatch('birds', 'bird'), 1);
    assert.equal(finerExactMatch('mothership', 'moth'), 1);
    assert.equal(finerExactMatch('Barn Owl', 'Great Horned Owl'), 0);
  });

  it('ignores words after the 20th normalized word', () => {
    const filler = Array.from({ length: 19 }, (_, i) => `w${i}`).join(' ');
    assert.equal(finerExactMatch(`${filler} owl`, 'owl'), 1);
    assert.equal(finerExactMatch(`${filler} x owl`, 'owl'), 0);
    // Articles vanish before counting, so they do not push the label out.
    assert.equal(finerExactMatch(`the a an ${filler} owl`, 'owl'), 1);
  });

  it('gives 1 for an empty normalized gold, like the reference ("" is in every string)', () => {
    assert.equal(finerExactMatch('anything', 'The!'), 1);
  });
});

describe('strictExactMatch', () => {
  it('is normalized equality only', () => {
    assert.equal(strictExactMatch('The Great-Horned Owl!', 'great horned owl'), 0);
    assert.equal(strictExactMatch('The Great Horned Owl!', 'great horned owl'), 1);
    assert.equal(strictExactMatch('birds', 'bird'), 0);
  });
});

describe('tokenF1', () => {
  it('is SQuAD F1 on normalized tokens', () => {
    assert.equal(tokenF1('great horned owl', 'Great Horned Owl'), 1);
    // 1 shared of 2 predicted and 3 gold: p=1/2, r=1/3, f1=0.4
    assert.equal(tokenF1('barn owl', 'great horned owl'), 0.4);
    assert.equal(tokenF1('eagle', 'owl'), 0);
    assert.equal(tokenF1('', 'owl'), 0);
    assert.equal(tokenF1('owl', ''), 0);
  });

  it('counts repeated tokens with Counter-intersection semantics', () => {
    // pred has owl x3, gold has owl x1: shared=1, p=1/3, r=1 -> 0.5
    assert.equal(tokenF1('owl owl owl', 'owl'), 0.5);
    // shared = min(2,3) = 2; p=2/2, r=2/3 -> 0.8
    assert.equal(tokenF1('owl owl', 'owl owl owl'), 0.8);
  });

  it('uses only the first 10 gold words', () => {
    const gold = 'a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 a11 a12';
    assert.equal(tokenF1('a11 a12', gold), 0);
    assert.equal(tokenF1('a1 a2 a3 a4 a5 a6 a7 a8 a9 a10', gold), 1);
  });
});

describe('acceptableLabels', () => {
  const labels = { superordinate: 'Bird', coarse: ['Owl'], fine: ['Bubo virginianus', 'Great Horned Owl'] };
  it('widens the accepted set at higher levels', () => {
    assert.deepEqual(acceptableLabels('superordinate', labels), [
      'Bird',
      'Owl',
      'Bubo virginianus',
      'Great Horned Owl',
    ]);
    assert.deepEqual(acceptableLabels('coarse', labels), ['Owl', 'Bubo virginianus', 'Great Horned Owl']);
    assert.deepEqual(acceptableLabels('fine', labels), ['Bubo virginianus', 'Great Horned Owl']);
  });
});

describe('scorePrediction', () => {
  it('keeps the maximum of each metric over the acceptable labels, independently', () => {
    const s = scorePrediction('great horned owls', ['Great Horned Owl', 'great horned owls now']);
    assert.deepEqual(s, {
      finerEm: 1,
      strictEm: 0,
      f1: tokenF1('great horned owls', 'great horned owls now'),
    });
    assert.ok(s.f1 > tokenF1('great horned owls', 'Great Horned Owl'));
    assert.deepEqual(scorePrediction('Bubo virginianus', ['Owl', 'Bubo virginianus']), {
      finerEm: 1,
      strictEm: 1,
      f1: 1,
    });
  });

  it('refuses to score without labels', () => {
    assert.throws(() => scorePrediction('owl', []), FinerLensError);
  });
});

describe('FINER_METRICS', () => {
  it('names the lenient and the strict exact match so a reader can tell them apart', () => {
    assert.deepEqual(
      FINER_METRICS.map((m) => [m.key, m.jsonKey, m.name]),
      [
        ['finerEm', 'finer_em', 'FINER EM (lenient)'],
        ['strictEm', 'strict_em', 'strict EM'],
        ['f1', 'f1', 'F1'],
      ],
    );
  });
});
