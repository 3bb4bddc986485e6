// The structured matcher: verdicts with reasons for the cases the issue names, alignment
// summaries (generic attributes do not count for precision), and its figures on the labelled
// evaluation set, dev and held-out.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { alignAttributes } from '../../../src/core/analysis/attributeAlignment';
import { readEvaluationCases, parseEvaluationCases } from '../../../src/core/analysis/evaluationCases';
import { evaluateMatcher } from '../../../src/core/analysis/matcherEvaluation';
import { verdictsFromPairs } from '../../../src/core/analysis/attributeVerdicts';
import { StructuredMatcher } from '../../../src/core/analysis/structuredMatcher';
import type { MatchDomain } from '../../../src/core/analysis/partVocabulary';

const matcher = new StructuredMatcher();

function verdict(generated: string, reference: string[], domain: MatchDomain) {
  const j = matcher.judgeAll([generated], reference, domain);
  const v = verdictsFromPairs([generated], reference, j, matcher.id).generated[0];
  assert.ok(v);
  return v;
}

const EVAL = join(__dirname, '..', '..', '..', '..', 'bench', 'data', 'attribute-eval');

describe('StructuredMatcher', () => {
  it('marks a clashing pattern on the same part as contradicted, with the reason', () => {
    const v = verdict('spotted breast', ['yellow breast', 'thin pointed beak'], 'bird');
    assert.equal(v.verdict, 'contradicted');
    assert.equal(v.reason, 'same part: breast; colour yellow vs pattern spotted');
    assert.equal(v.match?.text, 'yellow breast');
    assert.equal(v.matcherId, 'structured');
  });

  it('contradicts on presence and on counts', () => {
    assert.equal(verdict('no wing bars', ['white wing bars'], 'bird').verdict, 'contradicted');
    const engines = verdict('twin engines', ['four engines under the wings'], 'aircraft');
    assert.equal(engines.verdict, 'contradicted');
    assert.match(engines.reason, /count 4 vs 2/);
    assert.equal(verdict('two doors', ['four doors'], 'car').verdict, 'contradicted');
  });

  it('supports synonyms and paraphrases', () => {
    assert.equal(verdict('blue cap', ['bright blue crown'], 'bird').verdict, 'supported');
    assert.equal(verdict('azure-headed', ['blue head'], 'bird').verdict, 'supported');
    assert.equal(
      verdict('quad-engine layout', ['four engines under the wings'], 'aircraft').verdict,
      'supported',
    );
    assert.equal(verdict('floppy ears', ['long ears that hang down'], 'dog').verdict, 'supported');
    assert.equal(verdict('elongated bonnet', ['long hood'], 'car').verdict, 'supported');
  });

  it('does not support what the reference does not say', () => {
    const hooked = verdict('hooked bill', ['thin pointed beak'], 'bird');
    assert.equal(hooked.verdict, 'unsupported');
    assert.match(hooked.reason, /same part: beak/);
    assert.equal(verdict('orange legs', ['yellow breast'], 'bird').verdict, 'unsupported');
  });

  it('calls universal parts generic, per family', () => {
    assert.equal(verdict('two wings', ['yellow breast'], 'bird').verdict, 'generic');
    assert.equal(verdict('feathers', ['yellow breast'], 'bird').verdict, 'generic');
    assert.equal(verdict('four wheels', ['long hood'], 'car').verdict, 'generic');
    assert.equal(verdict('four legs', ['floppy ears'], 'dog').verdict, 'generic');
    // With a descriptor it says something: not generic.
    assert.notEqual(verdict('white wings', ['yellow breast'], 'bird').verdict, 'generic');
    assert.notEqual(verdict('three wheels', ['long hood'], 'car').verdict, 'generic');
  });

  it('aligns a list: per reference mentioned / contradicted / missed, precision without generic ones', () => {
    const a = alignAttributes(
      ['yellow throat', 'spotted breast', 'two wings', 'orange legs'],
      { required: ['yellow throat', 'yellow breast', 'white wing bars'], likely: ['thin pointed beak'] },
      matcher,
      'bird',
    );
    assert.deepEqual(
      a.reference.map((r) => [r.text, r.status]),
      [
        ['yellow throat', 'mentioned'],
        ['yellow breast', 'contradicted'],
        ['white wing bars', 'missed'],
        ['thin pointed beak', 'missed'],
      ],
    );
    assert.deepEqual(
      a.generated.map((g) => g.status),
      ['supported', 'contradicted', 'generic', 'unsupported'],
    );
    assert.equal(a.summary.generatedGeneric, 1);
    assert.equal(a.summary.precision, 1 / 3);
    assert.equal(a.summary.referenceContradicted, 1);
    assert.equal(a.summary.requiredRecall, 1 / 3);
  });

  it('meets the targets on the held-out evaluation set and reports the dev figures', async () => {
    for (const file of ['dev', 'heldout']) {
      const { cases, problems } = readEvaluationCases(join(EVAL, `${file}.jsonl`));
      assert.deepEqual(problems, []);
      assert.ok(cases.length >= (file === 'dev' ? 300 : 150), `${file}: ${cases.length} cases`);
      assert.deepEqual(new Set(cases.map((c) => c.domain)), new Set(['bird', 'aircraft', 'car', 'dog']));
      const e = await evaluateMatcher(matcher, cases);
      const p = e.perVerdict.supported.precision ?? 0;
      const r = e.perVerdict.supported.recall ?? 0;
      assert.ok(p >= 0.95, `${file}: precision(supported) ${p.toFixed(3)}`);
      assert.ok(r >= 0.85, `${file}: recall(supported) ${r.toFixed(3)}`);
    }
  });

  it('reports bad evaluation lines with file:line and field, keeping the others', () => {
    const text = [
      JSON.stringify({ id: 'a', domain: 'bird', reference: ['x'], generated: 'y', expected: 'supported' }),
      '{oops',
      JSON.stringify({ domain: 'boat', reference: ['x'], generated: 'y', expected: 'supported' }),
      JSON.stringify({ domain: 'dog', reference: ['x'], generated: 'y', expected: 'maybe' }),
    ].join('\n');
    const f = parseEvaluationCases(text, 'cases.jsonl');
    assert.equal(f.cases.length, 1);
    assert.equal(f.problems.length, 3);
    assert.match(f.problems[0] ?? '', /^cases\.jsonl:2: not valid JSON/);
    assert.match(f.problems[1] ?? '', /^cases\.jsonl:3: field "domain"/);
    assert.match(f.problems[2] ?? '', /^cases\.jsonl:4: field "expected"/);
  });
});
