// Renders the generated part of docs/prompts.md: every protocol's prompts per family and level,
// built by the real PromptBuilder for one example sample, so the document cannot drift from the
// code (test/unit/prompts/promptsDoc.test.ts fails when docs/prompts.md is not current).
import { PromptBuilder } from './promptBuilder';
import { PROMPT_PROTOCOLS, protocolRules } from './promptProtocols';
import {
  DATASET_FAMILIES,
  type ChatMessage,
  type DatasetFamily,
  type PromptSample,
  type ResolvedPrompt,
} from './promptTypes';

export const GENERATED_BEGIN = '<!-- BEGIN GENERATED PROMPTS (npm run docs:prompts) -->';
export const GENERATED_END = '<!-- END GENERATED PROMPTS -->';

/** Example samples: two coarse labels where the family has them, so the "/" join shows. */
const EXAMPLES: Record<DatasetFamily, PromptSample> = {
  organism: {
    idx: 0,
    superordinate: 'Bird',
    coarse: ['Warbler', 'Songbird'],
    fine: ['Azure-crowned Warbler'],
    metadata: { taxonomy: { kingdom: 'Animalia', class: 'Aves', genus: 'Setophaga' } },
  },
  aircraft: { idx: 0, superordinate: 'Airplane', coarse: ['Boeing'], fine: ['737-800'] },
  car: {
    idx: 0,
    superordinate: 'Car',
    coarse: ['Pickup'],
    fine: ['Chevrolet Silverado 1500 Regular Cab 2012'],
  },
  dog: { idx: 0, superordinate: 'Dog', coarse: ['Retriever', 'Gun dog'], fine: ['Golden Retriever'] },
  generic: { idx: 0, superordinate: 'Object', coarse: ['Tool'], fine: ['Claw hammer'] },
};
const TURN1_REPLY = "<the model's turn-1 reply>";
const ATTRIBUTES = ['first required attribute', 'second required attribute'];

function messageText(m: ChatMessage): string {
  if (m.role !== 'user') return m.content;
  return m.content.map((c) => (c.type === 'text' ? c.text : '[image]\n')).join('');
}

function conversation(p: ResolvedPrompt): string {
  const body = p.messages.map((m) => `[${m.role}]\n${messageText(m)}`).join('\n\n');
  return ['```text', body, '```'].join('\n');
}

function readAs(p: ResolvedPrompt): string {
  if (p.kind === 'attrseek-attributes') return 'Reply read as the attribute list after `Attributes:`';
  if (p.kind === 'attribute-generation') return 'Reply read as the `Required:` / `Likely:` lists';
  return `Answer read after the first \`${p.answerMarker}\``;
}

function section(title: string, p: ResolvedPrompt): string[] {
  const d = p.decoding;
  return [
    `##### ${title}`,
    '',
    `${readAs(p)}; temperature ${d.temperature}, at most ${d.maxTokens} tokens.`,
    '',
    conversation(p),
    '',
  ];
}

/** The generated Markdown (without the begin / end markers). */
export function renderPromptsDoc(): string {
  const out: string[] = [];
  for (const protocol of PROMPT_PROTOCOLS) {
    const rules = protocolRules(protocol);
    out.push(`### Protocol \`${protocol}\``, '');
    out.push(
      `Gold conditioning by default: ${protocol === 'finer-reference' ? 'on' : 'off'}; ATTRSEEK names the level above by ` +
        `${rules.joinAttrSeekLabels ? 'all gold labels joined with "/"' : 'one gold label (seeded pick)'}; the turn-1 reply is sent back ` +
        `${rules.cleanTurn1 ? 'trimmed, without end-of-sequence tokens' : 'verbatim'}.`,
      '',
    );
    for (const family of DATASET_FAMILIES) {
      const b = new PromptBuilder(family, null, protocol);
      const s = EXAMPLES[family];
      const gold = { goldConditioning: true, seed: 0 };
      out.push(
        `#### ${protocol} · family \`${family}\` (template hash \`${b.templateHash.slice(0, 12)}\`)`,
        '',
      );
      out.push(
        `Example sample: superordinate "${s.superordinate}", coarse ${JSON.stringify(s.coarse)}, fine ${JSON.stringify(s.fine)}` +
          `${s.metadata ? ', with taxonomy metadata' : ''}; gold conditioning on.`,
        '',
      );
      out.push(...section('Direct, superordinate', b.superordinate()));
      out.push(...section('Direct, coarse', b.coarse(s, gold)));
      out.push(...section('Direct, fine', b.fine(s, gold)));
      for (const level of ['coarse', 'fine'] as const) {
        const t1 = b.attrSeekAttributes(level, s, gold);
        out.push(...section(`ATTRSEEK ${level}, turn 1`, t1));
        out.push(...section(`ATTRSEEK ${level}, turn 2`, b.attrSeekAnswer(t1, TURN1_REPLY)));
      }
      out.push(...section('Text-only knowledge probe (fine)', b.knowledgeProbe(s, ATTRIBUTES)));
      out.push(
        ...section(
          'Attribute generation',
          b.attributeGeneration(s.fine[0] ?? s.superordinate, s.superordinate),
        ),
      );
    }
  }
  return out.join('\n').trimEnd() + '\n';
}

/** `doc` with its generated part replaced by the current rendering. */
export function updatePromptsDoc(doc: string): string {
  const begin = doc.indexOf(GENERATED_BEGIN);
  const end = doc.indexOf(GENERATED_END);
  if (begin < 0 || end < begin) throw new Error('docs/prompts.md has no generated-prompts markers');
  return `${doc.slice(0, begin + GENERATED_BEGIN.length)}\n\n${renderPromptsDoc()}\n${doc.slice(end)}`;
}
