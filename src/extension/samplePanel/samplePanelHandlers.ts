// The sample panel's host side as one handler table: method -> { parse, handle }. Each handler
// calls the service that owns the action and returns its value; an expected failure (a service's
// `{ ok: false }`) is thrown by `valueOf` and goes back to the page as the response's error.
import type { AttributeMatcher } from '../../core/analysis/attributeMatching';
import type {
  NotificationMessage,
  SamplePanelCommandParams,
  SamplePanelRequestTypes,
  SampleView,
  ZoomSetting,
} from '../../shared/samplePanelProtocol';
import { SamplePanelMethod as M } from '../../shared/samplePanelProtocol';
import type { ReviewActor } from '../common/reviewActor';
import type { ReviewSession } from '../review/reviewSession';
import { handlerTable, valueOf } from '../webviews/handlerTable';
import type { AttributeEditService } from './attributeEditService';
import {
  samplePanelCommandParsers as commands,
  samplePanelRequestParsers as requests,
} from './samplePanelParsers';
import type { SampleRunService } from './sampleRunService';
import type { SampleTagService } from './sampleTagService';
import type { VerdictOverruleService } from './verdictOverruleService';

/** What the panel's buttons do; the same actions back the tree's context menu. */
export interface SampleFileActions {
  copyImagePath(sampleId: number): Promise<void>;
  revealImage(sampleId: number): Promise<void>;
}

/** Everything the sample panel delegates to. */
export interface SamplePanelServices {
  files: SampleFileActions;
  runs: SampleRunService;
  tags: SampleTagService;
  attributes: AttributeEditService;
  review: ReviewSession;
  actor: ReviewActor;
  matcher: AttributeMatcher;
  verdicts: VerdictOverruleService;
}

/** The open panel, as its handlers see it. */
export interface SamplePanelContext {
  readonly services: SamplePanelServices;
  /** The page loaded: send what was queued for it. */
  pageReady(): void;
  setZoom(zoom: ZoomSetting): void;
  /** Shows the current sample again (after leaving review mode). */
  refresh(): Promise<void>;
  /** The view of a sample as the page can show it now; throws when there is no such sample. */
  sampleView(sampleId: number): Promise<SampleView>;
  /** Posts a notification to the page while the panel is open. */
  notify(message: NotificationMessage): void;
}

export const samplePanelHandlers = handlerTable<
  SamplePanelRequestTypes,
  SamplePanelCommandParams,
  SamplePanelContext
>(
  {
    [M.getSample]: { parse: requests[M.getSample], handle: (p, ctx) => ctx.sampleView(p.sampleId) },
    [M.startRun]: {
      parse: requests[M.startRun],
      handle: async (p, ctx) => valueOf(await ctx.services.runs.prepare(p, (m) => ctx.notify(m))),
      // Deltas carry the token, so they start only after the reply that announced it.
      afterResponse: (value, ctx) => ctx.services.runs.begin(value.token),
    },
    [M.toggleTag]: {
      parse: requests[M.toggleTag],
      handle: async (p, ctx) => valueOf(await ctx.services.tags.toggle(p.sampleId, p.tagId)),
    },
    [M.saveNote]: {
      parse: requests[M.saveNote],
      handle: async (p, ctx) => valueOf(await ctx.services.tags.saveNote(p.sampleId, p.text)),
    },
    [M.decideSuggestion]: {
      parse: requests[M.decideSuggestion],
      handle: async (p, ctx) =>
        valueOf(await ctx.services.tags.decide(p.sampleId, p.runId, p.tagId, p.decision)),
    },
    [M.editAttributes]: {
      parse: requests[M.editAttributes],
      handle: async (p, ctx) => valueOf(await ctx.services.attributes.apply(p.conceptId, p.edit, p.reason)),
    },
    [M.overruleVerdict]: {
      parse: requests[M.overruleVerdict],
      handle: async (p, ctx) => valueOf(await ctx.services.verdicts.overrule(p)),
    },
    [M.moveReview]: {
      parse: requests[M.moveReview],
      handle: async (p, ctx) => valueOf(await ctx.services.review.move(p.direction)),
    },
  },
  {
    [M.ready]: { parse: commands[M.ready], handle: (_p, ctx) => ctx.pageReady() },
    [M.revealImage]: {
      parse: commands[M.revealImage],
      handle: (p, ctx) => ctx.services.files.revealImage(p.sampleId),
    },
    [M.copyImagePath]: {
      parse: commands[M.copyImagePath],
      handle: (p, ctx) => ctx.services.files.copyImagePath(p.sampleId),
    },
    [M.saveViewState]: { parse: commands[M.saveViewState], handle: (p, ctx) => ctx.setZoom(p.zoom) },
    [M.endReview]: {
      parse: commands[M.endReview],
      handle: async (_p, ctx) => {
        await ctx.services.review.end();
        await ctx.refresh();
      },
    },
  },
);
