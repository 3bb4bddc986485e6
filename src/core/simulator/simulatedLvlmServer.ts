// A local HTTP server that speaks the OpenAI chat completions API and answers like a weak
// LVLM on a known dataset (see simulatedAnswers.ts). Used by tests, the benchmark and demos.
// Everything it needs is precomputed at start: no file reads or heavy work per request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dataUrlToBytes, sha256Hex } from '../lvlm/imageEncoding';
import type { LabelLevel } from '../model';
import { type FaultConfig, FaultInjector, validateFaultConfig } from './faultInjection';
import {
  classifyRequest,
  closedListOptions,
  identifyConceptByAttributes,
  identifyConceptByName,
  readRequestMessages,
  type RequestMessage,
} from './requestClassifier';
import {
  DEFAULT_ACCURACY,
  formatAttributeGeneration,
  formatSeenAttributes,
  SimulatedAnswerer,
  type SimulatorAccuracy,
} from './simulatedAnswers';
import type { SimulatorCatalog } from './simulatorCatalog';
import { simulatedEmbedding, simulatedJudgeReply } from './simulatedMatchers';
import { SimulatorStats, type RequestLogEntry } from './simulatorStats';
import { isLoopback, readBody, sendError, sendJson, writeCompletion, writeFault } from './simulatorWire';

export const SIMULATED_MODEL = 'finer-simulated-lvlm-1';

export interface SimulatedServerOptions {
  catalog: SimulatorCatalog;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  seed?: number;
  accuracy?: Partial<SimulatorAccuracy>;
  faults?: FaultConfig;
  /** Model ids served (default [SIMULATED_MODEL]); other ids get a 404 like real servers. */
  models?: string[];
  /** When set, requests must carry this key (Bearer or api-key header), else 401. */
  apiKey?: string;
  /** Behave like servers that ignore `stream_options.include_usage` (no usage chunk). */
  ignoreStreamOptions?: boolean;
  /** Called with every chat request body as parsed from the wire (tests check request shapes). */
  onChatBody?: (body: unknown) => void;
}

export interface SimulatedServerHandle {
  /** Base URL including /v1, ready for an endpoint's baseUrl. */
  url: string;
  port: number;
  model: string;
  close(): Promise<void>;
  stats(): ReturnType<SimulatorStats['snapshot']>;
  resetStats(): void;
  setFaults(faults: FaultConfig): void;
}

interface ChatBody {
  model?: unknown;
  messages?: unknown;
  stream?: unknown;
  stream_options?: { include_usage?: unknown };
  max_tokens?: unknown;
  max_completion_tokens?: unknown;
}

/** The text of a simulated refusal (the `refusal` fault). */
export const SIMULATED_REFUSAL = "I'm sorry, I can't help with identifying this image.";

export async function startSimulatedLvlmServer(
  options: SimulatedServerOptions,
): Promise<SimulatedServerHandle> {
  const seed = options.seed ?? 0;
  const catalog = options.catalog;
  const models = options.models ?? [SIMULATED_MODEL];
  const answerer = new SimulatedAnswerer(catalog, seed, { ...DEFAULT_ACCURACY, ...options.accuracy });
  const faults = new FaultInjector(options.faults ? validateFaultConfig(options.faults) : {}, seed);
  const stats = new SimulatorStats();
  const imageHashCache = new Map<string, string>();

  function hashImage(url: string): string {
    // Base64 of the same image is the same string: skip decoding for repeats.
    const known = imageHashCache.get(url);
    if (known) return known;
    const decoded = dataUrlToBytes(url);
    const hash = sha256Hex(decoded ? decoded.bytes : Buffer.from(url));
    if (imageHashCache.size > 5_000) imageHashCache.clear();
    imageHashCache.set(url, hash);
    return hash;
  }

  function answer(messages: RequestMessage[]): { text: string; task: string; level?: LabelLevel } {
    const judged = simulatedJudgeReply(messages);
    if (judged !== undefined) return { text: judged, task: 'judge' };
    const firstImage = messages.flatMap((m) => m.imageUrls)[0];
    const imageHash = firstImage ? hashImage(firstImage) : '';
    const classKey = catalog.images[imageHash];
    const cls = classKey ? catalog.classes[classKey] : undefined;
    const task = classifyRequest(messages, catalog, cls);
    const question =
      messages
        .filter((m) => m.role === 'user')
        .at(-1)
        ?.texts.join('\n') ?? '';
    switch (task.kind) {
      case 'label':
        return {
          text: answerer.answerLabel(cls, imageHash, task.level, task.mode, closedListOptions(question)),
          task: `label-${task.mode}`,
          level: task.level,
        };
      case 'attrseek-attributes':
        return {
          text: formatSeenAttributes(answerer.seenAttributes(cls, imageHash), imageHash, seed),
          task: task.kind,
        };
      case 'probe': {
        const concept = identifyConceptByAttributes(question, catalog);
        return {
          text: answerer.answerProbe(concept, concept ? concept.key : question),
          task: task.kind,
          level: 'fine',
        };
      }
      case 'attribute-generation': {
        const concept = identifyConceptByName(question, catalog);
        return {
          text: formatAttributeGeneration(
            answerer.conceptAttributes(concept, `gen:${concept?.key ?? question}`),
          ),
          task: task.kind,
        };
      }
      case 'coarse-naming': {
        // The coarse label of the named class; nothing for a class the catalog does not have.
        const concept = identifyConceptByName(question, catalog);
        return { text: `Answer: ${concept?.coarse[0] ?? ''}`, task: task.kind };
      }
      case 'chat':
        return { text: 'Ready.', task: task.kind };
    }
  }

  async function handleChat(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const raw = await readBody(req);
    const entry = stats.begin(path);
    res.on('close', () => stats.end(entry, res.statusCode));
    if (options.apiKey !== undefined) {
      const auth = req.headers['authorization'] ?? '';
      const given = auth.startsWith('Bearer ') ? auth.slice(7) : String(req.headers['api-key'] ?? '');
      if (given !== options.apiKey) {
        // Like OpenAI, the message echoes (here: all of) the key, so clients must redact it.
        sendError(
          res,
          401,
          `Incorrect API key provided: ${given}.`,
          'invalid_request_error',
          'invalid_api_key',
        );
        return;
      }
    }
    let body: ChatBody;
    try {
      body = JSON.parse(raw) as ChatBody;
    } catch {
      sendError(res, 400, 'The request body is not valid JSON.', 'invalid_request_error', null);
      return;
    }
    options.onChatBody?.(body);
    const deployment = /\/deployments\/([^/]+)\//.exec(path)?.[1];
    const model = typeof body.model === 'string' ? body.model : '';
    if (!models.includes(model) && !(deployment && models.includes(decodeURIComponent(deployment)))) {
      sendError(
        res,
        404,
        `The model \`${model}\` does not exist.`,
        'invalid_request_error',
        'model_not_found',
      );
      return;
    }
    const messages = readRequestMessages(body.messages);
    if (!messages || messages.length === 0) {
      sendError(
        res,
        400,
        "'messages' must be a non-empty array of chat messages.",
        'invalid_request_error',
        null,
      );
      return;
    }
    const fault = faults.decide(faults.needsBodyKey ? sha256Hex(Buffer.from(raw)) : '');
    entry.fault = fault.kind;
    if (fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (res.destroyed) return;
    if (writeFault(res, fault.kind, body.stream === true, faults)) return;
    const result = answer(messages);
    entry.task = result.task;
    if (result.level) entry.level = result.level;
    const maxTokens =
      typeof body.max_tokens === 'number'
        ? body.max_tokens
        : typeof body.max_completion_tokens === 'number'
          ? body.max_completion_tokens
          : 4096;
    writeCompletion(res, {
      model,
      stream: body.stream === true,
      includeUsage: body.stream_options?.include_usage === true && options.ignoreStreamOptions !== true,
      promptText: messages.flatMap((m) => m.texts).join(' '),
      images: messages.reduce((n, m) => n + m.imageUrls.length, 0),
      text: result.text,
      maxTokens,
      ...(fault.kind === 'length' ? { forceLength: true } : {}),
      ...(fault.kind === 'refusal' ? { refusal: SIMULATED_REFUSAL } : {}),
    });
  }

  /** `/v1/embeddings`: deterministic vectors, usage counted one token per word. */
  async function handleEmbeddings(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const raw = await readBody(req);
    const entry = stats.begin(path);
    entry.task = 'embeddings';
    res.on('close', () => stats.end(entry, res.statusCode));
    let body: { model?: unknown; input?: unknown };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      sendError(res, 400, 'The request body is not valid JSON.', 'invalid_request_error', null);
      return;
    }
    const model = typeof body.model === 'string' ? body.model : '';
    if (!models.includes(model)) {
      sendError(
        res,
        404,
        `The model \`${model}\` does not exist.`,
        'invalid_request_error',
        'model_not_found',
      );
      return;
    }
    const inputs = typeof body.input === 'string' ? [body.input] : body.input;
    if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((i) => typeof i === 'string')) {
      sendError(
        res,
        400,
        "'input' must be a string or a non-empty list of strings.",
        'invalid_request_error',
        null,
      );
      return;
    }
    const tokens = (inputs as string[]).reduce(
      (n, t) => n + t.split(/\s+/).filter((w) => w !== '').length,
      0,
    );
    sendJson(res, 200, {
      object: 'list',
      model,
      data: (inputs as string[]).map((text, index) => ({
        object: 'embedding',
        index,
        embedding: simulatedEmbedding(text),
      })),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  }

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (!isLoopback(req)) {
      sendError(res, 403, 'The admin endpoint is only available from 127.0.0.1.', 'permission_error', null);
      return;
    }
    if (path === '/admin/faults' && req.method === 'POST') {
      try {
        faults.set(validateFaultConfig(JSON.parse(await readBody(req))));
        sendJson(res, 200, { faults: faults.current });
      } catch (error) {
        sendError(
          res,
          400,
          `Invalid fault settings: ${(error as Error).message}`,
          'invalid_request_error',
          null,
        );
      }
      return;
    }
    if (path === '/admin/faults' && req.method === 'GET') {
      sendJson(res, 200, { faults: faults.current });
      return;
    }
    if (path === '/admin/stats' && req.method === 'GET') {
      sendJson(res, 200, stats.snapshot());
      return;
    }
    sendError(res, 404, `No admin route ${req.method} ${path}.`, 'invalid_request_error', null);
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = async (): Promise<void> => {
      if (path.startsWith('/admin/')) return handleAdmin(req, res, path);
      if (req.method === 'GET' && path.endsWith('/models')) {
        sendJson(res, 200, {
          object: 'list',
          data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'finer-lens' })),
        });
        return;
      }
      if (req.method === 'POST' && path.endsWith('/chat/completions')) return handleChat(req, res, path);
      if (req.method === 'POST' && path.endsWith('/embeddings')) return handleEmbeddings(req, res, path);
      sendError(res, 404, `Unknown route ${req.method} ${path}.`, 'invalid_request_error', 'not_found');
    };
    route().catch((error: unknown) => {
      if (!res.headersSent)
        sendError(res, 500, `Simulator failure: ${(error as Error).message}`, 'server_error', null);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    model: models[0] ?? SIMULATED_MODEL,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    setFaults: (f) => faults.set(validateFaultConfig(f)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hanging requests and idle keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

export type { RequestLogEntry };
