// Every finer-reference prompt, per family and level, checked for the parts the FINER reference
// structure requires (not snapshot equality), plus the rules around the templates: gold
// conditioning on by default, "/"-joined labels in ATTRSEEK, turn 1 cleaned before it is sent
// back, the probe's layout and marker, decoding, and answer extraction matching the prompt.
import { strict as assert } from 'node:assert';
import { AIRCRAFT_MANUFACTURERS } from '../../../src/core/prompts/defaultTemplates';
import { PromptBuilder } from '../../../src/core/prompts/promptBuilder';
import {
  DEFAULT_PROTOCOL,
  PROMPT_PROTOCOLS,
  parsePromptProtocol,
} from '../../../src/core/prompts/promptProtocols';
import {
  DATASET_FAMILIES,
  type ChatMessage,
  type DatasetFamily,
  type PromptSample,
  type ResolvedPrompt,
} from '../../../src/core/prompts/promptTypes';
import { parseAnswerResponse } from '../../../src/core/parse/answerResponse';
import { extractAnswer } from '../../../src/core/scoring/answerNormalization';

function text(p: ResolvedPrompt, index = p.messages.length - 1): string {
  const m = p.messages[index] as ChatMessage;
  if (m.role !== 'user') return m.content;
  return m.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
}

function hasImage(p: ResolvedPrompt): boolean {
  return p.messages.some((m) => m.role === 'user' && m.content.some((c) => c.type === 'image'));
}

/** The reference's category lists (llava/serve/prompts.py) and worked examples per family. */
const ORGANISMS =
  'Arachnids, Mammals, Reptiles, Animalia, Mollusks, Plants, Amphibians, Ray-finned Fishes, Birds, Insects, Fungi';
const DOGS =
  'Arachnids, Dogs, Reptiles, Mollusks, Plants, Amphibians, Ray-finned Fishes, Birds, Insects, Fungi';
const OBJECTS = 'Airplane, Car, Train, Bicycle, Cell Phone, Plants, Dogs, Birds, Trucks';
const EXPECTED: Record<
  DatasetFamily,
  { categories: string; coarseExample: RegExp | null; fineExample: RegExp; probeMarker: string }
> = {
  organism: {
    categories: ORGANISMS,
    coarseExample: /bengal tiger.*coarse-grained.*"Tiger"/,
    fineExample: /bengal tiger.*"Bengal Tiger".*"Panthera tigris tigris"/,
    probeMarker: 'Specific Name:',
  },
  aircraft: {
    categories: OBJECTS,
    coarseExample: null,
    fineExample: /Boeing 787 Dreamliner.*"Boeing 787 Dreamliner"/,
    probeMarker: 'Specific Airplane:',
  },
  car: {
    categories: OBJECTS,
    coarseExample: null,
    fineExample: /2006 Honda Civic LX Coupe.*"2006 Honda Civic LX Coupe"/,
    probeMarker: 'Specific Car:',
  },
  dog: {
    categories: DOGS,
    coarseExample: /Golden Retriever.*coarse-grained.*"Retriever"/,
    fineExample: /Golden Retriever.*fine-grained.*"Golden Retriever"/,
    probeMarker: 'Specific Dog:',
  },
  generic: {
    categories: 'Arachnids, Mammals',
    coarseExample: /bengal tiger.*"Tiger"/,
    fineExample: /bengal tiger.*"Bengal Tiger".*"Panthera tigris tigris"/,
    probeMarker: 'Specific Name:',
  },
};

const SAMPLES: Record<DatasetFamily, PromptSample> = {
  organism: { idx: 3, superordinate: 'Bird', coarse: ['Warbler', 'Songbird'], fine: ['Azure Warbler'] },
  aircraft: { idx: 4, superordinate: 'Airplane', coarse: ['Boeing'], fine: ['737-800'] },
  car: { idx: 5, superordinate: 'Car', coarse: ['Pickup'], fine: ['Chevrolet Silverado 1500 2012'] },
  dog: { idx: 6, superordinate: 'Dog', coarse: ['Retriever', 'Gun dog'], fine: ['Golden Retriever'] },
  generic: { idx: 7, superordinate: 'Thing', coarse: ['Gadget'], fine: ['Pocket Gadget'] },
};

const gold = { goldConditioning: true, seed: 0 };

describe('finer-reference protocol templates', () => {
  it('is the default protocol, and unknown names are refused with the known ones', () => {
    assert.equal(DEFAULT_PROTOCOL, 'finer-reference');
    assert.equal(new PromptBuilder('organism').protocol, 'finer-reference');
    assert.throws(
      () => parsePromptProtocol('finer', '--protocol'),
      /--protocol: unknown.*finer-reference, finer-lens-v1/,
    );
  });

  it('gives every protocol and family its own template hash', () => {
    const hashes = PROMPT_PROTOCOLS.flatMap((p) =>
      DATASET_FAMILIES.map((f) => new PromptBuilder(f, null, p).templateHash),
    );
    assert.equal(new Set(hashes).size, hashes.length);
  });

  for (const family of DATASET_FAMILIES) {
    describe(`family ${family}`, () => {
      const b = new PromptBuilder(family);
      const sample = SAMPLES[family];
      const want = EXPECTED[family];

      it('superordinate: the reference category list, an image, "Answer:"', () => {
        const p = b.superordinate();
        assert.ok(hasImage(p));
        assert.ok(text(p).includes(want.categories), text(p));
        assert.match(text(p), /after "Answer:"/);
        assert.equal(p.answerMarker, 'Answer:');
        assert.deepEqual(p.decoding, { temperature: 0.2, maxTokens: 512 });
      });

      it('coarse: names the gold superordinate, the closed list or the worked example, "Answer:"', () => {
        const p = b.coarse(sample, gold);
        const t = text(p);
        assert.ok(hasImage(p));
        assert.ok(t.includes(`the ${sample.superordinate} that appears in this image`), t);
        if (family === 'aircraft') {
          assert.ok(t.includes(AIRCRAFT_MANUFACTURERS.join(', ')));
          assert.match(t, /manufacturer/);
        } else if (family === 'car') {
          assert.ok(t.includes('Sedan, SUV, Coupe, Convertible, Pickup, Hatchback, Van'), t);
        } else {
          assert.match(t.replace(/\n/g, ' '), want.coarseExample as RegExp);
        }
        assert.match(t, /after "Answer:"/);
        assert.equal(p.goldConditioning, true);
      });

      it('fine: names one gold coarse label, the worked example, "Answer:"', () => {
        const p = b.fine(sample, gold);
        const t = text(p);
        assert.ok(hasImage(p));
        assert.ok(sample.coarse.includes(p.filled['coarse'] ?? ''), JSON.stringify(p.filled));
        assert.ok(t.includes(p.filled['coarse'] ?? '?'));
        if (family === 'aircraft')
          assert.match(t, new RegExp(`airplane model made by ${p.filled['coarse']}`));
        assert.match(t.replace(/\n/g, ' '), want.fineExample);
        assert.match(t, /after "Answer:"/);
      });

      for (const level of ['coarse', 'fine'] as const) {
        it(`ATTRSEEK ${level}: turn 1 asks for visible attributes after "Attributes:", turn 2 follows text-only`, () => {
          const t1 = b.attrSeekAttributes(level, sample, gold);
          assert.ok(hasImage(t1));
          const q1 = text(t1);
          assert.match(q1, /external, descriptive attributes/);
          assert.match(q1, /physical attributes after "Attributes:"/);
          const above = level === 'coarse' ? sample.superordinate : sample.coarse.join('/');
          assert.ok(q1.includes(`on the ${above} in this image`), q1);
          const t2 = b.attrSeekAnswer(t1, '  Attributes:\n- blue crown\n- yellow throat</s>\n');
          const assistant = t2.messages[t2.messages.length - 2] as ChatMessage;
          assert.equal(assistant.role, 'assistant');
          assert.equal(assistant.content, 'Attributes:\n- blue crown\n- yellow throat', 'turn 1 cleaned');
          const q2 = text(t2);
          assert.ok(q2.startsWith(`Now tell me what kind of ${above} it is.`), q2);
          assert.match(
            q2,
            level === 'coarse'
              ? /bengal tiger.*"Tiger"/
              : /bengal tiger.*"Bengal Tiger".*Panthera tigris tigris/,
          );
          assert.match(q2, /after "Answer:"/);
          const last = t2.messages[t2.messages.length - 1] as ChatMessage;
          assert.ok(
            last.role === 'user' && last.content.every((c) => c.type === 'text'),
            'turn 2 is text-only',
          );
        });
      }

      it('knowledge probe: attributes first, known levels one per line, ending with the level marker; 256 tokens', () => {
        const p = b.knowledgeProbe(sample, ['blue crown', 'none', 'yellow throat']);
        assert.equal(hasImage(p), false);
        const lines = text(p).split('\n');
        const attrAt = lines.indexOf('Physical Attributes: blue crown; yellow throat');
        const superAt = lines.indexOf(`Supercategory: ${sample.superordinate}`);
        assert.ok(attrAt >= 0 && superAt > attrAt, text(p));
        assert.ok(lines[superAt + 1]?.startsWith('Coarse-grained Category: '), text(p));
        assert.equal(lines[lines.length - 1], want.probeMarker);
        assert.ok(text(p).includes(`after "${want.probeMarker}"`));
        assert.equal(p.answerMarker, want.probeMarker);
        assert.deepEqual(p.decoding, { temperature: 0.2, maxTokens: 256 });
      });

      it('attribute generation: the tiger example, visible features only, no size/weight, "none"; 256 tokens', () => {
        const p = b.attributeGeneration(sample.fine[0] ?? 'x');
        const t = text(p);
        assert.equal(hasImage(p), false);
        assert.ok(t.includes(`distinguishing ${sample.fine[0]} in a photo`));
        assert.match(t, /bengal tiger \(Felis tigris\)/);
        assert.match(t, /Required:\n- yellow to light orange coat/);
        assert.match(t, /Likely:\n- found in mangrove/);
        assert.match(t, /can see from the outside/);
        assert.match(t, /size or weight/);
        assert.match(t, /write "none"/);
        assert.deepEqual(p.decoding, { temperature: 0.2, maxTokens: 256 });
      });
    });
  }

  it('the probe lists taxonomy ranks one per line when the sample has them (the iNaturalist layout)', () => {
    const p = new PromptBuilder('organism').knowledgeProbe(
      {
        ...SAMPLES.organism,
        metadata: { taxonomy: { kingdom: 'Animalia', class: 'Aves', genus: 'Setophaga' } },
      },
      ['blue crown'],
    );
    const t = text(p);
    assert.match(t, /Supercategory: Bird\nKingdom: Animalia\nClass: Aves\nGenus: Setophaga\nSpecific Name:$/);
    assert.doesNotMatch(t, /Coarse-grained Category/);
  });

  it('finer-lens-v1 keeps its own layout: one seeded label in ATTRSEEK, the reply verbatim, "Answer:" probe', () => {
    const v1 = new PromptBuilder('organism', null, 'finer-lens-v1');
    const t1 = v1.attrSeekAttributes('fine', SAMPLES.organism, gold);
    assert.ok(SAMPLES.organism.coarse.includes(t1.filled['coarse'] ?? ''));
    const t2 = v1.attrSeekAnswer(t1, ' reply</s>\n');
    assert.equal(t2.messages[t2.messages.length - 2]?.content, ' reply</s>\n');
    const probe = v1.knowledgeProbe(SAMPLES.organism, ['blue crown']);
    assert.equal(probe.answerMarker, 'Answer:');
    assert.match(text(probe), /Category: Bird\nGroup: /);
    assert.deepEqual(probe.decoding, { temperature: 0.2, maxTokens: 512 });
  });

  it('both protocols ask for the answer where extraction reads it (the first marker)', () => {
    for (const protocol of PROMPT_PROTOCOLS) {
      for (const family of DATASET_FAMILIES) {
        const b = new PromptBuilder(family, null, protocol);
        const prompts = [
          b.superordinate(),
          b.coarse(SAMPLES[family], gold),
          b.fine(SAMPLES[family], gold),
          b.knowledgeProbe(SAMPLES[family], ['a']),
        ];
        for (const p of prompts) {
          const t = text(p);
          assert.ok(
            t.includes(`"${p.answerMarker}"`),
            `${protocol} ${family} ${p.kind} names ${p.answerMarker}`,
          );
          assert.doesNotMatch(t, /last line/, 'no instruction extraction does not follow');
          const reply = `I think so.\n${p.answerMarker} Golden Eagle\nbecause of the beak.`;
          assert.equal(parseAnswerResponse(reply, p.answerMarker).shortAnswer, 'Golden Eagle');
          assert.match(extractAnswer(reply, p.answerMarker), /^Golden Eagle/);
        }
      }
    }
  });
});
