// Types of the review parts of the sample panel protocol: failure-mode tags, suggestions, the
// review queue, attribute editing and the analysis sections (alignment, modality gap, class
// diff). Type definitions only: imported by the host and the webview through the protocol.

/** A tag of the workspace taxonomy as a chip on the panel. */
export interface TagChipView {
  id: number;
  name: string;
  /** A CSS colour expression built from the theme colour id, e.g. `var(--vscode-charts-red)`. */
  color: string;
  /** The tag is set on this sample. */
  active: boolean;
  /** 1-9: the number key that toggles it; null past the ninth tag. */
  shortcut: number | null;
}

export type SuggestionStatus = 'pending' | 'accepted' | 'rejected';

/** A tag the run results suggest for this sample. */
export interface TagSuggestionView {
  tagId: number;
  /** The run whose results suggest it (decisions are recorded per run). */
  runId: number;
  tagName: string;
  color: string;
  /** Why it is suggested ("fine answer 'Pine Warbler' is a sibling of the gold class"). */
  reason: string;
  status: SuggestionStatus;
}

/** Where the panel is in the review queue. */
export interface ReviewPositionView {
  /** What the queue is over ("misclassified at fine level in run 3"). */
  label: string;
  /** 1-based. */
  position: number;
  total: number;
}

/** State of the concept's attribute editing (buttons and history). */
export interface AttributeEditingView {
  conceptId: number;
  canUndo: boolean;
  canRedo: boolean;
  /** Some change was recorded since import (revert is possible). */
  edited: boolean;
  /** Number of recorded changes. */
  changeCount: number;
  /** Who edits are recorded as (setting, git config user.name, or the OS user). */
  actor: string;
}

export type AttributeListName = 'required' | 'likely';

/** One change the editor asks for. */
export type AttributeEditOp =
  | { op: 'add'; list: AttributeListName; text: string }
  | { op: 'edit'; list: AttributeListName; index: number; text: string }
  | { op: 'remove'; list: AttributeListName; index: number }
  | { op: 'reorder'; list: AttributeListName; from: number; to: number }
  | { op: 'move'; list: AttributeListName; index: number }
  | { op: 'undo' }
  | { op: 'redo' }
  | { op: 'revert' };

/** Verdicts: reference attributes mentioned / contradicted / missed; generated ones supported / contradicted / unsupported / generic. */
export type AlignmentStatus =
  'mentioned' | 'missed' | 'contradicted' | 'supported' | 'unsupported' | 'generic';
export const GENERATED_STATUSES: readonly AlignmentStatus[] = [
  'supported',
  'contradicted',
  'unsupported',
  'generic',
];
export const REFERENCE_STATUSES: readonly AlignmentStatus[] = ['mentioned', 'contradicted', 'missed'];
export type AlignmentSide = 'generated' | 'reference';

export interface AlignedAttributeView {
  text: string;
  /** The verdict shown: the researcher's overruling when there is one, else the matcher's. */
  status: AlignmentStatus;
  /** What the matcher said. */
  matcherStatus: AlignmentStatus;
  /** For reference attributes. */
  list: AttributeListName | null;
  /** Best match score 0..1 (also when below the threshold), null with no overlap at all. */
  score: number | null;
  /** The closest attribute on the other side. */
  closest: string | null;
  /** Why the matcher decided so ("same part: breast; colour yellow vs pattern spotted"). */
  reason: string;
  matcherId: string;
  /** Who overruled the matcher's verdict, and when (ISO time); null when nobody did. */
  overruling: { by: string; at: string } | null;
}

export interface MatcherAgreementView {
  matcherId: string;
  agree: number;
  total: number;
}

/** Attributes one run generated for this sample, aligned with the reference attributes. */
export interface AttributeAlignmentView {
  runId: number;
  runName: string;
  level: string;
  /** 'ATTRSEEK turn 1' or 'attribute generation'. */
  source: string;
  matcherId: string;
  matcherDescription: string;
  threshold: number;
  reference: AlignedAttributeView[];
  generated: AlignedAttributeView[];
  requiredRecall: number | null;
  /** Supported / (generated - generic), with overrulings applied. */
  precision: number | null;
  genericCount: number;
  contradictedCount: number;
  unsupportedCount: number;
  /** Each matcher's agreement with every standing overruling in the workspace. */
  agreement: MatcherAgreementView[];
}

export type ModalityDirection = 'text-not-image' | 'image-not-text' | 'both-correct' | 'both-wrong';

export interface ModalityGapView {
  direction: ModalityDirection;
  /** "Knows it from text, not from the image", ... */
  message: string;
  imageRunName: string;
  textRunName: string;
  imageAnswer: string | null;
  textAnswer: string | null;
}

export interface ClassDiffListView {
  shared: { gold: string; predicted: string; score: number }[];
  onlyGold: string[];
  onlyPredicted: string[];
}

/** The predicted (wrong) class's reference attributes beside the gold class's. */
export interface ClassDiffView {
  runName: string;
  predictedAnswer: string;
  goldName: string;
  predictedName: string;
  matcherId: string;
  required: ClassDiffListView;
  likely: ClassDiffListView;
}

export interface SampleAnalysisView {
  alignments: AttributeAlignmentView[];
  modality: ModalityGapView | null;
  classDiff: ClassDiffView | null;
}
