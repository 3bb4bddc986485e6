import assert from 'node:assert/strict';
import type { LabelLevel } from '../../../src/core/model';
import { PromptBuilder } from '../../../src/core/prompts/promptBuilder';
import type { DatasetFamily } from '../../../src/core/prompts/promptTypes';
import { toChatMessages } from '../../../src/core/runs/runTasks';
import {
  classifyRequest,
  readRequestMessages,
  type SimulatedTask,
} from '../../../src/core/simulator/requestClassifier';
import { buildSimulatorCatalog, type SimulatorCatalog } from '../../../src/core/simulator/simulatorCatalog';
import { asRequestMessages, loadSampleBirds, SAMPLE_ROOT, type SampleBirds } from './sampleBirdsFixture';

describe('simulator request classification against the real prompt templates', function () {
  // Real HTTP on a shared machine: no wall-clock limit (the client's own timeouts bound every call).
  this.timeout(0);
  let data: SampleBirds;
  let catalog: SimulatorCatalog;

  before(async () => {
    data = await loadSampleBirds();
    catalog = (await buildSimulatorCatalog(data.samples, data.concepts, SAMPLE_ROOT)).catalog;
  });

  function classify(messages: Parameters<typeof toChatMessages>[0], sampleIndex = 0): SimulatedTask {
    const image = data.images[sampleIndex]!;
    const request = readRequestMessages(asRequestMessages(toChatMessages(messages, image)));
    assert.ok(request);
    const key = catalog.images[image.sha256];
    return classifyRequest(request, catalog, key ? catalog.classes[key] : undefined);
  }

  for (const family of ['organism', 'generic', 'dog'] as DatasetFamily[]) {
    for (const gold of [true, false]) {
      it(`detects every task (family ${family}, gold conditioning ${gold ? 'on' : 'off'})`, () => {
        const builder = new PromptBuilder(family);
        const options = { goldConditioning: gold };
        for (const [i, sample] of data.samples.entries()) {
          if (i % 7 !== 0) continue;
          const label = (level: LabelLevel): SimulatedTask => ({ kind: 'label', level, mode: 'direct' });
          assert.deepEqual(classify(builder.superordinate().messages, i), label('superordinate'));
          assert.deepEqual(
            classify(builder.coarse(sample, options).messages, i),
            label('coarse'),
            `coarse, sample ${i}`,
          );
          assert.deepEqual(
            classify(builder.fine(sample, options).messages, i),
            label('fine'),
            `fine, sample ${i}`,
          );
          for (const level of ['coarse', 'fine'] as const) {
            const turn1 = builder.attrSeekAttributes(level, sample, options);
            assert.deepEqual(classify(turn1.messages, i), { kind: 'attrseek-attributes' });
            const turn2 = builder.attrSeekAnswer(turn1, 'Attributes:\n- yellow throat');
            assert.deepEqual(
              classify(turn2.messages, i),
              { kind: 'label', level, mode: 'attrseek' },
              `attrseek ${level}`,
            );
          }
        }
      });
    }
  }

  it('detects the knowledge probe and attribute generation (text only)', () => {
    const builder = new PromptBuilder('organism');
    const sample = data.samples[10]!;
    const concept = data.concepts.find((c) => c.name === sample.fine[0])!;
    assert.deepEqual(classify(builder.knowledgeProbe(sample, concept.required).messages), { kind: 'probe' });
    assert.deepEqual(classify(builder.attributeGeneration(concept.name, 'Bird').messages), {
      kind: 'attribute-generation',
    });
  });

  it('detects the aircraft and car closed lists as the coarse question', () => {
    const airplane = { idx: 0, superordinate: 'Airplane', coarse: ['Boeing'], fine: ['737-800'] };
    const sparseCatalog: SimulatorCatalog = {
      superordinates: ['Airplane'],
      images: {},
      classes: {
        '737-800': {
          key: '737-800',
          superordinate: 'Airplane',
          coarse: ['Boeing'],
          fine: ['737-800'],
          required: [],
          likely: [],
          traits: {},
          confusable: [],
        },
      },
    };
    const aircraft = new PromptBuilder('aircraft');
    const toRequest = (m: Parameters<typeof toChatMessages>[0]) =>
      readRequestMessages(asRequestMessages(toChatMessages(m, data.images[0]!)))!;
    assert.deepEqual(
      classifyRequest(
        toRequest(aircraft.coarse(airplane, { goldConditioning: false }).messages),
        sparseCatalog,
        undefined,
      ),
      {
        kind: 'label',
        level: 'coarse',
        mode: 'direct',
      },
    );
    assert.deepEqual(
      classifyRequest(toRequest(aircraft.superordinate().messages), sparseCatalog, undefined),
      {
        kind: 'label',
        level: 'superordinate',
        mode: 'direct',
      },
    );
  });

  it('treats other text-only chat as chat', () => {
    const request = readRequestMessages([{ role: 'user', content: 'Reply with the single word: ready' }]);
    assert.deepEqual(classifyRequest(request!, catalog, undefined), { kind: 'chat' });
  });

  it('rejects malformed message lists', () => {
    assert.equal(readRequestMessages('hello'), null);
    assert.equal(readRequestMessages([{ content: 'no role' }]), null);
    assert.equal(readRequestMessages([{ role: 'user', content: 42 }]), null);
  });
});
