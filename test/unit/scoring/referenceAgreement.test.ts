// Differential test: our scorer against an independent Python implementation of the FINER rules
// (test/support/finer_reference_score.py), on thousands of seeded random inputs plus tricky
// hand-written ones. This is the evidence that scores agree with the reference to 1e-9.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { seededRandom } from '../../../src/core/lvlm/retryPolicy';
import { extractAnswer, normalizeAnswer } from '../../../src/core/scoring/answerNormalization';
import {
  finerExactMatch,
  scorePrediction,
  strictExactMatch,
  tokenF1,
} from '../../../src/core/scoring/finerMetrics';
import { PYTHON_WORD_CHAR_CLASS, pythonSplit, pythonStrip } from '../../../src/core/scoring/pythonText';
import { scoreJsonlFile } from '../../../src/core/scoring/scoreJsonl';

/** The Python script lives in the source tree; find it from the bundle's folder or the cwd. */
function findReferenceScript(): string {
  const relative = join('test', 'support', 'finer_reference_score.py');
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
    if (dirname(dir) === dir) break;
  }
  return join(process.cwd(), relative);
}
const TOLERANCE = 1e-9;

function runPython(args: string[], input?: string): string {
  const result = spawnSync('python3', args, { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.error !== undefined) {
    assert.fail(
      `python3 could not be started (${result.error.message}). The differential scoring test needs python3 on PATH; CI must install it.`,
    );
  }
  assert.equal(result.status, 0, `python3 failed: ${result.stderr}`);
  return result.stdout;
}

const WORDS = [
  'owl',
  'Owl',
  'OWL',
  'great',
  'horned',
  'Great-Horned',
  'bird',
  'birds',
  'moth',
  'mothership',
  'warbler',
  'yellow-collared',
  'macaw',
  "Cooper's",
  'hawk',
  '737-800',
  'Boeing',
  'sedan',
  'SUV',
  'Shih-Tzu',
  'a',
  'an',
  'the',
  'A',
  'An',
  'The',
  'THE',
  'tHe',
  'theater',
  'bathe',
  'anathema',
  'a_b',
  'an1',
  '_the_',
  'the_',
  'café',
  'cafe\u0301',
  'the\u0301',
  'naïve',
  'Ångström',
  'Straße',
  'STRAẞE',
  'İstanbul',
  'ǅemal',
  'ﬁnch',
  'ΟΔΟΣ',
  'Σ',
  'ΣΑΣ',
  'ὈΔΥΣΣΕΎΣ',
  'Москва',
  'ЁЖ',
  'عربي',
  '٣',
  '北京',
  '鳥',
  '鸟类',
  'フクロウ',
  '올빼미',
  '🦉',
  '👍🏽',
  '🇯🇵',
  '👨‍👩‍👧',
  'Ａｎｓｗｅｒ',
  'Ⅻ',
  '²',
  '½',
  '𝐀𝐁',
  '𐐀',
  'x\u200by',
  'z\ufeffw',
  'Answer:',
  'answer:',
  '</s>',
  '<s>',
  '**Answer:**',
  '—',
  '…',
  '“quoted”',
  '¿qué?',
  '«the»',
  '(the)',
  'the.',
  '.the',
  'e.g.',
  "l'an",
  'n°1',
];
const PUNCT = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const SPACES = [
  ' ',
  ' ',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\u00a0',
  '\u3000',
  '\u2003',
  '\u2028',
  '\x1c',
  '\x1f',
  '\x85',
  '\v',
  '\f',
  '\u202f',
  '\u200b',
  '\ufeff',
  '',
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function randomText(rand: () => number, maxWords: number): string {
  const n = Math.floor(rand() * (maxWords + 1));
  let s = rand() < 0.2 ? pick(rand, SPACES) : '';
  for (let i = 0; i < n; i++) {
    let w = pick(rand, WORDS);
    if (rand() < 0.15) w += PUNCT[Math.floor(rand() * PUNCT.length)];
    if (rand() < 0.05) w = PUNCT[Math.floor(rand() * PUNCT.length)] + w;
    s += w + (i < n - 1 || rand() < 0.2 ? pick(rand, SPACES) : '');
  }
  return s;
}

interface Case {
  prediction: string;
  labels: string[];
}

function randomCase(rand: () => number): Case {
  const labelCount = 1 + Math.floor(rand() * 4);
  const labels: string[] = [];
  for (let i = 0; i < labelCount; i++) labels.push(randomText(rand, rand() < 0.15 ? 14 : 4));
  let prediction = randomText(rand, rand() < 0.3 ? 40 : 8);
  const r = rand();
  // Make hits common: embed a label, sometimes behind a preamble or an "Answer:" marker.
  if (r < 0.35) prediction = `${prediction}${pick(rand, SPACES)}${pick(rand, labels)}`;
  else if (r < 0.5) prediction = pick(rand, labels);
  if (rand() < 0.3)
    prediction = `${randomText(rand, 6)}${pick(rand, ['Answer:', 'Answer: ', 'Answer:\n', 'answer: '])}${prediction}`;
  if (rand() < 0.2) prediction += pick(rand, ['</s>', ' </s>', '</s>\n', 'Answer: again']);
  return { prediction, labels };
}

const TRICKY: Case[] = [
  { prediction: 'Answer: The Yellow-collared Macaw</s>', labels: ['Yellow-collared Macaw'] },
  { prediction: 'birds', labels: ['bird'] },
  { prediction: 'mothership', labels: ['moth'] },
  { prediction: '', labels: [''] },
  { prediction: 'owl', labels: ['the', 'a'] },
  { prediction: '   ', labels: ['owl'] },
  { prediction: 'Answer:', labels: ['owl'] },
  { prediction: 'Answer:Answer: owl', labels: ['answer owl', 'owl'] },
  { prediction: 'foo</s>bar', labels: ['foobar', 'foo bar'] },
  { prediction: 'ΟΔΟΣ', labels: ['οδος'] },
  { prediction: 'ΣΑΣ.Σ ΑΣ\u00a0Σ', labels: ['σας'] },
  { prediction: 'İ', labels: ['i̇', 'i'] },
  { prediction: 'the\u0301', labels: ['\u0301'] },
  { prediction: 'a\u3000b\u00a0the\x1cc\x85d', labels: ['b c d'] },
  { prediction: 'x\ufeffthe\ufeffy', labels: ['x y', 'x\ufeffthe\ufeffy'] },
  { prediction: Array.from({ length: 30 }, (_, i) => `w${i}`).join(' '), labels: ['w19', 'w20', 'w18 w19'] },
  { prediction: 'w1 w2', labels: [Array.from({ length: 15 }, (_, i) => `w${i}`).join(' ')] },
  { prediction: 'owl owl owl', labels: ['owl owl', 'owl'] },
  { prediction: '🦉the🦉 鳥the the鳥', labels: ['🦉 🦉'] },
  { prediction: 'l’an ǅ ﬁ Ⅻ ² ٣', labels: ['l’an', 'ǆ'] },
];

function closeTo(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= TOLERANCE, `${what}: ours ${actual}, reference ${expected}`);
}

interface ReferenceScores {
  normalized: string;
  labels: { finer_em: number; strict_em: number; f1: number }[];
  finer_em: number;
  strict_em: number;
  f1: number;
}

interface ReferenceLine {
  extracted: string;
  raw: ReferenceScores;
  extracted_scores: ReferenceScores;
}

describe('agreement with the Python FINER reference scorer', function () {
  // Spawns Python over 1.1M code points and thousands of cases: no time limit, only results count.
  this.timeout(0);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'finer-score-diff-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('agrees to 1e-9 on 6000 seeded random cases and the hand-written tricky ones', async () => {
    const rand = seededRandom(20240226);
    const cases = [...TRICKY, ...Array.from({ length: 6000 }, () => randomCase(rand))];
    const file = join(dir, 'cases.jsonl');
    writeFileSync(file, cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
    const outLines = runPython([findReferenceScript(), file]).trim().split('\n');
    assert.equal(outLines.length, cases.length + 1);
    const reference = outLines.slice(0, cases.length).map((l) => JSON.parse(l) as ReferenceLine);

    let lenientHits = 0;
    let strictHits = 0;
    let partialF1 = 0;
    cases.forEach((c, i) => {
      const ref = reference[i] as ReferenceLine;
      const where = `case ${i} ${JSON.stringify(c)}`;
      assert.equal(normalizeAnswer(c.prediction), ref.raw.normalized, `normalized, ${where}`);
      assert.equal(extractAnswer(c.prediction), pythonStrip(ref.extracted), `extracted, ${where}`);
      for (const [answer, scores] of [
        [c.prediction, ref.raw],
        [extractAnswer(c.prediction), ref.extracted_scores],
      ] as const) {
        c.labels.forEach((label, j) => {
          const r = scores.labels[j];
          assert.ok(r !== undefined);
          assert.equal(finerExactMatch(answer, label), r.finer_em, `finer EM label ${j}, ${where}`);
          assert.equal(strictExactMatch(answer, label), r.strict_em, `strict EM label ${j}, ${where}`);
          closeTo(tokenF1(answer, label), r.f1, `F1 label ${j}, ${where}`);
        });
        const ours = scorePrediction(answer, c.labels);
        assert.equal(ours.finerEm, scores.finer_em, `max finer EM, ${where}`);
        assert.equal(ours.strictEm, scores.strict_em, `max strict EM, ${where}`);
        closeTo(ours.f1, scores.f1, `max F1, ${where}`);
      }
      lenientHits += ref.raw.finer_em;
      strictHits += ref.raw.strict_em;
      if (ref.raw.f1 > 0 && ref.raw.f1 < 1) partialF1++;
    });
    // The generator must exercise every branch, not just produce misses.
    assert.ok(
      lenientHits > 1000 && strictHits > 300 && partialF1 > 1000,
      `${lenientHits} ${strictHits} ${partialF1}`,
    );

    // The file-level entry point (the CLI's) agrees line by line and on the means.
    const report = await scoreJsonlFile(file);
    assert.equal(report.issues.length, 0);
    assert.equal(report.lines.length, cases.length);
    const mean = JSON.parse(outLines[cases.length] as string) as { mean: Record<string, number> };
    assert.ok(report.means !== null);
    closeTo(report.means.finerEm, mean.mean['finer_em'] as number, 'mean finer EM');
    closeTo(report.means.strictEm, mean.mean['strict_em'] as number, 'mean strict EM');
    closeTo(report.means.f1, mean.mean['f1'] as number, 'mean F1');
    const extracted = await scoreJsonlFile(file, { extractAnswer: true });
    extracted.lines.forEach((l, i) => {
      const ref = reference[i] as ReferenceLine;
      assert.equal(l.scores.finerEm, ref.extracted_scores.finer_em);
      closeTo(l.scores.f1, ref.extracted_scores.f1, `extracted F1 line ${l.line}`);
    });
  });

  it("treats every code point of Python's Unicode database like Python does (whitespace, word characters, lower())", () => {
    const script = [
      'import json, re, sys, unicodedata',
      'word = re.compile(r"\\w")',
      'out = {"unicode": unicodedata.unidata_version, "space": [], "word": [], "lower": {}, "unassigned": []}',
      'for cp in range(0x110000):',
      '    if 0xD800 <= cp <= 0xDFFF: continue',
      '    c = chr(cp)',
      '    if unicodedata.category(c) == "Cn": out["unassigned"].append(cp); continue',
      '    if len(("x" + c + "y").split()) == 2: out["space"].append(cp)',
      '    if word.match(c): out["word"].append(cp)',
      '    if c.lower() != c: out["lower"][cp] = c.lower()',
      'json.dump(out, sys.stdout)',
    ].join('\n');
    const py = JSON.parse(runPython(['-c', script])) as {
      space: number[];
      word: number[];
      lower: Record<string, string>;
      unassigned: number[];
    };
    const unassigned = new Set(py.unassigned);
    const space = new Set(py.space);
    const word = new Set(py.word);
    const wordRe = new RegExp(`[${PYTHON_WORD_CHAR_CLASS}]`, 'u');
    const mismatches: string[] = [];
    let checked = 0;
    for (let cp = 0; cp < 0x110000; cp++) {
      if ((cp >= 0xd800 && cp <= 0xdfff) || unassigned.has(cp)) continue;
      checked++;
      const c = String.fromCodePoint(cp);
      const hex = cp.toString(16);
      if ((pythonSplit(`x${c}y`).length === 2) !== space.has(cp)) mismatches.push(`space U+${hex}`);
      if (wordRe.test(c) !== word.has(cp)) mismatches.push(`word U+${hex}`);
      if (c.toLowerCase() !== (py.lower[String(cp)] ?? c)) mismatches.push(`lower U+${hex}`);
    }
    assert.ok(checked > 200_000);
    assert.deepEqual(mismatches.slice(0, 20), []);
  });
});
