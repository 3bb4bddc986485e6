import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FinerLensError, InputError } from '../../../src/core/errors';
import { AIRCRAFT_MANUFACTURERS, CAR_BODY_TYPES } from '../../../src/core/prompts/defaultTemplates';
import { familyForDataset } from '../../../src/core/prompts/datasetFamily';
import { PromptBuilder as Builder, pickConditioningLabel } from '../../../src/core/prompts/promptBuilder';
import type { PromptProtocol } from '../../../src/core/prompts/promptProtocols';
import {
  DATASET_FAMILIES,
  type ChatMessage,
  type PromptSample,
  type ResolvedPrompt,
} from '../../../src/core/prompts/promptTypes';
import {
  loadTemplateOverrides,
  TEMPLATE_OVERRIDES_PATH,
  validateTemplateOverrides,
} from '../../../src/core/prompts/templateOverrides';

const owl: PromptSample = {
  idx: 7,
  superordinate: 'Bird',
  coarse: ['Owl', 'Horned Owl'],
  fine: ['Bubo virginianus', 'Great Horned Owl'],
  metadata: {
    kingdom: 'Animalia',
    phylum: 'Chordata',
    class: 'Aves',
    order: 'Strigiformes',
    family: 'Strigidae',
    genus: 'Bubo',
  },
};

function userText(p: ResolvedPrompt, index = p.messages.length - 1): string {
  const m = p.messages[index] as ChatMessage;
  assert.equal(m.role, 'user');
  const parts = m.content as { type: string; text?: string }[];
  return parts
    .filter((x) => x.type === 'text')
    .map((x) => x.text)
    .join('');
}

function hasImage(p: ResolvedPrompt): boolean {
  return p.messages.some((m) => m.role === 'user' && m.content.some((c) => c.type === 'image'));
}

/**
 * These tests were written for the first default wording and keep testing it, now the named
 * protocol finer-lens-v1 (the default became finer-reference: see referenceProtocol.test.ts).
 */
class PromptBuilder extends Builder {
  constructor(
    family: ConstructorParameters<typeof Builder>[0],
    overrides: ConstructorParameters<typeof Builder>[1] = null,
    protocol: PromptProtocol = 'finer-lens-v1',
  ) {
    super(family, overrides, protocol);
  }
}

describe('PromptBuilder (finer-lens-v1)', () => {
  it('builds every built-in family without error, each with its own stable hash', () => {
    const hashes = DATASET_FAMILIES.map((f) => new PromptBuilder(f).templateHash);
    assert.equal(new Set(hashes).size, DATASET_FAMILIES.length);
    assert.ok(hashes.every((h) => /^[0-9a-f]{64}$/.test(h)));
    assert.equal(new PromptBuilder('organism').templateHash, hashes[0]);
  });

  it('asks the superordinate question with the closed list and an image slot', () => {
    const b = new PromptBuilder('organism');
    const p = b.superordinate();
    assert.equal(p.kind, 'superordinate');
    assert.ok(hasImage(p));
    const text = userText(p);
    // The family's own closed list, in order; FINER's CUB/NABirds/iNat superordinate must be on it.
    const choices = b.templateSet.data['superordinate-choices'];
    assert.ok(choices.length >= 2 && choices.includes('Bird'), choices.join(', '));
    assert.ok(text.includes(choices.join(', ')), text);
    assert.match(text, /"Answer:"/);
    assert.ok(!/\{|\}/.test(text), 'no unresolved placeholder');
    // Image first, then the question; no system message unless configured.
    assert.deepEqual(p.messages[0], { role: 'user', content: [{ type: 'image' }, { type: 'text', text }] });
    assert.deepEqual(p.decoding, { temperature: 0.2, maxTokens: 512 });
  });

  it('puts the 30 aircraft manufacturers and the 7 car body types in the coarse question', () => {
    assert.equal(AIRCRAFT_MANUFACTURERS.length, 30);
    assert.equal(new Set(AIRCRAFT_MANUFACTURERS).size, 30);
    const sample: PromptSample = {
      idx: 1,
      superordinate: 'Airplane',
      coarse: ['Boeing'],
      fine: ['Boeing 737', '737-800'],
    };
    const air = userText(new PromptBuilder('aircraft').coarse(sample, { goldConditioning: true }));
    for (const m of AIRCRAFT_MANUFACTURERS) assert.ok(air.includes(m), m);
    assert.match(air, /manufacturer/);
    assert.match(air, /Airplane/);
    const car = userText(
      new PromptBuilder('car').coarse({ ...sample, superordinate: 'Car' }, { goldConditioning: true }),
    );
    assert.deepEqual(CAR_BODY_TYPES, ['sedan', 'SUV', 'coupe', 'convertible', 'pickup', 'hatchback', 'van']);
    assert.ok(car.includes(CAR_BODY_TYPES.join(', ')));
  });

  it('fills the level above with a gold label only when gold conditioning is on', () => {
    const b = new PromptBuilder('organism');
    const on = b.fine(owl, { goldConditioning: true, seed: 3 });
    assert.equal(on.goldConditioning, true);
    assert.ok(owl.coarse.includes(on.filled['coarse'] as string));
    assert.ok(userText(on).includes(`name of the ${on.filled['coarse']} in this image`));
    const off = b.fine(owl, { goldConditioning: false });
    assert.equal(off.goldConditioning, false);
    assert.equal(off.filled['coarse'], 'organism');
    assert.ok(!/Owl in this image|Bird/.test(userText(off)));
    const coarseOn = b.coarse(owl, { goldConditioning: true });
    assert.equal(coarseOn.filled['superordinate'], 'Bird');
    assert.equal(coarseOn.filled['example_fine'], 'Great Horned Owl');
    assert.equal(coarseOn.filled['example_coarse'], 'Owl');
    assert.equal(b.coarse(owl, { goldConditioning: false }).filled['superordinate'], 'organism');
    assert.equal(
      new PromptBuilder('generic').coarse(owl, { goldConditioning: false }).filled['superordinate'],
      'object',
    );
  });

  it('chooses among several gold labels deterministically per sample and seed, and uses all of them across samples', () => {
    const labels = ['A', 'B', 'C'];
    assert.equal(pickConditioningLabel(labels, 0, 5), pickConditioningLabel(labels, 0, 5));
    const seen = new Set(Array.from({ length: 60 }, (_, i) => pickConditioningLabel(labels, 0, i)));
    assert.deepEqual([...seen].sort(), labels);
    const bySeed = new Set(Array.from({ length: 40 }, (_, s) => pickConditioningLabel(labels, s, 5)));
    assert.ok(bySeed.size > 1, 'the seed changes the choice');
    assert.equal(pickConditioningLabel(['only'], 9, 9), 'only');
    assert.equal(pickConditioningLabel([], 9, 9), undefined);
  });

  it('builds ATTRSEEK as one conversation: turn 1 with the image, the reply verbatim, then a text-only question', () => {
    const b = new PromptBuilder('organism');
    const t1 = b.attrSeekAttributes('fine', owl, { goldConditioning: true, seed: 1 });
    assert.equal(t1.kind, 'attrseek-attributes');
    assert.ok(hasImage(t1));
    assert.match(userText(t1), /"Attributes:"/);
    assert.ok(userText(t1).includes(t1.filled['coarse'] as string));
    const reply = 'Attributes:\n- ear tufts\n- yellow eyes';
    const t2 = b.attrSeekAnswer(t1, reply);
    assert.equal(t2.kind, 'attrseek-answer');
    assert.equal(t2.level, 'fine');
    assert.equal(t2.messages.length, 3);
    assert.deepEqual(t2.messages[0], t1.messages[0]);
    assert.deepEqual(t2.messages[1], { role: 'assistant', content: reply });
    const q = t2.messages[2] as ChatMessage;
    assert.ok(q.role === 'user' && q.content.every((c) => c.type === 'text'), 'turn 2 is text only');
    assert.ok(userText(t2).includes(t1.filled['coarse'] as string), 'same level-above label as turn 1');
    assert.ok(userText(t2).includes('Great Horned Owl'), 'the worked example');
    assert.match(userText(t2), /"Answer:"/);
    const c1 = b.attrSeekAttributes('coarse', owl, { goldConditioning: false });
    assert.ok(userText(b.attrSeekAnswer(c1, 'x')).includes('organism'));
    assert.throws(() => b.attrSeekAnswer(b.fine(owl, { goldConditioning: true }), 'x'), FinerLensError);
    assert.throws(() => new PromptBuilder('dog').attrSeekAnswer(t1, 'x'), /different template set/);
  });

  it('probes knowledge without an image, from required attributes and the known levels including taxonomy', () => {
    const p = new PromptBuilder('organism').knowledgeProbe(owl, ['ear tufts', 'none', ' yellow eyes ', ''], {
      seed: 0,
    });
    assert.ok(!hasImage(p));
    const text = userText(p);
    assert.ok(text.includes('ear tufts; yellow eyes'));
    assert.ok(text.includes('Category: Bird'));
    assert.ok(
      text.includes(
        'kingdom Animalia, phylum Chordata, class Aves, order Strigiformes, family Strigidae, genus Bubo',
      ),
    );
    assert.throws(
      () => new PromptBuilder('organism').knowledgeProbe(owl, ['none']),
      /no required attributes/,
    );
    const dog = new PromptBuilder('dog').knowledgeProbe(
      { idx: 0, superordinate: 'Dog', coarse: ['Spaniel'], fine: ['Cocker Spaniel'] },
      ['long ears'],
    );
    assert.ok(!userText(dog).includes('Taxonomy'));
  });

  it('asks for Required:/Likely: lists with one worked example and the shorter decoding budget', () => {
    const p = new PromptBuilder('organism').attributeGeneration('Snowy Owl');
    const text = userText(p);
    assert.ok(!hasImage(p));
    assert.ok(text.includes('Snowy Owl'));
    assert.match(text, /Required:\n\* tufts of feathers/);
    assert.match(text, /Likely:\n\* /);
    assert.deepEqual(p.decoding, { temperature: 0.2, maxTokens: 256 });
  });
});

describe('template overrides', () => {
  const file = '/ws/.finer-lens/templates.json';

  it('override a family template, the "*" layer, and family values; the hash changes', () => {
    const overrides = validateTemplateOverrides(
      {
        '*': { system: 'You are a careful naturalist.' },
        organism: { fine: 'Which {coarse} is it? e.g. {example_fine}. Answer:', 'example-fine': 'Snowy Owl' },
      },
      file,
    );
    const b = new PromptBuilder('organism', overrides);
    assert.notEqual(b.templateHash, new PromptBuilder('organism').templateHash);
    const p = b.fine(owl, { goldConditioning: false });
    assert.deepEqual(p.messages[0], { role: 'system', content: 'You are a careful naturalist.' });
    assert.equal(userText(p), 'Which organism is it? e.g. Snowy Owl. Answer:');
    // The "*" layer reaches other families too.
    assert.equal(new PromptBuilder('car', overrides).superordinate().messages[0]?.role, 'system');
  });

  it('supports literal braces', () => {
    const o = validateTemplateOverrides(
      { generic: { superordinate: 'Reply as JSON {{"answer": ...}}: {superordinate_choices}' } },
      file,
    );
    assert.match(
      userText(new PromptBuilder('generic', o).superordinate()),
      /^Reply as JSON \{"answer": \.\.\.\}: Bird, /,
    );
  });

  function rejects(json: unknown, field: string | undefined, reason: RegExp): void {
    assert.throws(
      () => validateTemplateOverrides(json, file),
      (e: unknown) =>
        e instanceof InputError &&
        e.file === file &&
        e.field === field &&
        reason.test(e.message) &&
        e.message.includes(file),
    );
  }

  it('rejects unknown families, keys, placeholders and wrong types, naming the file and key', () => {
    rejects([], undefined, /expected a JSON object/);
    rejects({ birds: {} }, 'birds', /unknown dataset family/);
    rejects({ organism: { finest: 'x' } }, 'organism.finest', /unknown key/);
    rejects({ organism: { fine: 'name the {species}' } }, 'organism.fine', /unknown placeholder \{species\}/);
    rejects({ organism: { fine: 'probe {attributes}' } }, 'organism.fine', /not available/);
    rejects({ organism: { fine: 'a { b' } }, 'organism.fine', /unmatched/);
    rejects({ organism: { fine: 3 } }, 'organism.fine', /must be a string/);
    rejects({ car: { 'coarse-choices': 'sedan' } }, 'car.coarse-choices', /list of non-empty strings/);
    rejects({ car: { 'neutral-noun': '' } }, 'car.neutral-noun', /non-empty string/);
    rejects({ '*': 'x' }, '*', /expected an object/);
  });

  it('rejects a template that needs a closed list the family does not have', () => {
    const o = validateTemplateOverrides({ organism: { coarse: 'Pick one of {coarse_choices}' } }, file);
    assert.throws(
      () => new PromptBuilder('organism', o),
      (e: unknown) =>
        e instanceof InputError && e.field === 'organism.coarse' && /coarse-choices/.test(e.message),
    );
  });
});

describe('familyForDataset', () => {
  it('maps the FINER datasets and the sample to families', () => {
    assert.equal(familyForDataset('inaturalist'), 'organism');
    assert.equal(familyForDataset('cub-200'), 'organism');
    assert.equal(familyForDataset('nabirds'), 'organism');
    assert.equal(familyForDataset('sample-birds'), 'organism');
    assert.equal(familyForDataset('fgvc-aircraft'), 'aircraft');
    assert.equal(familyForDataset('stanford-cars'), 'car');
    assert.equal(familyForDataset('stanford_dogs'), 'dog');
    assert.equal(familyForDataset('my-furniture'), 'generic');
  });
});

describe('loadTemplateOverrides', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'finer-templates-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns null when the workspace has no templates file', async () => {
    assert.equal(await loadTemplateOverrides(join(dir, TEMPLATE_OVERRIDES_PATH)), null);
  });

  it('loads a valid file and reports invalid JSON with the file name', async () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ dog: { 'example-fine': 'Beagle' } }));
    const o = await loadTemplateOverrides(good);
    assert.equal(o?.file, good);
    assert.equal(new PromptBuilder('dog', o).templateSet.data['example-fine'], 'Beagle');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "dog": ');
    await assert.rejects(
      loadTemplateOverrides(bad),
      (e: unknown) => e instanceof InputError && e.file === bad && /not valid JSON/.test(e.message),
    );
  });
});
