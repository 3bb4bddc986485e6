// Named prompt protocols. A protocol is a complete template set per family plus the rules the
// prompt builder applies around the templates (how ATTRSEEK names the level above, whether the
// turn-1 reply is cleaned before it is sent back, how the probe lists the known levels, and the
// decoding of each kind of prompt). Every run records the protocol it used.
import { FinerLensError } from '../errors';
import { defaultTemplateSet } from './defaultTemplates';
import type { DatasetFamily, DecodingSettings, FamilyTemplateSet, PromptKind } from './promptTypes';
import { referenceTemplateSet } from './referenceTemplates';

export const PROMPT_PROTOCOLS = ['finer-reference', 'finer-lens-v1'] as const;
export type PromptProtocol = (typeof PROMPT_PROTOCOLS)[number];
/** What new runs use unless the user picks another protocol. */
export const DEFAULT_PROTOCOL: PromptProtocol = 'finer-reference';

export interface ProtocolRules {
  /** ATTRSEEK names the level above by every gold label joined with "/" (else one, seeded pick). */
  joinAttrSeekLabels: boolean;
  /** Trim the turn-1 reply and drop end-of-sequence tokens before sending it back as the assistant turn. */
  cleanTurn1: boolean;
  /** 'reference': "Supercategory:", rank lines or "Coarse-grained Category:"; 'v1': "Category:"/"Group:"/"Taxonomy:". */
  probeLayout: 'reference' | 'v1';
  decoding: Readonly<Record<'answer' | 'knowledge-probe' | 'attribute-generation', DecodingSettings>>;
}

const PROTOCOL_RULES: Record<PromptProtocol, ProtocolRules> = {
  // Reference: 0.2 everywhere; 512 new tokens for the label tasks (the cli.py default), 256 for
  // attribute generation and the knowledge probe (what their run scripts pass).
  'finer-reference': {
    joinAttrSeekLabels: true,
    cleanTurn1: true,
    probeLayout: 'reference',
    decoding: {
      answer: { temperature: 0.2, maxTokens: 512 },
      'knowledge-probe': { temperature: 0.2, maxTokens: 256 },
      'attribute-generation': { temperature: 0.2, maxTokens: 256 },
    },
  },
  'finer-lens-v1': {
    joinAttrSeekLabels: false,
    cleanTurn1: false,
    probeLayout: 'v1',
    decoding: {
      answer: { temperature: 0.2, maxTokens: 512 },
      'knowledge-probe': { temperature: 0.2, maxTokens: 512 },
      'attribute-generation': { temperature: 0.2, maxTokens: 256 },
    },
  },
};

export function isPromptProtocol(name: string): name is PromptProtocol {
  return (PROMPT_PROTOCOLS as readonly string[]).includes(name);
}

/** Checks a protocol name from a flag, a setting or a stored run. */
export function parsePromptProtocol(name: string, where = 'protocol'): PromptProtocol {
  if (isPromptProtocol(name)) return name;
  throw new FinerLensError(
    `${where}: unknown prompt protocol "${name}" (known: ${PROMPT_PROTOCOLS.join(', ')})`,
  );
}

export function protocolRules(protocol: PromptProtocol): ProtocolRules {
  return PROTOCOL_RULES[protocol];
}

/** The decoding a protocol uses for one kind of prompt. */
export function protocolDecoding(protocol: PromptProtocol, kind: PromptKind): DecodingSettings {
  const d = PROTOCOL_RULES[protocol].decoding;
  if (kind === 'attribute-generation') return { ...d['attribute-generation'] };
  if (kind === 'knowledge-probe') return { ...d['knowledge-probe'] };
  return { ...d.answer };
}

/** The built-in templates of a protocol and family (fresh copy). */
export function protocolTemplateSet(protocol: PromptProtocol, family: DatasetFamily): FamilyTemplateSet {
  return protocol === 'finer-reference' ? referenceTemplateSet(family) : defaultTemplateSet(family);
}
