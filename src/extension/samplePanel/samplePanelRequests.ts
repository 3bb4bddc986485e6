// The review requests of the sample panel (tags, notes, suggestions, attribute edits, review
// moves), answered by the services that own them. Failures come back as data.
import type { AttributeMatcher } from '../../core/analysis/attributeMatching';
import type { RequestMessage, ResponseMessage } from '../../shared/samplePanelProtocol';
import { SamplePanelMethod } from '../../shared/samplePanelProtocol';
import type { AttributeEditService } from './attributeEditService';
import type { ReviewActor } from '../common/reviewActor';
import type { ReviewSession } from '../review/reviewSession';
import type { SampleFileActions } from './samplePanel';
import type { SampleRunService } from './sampleRunService';
import type { SampleTagService } from './sampleTagService';
import type { VerdictOverruleService } from './verdictOverruleService';

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

type ReviewRequest = Exclude<
  RequestMessage,
  RequestMessage<typeof SamplePanelMethod.getSample | typeof SamplePanelMethod.startRun>
>;

export async function answerReviewRequest(
  services: SamplePanelServices,
  request: ReviewRequest,
): Promise<ResponseMessage> {
  const { id } = request;
  switch (request.method) {
    case SamplePanelMethod.toggleTag: {
      const result = await services.tags.toggle(request.params.sampleId, request.params.tagId);
      return { kind: 'response', id, method: request.method, result };
    }
    case SamplePanelMethod.saveNote: {
      const result = await services.tags.saveNote(request.params.sampleId, request.params.text);
      return { kind: 'response', id, method: request.method, result };
    }
    case SamplePanelMethod.decideSuggestion: {
      const { sampleId, runId, tagId, decision } = request.params;
      const result = await services.tags.decide(sampleId, runId, tagId, decision);
      return { kind: 'response', id, method: request.method, result };
    }
    case SamplePanelMethod.editAttributes: {
      const { conceptId, edit, reason } = request.params;
      const result = await services.attributes.apply(conceptId, edit, reason);
      return { kind: 'response', id, method: request.method, result };
    }
    case SamplePanelMethod.overruleVerdict: {
      const result = await services.verdicts.overrule(request.params);
      return { kind: 'response', id, method: request.method, result };
    }
    case SamplePanelMethod.moveReview: {
      const result = await services.review.move(request.params.direction);
      return { kind: 'response', id, method: request.method, result };
    }
  }
}
