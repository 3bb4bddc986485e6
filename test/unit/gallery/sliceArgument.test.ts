// "Open in Gallery" arguments: a ReviewSlice, an Analysis smart folder node, a Datasets tree
// class node at each depth, and things that are none of those.
import { strict as assert } from 'node:assert';
import { sliceOfArgument } from '../../../src/extension/gallery/sliceArgument';

describe('gallery command arguments', () => {
  const dataset = { kind: 'dataset', id: 'ds/4', dataset: { id: 4, name: 'birds' } };
  const sup = { kind: 'superordinate', id: 'ds/4/s/Bird', parent: dataset, label: 'Bird', count: 9 };
  const coarse = { kind: 'coarse', id: 'x', parent: sup, label: 'Owl', count: 5 };
  const fine = { kind: 'fine', id: 'y', parent: coarse, label: 'Barn Owl', count: 2 };

  it('takes a slice as it is', () => {
    const slice = { datasetId: 4, conditions: [{ kind: 'search', text: 'owl' }] };
    assert.deepEqual(sliceOfArgument(slice), slice);
    assert.deepEqual(sliceOfArgument({ datasetId: 4, conditions: [] }), { datasetId: 4, conditions: [] });
  });

  it('takes the slice of a smart folder node', () => {
    const slice = { datasetId: 4, conditions: [{ kind: 'misclassified', runId: 2, level: 'fine' }] };
    assert.deepEqual(
      sliceOfArgument({ kind: 'folder', id: 'f', folder: { kind: 'misclassified', slice } }),
      slice,
    );
  });

  it('turns a class node at each depth into a class condition', () => {
    assert.deepEqual(sliceOfArgument(sup), {
      datasetId: 4,
      conditions: [{ kind: 'class', superordinate: 'Bird' }],
    });
    assert.deepEqual(sliceOfArgument(coarse), {
      datasetId: 4,
      conditions: [{ kind: 'class', superordinate: 'Bird', coarse: 'Owl' }],
    });
    assert.deepEqual(sliceOfArgument(fine), {
      datasetId: 4,
      conditions: [{ kind: 'class', superordinate: 'Bird', coarse: 'Owl', fine: 'Barn Owl' }],
    });
  });

  it('refuses what is not a slice', () => {
    for (const arg of [
      undefined,
      null,
      42,
      'Bird',
      { datasetId: -1, conditions: [] },
      { datasetId: 4, conditions: [{ kind: 7 }] },
      { datasetId: 4, conditions: 'all' },
      { kind: 'fine', label: 'Barn Owl', parent: { kind: 'coarse', label: 'Owl' } },
      { kind: 'sample', id: 's', sample: { id: 1 } },
      dataset,
    ]) {
      assert.equal(sliceOfArgument(arg), undefined, JSON.stringify(arg));
    }
  });
});
