// The core's names for the failure map's plain-JSON types, defined once in
// src/shared/runAnalysisTypes.ts (the dashboard page reads the same definitions) and bound here
// to the core's ReviewSlice: every number the dashboard makes clickable carries `slice`, a
// ReviewSlice whose sample count equals the number.
import type { ReviewSlice } from '../../model';
import type * as Json from '../../../shared/runAnalysisTypes';

export type {
  CostSection,
  GroundingFigures,
  RunProtocolInfo,
  Spread,
} from '../../../shared/runAnalysisTypes';

export type CountedSlice = Json.CountedSlice<ReviewSlice>;
export type LevelSummary = Json.LevelSummary<ReviewSlice>;
export type HierarchicalConsistency = Json.HierarchicalConsistency<ReviewSlice>;
export type ClassRow = Json.ClassRow<ReviewSlice>;
export type ConfusionRow = Json.ConfusionRow<ReviewSlice>;
export type MatrixCell = Json.MatrixCell<ReviewSlice>;
export type ConfusionMatrix = Json.ConfusionMatrix<ReviewSlice>;
export type SeveritySection = Json.SeveritySection<ReviewSlice>;
export type ModalityClassRow = Json.ModalityClassRow<ReviewSlice>;
export type ModalityGapSection = Json.ModalityGapSection<ReviewSlice>;
export type StrategyLevelRow = Json.StrategyLevelRow<ReviewSlice>;
export type StrategyComparison = Json.StrategyComparison<ReviewSlice>;
export type AttributeCount = Json.AttributeCount<ReviewSlice>;
export type GroundingClassRow = Json.GroundingClassRow<ReviewSlice>;
export type GroundingSection = Json.GroundingSection<ReviewSlice>;
export type TagRow = Json.TagRow<ReviewSlice>;
export type TagsSection = Json.TagsSection<ReviewSlice>;
export type RunAnalysis = Json.RunAnalysis<ReviewSlice>;
export type FlipRow = Json.FlipRow<ReviewSlice>;
export type ClassDelta = Json.ClassDelta<ReviewSlice>;
export type RunComparison = Json.RunComparison<ReviewSlice>;

export interface AnalyzeRunOptions {
  /** Text-only run for the modality gap; default the newest text-only run of the dataset with fine results. */
  textRunId?: number;
  /** Direct (or ATTRSEEK) run to set against this one on the same samples; default the newest of the other strategy. */
  strategyRunId?: number;
  /** Coarse group whose fine classes the fine confusion matrix shows; default the one with most wrong fine answers. */
  matrixCoarse?: string;
  /** Classes per confusion matrix (default 10). */
  matrixSize?: number;
  /** Confusion pairs listed (default 200; -1 = all). */
  confusionLimit?: number;
  /** Attributes in the most-missed / most-unsupported lists (default 15). */
  attributeLimit?: number;
  /** Skip the attribute grounding (it runs the matcher over every attribute list). */
  skipGrounding?: boolean;
}
