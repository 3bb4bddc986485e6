// The dashboard's host-side message table (method -> {parse, handle}): load the analysis with
// the page's choices, compare with another run, open the samples behind a number (gallery or
// review queue) and export a report. Free of `vscode` (the context brings the actions), so it
// runs in Node unit tests too. Everything the page sends is checked here.
import type { ReviewSlice } from '../../core/model';
import type {
  CompareView,
  DashboardChoices,
  DashboardCommandParams,
  DashboardData,
  DashboardRequestTypes,
  GroundingReply,
} from '../../shared/dashboardProtocol';
import { DASHBOARD_LABEL_MAX, DASHBOARD_MAX_OVERLAYS, DashboardMethod } from '../../shared/dashboardProtocol';
import { isBoundedString, isId, isIdList, isObject } from '../../shared/guards';
import { handlerTable } from '../webviews/handlerTable';
import type { SliceRegistry } from './dashboardSlices';

export interface DashboardContext {
  runId: number;
  slices: SliceRegistry;
  load(choices: DashboardChoices): DashboardData | Promise<DashboardData>;
  compare(otherRunId: number): CompareView | Promise<CompareView>;
  grounding(): GroundingReply | Promise<GroundingReply>;
  /** In the gallery when it exists, else as a review queue. */
  openSlice(slice: ReviewSlice): Promise<void>;
  reviewSlice(slice: ReviewSlice): Promise<void>;
  exportReport(compareRunId: number | null): Promise<void>;
  /** Tells the person why a click did nothing (commands have no reply). */
  showError(message: string): void;
  /** The page loaded: it may be sent notifications now. */
  ready(): void;
}

export function parseChoices(p: unknown): DashboardChoices | undefined {
  if (!isObject(p)) return undefined;
  const { textRunId, matrixCoarse, overlayRunIds } = p;
  if (textRunId !== null && !isId(textRunId)) return undefined;
  if (matrixCoarse !== null && !isBoundedString(matrixCoarse, DASHBOARD_LABEL_MAX, 1)) return undefined;
  if (!isIdList(overlayRunIds, DASHBOARD_MAX_OVERLAYS)) return undefined;
  return { textRunId, matrixCoarse, overlayRunIds: [...new Set(overlayRunIds)] };
}

const parseRef = (p: unknown): { generation: number; slice: number } | undefined =>
  isObject(p) && isId(p.generation) && isId(p.slice)
    ? { generation: p.generation, slice: p.slice }
    : undefined;

async function withSlice(
  context: DashboardContext,
  p: { generation: number; slice: number },
  action: (slice: ReviewSlice) => Promise<void>,
): Promise<void> {
  const slice = context.slices.resolve(p.generation, p.slice);
  if (typeof slice === 'string') {
    context.showError(slice);
    return;
  }
  await action(slice);
}

export function dashboardHandlerTable() {
  return handlerTable<DashboardRequestTypes, DashboardCommandParams, DashboardContext>(
    {
      [DashboardMethod.load]: {
        parse: parseChoices,
        handle: (p, c) => c.load(p),
      },
      [DashboardMethod.grounding]: {
        parse: (p) => (isObject(p) && isId(p.generation) ? { generation: p.generation } : undefined),
        handle: (p, c) => {
          // Computed for the analysis the page shows; a newer one will ask again.
          if (p.generation !== c.slices.generation) throw new Error('The dashboard has been updated since.');
          return c.grounding();
        },
      },
      [DashboardMethod.compare]: {
        parse: (p) => (isObject(p) && isId(p.otherRunId) ? { otherRunId: p.otherRunId } : undefined),
        handle: (p, c) => {
          if (p.otherRunId === c.runId) throw new Error('Choose another run than this one to compare with.');
          return c.compare(p.otherRunId);
        },
      },
    },
    {
      [DashboardMethod.ready]: { parse: () => ({}), handle: (_p, c) => c.ready() },
      [DashboardMethod.openSlice]: {
        parse: parseRef,
        handle: (p, c) => withSlice(c, p, (s) => c.openSlice(s)),
      },
      [DashboardMethod.reviewSlice]: {
        parse: parseRef,
        handle: (p, c) => withSlice(c, p, (s) => c.reviewSlice(s)),
      },
      [DashboardMethod.exportReport]: {
        parse: (p) =>
          isObject(p) && (p.compareRunId === null || isId(p.compareRunId))
            ? { compareRunId: p.compareRunId }
            : undefined,
        handle: (p, c) => c.exportReport(p.compareRunId),
      },
    },
  );
}
