// Resolves prompt templates into chat messages for one dataset family.
//
// Gold conditioning (recorded in every ResolvedPrompt):
// - on: {superordinate} is the sample's superordinate label; {coarse} is one of its coarse
//   labels, chosen by a hash of (seed, sample idx), so the same run setup always picks the same one.
// - off: both are the family's neutral noun ("organism", "aircraft", "car", "dog", "object"),
//   so the model is told nothing about the sample: "What is the name of the organism ...".
// The knowledge probe always states the known higher levels: that is what it probes with.
// The protocol (promptProtocols.ts) supplies the templates and the rules around them: under
// `finer-reference` ATTRSEEK names the level above by all its gold labels joined with "/" and the
// turn-1 reply is cleaned (trimmed, end-of-sequence tokens dropped) before it is sent back.
import { createHash } from 'node:crypto';
import { FinerLensError, InputError } from '../errors';
import {
  DEFAULT_PROTOCOL,
  protocolDecoding,
  protocolRules,
  protocolTemplateSet,
  type PromptProtocol,
} from './promptProtocols';
import {
  FAMILY_DATA_KEYS,
  TEMPLATE_KEYS,
  type ChatMessage,
  type ConditioningOptions,
  type DatasetFamily,
  type FamilyTemplateSet,
  type PromptKind,
  type PromptSample,
  type ResolvedPrompt,
  type TemplateKey,
} from './promptTypes';
import { checkTemplate, type TemplateOverrides } from './templateOverrides';
import { placeholdersOf, renderTemplate, type Placeholder } from './templateText';

const END_OF_SEQUENCE = /<\/s>/g;
/** Where the answer starts in a reply; the probe's own marker is the last line of its prompt. */
const DEFAULT_ANSWER_MARKER = 'Answer:';
const FINAL_MARKER_LINE = /^[A-Z][\w -]{0,40}:$/;

const TAXONOMY_RANKS = ['kingdom', 'phylum', 'class', 'order', 'family', 'genus'] as const;
/** FINER: an attribute value "none" means there is no attribute. */
const NO_ATTRIBUTE = /^\s*(none|n\/a)?\s*$/i;

/** Picks one label deterministically from (seed, sample idx); stable across runs and machines. */
export function pickConditioningLabel(
  labels: readonly string[],
  seed: number,
  idx: number,
): string | undefined {
  if (labels.length <= 1) return labels[0];
  const digest = createHash('sha256').update(`${seed}:${idx}`).digest();
  return labels[digest.readUInt32BE(0) % labels.length];
}

function mergeSet(
  protocol: PromptProtocol,
  family: DatasetFamily,
  overrides: TemplateOverrides | null,
): FamilyTemplateSet {
  const set = protocolTemplateSet(protocol, family);
  for (const layer of [overrides?.families['*'], overrides?.families[family]]) {
    if (layer === undefined) continue;
    for (const key of TEMPLATE_KEYS) {
      const t = layer[key];
      if (t !== undefined) set.templates[key] = t;
    }
    Object.assign(
      set.data,
      Object.fromEntries(FAMILY_DATA_KEYS.filter((k) => layer[k] !== undefined).map((k) => [k, layer[k]])),
    );
  }
  return set;
}

export class PromptBuilder {
  readonly templateHash: string;
  private readonly set: FamilyTemplateSet;

  constructor(
    readonly family: DatasetFamily,
    private readonly overrides: TemplateOverrides | null = null,
    readonly protocol: PromptProtocol = DEFAULT_PROTOCOL,
  ) {
    this.set = mergeSet(protocol, family, overrides);
    for (const key of TEMPLATE_KEYS) this.checkEffectiveTemplate(key);
    const canonical = {
      protocol,
      family,
      templates: TEMPLATE_KEYS.map((k) => [k, this.set.templates[k]]),
      data: FAMILY_DATA_KEYS.map((k) => [k, this.set.data[k]]),
    };
    this.templateHash = createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
  }

  /** The effective templates and values (defaults with overrides applied). */
  get templateSet(): FamilyTemplateSet {
    return structuredClone(this.set);
  }

  /** The superordinate question does not depend on the sample. */
  superordinate(): ResolvedPrompt {
    return this.resolve('superordinate', 'superordinate', 'superordinate', false, {}, true);
  }

  coarse(sample: PromptSample, options: ConditioningOptions): ResolvedPrompt {
    return this.resolve(
      'coarse',
      'coarse',
      'coarse',
      options.goldConditioning,
      this.levelsAbove(sample, options),
      true,
    );
  }

  fine(sample: PromptSample, options: ConditioningOptions): ResolvedPrompt {
    return this.resolve(
      'fine',
      'fine',
      'fine',
      options.goldConditioning,
      this.levelsAbove(sample, options),
      true,
    );
  }

  /** ATTRSEEK turn 1: image + "which attributes of the {level above} do you see?". */
  attrSeekAttributes(
    level: 'coarse' | 'fine',
    sample: PromptSample,
    options: ConditioningOptions,
  ): ResolvedPrompt {
    const key: TemplateKey = level === 'coarse' ? 'attrseek-coarse-attributes' : 'attrseek-fine-attributes';
    const above = this.levelsAbove(sample, options);
    if (
      options.goldConditioning &&
      protocolRules(this.protocol).joinAttrSeekLabels &&
      sample.coarse.length > 1
    ) {
      above.coarse = sample.coarse.join('/');
    }
    return this.resolve('attrseek-attributes', key, level, options.goldConditioning, above, true);
  }

  /** The turn-1 reply as it is sent back: verbatim, or cleaned when the protocol says so. */
  turn1Reply(modelAttributesReply: string): string {
    if (!protocolRules(this.protocol).cleanTurn1) return modelAttributesReply;
    return modelAttributesReply.replace(END_OF_SEQUENCE, '').trim();
  }

  /**
   * ATTRSEEK turn 2: the turn-1 conversation, the model's turn-1 reply as the assistant turn
   * (see turn1Reply), then a text-only question. Uses the same level-above label as turn 1.
   */
  attrSeekAnswer(turn1: ResolvedPrompt, modelAttributesReply: string): ResolvedPrompt {
    if (turn1.kind !== 'attrseek-attributes' || (turn1.level !== 'coarse' && turn1.level !== 'fine')) {
      throw new FinerLensError('ATTRSEEK turn 2 must follow an ATTRSEEK turn-1 prompt.');
    }
    if (turn1.templateHash !== this.templateHash) {
      throw new FinerLensError('ATTRSEEK turn 1 was built from a different template set.');
    }
    const key: TemplateKey = turn1.level === 'coarse' ? 'attrseek-coarse-answer' : 'attrseek-fine-answer';
    const above = { superordinate: turn1.filled['superordinate'], coarse: turn1.filled['coarse'] };
    const levels: Partial<Record<Placeholder, string>> = {};
    if (above.superordinate !== undefined) levels.superordinate = above.superordinate;
    if (above.coarse !== undefined) levels.coarse = above.coarse;
    const turn2 = this.resolve('attrseek-answer', key, turn1.level, turn1.goldConditioning, levels, false);
    const question = turn2.messages[turn2.messages.length - 1] as ChatMessage;
    return {
      ...turn2,
      filled: { ...turn1.filled, ...turn2.filled },
      messages: [
        ...turn1.messages,
        { role: 'assistant', content: this.turn1Reply(modelAttributesReply) },
        question,
      ],
    };
  }

  /** Text-only probe: the concept's required attributes and its known higher levels. */
  knowledgeProbe(
    sample: PromptSample,
    requiredAttributes: readonly string[],
    options: { seed?: number } = {},
  ): ResolvedPrompt {
    const attributes = requiredAttributes.map((a) => a.trim()).filter((a) => !NO_ATTRIBUTE.test(a));
    if (attributes.length === 0) {
      throw new FinerLensError(`Sample ${sample.idx} has no required attributes to probe with.`);
    }
    const known = this.levelsAbove(sample, { goldConditioning: true, seed: options.seed ?? 0 });
    const lines =
      protocolRules(this.protocol).probeLayout === 'reference'
        ? referenceKnownLevels(sample, known)
        : v1KnownLevels(sample, known);
    return this.resolve(
      'knowledge-probe',
      'knowledge-probe',
      'fine',
      true,
      {
        attributes: attributes.join('; '),
        known_levels: lines.join('\n'),
      },
      false,
    );
  }

  /** Concept -> "Required:" / "Likely:" attribute lists, with one worked example. */
  attributeGeneration(concept: string, superordinate?: string): ResolvedPrompt {
    return this.resolve(
      'attribute-generation',
      'attribute-generation',
      null,
      false,
      {
        concept,
        superordinate: superordinate ?? this.set.data['neutral-noun'],
      },
      false,
    );
  }

  private levelsAbove(
    sample: PromptSample,
    options: ConditioningOptions,
  ): { superordinate: string; coarse: string } {
    if (!options.goldConditioning) {
      const noun = this.set.data['neutral-noun'];
      return { superordinate: noun, coarse: noun };
    }
    const coarse = pickConditioningLabel(sample.coarse, options.seed ?? 0, sample.idx);
    return { superordinate: sample.superordinate, coarse: coarse ?? sample.superordinate };
  }

  private familyValues(): Partial<Record<Placeholder, string>> {
    const d = this.set.data;
    const bullets = (items: string[]): string => items.map((i) => `* ${i}`).join('\n');
    return {
      superordinate_choices: d['superordinate-choices'].join(', '),
      coarse_choices: d['coarse-choices'].join(', '),
      example_fine: d['example-fine'],
      example_coarse: d['example-coarse'],
      example_required: bullets(d['example-required']),
      example_likely: bullets(d['example-likely']),
    };
  }

  private resolve(
    kind: PromptKind,
    key: TemplateKey,
    level: ResolvedPrompt['level'],
    goldConditioning: boolean,
    values: Partial<Record<Placeholder, string>>,
    withImage: boolean,
  ): ResolvedPrompt {
    const template = this.set.templates[key];
    const all = { ...this.familyValues(), ...values };
    const text = renderTemplate(template, all);
    const filled: Record<string, string> = {};
    for (const p of placeholdersOf(template)) filled[p] = all[p] ?? '';
    const messages: ChatMessage[] = [];
    const system = this.set.templates.system;
    if (system.trim() !== '') messages.push({ role: 'system', content: system });
    messages.push({
      role: 'user',
      content: withImage ? [{ type: 'image' }, { type: 'text', text }] : [{ type: 'text', text }],
    });
    const lastLine = text.trimEnd().split('\n').pop()?.trim() ?? '';
    const answerMarker =
      kind === 'knowledge-probe' && FINAL_MARKER_LINE.test(lastLine) ? lastLine : DEFAULT_ANSWER_MARKER;
    return {
      protocol: this.protocol,
      answerMarker,
      kind,
      level,
      family: this.family,
      templateKey: key,
      templateHash: this.templateHash,
      goldConditioning,
      filled,
      messages,
      decoding: protocolDecoding(this.protocol, kind),
    };
  }

  private checkEffectiveTemplate(key: TemplateKey): void {
    const template = this.set.templates[key];
    const source = this.overrideSource(key);
    try {
      checkTemplate(key, template);
      const used = placeholdersOf(template);
      if (used.includes('coarse_choices') && this.set.data['coarse-choices'].length === 0) {
        throw new FinerLensError(`uses {coarse_choices} but family "${this.family}" has no "coarse-choices"`);
      }
      if (used.includes('superordinate_choices') && this.set.data['superordinate-choices'].length === 0) {
        throw new FinerLensError(
          `uses {superordinate_choices} but family "${this.family}" has no "superordinate-choices"`,
        );
      }
    } catch (e) {
      const reason = (e as Error).message;
      if (source === null) throw new FinerLensError(`Built-in template "${this.family}.${key}": ${reason}`);
      const field = `${source}.${key}`;
      throw new InputError(
        `${this.overrides?.file ?? ''}: "${field}": ${reason}`,
        this.overrides?.file ?? '',
        undefined,
        field,
      );
    }
  }

  /** Which overrides entry supplied a template ("*" or the family), or null for the default. */
  private overrideSource(key: TemplateKey): string | null {
    if (this.overrides?.families[this.family]?.[key] !== undefined) return this.family;
    if (this.overrides?.families['*']?.[key] !== undefined) return '*';
    return null;
  }
}

/** The sample's taxonomy ranks present in its metadata (top-level or under "taxonomy"). */
function taxonomyOf(metadata: Record<string, unknown> | undefined): [string, string][] {
  if (metadata === undefined) return [];
  const nested = metadata['taxonomy'];
  const source =
    typeof nested === 'object' && nested !== null ? (nested as Record<string, unknown>) : metadata;
  return TAXONOMY_RANKS.flatMap((rank): [string, string][] => {
    const v = source[rank];
    return typeof v === 'string' && v.trim() !== '' ? [[rank, v.trim()]] : [];
  });
}

/** finer-lens-v1: "Category:", "Group:", "Taxonomy: kingdom X, ...". */
function v1KnownLevels(sample: PromptSample, known: { superordinate: string; coarse: string }): string[] {
  const lines = [`Category: ${known.superordinate}`];
  if (sample.coarse.length > 0) lines.push(`Group: ${known.coarse}`);
  const taxonomy = taxonomyOf(sample.metadata);
  if (taxonomy.length > 0) lines.push(`Taxonomy: ${taxonomy.map(([r, v]) => `${r} ${v}`).join(', ')}`);
  return lines;
}

/** finer-reference: "Supercategory:", then one line per taxonomy rank, or "Coarse-grained Category:". */
function referenceKnownLevels(
  sample: PromptSample,
  known: { superordinate: string; coarse: string },
): string[] {
  const lines = [`Supercategory: ${known.superordinate}`];
  const taxonomy = taxonomyOf(sample.metadata);
  if (taxonomy.length > 0) {
    for (const [rank, value] of taxonomy)
      lines.push(`${rank[0]?.toUpperCase() ?? ''}${rank.slice(1)}: ${value}`);
  } else if (sample.coarse.length > 0) {
    lines.push(`Coarse-grained Category: ${known.coarse}`);
  }
  return lines;
}
