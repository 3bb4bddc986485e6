// The params parsers of the sample panel's handler table: the page is a browser context, so
// every field it sends is checked and copied into a fresh object (never the page's own, never a
// prototype's key); a parser returns undefined for anything it does not accept.
import type { ParamsParser } from '../webviews/handlerTable';
import type {
  SamplePanelCommandParams,
  SamplePanelRequestTypes,
  SamplePanelViewState,
  SampleRunLevel,
  SampleRunStrategy,
  ZoomSetting,
} from '../../shared/samplePanelProtocol';
import { SamplePanelMethod as M } from '../../shared/samplePanelProtocol';
import type { AlignmentStatus, AttributeEditOp, AttributeListName } from '../../shared/sampleReviewTypes';
import { GENERATED_STATUSES, REFERENCE_STATUSES } from '../../shared/sampleReviewTypes';
import { hasOwn, isBoundedString, isId, isObject, isOneOf } from '../../shared/guards';

type RequestParsers = {
  [K in keyof SamplePanelRequestTypes]: ParamsParser<SamplePanelRequestTypes[K]['params']>;
};
type CommandParsers = { [K in keyof SamplePanelCommandParams]: ParamsParser<SamplePanelCommandParams[K]> };

/** A field the object has itself (an inherited `__proto__` value does not count). */
const own = (o: Record<string, unknown>, key: string): unknown => (hasOwn(o, key) ? o[key] : undefined);

function isZoomSetting(v: unknown): v is ZoomSetting {
  return v === 'fit' || (typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 64);
}

/** The state the panel serializer restores (also what the page saves with saveViewState). */
export function isViewState(v: unknown): v is SamplePanelViewState {
  return isObject(v) && isId(own(v, 'sampleId')) && isZoomSetting(own(v, 'zoom'));
}

const noParams = (p: unknown): Record<string, never> | undefined => (isObject(p) ? {} : undefined);

function sampleIdOnly(p: unknown): { sampleId: number } | undefined {
  if (!isObject(p)) return undefined;
  const sampleId = own(p, 'sampleId');
  return isId(sampleId) ? { sampleId } : undefined;
}

const STRATEGIES: readonly SampleRunStrategy[] = ['attrseek', 'direct', 'text-only', 'counterfactual'];
const RUN_LEVELS: readonly SampleRunLevel[] = ['superordinate', 'coarse', 'fine', 'all'];
const LEVELS = ['superordinate', 'coarse', 'fine'] as const;
const LISTS: readonly AttributeListName[] = ['required', 'likely'];

/** Attribute text: one line, bounded. The note limit is enforced by the host with a message. */
const isAttributeText = (v: unknown): v is string =>
  typeof v === 'string' && v.trim().length > 0 && v.length <= 500 && !/[\r\n]/.test(v);

function parseAttributeEdit(v: unknown): AttributeEditOp | undefined {
  if (!isObject(v)) return undefined;
  const list = own(v, 'list');
  const index = own(v, 'index');
  const text = own(v, 'text');
  const op = own(v, 'op');
  switch (op) {
    case 'undo':
    case 'redo':
    case 'revert':
      return { op };
    case 'add':
      return isOneOf(list, LISTS) && isAttributeText(text) ? { op, list, text: text.trim() } : undefined;
    case 'edit':
      return isOneOf(list, LISTS) && isId(index) && isAttributeText(text)
        ? { op, list, index, text: text.trim() }
        : undefined;
    case 'remove':
    case 'move':
      return isOneOf(list, LISTS) && isId(index) ? { op, list, index } : undefined;
    case 'reorder': {
      const from = own(v, 'from');
      const to = own(v, 'to');
      return isOneOf(list, LISTS) && isId(from) && isId(to) ? { op, list, from, to } : undefined;
    }
    default:
      return undefined;
  }
}

export const samplePanelRequestParsers: RequestParsers = {
  [M.getSample]: sampleIdOnly,

  [M.startRun]: (p) => {
    if (!isObject(p)) return undefined;
    const sampleId = own(p, 'sampleId');
    const strategy = own(p, 'strategy');
    const level = own(p, 'level');
    const endpointName = own(p, 'endpointName');
    const attributes = own(p, 'attributes');
    if (!isId(sampleId) || !isOneOf(strategy, STRATEGIES) || !isOneOf(level, RUN_LEVELS)) return undefined;
    if (!isBoundedString(endpointName, 200, 1)) return undefined;
    if (strategy === 'counterfactual') {
      if (!isBoundedString(attributes, 20_000) || attributes.trim() === '') return undefined;
    } else if (attributes !== undefined) {
      return undefined;
    }
    return {
      sampleId,
      strategy,
      level,
      endpointName,
      ...(typeof attributes === 'string' ? { attributes } : {}),
    };
  },

  [M.toggleTag]: (p) => {
    if (!isObject(p)) return undefined;
    const sampleId = own(p, 'sampleId');
    const tagId = own(p, 'tagId');
    return isId(sampleId) && isId(tagId) ? { sampleId, tagId } : undefined;
  },

  // Length is checked by the host so that an oversized note is refused with a message.
  [M.saveNote]: (p) => {
    if (!isObject(p)) return undefined;
    const sampleId = own(p, 'sampleId');
    const text = own(p, 'text');
    return isId(sampleId) && typeof text === 'string' ? { sampleId, text } : undefined;
  },

  [M.decideSuggestion]: (p) => {
    if (!isObject(p)) return undefined;
    const sampleId = own(p, 'sampleId');
    const runId = own(p, 'runId');
    const tagId = own(p, 'tagId');
    const decision = own(p, 'decision');
    return isId(sampleId) && isId(runId) && isId(tagId) && (decision === 'accept' || decision === 'reject')
      ? { sampleId, runId, tagId, decision }
      : undefined;
  },

  [M.editAttributes]: (p) => {
    if (!isObject(p)) return undefined;
    const sampleId = own(p, 'sampleId');
    const conceptId = own(p, 'conceptId');
    const edit = parseAttributeEdit(own(p, 'edit'));
    const reason = own(p, 'reason');
    const reasonOk = reason === null || isBoundedString(reason, 2000);
    if (!edit || !isId(sampleId) || !isId(conceptId) || !reasonOk) return undefined;
    return {
      sampleId,
      conceptId,
      edit,
      reason: typeof reason === 'string' && reason.trim() !== '' ? reason.trim() : null,
    };
  },

  [M.overruleVerdict]: (p) => {
    if (!isObject(p)) return undefined;
    const sampleId = own(p, 'sampleId');
    const runId = own(p, 'runId');
    const level = own(p, 'level');
    const side = own(p, 'side');
    const attribute = own(p, 'attribute');
    const verdict = own(p, 'verdict');
    if (!isId(sampleId) || !isId(runId) || !isOneOf(level, LEVELS)) return undefined;
    if (side !== 'generated' && side !== 'reference') return undefined;
    if (!isBoundedString(attribute, 2000) || attribute.trim() === '') return undefined;
    const allowed: readonly AlignmentStatus[] =
      side === 'generated' ? GENERATED_STATUSES : REFERENCE_STATUSES;
    if (verdict !== null && !isOneOf(verdict, allowed)) return undefined;
    return { sampleId, runId, level, side, attribute, verdict };
  },

  [M.moveReview]: (p) => {
    if (!isObject(p)) return undefined;
    const direction = own(p, 'direction');
    return direction === 'next' || direction === 'previous' ? { direction } : undefined;
  },
};

export const samplePanelCommandParsers: CommandParsers = {
  [M.ready]: noParams,
  [M.revealImage]: sampleIdOnly,
  [M.copyImagePath]: sampleIdOnly,
  [M.endReview]: noParams,
  [M.saveViewState]: (p) => (isViewState(p) ? { sampleId: p.sampleId, zoom: p.zoom } : undefined),
};
