// Types of prompt templates and of resolved prompts (stored as JSON next to each prediction).

/** Families of datasets that share wording, closed lists and worked examples. */
export type DatasetFamily = 'organism' | 'aircraft' | 'car' | 'dog' | 'generic';
export const DATASET_FAMILIES: readonly DatasetFamily[] = ['organism', 'aircraft', 'car', 'dog', 'generic'];

/** Templates: text with `{placeholder}`s; `{{` and `}}` stand for literal braces. */
export const TEMPLATE_KEYS = [
  'system',
  'superordinate',
  'coarse',
  'fine',
  'attrseek-coarse-attributes',
  'attrseek-coarse-answer',
  'attrseek-fine-attributes',
  'attrseek-fine-answer',
  'knowledge-probe',
  'attribute-generation',
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

/** Per-family values that templates draw on; overridable like templates. */
export interface FamilyData {
  /** Closed list for the superordinate question. */
  'superordinate-choices': string[];
  /** Closed list for the coarse question (aircraft manufacturers, car body types); may be empty. */
  'coarse-choices': string[];
  /** Worked example: a fine concept ... */
  'example-fine': string;
  /** ... and its coarse label. */
  'example-coarse': string;
  /** Attribute lists of `example-fine` for the attribute-generation example. */
  'example-required': string[];
  'example-likely': string[];
  /** Fills {superordinate} / {coarse} when the prompt is not conditioned on gold labels. */
  'neutral-noun': string;
}
export type FamilyDataKey = keyof FamilyData;
export const FAMILY_DATA_KEYS: readonly FamilyDataKey[] = [
  'superordinate-choices',
  'coarse-choices',
  'example-fine',
  'example-coarse',
  'example-required',
  'example-likely',
  'neutral-noun',
];

export interface FamilyTemplateSet {
  family: DatasetFamily;
  templates: Record<TemplateKey, string>;
  data: FamilyData;
}

/** An image slot in a user message; the runner puts the sample's image there. */
export interface ImagePart {
  type: 'image';
}
export interface TextPart {
  type: 'text';
  text: string;
}
export type ContentPart = TextPart | ImagePart;

/** OpenAI chat-completions shaped message, with an image slot instead of image data. */
export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: ContentPart[] }
  | { role: 'assistant'; content: string };

export type PromptKind =
  | 'superordinate'
  | 'coarse'
  | 'fine'
  | 'attrseek-attributes'
  | 'attrseek-answer'
  | 'knowledge-probe'
  | 'attribute-generation';

export interface DecodingSettings {
  temperature: number;
  maxTokens: number;
}

/** Everything needed to send a prompt again or to explain a prediction; plain JSON. */
export interface ResolvedPrompt {
  /** The prompt protocol (promptProtocols.ts) the templates came from. */
  protocol: string;
  /** The marker the answer follows in the reply: "Answer:", or the probe's "Specific ...:". */
  answerMarker: string;
  kind: PromptKind;
  /** Level whose label the prompt asks for (attribute generation: null). */
  level: 'superordinate' | 'coarse' | 'fine' | null;
  family: DatasetFamily;
  templateKey: TemplateKey;
  /** SHA-256 (hex) of the family's complete effective template set, overrides included. */
  templateHash: string;
  /** Whether {superordinate}/{coarse} carry gold labels; changes the task, so it is recorded. */
  goldConditioning: boolean;
  /** The values substituted for each placeholder the template used. */
  filled: Record<string, string>;
  messages: ChatMessage[];
  /** The protocol's decoding settings for this kind of prompt. */
  decoding: DecodingSettings;
}

/** The labels and identity of a sample that prompts need. */
export interface PromptSample {
  /** Stable per sample (FINER `idx`); seeds the choice among several gold labels. */
  idx: number;
  superordinate: string;
  coarse: readonly string[];
  fine: readonly string[];
  metadata?: Record<string, unknown>;
}

export interface ConditioningOptions {
  /** Fill {superordinate}/{coarse} with gold labels of the level above (the reference setup). */
  goldConditioning: boolean;
  /** Seed of the choice when the gold is a list; default 0. Same seed + sample -> same label. */
  seed?: number;
}
