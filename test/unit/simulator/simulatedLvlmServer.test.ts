import assert from 'node:assert/strict';
import type { ChatMessage } from '../../../src/core/lvlm/chatMessages';
import { encodeImageBytes } from '../../../src/core/lvlm/imageEncoding';
import { LvlmClient } from '../../../src/core/lvlm/lvlmClient';
import { validateEndpoint } from '../../../src/core/lvlm/lvlmEndpoint';
import { RequestLimiter } from '../../../src/core/lvlm/requestLimiter';
import type { LabelLevel } from '../../../src/core/model';
import { parseAttributeList, parseRequiredLikely } from '../../../src/core/parse/attributeLists';
import { PromptBuilder } from '../../../src/core/prompts/promptBuilder';
import { toChatMessages } from '../../../src/core/runs/runTasks';
import { extractAnswer } from '../../../src/core/scoring/answerNormalization';
import { acceptableLabels, strictExactMatch } from '../../../src/core/scoring/finerMetrics';
import {
  startSimulatedLvlmServer,
  type SimulatedServerHandle,
} from '../../../src/core/simulator/simulatedLvlmServer';
import { buildSimulatorCatalog, type SimulatorCatalog } from '../../../src/core/simulator/simulatorCatalog';
import { solidPng } from '../lvlm/simulatorFixture';
import { loadSampleBirds, SAMPLE_ROOT, type SampleBirds } from './sampleBirdsFixture';

const LEVELS: LabelLevel[] = ['superordinate', 'coarse', 'fine'];
const builder = new PromptBuilder('organism');
const GOLD = { goldConditioning: true };

function client(sim: SimulatedServerHandle, concurrency = 8): LvlmClient {
  return new LvlmClient(validateEndpoint({ name: 'sim', baseUrl: sim.url, model: sim.model }), {
    limiter: new RequestLimiter({ concurrency }),
  });
}

function matches(answerText: string, level: LabelLevel, sample: SampleBirds['samples'][number]): boolean {
  const prediction = extractAnswer(answerText);
  return acceptableLabels(level, sample).some((gold) => strictExactMatch(prediction, gold) === 1);
}

describe('simulated LVLM on the sample-birds dataset', function () {
  // Real HTTP on a shared machine: no wall-clock limit (the client's own timeouts bound every call).
  this.timeout(0);
  let data: SampleBirds;
  let catalog: SimulatorCatalog;

  before(async () => {
    data = await loadSampleBirds();
    const built = await buildSimulatorCatalog(data.samples, data.concepts, SAMPLE_ROOT);
    assert.deepEqual(built.issues, []);
    catalog = built.catalog;
  });

  function levelPrompt(level: LabelLevel, i: number): ChatMessage[] {
    const sample = data.samples[i]!;
    const prompt =
      level === 'superordinate'
        ? builder.superordinate()
        : level === 'coarse'
          ? builder.coarse(sample, GOLD)
          : builder.fine(sample, GOLD);
    return toChatMessages(prompt.messages, data.images[i]!);
  }

  async function answerAll(
    sim: SimulatedServerHandle,
    order: number[],
    concurrency: number,
  ): Promise<Map<string, string>> {
    const c = client(sim, concurrency);
    const out = new Map<string, string>();
    await Promise.all(
      order.flatMap((i) =>
        LEVELS.map(async (level) => {
          const r = await c.chat(levelPrompt(level, i));
          out.set(`${i}:${level}`, r.text);
        }),
      ),
    );
    return out;
  }

  it('builds a catalog: every image hashed, confusable siblings ordered by trait difference', () => {
    assert.equal(Object.keys(catalog.images).length, data.samples.length);
    assert.equal(Object.keys(catalog.classes).length, data.concepts.length);
    assert.deepEqual(catalog.superordinates, ['Bird']);
    const azure = catalog.classes['Azure-crowned Warbler']!;
    assert.equal(azure.traits['crown'], 'bright blue');
    assert.equal(azure.confusable[0], 'Slate-crowned Warbler', 'differs only in crown colour');
    assert.ok(azure.confusable.every((k) => catalog.classes[k]!.coarse[0] === 'Warbler'));
  });

  it('is accurate per level within the configured ranges, and fine errors favour confusable siblings', async () => {
    const sim = await startSimulatedLvlmServer({ catalog, host: '127.0.0.1', seed: 11 });
    try {
      const order = data.samples.map((_, i) => i);
      const answers = await answerAll(sim, order, 8);
      const accuracy: Record<string, number> = {};
      for (const level of LEVELS) {
        accuracy[level] =
          order.filter((i) => matches(answers.get(`${i}:${level}`)!, level, data.samples[i]!)).length /
          order.length;
      }
      // Configured 0.98 / 0.6 / 0.2; ~100 samples, so allow about 3 standard deviations.
      assert.ok(accuracy['superordinate']! >= 0.93, JSON.stringify(accuracy));
      assert.ok(accuracy['coarse']! >= 0.45 && accuracy['coarse']! <= 0.75, JSON.stringify(accuracy));
      assert.ok(accuracy['fine']! >= 0.08 && accuracy['fine']! <= 0.33, JSON.stringify(accuracy));

      const wrongFine = order.filter((i) => !matches(answers.get(`${i}:fine`)!, 'fine', data.samples[i]!));
      const sameGroup = wrongFine.filter((i) => {
        const said = extractAnswer(answers.get(`${i}:fine`)!).replace(/\.$/, '');
        const saidClass = catalog.classes[said];
        return saidClass !== undefined && saidClass.coarse[0] === data.samples[i]!.coarse[0];
      });
      assert.ok(
        sameGroup.length / wrongFine.length >= 0.8,
        `${sameGroup.length}/${wrongFine.length} confusions within the coarse group`,
      );
    } finally {
      await sim.close();
    }
  });

  it('answers the text-only probe better than the image (modality gap)', async () => {
    const sim = await startSimulatedLvlmServer({ catalog, host: '127.0.0.1', seed: 11 });
    try {
      const c = client(sim);
      const results = await Promise.all(
        data.samples.map(async (sample) => {
          const concept = data.concepts.find((k) => k.name === sample.fine[0])!;
          const r = await c.chat(
            toChatMessages(builder.knowledgeProbe(sample, concept.required).messages, data.images[0]!),
          );
          return matches(r.text, 'fine', sample);
        }),
      );
      // One answer per concept (14 of them), right for a quota of 60% of the concepts.
      const accuracy = results.filter(Boolean).length / results.length;
      assert.ok(accuracy >= 0.45 && accuracy <= 0.75, `probe accuracy ${accuracy}`);
      // The gap itself: the same samples asked with their image at the fine level do worse.
      const withImage = await Promise.all(
        data.samples.map(async (sample, i) =>
          matches((await c.chat(levelPrompt('fine', i))).text, 'fine', sample),
        ),
      );
      const imageAccuracy = withImage.filter(Boolean).length / withImage.length;
      assert.ok(accuracy > imageAccuracy + 0.1, `text-only ${accuracy} vs image ${imageAccuracy}`);
    } finally {
      await sim.close();
    }
  });

  it('gives the same answers for a seed whatever the order and concurrency; another seed differs', async () => {
    const simA = await startSimulatedLvlmServer({ catalog, host: '127.0.0.1', seed: 3 });
    const simB = await startSimulatedLvlmServer({ catalog, host: '127.0.0.1', seed: 3 });
    const simC = await startSimulatedLvlmServer({ catalog, host: '127.0.0.1', seed: 4 });
    try {
      const forward = data.samples.map((_, i) => i);
      const a = await answerAll(simA, forward, 1);
      const b = await answerAll(simB, [...forward].reverse(), 16);
      const c = await answerAll(simC, forward, 16);
      assert.deepEqual([...b.entries()].sort(), [...a.entries()].sort());
      const differing = [...a.keys()].filter((k) => a.get(k) !== c.get(k)).length;
      assert.ok(differing > 20, `seed 4 differs from seed 3 in ${differing} answers`);
    } finally {
      await Promise.all([simA.close(), simB.close(), simC.close()]);
    }
  });

  it('ATTRSEEK: turn 1 lists attributes that partly match, miss and invent; turn 2 answers', async () => {
    const sim = await startSimulatedLvlmServer({ catalog, host: '127.0.0.1', seed: 5 });
    try {
      const c = client(sim);
      let matched = 0;
      let referenced = 0;
      let invented = 0;
      for (const [i, sample] of data.samples.entries()) {
        const concept = data.concepts.find((k) => k.name === sample.fine[0])!;
        const turn1 = builder.attrSeekAttributes('fine', sample, GOLD);
        const reply = await c.chat(toChatMessages(turn1.messages, data.images[i]!));
        const items = parseAttributeList(reply.text).items.map((s) => s.toLowerCase());
        assert.ok(items.length > 0, reply.text);
        const reference = [...concept.required, ...concept.likely].map((s) => s.toLowerCase());
        referenced += concept.required.length;
        matched += concept.required.filter((a) => items.includes(a.toLowerCase())).length;
        invented += items.filter((a) => !reference.includes(a)).length;
        const turn2 = builder.attrSeekAnswer(turn1, reply.text);
        const answer = await c.chat(toChatMessages(turn2.messages, data.images[i]!));
        assert.match(answer.text, /\S/);
      }
      const recall = matched / referenced;
      assert.ok(recall > 0.4 && recall < 0.8, `required-attribute recall ${recall}`);
      assert.ok(invented > 10, `invented ${invented}`);
      const tasks = new Set(sim.stats().log.map((e) => e.task));
      assert.deepEqual([...tasks].sort(), ['attrseek-attributes', 'label-attrseek']);
    } finally {
      await sim.close();
    }
  });

  it('generates Required:/Likely: attribute lists for a concept', async () => {
    const sim = await startSimulatedLvlmServer({ catalog, host: '127.0.0.1', seed: 5 });
    try {
      const concept = data.concepts[3]!;
      const r = await client(sim).chat(
        toChatMessages(builder.attributeGeneration(concept.name, 'Bird').messages, data.images[0]!),
      );
      const parsed = parseRequiredLikely(r.text);
      assert.equal(parsed.headersFound, true);
      assert.ok(parsed.required.length > 0);
      assert.ok(
        parsed.required.every((a) => concept.required.includes(a)),
        `${parsed.required} vs ${concept.required}`,
      );
    } finally {
      await sim.close();
    }
  });

  it('gives a generic answer for an image it does not know', async () => {
    const sim = await startSimulatedLvlmServer({ catalog, host: '127.0.0.1' });
    try {
      const unknown = encodeImageBytes(solidPng(20, 20, [1, 2, 3]), 'unknown.png');
      const r = await client(sim).chat(
        toChatMessages(builder.fine(data.samples[0]!, GOLD).messages, unknown),
      );
      assert.match(r.text, /a bird/i);
    } finally {
      await sim.close();
    }
  });
});
