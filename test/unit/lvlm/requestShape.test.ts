// The bodies our client sends for every strategy (ATTRSEEK turns 1 and 2, direct, text-only
// probe), level, family and protocol validate against the published chat-completions request
// schema (subset in test/fixtures). Bodies are captured by the simulated server from the wire,
// after the real openai SDK serialised them.
import { strict as assert } from 'node:assert';
import Ajv from 'ajv';
import { LvlmClient } from '../../../src/core/lvlm/lvlmClient';
import type { LvlmEndpoint } from '../../../src/core/lvlm/lvlmEndpoint';
import type { LabelLevel, Sample } from '../../../src/core/model';
import { PromptBuilder } from '../../../src/core/prompts/promptBuilder';
import { PROMPT_PROTOCOLS } from '../../../src/core/prompts/promptProtocols';
import { DATASET_FAMILIES } from '../../../src/core/prompts/promptTypes';
import { executeTask, type SendTurn } from '../../../src/core/runs/runTasks';
import type { RunRecord, RunStrategy } from '../../../src/core/runs/runTypes';
import type { SimulatedServerHandle } from '../../../src/core/simulator/simulatedLvlmServer';
import { CHAT_COMPLETION_REQUEST_SCHEMA } from '../../fixtures/chatCompletionRequestSchema';
import { makeTinyFixture, startTinySimulator, type TinyFixture } from './simulatorFixture';

const LEVELS_OF: Record<'direct' | 'attrseek' | 'text-only', LabelLevel[]> = {
  direct: ['superordinate', 'coarse', 'fine'],
  attrseek: ['coarse', 'fine'],
  'text-only': ['fine'],
};

function runRecord(strategy: RunStrategy, protocol: string, family: string, tokenParam?: string): RunRecord {
  return {
    id: 0,
    datasetId: 1,
    name: 'shape',
    strategy,
    levels: LEVELS_OF[strategy as keyof typeof LEVELS_OF],
    slice: { kind: 'dataset' },
    endpoint: {
      name: 'sim',
      baseUrl: '',
      model: 'm',
      kind: 'openai',
      ...(tokenParam ? { tokenLimitParam: tokenParam as 'max_completion_tokens' } : {}),
    },
    model: 'm',
    params: { temperature: 0.2, maxTokens: 256, seed: 3 },
    goldConditioning: true,
    protocol,
    templateFamily: family,
    templateHash: '',
    templates: null,
    concurrency: 1,
    requestsPerMinute: null,
    source: 'live',
    status: 'running',
    createdAt: '',
    finishedAt: null,
    totalTasks: null,
  };
}

describe('request shape against the OpenAI CreateChatCompletionRequest schema', function () {
  this.timeout(60_000);
  let fx: TinyFixture;
  let server: SimulatedServerHandle;
  const bodies: unknown[] = [];
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });
  const validate = ajv.compile(CHAT_COMPLETION_REQUEST_SCHEMA);

  before(async () => {
    fx = await makeTinyFixture();
    server = await startTinySimulator(fx, { onChatBody: (b) => bodies.push(b) });
  });
  after(async () => {
    await server.close();
    fx.cleanup();
  });

  const sample: Sample = {
    id: 1,
    datasetId: 1,
    idx: 0,
    imagePath: '0.png',
    superordinate: 'Bird',
    coarse: ['Warbler', 'Songbird'],
    fine: ['Azure Warbler'],
    split: 'test',
    metadata: { genus: 'Setophaga' },
  };

  for (const tokenParam of ['max_tokens', 'max_completion_tokens'] as const) {
    for (const stream of [false, true]) {
      it(`every strategy x level x family x protocol validates (${tokenParam}, ${stream ? 'streamed' : 'not streamed'})`, async () => {
        const endpoint: LvlmEndpoint = {
          name: 'sim',
          baseUrl: server.url,
          model: server.model,
          kind: 'openai',
          defaults: { temperature: 0.2, maxTokens: 512 },
          tokenLimitParam: tokenParam,
        };
        const client = new LvlmClient(endpoint, { retry: { maxAttempts: 1 } });
        const send: SendTurn = async (messages, params) => ({
          result: await client.chat(messages, { ...params, stream }),
          fromCache: false,
        });
        bodies.length = 0;
        let expected = 0;
        const seen = new Set<string>();
        for (const protocol of PROMPT_PROTOCOLS) {
          for (const family of DATASET_FAMILIES) {
            const builder = new PromptBuilder(family, null, protocol);
            for (const strategy of ['direct', 'attrseek', 'text-only'] as const) {
              for (const level of LEVELS_OF[strategy]) {
                const row = await executeTask(
                  runRecord(strategy, protocol, family, tokenParam),
                  builder,
                  {
                    sample,
                    concept: {
                      id: 1,
                      datasetId: 1,
                      provenance: 'imported',
                      name: 'Azure Warbler',
                      sourceId: 0,
                      commonName: null,
                      required: ['azure warbler crown', 'none'],
                      likely: [],
                    },
                    image: fx.images[0] ?? null,
                    imageError: null,
                  },
                  level,
                  send,
                );
                assert.equal(row.error, null, `${protocol} ${family} ${strategy} ${level}: ${row.error}`);
                expected += strategy === 'attrseek' ? 2 : 1;
                seen.add(`${strategy}:${level}`);
              }
            }
          }
        }
        assert.equal(seen.size, 6);
        assert.equal(bodies.length, expected, 'one captured body per request');
        for (const body of bodies) {
          const ok = validate(body);
          assert.ok(ok, `${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 400)}`);
          const b = body as unknown as Record<string, unknown>;
          const other = tokenParam === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
          assert.equal(b[tokenParam], 256, 'the limit goes in the chosen field');
          assert.equal(other in b, false, `${other} is not sent`);
          assert.equal(b['stream'] === true, stream);
        }
        // Turn 2 of ATTRSEEK: system?/user(image+text), assistant(text), user(text only).
        const turn2 = bodies.filter((b) =>
          (b as { messages: { role: string }[] }).messages.some((m) => m.role === 'assistant'),
        );
        assert.equal(turn2.length, PROMPT_PROTOCOLS.length * DATASET_FAMILIES.length * 2);
      });
    }
  }

  it('refuses a body with an unpublished field or a wrong type (the schema can fail)', () => {
    const good = {
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      max_tokens: 5,
    };
    assert.ok(validate(good));
    assert.equal(validate({ ...good, max_token: 5 }), false);
    assert.equal(validate({ ...good, max_tokens: '5' }), false);
    assert.equal(
      validate({ ...good, messages: [{ role: 'user', content: [{ type: 'image', image: 'x' }] }] }),
      false,
    );
    assert.equal(validate({ ...good, temperature: 3 }), false);
  });
});
