// A named model endpoint (OpenAI-compatible or Azure OpenAI) and its runtime validation.
// Endpoints come from settings files and CLI flags, so every field is checked and an error
// names the field. The API key is deliberately NOT part of an endpoint: callers pass it in.
import { FinerLensError } from '../errors';
import { TOKEN_LIMIT_PARAMS, type TokenLimitParam } from './chatMessages';
import { isObject, type Json } from '../../shared/guards';

export type LvlmEndpointKind = 'openai' | 'azure';

export interface SamplingDefaults {
  temperature: number;
  maxTokens: number;
  seed?: number;
}

export interface EndpointPricing {
  /** US dollars per million input tokens. */
  inputPerMTok: number;
  /** US dollars per million output tokens. */
  outputPerMTok: number;
}

export interface LvlmEndpoint {
  name: string;
  /** For 'openai': the API root including /v1 (e.g. http://localhost:11434/v1). For 'azure': the resource endpoint. */
  baseUrl: string;
  model: string;
  kind: LvlmEndpointKind;
  azureApiVersion?: string;
  azureDeployment?: string;
  headers?: Record<string, string>;
  defaults: SamplingDefaults;
  pricing?: EndpointPricing;
  /** Field that carries the token limit (default "max_tokens"); OpenAI's o-series and newer models need "max_completion_tokens". */
  tokenLimitParam?: TokenLimitParam;
}

export const DEFAULT_SAMPLING: Readonly<SamplingDefaults> = { temperature: 0.2, maxTokens: 512 };

/** A configuration problem in an endpoint definition; `field` is a dotted path. */
export class EndpointConfigError extends FinerLensError {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

function fail(field: string, problem: string, where: string): never {
  throw new EndpointConfigError(`Endpoint ${where}: "${field}" ${problem}.`, field);
}

function requiredString(o: Json, field: string, where: string): string {
  const v = o[field];
  if (typeof v !== 'string' || v.trim() === '') fail(field, 'must be a non-empty string', where);
  return v.trim();
}

function optionalString(o: Json, field: string, where: string): string | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.trim() === '') fail(field, 'must be a non-empty string when set', where);
  return v.trim();
}

function finiteNumber(v: unknown, field: string, where: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    fail(field, `must be a number between ${min} and ${max}`, where);
  }
  return v;
}

function validateBaseUrl(raw: string, where: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail('baseUrl', 'must be an absolute http(s) URL', where);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('baseUrl', 'must use http or https', where);
  // The SDK appends paths like /chat/completions; a trailing slash would double it.
  return raw.replace(/\/+$/, '');
}

function validateDefaults(v: unknown, where: string): SamplingDefaults {
  if (v === undefined) return { ...DEFAULT_SAMPLING };
  if (!isObject(v)) fail('defaults', 'must be an object', where);
  const defaults: SamplingDefaults = {
    temperature:
      v['temperature'] === undefined
        ? DEFAULT_SAMPLING.temperature
        : finiteNumber(v['temperature'], 'defaults.temperature', where, 0, 2),
    maxTokens:
      v['maxTokens'] === undefined
        ? DEFAULT_SAMPLING.maxTokens
        : finiteNumber(v['maxTokens'], 'defaults.maxTokens', where, 1, 1_000_000),
  };
  if (!Number.isInteger(defaults.maxTokens)) fail('defaults.maxTokens', 'must be an integer', where);
  if (v['seed'] !== undefined) {
    const seed = finiteNumber(v['seed'], 'defaults.seed', where, -(2 ** 53), 2 ** 53);
    if (!Number.isInteger(seed)) fail('defaults.seed', 'must be an integer', where);
    defaults.seed = seed;
  }
  return defaults;
}

function validateHeaders(v: unknown, where: string): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) fail('headers', 'must be an object of string values', where);
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) {
    if (typeof value !== 'string') fail(`headers.${k}`, 'must be a string', where);
    if (k.toLowerCase() === 'authorization' || k.toLowerCase() === 'api-key') {
      // Keys belong in secret storage, not in a settings file that may be committed.
      fail(`headers.${k}`, 'must not carry credentials; store the API key as a secret instead', where);
    }
    out[k] = value;
  }
  return out;
}

function validatePricing(v: unknown, where: string): EndpointPricing | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) fail('pricing', 'must be an object', where);
  return {
    inputPerMTok: finiteNumber(v['inputPerMTok'], 'pricing.inputPerMTok', where, 0, 1e6),
    outputPerMTok: finiteNumber(v['outputPerMTok'], 'pricing.outputPerMTok', where, 0, 1e6),
  };
}

/** Checks an endpoint definition read from JSON; fills sampling defaults; throws EndpointConfigError. */
export function validateEndpoint(input: unknown): LvlmEndpoint {
  if (!isObject(input)) throw new EndpointConfigError('Endpoint definition must be an object.', '');
  const name = requiredString(input, 'name', 'definition');
  const where = `"${name}"`;
  const kindRaw = input['kind'] ?? 'openai';
  if (kindRaw !== 'openai' && kindRaw !== 'azure') fail('kind', 'must be "openai" or "azure"', where);
  const endpoint: LvlmEndpoint = {
    name,
    baseUrl: validateBaseUrl(requiredString(input, 'baseUrl', where), where),
    model: requiredString(input, 'model', where),
    kind: kindRaw,
    defaults: validateDefaults(input['defaults'], where),
  };
  const apiVersion = optionalString(input, 'azureApiVersion', where);
  const deployment = optionalString(input, 'azureDeployment', where);
  if (endpoint.kind === 'azure' && apiVersion === undefined) {
    fail('azureApiVersion', 'is required for Azure endpoints (e.g. "2024-10-21")', where);
  }
  if (apiVersion !== undefined) endpoint.azureApiVersion = apiVersion;
  if (deployment !== undefined) endpoint.azureDeployment = deployment;
  const headers = validateHeaders(input['headers'], where);
  if (headers) endpoint.headers = headers;
  const pricing = validatePricing(input['pricing'], where);
  if (pricing) endpoint.pricing = pricing;
  const tokenParam = input['tokenLimitParam'];
  if (tokenParam !== undefined && tokenParam !== null) {
    if (!(TOKEN_LIMIT_PARAMS as readonly unknown[]).includes(tokenParam)) {
      fail('tokenLimitParam', `must be one of ${TOKEN_LIMIT_PARAMS.map((t) => `"${t}"`).join(', ')}`, where);
    }
    endpoint.tokenLimitParam = tokenParam as TokenLimitParam;
  }
  return endpoint;
}

/** Cost in US dollars of a number of tokens at the endpoint's prices, or null without pricing. */
export function estimateCostUsd(
  endpoint: LvlmEndpoint,
  inputTokens: number,
  outputTokens: number,
): number | null {
  if (!endpoint.pricing) return null;
  return (inputTokens * endpoint.pricing.inputPerMTok + outputTokens * endpoint.pricing.outputPerMTok) / 1e6;
}
