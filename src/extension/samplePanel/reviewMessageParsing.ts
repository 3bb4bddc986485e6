// Runtime validation of the review messages of the sample panel (tags, notes, suggestions,
// attribute edits, review moves): the page is a browser context, its input is untrusted.
import type { RequestMessage } from '../../shared/samplePanelProtocol';
import { SamplePanelMethod } from '../../shared/samplePanelProtocol';
import type { AlignmentStatus, AttributeEditOp, AttributeListName } from '../../shared/sampleReviewTypes';
import { GENERATED_STATUSES, REFERENCE_STATUSES } from '../../shared/sampleReviewTypes';
import { isId, isObject } from '../../shared/guards';

const isList = (v: unknown): v is AttributeListName => v === 'required' || v === 'likely';
/** Attribute text: one line, bounded. The note limit is enforced by the host with a message. */
const isAttributeText = (v: unknown): v is string =>
  typeof v === 'string' && v.trim().length > 0 && v.length <= 500 && !/[\r\n]/.test(v);

function parseAttributeEdit(v: unknown): AttributeEditOp | undefined {
  if (!isObject(v)) return undefined;
  switch (v.op) {
    case 'undo':
    case 'redo':
    case 'revert':
      return { op: v.op };
    case 'add':
      return isList(v.list) && isAttributeText(v.text)
        ? { op: 'add', list: v.list, text: v.text.trim() }
        : undefined;
    case 'edit':
      return isList(v.list) && isId(v.index) && isAttributeText(v.text)
        ? { op: 'edit', list: v.list, index: v.index, text: v.text.trim() }
        : undefined;
    case 'remove':
      return isList(v.list) && isId(v.index) ? { op: 'remove', list: v.list, index: v.index } : undefined;
    case 'move':
      return isList(v.list) && isId(v.index) ? { op: 'move', list: v.list, index: v.index } : undefined;
    case 'reorder':
      return isList(v.list) && isId(v.from) && isId(v.to)
        ? { op: 'reorder', list: v.list, from: v.from, to: v.to }
        : undefined;
    default:
      return undefined;
  }
}

const LEVELS = ['superordinate', 'coarse', 'fine'] as const;

function parseOverrule(id: number, params: Record<string, unknown>): RequestMessage | undefined {
  const { sampleId, runId, level, side, attribute, verdict } = params;
  if (!isId(sampleId) || !isId(runId) || !LEVELS.includes(level as (typeof LEVELS)[number])) return undefined;
  if (side !== 'generated' && side !== 'reference') return undefined;
  if (typeof attribute !== 'string' || attribute.trim() === '' || attribute.length > 2000) return undefined;
  const allowed = side === 'generated' ? GENERATED_STATUSES : REFERENCE_STATUSES;
  if (verdict !== null && !allowed.includes(verdict as AlignmentStatus)) return undefined;
  return {
    kind: 'request',
    id,
    method: SamplePanelMethod.overruleVerdict,
    params: {
      sampleId,
      runId,
      level: level as (typeof LEVELS)[number],
      side,
      attribute,
      verdict: verdict as AlignmentStatus | null,
    },
  };
}

/** The review requests, validated; undefined when `method` is not one of them or malformed. */
export function parseReviewRequest(id: number, method: string, params: unknown): RequestMessage | undefined {
  if (!isObject(params)) return undefined;
  switch (method) {
    case SamplePanelMethod.overruleVerdict:
      return parseOverrule(id, params);
    case SamplePanelMethod.toggleTag:
      return isId(params.sampleId) && isId(params.tagId)
        ? { kind: 'request', id, method, params: { sampleId: params.sampleId, tagId: params.tagId } }
        : undefined;
    case SamplePanelMethod.saveNote:
      // Length is checked by the host so that an oversized note is refused with a message.
      return isId(params.sampleId) && typeof params.text === 'string'
        ? { kind: 'request', id, method, params: { sampleId: params.sampleId, text: params.text } }
        : undefined;
    case SamplePanelMethod.decideSuggestion:
      return isId(params.sampleId) &&
        isId(params.tagId) &&
        isId(params.runId) &&
        (params.decision === 'accept' || params.decision === 'reject')
        ? {
            kind: 'request',
            id,
            method,
            params: {
              sampleId: params.sampleId,
              runId: params.runId,
              tagId: params.tagId,
              decision: params.decision,
            },
          }
        : undefined;
    case SamplePanelMethod.editAttributes: {
      const edit = parseAttributeEdit(params.edit);
      const reason = params.reason;
      const reasonOk = reason === null || (typeof reason === 'string' && reason.length <= 2000);
      return edit && isId(params.sampleId) && isId(params.conceptId) && reasonOk
        ? {
            kind: 'request',
            id,
            method,
            params: {
              sampleId: params.sampleId,
              conceptId: params.conceptId,
              edit,
              reason: typeof reason === 'string' && reason.trim() !== '' ? reason.trim() : null,
            },
          }
        : undefined;
    }
    case SamplePanelMethod.moveReview:
      return params.direction === 'next' || params.direction === 'previous'
        ? { kind: 'request', id, method, params: { direction: params.direction } }
        : undefined;
    default:
      return undefined;
  }
}
