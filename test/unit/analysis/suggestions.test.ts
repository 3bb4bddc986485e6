// Tags suggested from run results: pure rules, then through the store with decisions recorded.
import { strict as assert } from 'node:assert';
import type { SuggestionInput } from '../../../src/core/analysis/suggestions';
import { suggestTags } from '../../../src/core/analysis/suggestions';
import { StructuredMatcher } from '../../../src/core/analysis/structuredMatcher';
import { SampleSuggestions } from '../../../src/core/analysis/suggestionsForSample';
import { ReviewActions } from '../../../src/core/analysis/reviewActions';
import { addRun, makeTagsFixture, type TagsFixture } from './tagsFixture';

const warbler = { superordinate: 'Bird', coarse: ['Warbler'], fine: ['Yellow Warbler'] };

function input(partial: Partial<SuggestionInput>): SuggestionInput {
  return {
    labels: warbler,
    results: {},
    siblingFineLabels: ['Hooded Warbler', 'Pine Warbler'],
    genericLabels: ['Bird', 'Warbler', 'Owl'],
    ...partial,
  };
}

const keys = (i: SuggestionInput): string[] => suggestTags(i).map((s) => s.tagKey);

describe('tag suggestions (pure)', () => {
  it('suggests coarse right, fine wrong and sibling confusion for a sibling answer', () => {
    const out = suggestTags(
      input({
        results: {
          coarse: { answer: 'Warbler', finerEm: 1, error: null },
          fine: { answer: 'Pine Warbler', finerEm: 0, error: null },
        },
      }),
    );
    assert.deepEqual(
      out.map((s) => s.tagKey),
      ['coarse-right-fine-wrong', 'sibling-confusion'],
    );
    assert.match(out[1]!.reason, /"Pine Warbler".*another class of the Warbler group/);
  });

  it('infers the right coarse group from the fine answer when the run has no coarse level', () => {
    assert.deepEqual(
      keys(input({ results: { fine: { answer: 'Pine Warbler', finerEm: 0, error: null } } })),
      ['coarse-right-fine-wrong', 'sibling-confusion'],
    );
    assert.deepEqual(
      keys(input({ results: { fine: { answer: 'Snowy Owl', finerEm: 0, error: null } } })),
      [],
    );
  });

  it('suggests a generic answer, a wrong superordinate and refusals', () => {
    assert.ok(
      keys(input({ results: { fine: { answer: 'Owl', finerEm: 0, error: null } } })).includes(
        'generic-answer',
      ),
    );
    assert.deepEqual(
      keys(input({ results: { superordinate: { answer: 'Airplane', finerEm: 0, error: null } } })),
      ['wrong-superordinate'],
    );
    for (const answer of ['', "I'm sorry, I cannot identify this bird.", 'Unknown']) {
      assert.deepEqual(
        keys(input({ results: { fine: { answer, finerEm: 0, error: null } } })),
        ['refusal'],
        answer,
      );
    }
    assert.deepEqual(keys(input({ results: { fine: { answer: null, finerEm: null, error: 'HTTP 500' } } })), [
      'refusal',
    ]);
    assert.deepEqual(
      keys(input({ results: { fine: { answer: 'Yellow Warbler', finerEm: 1, error: null } } })),
      [],
    );
  });

  it('suggests missed key and hallucinated attributes from generated vs reference attributes', () => {
    const out = suggestTags(
      input({
        results: { fine: { answer: 'Pine Warbler', finerEm: 0, error: null } },
        reference: { required: ['yellow breast', 'red streaks on chest'], likely: [] },
        generatedAttributes: ['bright yellow breast', 'long curved bill'],
      }),
    );
    const missed = out.find((s) => s.tagKey === 'missed-key-attribute');
    const hallucinated = out.find((s) => s.tagKey === 'hallucinated-attribute');
    assert.match(missed?.reason ?? '', /"red streaks on chest"/);
    assert.doesNotMatch(missed?.reason ?? '', /"yellow breast"/);
    assert.match(hallucinated?.reason ?? '', /"long curved bill"/);
  });

  it('with the structured matcher, names contradicted attributes apart from unsupported ones', () => {
    const out = suggestTags(
      input({
        results: { fine: { answer: 'Pine Warbler', finerEm: 0, error: null } },
        reference: { required: ['yellow breast', 'white wing bars'], likely: [] },
        generatedAttributes: ['spotted breast', 'no wing bars', 'orange legs', 'two wings'],
        matcher: new StructuredMatcher(),
        domain: 'bird',
      }),
    );
    const hallucinated = out.find((s) => s.tagKey === 'hallucinated-attribute');
    assert.equal(
      hallucinated?.reason,
      'contradicts the reference: "spotted breast", "no wing bars"; not supported by the reference: "orange legs"',
    );
  });

  it('suggests "knows from text, not image" when the text probe is right and the image run wrong', () => {
    const out = keys(
      input({
        results: { fine: { answer: 'Snowy Owl', finerEm: 0, error: null } },
        textProbe: { answer: 'Yellow Warbler', finerEm: 1, error: null },
      }),
    );
    assert.deepEqual(out, ['text-not-image']);
  });
});

describe('tag suggestions for a stored sample', function () {
  this.timeout(60_000);
  let fx: TagsFixture;
  beforeEach(async () => {
    fx = await makeTagsFixture();
  });
  afterEach(async () => {
    await fx.cleanup();
  });

  it('offers suggestions, records accept / reject, does not offer rejected ones again, and undoes', async () => {
    // idx 2 is a Yellow Warbler; Hooded Warbler is a sibling in the small dataset.
    const s = fx.ids[2]!;
    const runId = await addRun(fx.store, fx.datasetId, [
      { sampleId: s, level: 'fine', answer: 'Hooded Warbler', finerEm: 0 },
    ]);
    const probeId = await addRun(
      fx.store,
      fx.datasetId,
      [{ sampleId: s, level: 'fine', answer: 'Yellow Warbler', finerEm: 1 }],
      'text-only',
    );
    const suggestions = new SampleSuggestions(fx.store);
    const first = suggestions.forSample(s, runId);
    assert.deepEqual(
      first.map((x) => x.tagKey),
      ['coarse-right-fine-wrong', 'sibling-confusion', 'text-not-image'],
    );
    assert.ok(first.every((x) => x.status === 'pending' && x.tagId > 0 && x.color !== null));
    assert.deepEqual(suggestions.forSample(s, probeId), []);

    const actions = new ReviewActions(fx.store);
    actions.acceptSuggestion(s, first[1]!);
    actions.rejectSuggestion(s, first[2]!);
    assert.deepEqual(
      fx.store.sampleTags(s).map((t) => t.key),
      ['sibling-confusion'],
    );
    const decisions = fx.store.suggestionDecisions(s).map((d) => [d.tagKey, d.decision, d.runId]);
    assert.deepEqual(decisions, [
      ['sibling-confusion', 'accepted', runId],
      ['text-not-image', 'rejected', runId],
    ]);
    const second = suggestions.forSample(s, runId);
    assert.deepEqual(
      second.map((x) => [x.tagKey, x.status]),
      [
        ['coarse-right-fine-wrong', 'pending'],
        ['sibling-confusion', 'accepted'],
      ],
    );
    actions.undo(); // the rejection
    actions.undo(); // the acceptance: tag and decision gone
    assert.deepEqual(fx.store.sampleTags(s), []);
    assert.deepEqual(fx.store.suggestionDecisions(s), []);
    assert.equal(suggestions.forSample(s, runId).length, 3);
  });
});
