// Runtime validation of messages from the sample panel webview: the page is a browser context,
// so everything it sends is treated as untrusted input.
import type {
  SamplePanelViewState,
  SampleRunLevel,
  SampleRunStrategy,
  StartRunParams,
  WebviewToHostMessage,
  ZoomSetting,
} from '../../shared/samplePanelProtocol';
import { SamplePanelMethod } from '../../shared/samplePanelProtocol';
import { parseReviewRequest } from './reviewMessageParsing';
import { isId, isObject } from '../../shared/guards';

function isZoomSetting(v: unknown): v is ZoomSetting {
  return v === 'fit' || (typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 64);
}

export function isViewState(v: unknown): v is SamplePanelViewState {
  return isObject(v) && isId(v.sampleId) && isZoomSetting(v.zoom);
}

const hasSampleId = (params: unknown): params is { sampleId: number } =>
  isObject(params) && isId(params.sampleId);

const STRATEGIES: readonly SampleRunStrategy[] = ['attrseek', 'direct', 'text-only', 'counterfactual'];
const LEVELS: readonly SampleRunLevel[] = ['superordinate', 'coarse', 'fine', 'all'];

function parseStartRun(params: unknown): StartRunParams | undefined {
  if (!isObject(params) || !isId(params.sampleId)) return undefined;
  const { strategy, level, endpointName } = params;
  if (!STRATEGIES.includes(strategy as SampleRunStrategy)) return undefined;
  if (!LEVELS.includes(level as SampleRunLevel)) return undefined;
  if (typeof endpointName !== 'string' || endpointName.length === 0 || endpointName.length > 200) {
    return undefined;
  }
  const attributes = params.attributes;
  if (strategy === 'counterfactual') {
    if (typeof attributes !== 'string' || attributes.trim() === '' || attributes.length > 20_000)
      return undefined;
  } else if (attributes !== undefined) {
    return undefined;
  }
  return {
    sampleId: params.sampleId,
    strategy: strategy as SampleRunStrategy,
    level: level as SampleRunLevel,
    endpointName,
    ...(typeof attributes === 'string' ? { attributes } : {}),
  };
}

/** Returns the message if it is well-formed, otherwise undefined. */
export function parseWebviewMessage(raw: unknown): WebviewToHostMessage | undefined {
  if (!isObject(raw) || typeof raw.method !== 'string') return undefined;
  const { kind, method, params } = raw;
  if (kind === 'command') {
    switch (method) {
      case SamplePanelMethod.ready:
        return isObject(params) ? { kind, method, params: {} } : undefined;
      case SamplePanelMethod.revealImage:
      case SamplePanelMethod.copyImagePath:
        return hasSampleId(params) ? { kind, method, params: { sampleId: params.sampleId } } : undefined;
      case SamplePanelMethod.endReview:
        return isObject(params) ? { kind, method, params: {} } : undefined;
      case SamplePanelMethod.saveViewState:
        return isViewState(params)
          ? { kind, method, params: { sampleId: params.sampleId, zoom: params.zoom } }
          : undefined;
      default:
        return undefined;
    }
  }
  if (kind === 'request' && isId(raw.id)) {
    if (method === SamplePanelMethod.getSample && hasSampleId(params)) {
      return { kind, id: raw.id, method, params: { sampleId: params.sampleId } };
    }
    if (method === SamplePanelMethod.startRun) {
      const start = parseStartRun(params);
      return start ? { kind, id: raw.id, method, params: start } : undefined;
    }
    return parseReviewRequest(raw.id, method, params);
  }
  return undefined;
}
