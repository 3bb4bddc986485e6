// parseReviewSlice: slices from untrusted places (webview messages, files) are checked field by
// field; the wording of the new conditions names what they select.
import { strict as assert } from 'node:assert';
import {
  describeReviewSlice,
  parseReviewSlice,
  ReviewSliceError,
} from '../../../../src/core/analysis/reviewSlice';
import type { ReviewSlice } from '../../../../src/core/model';

describe('parseReviewSlice', () => {
  const good: ReviewSlice = {
    datasetId: 1,
    conditions: [
      { kind: 'gold', level: 'fine', classKeys: ['Barn Owl'] },
      { kind: 'predicted', runId: 2, level: 'fine', classKeys: ['Great Horned Owl', null], ambiguous: true },
      { kind: 'misclassified', runId: 2, level: 'fine' },
      { kind: 'flip', runId: 2, otherRunId: 3, level: 'coarse', direction: 'wrong-to-right' },
      { kind: 'quadrant', imageRunId: 2, textRunId: 3, quadrant: 'text-only' },
      { kind: 'severity', runId: 2, severity: 'sibling' },
      { kind: 'correct', runId: 2, level: 'coarse', strict: true },
      { kind: 'result', runId: 2, level: 'fine' },
      { kind: 'failed', runId: 2, level: 'fine' },
      { kind: 'tagged', tag: 'label-noise', runId: 2 },
      { kind: 'samples', sampleIds: [4, 5] },
      { kind: 'search', text: 'spotted breast', runId: 2 },
    ],
  };

  it('accepts every known kind and returns the slice', () => {
    assert.deepEqual(parseReviewSlice(JSON.parse(JSON.stringify(good))), good);
  });

  it('names the condition and the field that is wrong', () => {
    const bad = (conditions: unknown[]) => () => parseReviewSlice({ datasetId: 1, conditions });
    assert.throws(bad([{ kind: 'gold', level: 'species', classKeys: [] }]), /Condition 1 \(gold\).*level/);
    assert.throws(
      bad([
        { kind: 'correct', runId: 1, level: 'fine' },
        { kind: 'flip', runId: 1, otherRunId: 2, level: 'fine', direction: 'up' },
      ]),
      /Condition 2 \(flip\).*direction/,
    );
    assert.throws(bad([{ kind: 'predicted', runId: 1, level: 'fine', classKeys: [3] }]), ReviewSliceError);
    assert.throws(bad([{ kind: 'samples', sampleIds: [1.5] }]), /sampleIds/);
    assert.throws(bad([{ kind: 'drop table' }]), /a known kind/);
    assert.throws(bad([{ kind: 'search', text: 'x'.repeat(201) }]), /Condition 1 \(search\).*text/);
    assert.throws(bad([{ kind: 'search', text: '  ' }]), /search/);
    assert.throws(() => parseReviewSlice({ datasetId: '1', conditions: [] }), /datasetId/);
    assert.throws(() => parseReviewSlice(null), /must be an object/);
  });

  it('describes the new conditions in words', () => {
    const text = describeReviewSlice(good);
    assert.match(text, /gold class "Barn Owl" at fine level/);
    assert.match(text, /answer names "Great Horned Owl" or no class of the dataset or several classes/);
    assert.match(text, /wrong in run 2, right in run 3 at coarse level/);
    assert.match(text, /right from text only/);
    assert.match(text, /wrong fine answer \(sibling\) in run 2/);
  });
});
