// The default attribute matcher and the alignment of generated with reference attributes,
// on attributes from the sample-birds dataset and from the simulator.
import { strict as assert } from 'node:assert';
import { alignAttributes, alignAttributesAsync } from '../../../src/core/analysis/attributeAlignment';
import type { AsyncAttributeMatcher } from '../../../src/core/analysis/attributeMatching';
import {
  canonicalizeAttribute,
  DEFAULT_MATCH_THRESHOLD,
  TokenOverlapMatcher,
} from '../../../src/core/analysis/attributeMatching';

const matcher = new TokenOverlapMatcher();
const same = (a: string, b: string): boolean => matcher.score(a, b) >= matcher.threshold;

describe('TokenOverlapMatcher', () => {
  it('scores identical attributes 1 and unrelated ones 0', () => {
    assert.equal(matcher.score('yellow throat', 'yellow throat'), 1);
    assert.equal(matcher.score('perches in foliage', 'white eye ring'), 0);
    assert.equal(matcher.score('', 'yellow throat'), 0);
  });

  it('ignores case, punctuation, stop words and plurals', () => {
    assert.equal(matcher.score('The Yellow Throat.', 'yellow throat'), 1);
    assert.equal(matcher.score('has white wing bars visible', 'white wing bar'), 1);
    assert.equal(matcher.score('with a white eye-ring', 'white eye ring'), 1);
  });

  it('maps colour synonyms to one colour', () => {
    assert.equal(matcher.score('gray crown', 'slate-grey crown'), 1);
    assert.equal(matcher.score('ashy crown', 'grey crown'), 1);
    assert.ok(same('scarlet breast', 'red breast'));
    assert.ok(same('crimson chest', 'rose breast'));
    assert.ok(same('lemon throat', 'yellow throat'));
    assert.ok(same('golden chin', 'saffron throat'));
    assert.ok(same('orange throat', 'fiery orange throat'));
    assert.ok(same('azure cap', 'bright blue crown'));
    assert.ok(same('rufous back', 'chestnut back'));
  });

  it('maps part synonyms to one part', () => {
    assert.ok(same('blue cap', 'bright blue crown'));
    assert.ok(same('blue head top', 'bright blue crown'));
    assert.ok(same('yellow chin', 'yellow throat'));
    assert.ok(same('white chest', 'white breast'));
    assert.ok(same('white wingbars', 'white wing bars'));
    assert.ok(same('white spectacles', 'white eye ring'));
    assert.ok(same('thin pointed bill', 'thin pointed beak'));
    assert.ok(same('white tail', 'white outer tail feathers'));
  });

  it('keeps apart attributes that share a colour but not the part, or a part but not the colour', () => {
    assert.ok(!same('yellow throat', 'yellow breast'));
    assert.ok(!same('white breast', 'white eye ring'));
    assert.ok(!same('slate-grey crown', 'bright blue crown'));
    assert.ok(!same('fiery orange throat', 'yellow throat'));
  });

  it('does not match a negated attribute with its positive form', () => {
    assert.ok(!same('no wing bars', 'white wing bars'));
    assert.ok(same('no wing bars', 'no wingbars'));
  });

  it('uses 0.5 as its default threshold: 0.44 is not a match, 0.57 is', () => {
    assert.equal(DEFAULT_MATCH_THRESHOLD, 0.5);
    assert.equal(matcher.threshold, 0.5);
    // Scores either side of the default, and what the alignment makes of them.
    assert.equal(matcher.score('grey back', 'dark grey upperparts').toFixed(2), '0.44');
    assert.equal(matcher.score('short beak', 'thin pointed beak').toFixed(2), '0.57');
    const below = alignAttributes(['grey back'], { required: ['dark grey upperparts'], likely: [] }, matcher);
    const above = alignAttributes(['short beak'], { required: ['thin pointed beak'], likely: [] }, matcher);
    assert.equal(below.generated[0]?.status, 'unsupported');
    assert.equal(above.generated[0]?.status, 'supported');
  });

  it('honours a configured threshold', () => {
    const strict = new TokenOverlapMatcher({ threshold: 0.95 });
    const score = strict.score('blue cap', 'bright blue crown');
    assert.ok(score > 0.5 && score < 0.95, `score ${score}`);
    assert.equal(strict.threshold, 0.95);
  });

  it('canonicalizes into tokens with roles', () => {
    const c = canonicalizeAttribute('Slate-grey crown');
    assert.deepEqual(c.tokens, ['grey', 'crown']);
    assert.equal(c.roles.get('grey'), 'colour');
    assert.equal(c.roles.get('crown'), 'part');
    assert.equal(c.negated, false);
    assert.equal(canonicalizeAttribute('no wing bars').negated, true);
  });
});

describe('alignAttributes', () => {
  const azure = {
    required: ['bright blue crown', 'yellow throat', 'yellow breast', 'white wing bars'],
    likely: ['olive-green back and wings', 'thin pointed beak', 'plain dark tail', 'perches in foliage'],
  };

  it('marks reference attributes mentioned or missed and generated ones supported or unsupported', () => {
    // A simulator-style turn 1: some right, one paraphrased, one from a confusable sibling.
    const generated = ['blue cap', 'yellow chin', 'white wingbars', 'slate-grey crown', 'thin pointed bill'];
    const a = alignAttributes(generated, azure, matcher);
    const status = Object.fromEntries(a.reference.map((r) => [r.text, r.status]));
    assert.equal(status['bright blue crown'], 'mentioned');
    assert.equal(status['yellow throat'], 'mentioned');
    assert.equal(status['yellow breast'], 'missed');
    assert.equal(status['white wing bars'], 'mentioned');
    assert.equal(status['thin pointed beak'], 'mentioned');
    assert.equal(status['perches in foliage'], 'missed');
    const crown = a.reference.find((r) => r.text === 'bright blue crown');
    assert.equal(crown?.best?.text, 'blue cap');
    const gen = Object.fromEntries(a.generated.map((g) => [g.text, g.status]));
    assert.equal(gen['slate-grey crown'], 'unsupported');
    assert.equal(gen['blue cap'], 'supported');
    assert.equal(a.generated.find((g) => g.text === 'thin pointed bill')?.best?.kind, 'likely');
    assert.equal(a.summary.requiredTotal, 4);
    assert.equal(a.summary.requiredMentioned, 3);
    assert.equal(a.summary.requiredRecall, 0.75);
    assert.equal(a.summary.generatedSupported, 4);
    assert.equal(a.summary.precision, 0.8);
    assert.equal(a.summary.likelyMentioned, 1);
  });

  it('has undefined rates when nothing was generated or nothing is required', () => {
    const a = alignAttributes([], azure, matcher);
    assert.equal(a.summary.precision, undefined);
    assert.equal(a.summary.requiredRecall, 0);
    const b = alignAttributes(['blue cap'], { required: [], likely: [] }, matcher);
    assert.equal(b.summary.requiredRecall, undefined);
    assert.equal(b.generated[0]?.status, 'unsupported');
  });

  it('accepts an asynchronous matcher with the same result shape', async () => {
    const exact: AsyncAttributeMatcher = {
      id: 'exact',
      describe: 'exact text',
      threshold: 1,
      score: (g, r) => Promise.resolve(g === r ? 1 : 0),
    };
    const a = await alignAttributesAsync(['yellow throat', 'blue cap'], azure, exact);
    assert.equal(a.matcherId, 'exact');
    assert.equal(a.summary.requiredMentioned, 1);
    assert.equal(a.generated[1]?.status, 'unsupported');
    const sync = await alignAttributesAsync(['blue cap'], azure, matcher);
    assert.deepEqual(sync, alignAttributes(['blue cap'], azure, matcher));
  });
});
