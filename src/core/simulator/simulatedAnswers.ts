// How the simulated model answers: near-perfect superordinate, middling coarse, poor fine with
// mistakes biased toward confusable siblings, partly-right attribute lists, and a text-only
// probe that beats the image (the modality gap). Every decision is a hash of
// (seed, image or concept, task), never of call order, so concurrency cannot change results.
import { createHash } from 'node:crypto';
import type { LabelLevel } from '../model';
import type { SimulatorCatalog, SimulatorClass } from './simulatorCatalog';

export interface SimulatorAccuracy {
  superordinate: number;
  coarse: number;
  fine: number;
  /** Fine accuracy when the concept's attributes are given as text instead of the image. */
  textOnlyFine: number;
  /** Fine accuracy in ATTRSEEK turn 2 (default: fine + a quarter of the modality gap). */
  attrseekFine?: number;
}

export const DEFAULT_ACCURACY: SimulatorAccuracy = {
  superordinate: 0.98,
  coarse: 0.6,
  fine: 0.2,
  textOnlyFine: 0.6,
};

const FALLBACK_SUPERORDINATES = ['Mammal', 'Reptile', 'Insect', 'Fish', 'Plant', 'Amphibian'];
const INVENTED_ATTRIBUTES = [
  'bright red eye ring',
  'long forked tail',
  'white patch on the nape',
  'spotted breast',
  'hooked bill',
  'iridescent green back',
  'black mask across the eyes',
  'orange legs',
];

/** A uniform [0, 1) number determined by the seed and the parts. */
export function decision(seed: number, ...parts: string[]): number {
  const h = createHash('sha256')
    .update(`${seed}\u0000${parts.join('\u0000')}`)
    .digest();
  return h.readUInt32BE(0) / 4294967296;
}

function pick<T>(items: readonly T[], u: number): T | undefined {
  return items[Math.min(items.length - 1, Math.floor(u * items.length))];
}

export class SimulatedAnswerer {
  /** Concepts the text-only probe gets right: an exact quota, since there are few concepts. */
  private readonly probeCorrect: ReadonlySet<string>;

  constructor(
    private readonly catalog: SimulatorCatalog,
    private readonly seed: number,
    private readonly accuracy: SimulatorAccuracy,
  ) {
    const keys = Object.keys(catalog.classes).sort(
      (a, b) => decision(seed, `concept:${a}`, 'probe-rank') - decision(seed, `concept:${b}`, 'probe-rank'),
    );
    this.probeCorrect = new Set(keys.slice(0, Math.round(accuracy.textOnlyFine * keys.length)));
  }

  private accuracyFor(level: LabelLevel, mode: 'direct' | 'attrseek'): number {
    if (level !== 'fine') return this.accuracy[level];
    if (mode === 'direct') return this.accuracy.fine;
    return (
      this.accuracy.attrseekFine ?? this.accuracy.fine + (this.accuracy.textOnlyFine - this.accuracy.fine) / 4
    );
  }

  /** The label the model "believes", right or wrong, for an image of `cls`. */
  private believedLabel(
    cls: SimulatorClass,
    subject: string,
    level: LabelLevel,
    mode: 'direct' | 'attrseek' | 'text',
    choices: readonly string[] = [],
  ): string {
    const correct =
      mode === 'text'
        ? this.probeCorrect.has(cls.key)
        : decision(this.seed, subject, level, mode) < this.accuracyFor(level, mode);
    const u = decision(this.seed, subject, level, mode, 'which');
    if (level === 'superordinate') {
      if (correct) return cls.superordinate;
      // A wrong pick from the offered list when there is one, as a real model would make.
      const offered = choices.filter((s) => s.toLowerCase() !== cls.superordinate.toLowerCase());
      const others = this.catalog.superordinates.filter((s) => s !== cls.superordinate);
      const pool = offered.length > 0 ? offered : others.length > 0 ? others : FALLBACK_SUPERORDINATES;
      return pick(pool, u) ?? 'Animal';
    }
    if (level === 'coarse') {
      if (correct) return pick(cls.coarse, u) ?? cls.superordinate;
      const wrong = new Set<string>();
      for (const c of Object.values(this.catalog.classes)) {
        const label = c.coarse[0];
        if (c.superordinate === cls.superordinate && label && !cls.coarse.includes(label)) wrong.add(label);
      }
      for (const choice of choices)
        if (!cls.coarse.some((c) => c.toLowerCase() === choice.toLowerCase())) wrong.add(choice);
      return pick([...wrong].sort(), u) ?? `Small ${cls.superordinate.toLowerCase()}`;
    }
    if (correct) return pick(cls.fine, u) ?? cls.key;
    return this.confusedFine(cls, subject, mode, u);
  }

  /** A wrong fine label: usually the most confusable sibling, else another sibling or class. */
  private confusedFine(cls: SimulatorClass, subject: string, mode: string, u: number): string {
    const siblings = cls.confusable;
    const v = decision(this.seed, subject, 'fine', mode, 'sibling');
    if (siblings.length > 0) {
      const nearest = siblings.slice(0, Math.min(2, siblings.length));
      const key = v < 0.7 ? pick(nearest, u) : pick(siblings, u);
      if (key) return this.catalog.classes[key]?.fine[0] ?? key;
    }
    const sameSuper = Object.values(this.catalog.classes).filter(
      (c) => c !== cls && c.superordinate === cls.superordinate,
    );
    const other = pick(sameSuper, u);
    return other?.fine[0] ?? `Common ${cls.coarse[0] ?? cls.superordinate}`;
  }

  /** Wraps a label the way chatty models do; the answer stays extractable after "Answer:". */
  private formatAnswer(label: string, subject: string, task: string): string {
    const style = decision(this.seed, subject, task, 'style');
    if (style < 0.55) return `Answer: ${label}`;
    if (style < 0.75) return `Answer: ${label}.`;
    if (style < 0.9) return `Based on the visible features, this appears to be ${label}.\nAnswer: ${label}`;
    return `${label}`;
  }

  /** Label question about an image; `cls` undefined for an image the catalog does not know. */
  answerLabel(
    cls: SimulatorClass | undefined,
    imageHash: string,
    level: LabelLevel,
    mode: 'direct' | 'attrseek',
    choices: readonly string[] = [],
  ): string {
    if (!cls) {
      const generic = this.catalog.superordinates[0] ?? 'Bird';
      return `Answer: a ${generic.toLowerCase()}`;
    }
    return this.formatAnswer(
      this.believedLabel(cls, imageHash, level, mode, choices),
      imageHash,
      `${level}-${mode}`,
    );
  }

  /** Text-only knowledge probe: the concept is identified from its attributes, not an image. */
  answerProbe(cls: SimulatorClass | undefined, subject: string): string {
    if (!cls) return 'Answer: I cannot tell which species this is.';
    return this.formatAnswer(this.believedLabel(cls, `concept:${cls.key}`, 'fine', 'text'), subject, 'probe');
  }

  /** Attributes the model claims to see (ATTRSEEK turn 1): some right, some missed, some invented. */
  seenAttributes(cls: SimulatorClass | undefined, imageHash: string): string[] {
    if (!cls) return ['small body', 'brown feathers'];
    if (cls.scriptedAttributes && cls.scriptedAttributes.length > 0) return [...cls.scriptedAttributes];
    const out: string[] = [];
    cls.required.forEach((a, i) => {
      if (decision(this.seed, imageHash, 'see-required', String(i)) < 0.6) out.push(a);
    });
    cls.likely.forEach((a, i) => {
      if (decision(this.seed, imageHash, 'see-likely', String(i)) < 0.3) out.push(a);
    });
    out.push(...this.inventedAttributes(cls, imageHash, 'see'));
    return out.length > 0 ? out : ['small body'];
  }

  /** Concept -> attributes generation: a better recall than seeing, still with inventions. */
  conceptAttributes(
    cls: SimulatorClass | undefined,
    subject: string,
  ): { required: string[]; likely: string[] } {
    if (!cls) return { required: ['distinctive plumage'], likely: ['medium size'] };
    const required = cls.required.filter(
      (_, i) => decision(this.seed, subject, 'gen-required', String(i)) < 0.75,
    );
    const likely = cls.likely.filter((_, i) => decision(this.seed, subject, 'gen-likely', String(i)) < 0.5);
    likely.push(...this.inventedAttributes(cls, subject, 'gen'));
    return { required: required.length > 0 ? required : ['distinctive plumage'], likely };
  }

  /** Plausible hallucinations: a confusable sibling's attributes, else a generic pool. */
  private inventedAttributes(cls: SimulatorClass, subject: string, task: string): string[] {
    const own = new Set([...cls.required, ...cls.likely].map((a) => a.toLowerCase()));
    const sibling = cls.confusable[0] ? this.catalog.classes[cls.confusable[0]] : undefined;
    const pool = [...(sibling?.required ?? []), ...INVENTED_ATTRIBUTES].filter(
      (a) => !own.has(a.toLowerCase()),
    );
    const count = Math.floor(decision(this.seed, subject, task, 'invent-count') * 3); // 0..2
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      const a = pick(pool, decision(this.seed, subject, task, 'invent', String(i)));
      if (a && !out.includes(a)) out.push(a);
    }
    return out;
  }
}

/** ATTRSEEK turn 1 answer; the list style varies per image like real models' outputs do. */
export function formatSeenAttributes(attributes: readonly string[], imageHash: string, seed: number): string {
  const style = decision(seed, imageHash, 'attr-style');
  if (style < 0.6) return `Attributes:\n${attributes.map((a) => `- ${a}`).join('\n')}`;
  if (style < 0.85) return `Attributes: ${attributes.join(', ')}`;
  return `In the image I can see the following attributes.\nAttributes:\n${attributes.map((a) => `* ${a}`).join('\n')}`;
}

export function formatAttributeGeneration(lists: { required: string[]; likely: string[] }): string {
  const bullets = (xs: string[]): string => (xs.length > 0 ? xs.map((a) => `* ${a}`).join('\n') : '* none');
  return `Required:\n${bullets(lists.required)}\nLikely:\n${bullets(lists.likely)}`;
}
