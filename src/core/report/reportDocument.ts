// The report as a list of blocks (headings, paragraphs, tables, charts with their tables), built
// once from a run's analysis (and, with --compare or several --run, other runs) and rendered to
// Markdown or HTML by reportMarkdown.ts / reportHtml.ts. States the protocol and every metric's
// definition, so it can go into a paper's appendix as it is.
import type { RunComparison } from '../analysis/runAnalysis/compareRuns';
import type { RunAnalysis } from '../analysis/runAnalysis/types';
import { modalityGapSvg, performanceCliffSvg, type CliffSeries } from './svgCharts';

export type Cell = string | number | null;

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; caption: string; header: string[]; rows: Cell[][] }
  | { kind: 'chart'; svg: string; caption: string; header: string[]; rows: Cell[][] };

export interface ReportInput {
  analysis: RunAnalysis;
  /** Further runs overlaid on the performance cliff (several --run, or the --compare run). */
  others: RunAnalysis[];
  comparison?: RunComparison;
  /** Rows per long table (default 20). */
  topRows?: number;
}

export const METRIC_DEFINITIONS: [string, string][] = [
  [
    'FINER EM',
    'lenient exact match: 1 when one of the acceptable labels of the sample at that level occurs in the first words of the normalized answer (the FINER scorer), else 0; the mean is over scored results',
  ],
  ['strict EM', '1 when the normalized answer equals an acceptable label, else 0'],
  ['F1', 'token F1 between the answer and the best acceptable label'],
  [
    'errors',
    'requests that failed (no answer); they are counted apart and left out of the means, not counted as zeros',
  ],
  [
    'truncated / refused',
    "replies cut at the token limit (finish_reason 'length') / refusals the model stated",
  ],
  [
    'hierarchical consistency',
    'of the samples answered at every level the run asked, the share right (FINER EM 1) at all of them',
  ],
  [
    'confusion',
    'a wrong answer (FINER EM 0) mapped to the class it names: exact label, else the longest class label inside it; "(off-list)" names no class of the dataset, "(ambiguous)" several',
  ],
  [
    'confusion matrix',
    'rows: gold classes with the most wrong answers (top N), then "(other)"; columns: the same classes, "(other)" (any other class) and "(off-list)" (no single class); cells count scored answers',
  ],
  [
    'mistake severity',
    'a wrong fine answer naming a sibling (same coarse group), a cousin (same superordinate), another class, no class (off-list), or several (ambiguous)',
  ],
  [
    'modality gap',
    'fine-level FINER EM of a run that saw the image against a text-only probe run on the samples both answered; a failed request counts as wrong here; quadrants: right from text only / from the image only / both / neither',
  ],
  [
    'grounding precision',
    '1 - (unsupported + contradicted) / (generated - generic) over the attributes the model listed (ATTRSEEK turn 1), matched by the structured matcher to the gold concept\'s reference attributes; a contradicted attribute counts against precision, a generic one ("two wings") neither way',
  ],
  ['grounding recall', 'required reference attributes mentioned / required reference attributes'],
  [
    'saw it but named it wrong',
    'a misclassified sample whose listed attributes mention a reference attribute of the gold class that the predicted class\'s reference lacks; "never saw it": none of them was mentioned',
  ],
  ['latency, tokens', 'per stored request: median and 95th percentile (nearest rank)'],
  [
    'taxonomy scores',
    'for datasets imported with a hierarchy: accuracy per rank of the taxon the fine answer names, hierarchical precision / recall / F1 over ancestor sets, and the rank of the lowest common ancestor of each wrong named answer (docs/taxonomy-scoring.md)',
  ],
];

const pct = (v: number | null | undefined): string =>
  v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`;
const signedPct = (v: number | null | undefined): string =>
  v === null || v === undefined ? '–' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} pp`;

export function runLabel(a: RunAnalysis): string {
  return `run ${a.run.run_id} ${a.run.name} (${a.run.model}, ${a.run.strategy})`;
}

function protocolBlocks(a: RunAnalysis): Block[] {
  const r = a.run;
  return [
    {
      kind: 'table',
      caption: 'Run protocol',
      header: ['field', 'value'],
      rows: [
        ['run', `${r.run_id} (${r.name})`],
        ['dataset', r.dataset],
        ['model', r.model],
        ['endpoint', `${r.endpoint.name} (${r.endpoint.kind})`],
        ['strategy', r.strategy],
        ['levels asked', r.levels.join(', ')],
        ['gold conditioning', r.gold_conditioning ? 'on' : 'off'],
        ['prompt protocol', r.protocol],
        ['template family / hash', `${r.template_family} / ${r.template_hash}`],
        ['temperature', r.decoding.temperature],
        ['max tokens', r.decoding.max_tokens],
        ['seed', r.decoding.seed ?? 'none'],
        ['status', r.status],
        ['created / finished', `${r.created_at} / ${r.finished_at ?? '–'}`],
      ],
    },
  ];
}

function cliffBlock(all: RunAnalysis[]): Block {
  const series: CliffSeries[] = all.map((a) => ({
    name: runLabel(a),
    values: Object.fromEntries(a.levels.map((l) => [l.level, l.finer_em])),
  }));
  return {
    kind: 'chart',
    svg: performanceCliffSvg(series, { title: 'FINER EM per level (performance cliff)', id: 'cliff' }),
    caption: 'Performance cliff: FINER EM from superordinate to coarse to fine',
    header: ['run', 'superordinate', 'coarse', 'fine'],
    rows: series.map((s) => [s.name, pct(s.values.superordinate), pct(s.values.coarse), pct(s.values.fine)]),
  };
}

export function reportBlocks(input: ReportInput): Block[] {
  const a = input.analysis;
  const top = input.topRows ?? 20;
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: `Finer Lens report: ${runLabel(a)}` },
    {
      kind: 'paragraph',
      text: `Dataset ${a.run.dataset}. Generated by Finer Lens from the results stored for the run.`,
    },
    ...protocolBlocks(a),
    { kind: 'heading', level: 2, text: 'Metrics' },
    { kind: 'list', items: METRIC_DEFINITIONS.map(([name, text]) => `${name}: ${text}.`) },
    { kind: 'heading', level: 2, text: 'Per level' },
    {
      kind: 'table',
      caption: 'Per level',
      header: ['level', 'n', 'scored', 'FINER EM', 'strict EM', 'F1', 'errors', 'truncated', 'refused'],
      rows: a.levels.map((l) => [
        l.level,
        l.n,
        l.scored,
        pct(l.finer_em),
        pct(l.strict_em),
        pct(l.f1),
        l.errors.count,
        l.truncated,
        l.refused,
      ]),
    },
    cliffBlock([a, ...input.others]),
  ];
  const h = a.hierarchical_consistency;
  if (h !== null) {
    blocks.push({
      kind: 'paragraph',
      text: `Hierarchical consistency (${h.levels.join(', ')}): ${h.consistent.count} of ${h.answered} samples right at every level (${pct(h.share)}).`,
    });
  }
  blocks.push({ kind: 'heading', level: 2, text: 'Classes' });
  for (const level of ['fine', 'coarse'] as const) {
    const rows = a.classes.filter((c) => c.level === level);
    if (rows.length === 0) continue;
    blocks.push({
      kind: 'table',
      caption: `${rows.length} ${level} classes, worst FINER EM first${rows.length > top ? ` (first ${top})` : ''}`,
      header: [
        'class',
        level === 'fine' ? 'coarse group' : 'superordinate',
        'n',
        'FINER EM',
        'strict EM',
        'wrong',
        'errors',
      ],
      rows: rows
        .slice(0, top)
        .map((c) => [
          c.label,
          level === 'fine' ? c.coarse : c.superordinate,
          c.n,
          pct(c.finer_em),
          pct(c.strict_em),
          c.wrong.count,
          c.errors,
        ]),
    });
  }
  blocks.push({ kind: 'heading', level: 2, text: 'Confusions' });
  blocks.push({
    kind: 'table',
    caption: `Most frequent confusions${a.confusions.length > top ? ` (first ${top} of ${a.confusions.length})` : ''}`,
    header: ['level', 'gold', 'predicted', 'count', 'severity'],
    rows: a.confusions.slice(0, top).map((c) => [c.level, c.gold, c.predicted, c.count, c.severity ?? '–']),
  });
  for (const m of a.confusion_matrices) {
    blocks.push({
      kind: 'table',
      caption: `Confusion matrix, ${m.level}${m.coarse_group === null ? '' : ` classes of ${m.coarse_group}`} (rows gold, columns predicted)`,
      header: ['gold \\ predicted', ...m.columns],
      rows: m.rows.map((r, i) => [r, ...m.cells[i]!.map((c) => c.count)]),
    });
  }
  if (a.severity !== null) {
    blocks.push({
      kind: 'table',
      caption: `Mistake severity of the ${a.severity.wrong} wrong fine answers`,
      header: ['severity', 'count', 'share'],
      rows: Object.entries(a.severity.counts).map(([k, v]) => [
        k,
        v.count,
        pct(a.severity!.wrong === 0 ? null : v.count / a.severity!.wrong),
      ]),
    });
  }
  blocks.push(...modalityBlocks(a, top), ...groundingBlocks(a, top), ...tailBlocks(a));
  if (input.comparison !== undefined) blocks.push(...comparisonBlocks(input.comparison, top));
  return blocks;
}

function modalityBlocks(a: RunAnalysis, top: number): Block[] {
  const out: Block[] = [];
  const g = a.modality_gap;
  if (g !== null) {
    out.push(
      { kind: 'heading', level: 2, text: 'Modality gap' },
      {
        kind: 'table',
        caption: `Image run ${g.image_run_id} against text-only run ${g.text_run_id} (${g.text_run_name}) on ${g.shared} shared samples, fine level`,
        header: ['outcome', 'samples'],
        rows: [
          ['right from text only', g.quadrants['text-only'].count],
          ['right from the image only', g.quadrants['image-only'].count],
          ['right both ways', g.quadrants.both.count],
          ['wrong both ways', g.quadrants.neither.count],
        ],
      },
    );
    const rows = g.classes.slice(0, top);
    out.push({
      kind: 'chart',
      svg: modalityGapSvg(
        rows.map((r) => ({ label: r.label, image: r.image_finer_em, text: r.text_finer_em })),
        { title: 'FINER EM with the image and from text only, per fine class', id: 'gap' },
      ),
      caption: `Modality gap per fine class, largest text advantage first${g.classes.length > top ? ` (first ${top} of ${g.classes.length})` : ''}`,
      header: ['class', 'n', 'with image', 'text only', 'gap (image - text)'],
      rows: rows.map((r) => [r.label, r.n, pct(r.image_finer_em), pct(r.text_finer_em), signedPct(r.gap)]),
    });
    out.push({
      kind: 'table',
      caption: 'Modality gap per coarse group',
      header: ['coarse group', 'n', 'with image', 'text only', 'gap (image - text)'],
      rows: g.coarse_groups
        .slice(0, top)
        .map((r) => [r.label, r.n, pct(r.image_finer_em), pct(r.text_finer_em), signedPct(r.gap)]),
    });
  }
  const s = a.attrseek_vs_direct;
  if (s !== null) {
    out.push({
      kind: 'table',
      caption: `ATTRSEEK (run ${s.attrseek_run_id}) against direct prompting (run ${s.direct_run_id}) on the same samples`,
      header: [
        'level',
        'shared',
        'ATTRSEEK FINER EM',
        'direct FINER EM',
        'right only with ATTRSEEK',
        'right only directly',
      ],
      rows: s.levels.map((l) => [
        l.level,
        l.shared,
        pct(l.attrseek_finer_em),
        pct(l.direct_finer_em),
        l.attrseek_only.count,
        l.direct_only.count,
      ]),
    });
  }
  return out;
}

function groundingBlocks(a: RunAnalysis, top: number): Block[] {
  const g = a.grounding;
  if (g === null) return [];
  return [
    { kind: 'heading', level: 2, text: 'Attribute grounding' },
    {
      kind: 'paragraph',
      text:
        `${g.samples} samples with listed attributes and reference attributes (${g.level} level, ${g.matcher} matcher): ` +
        `${g.generated} attributes listed, ${g.supported} supported, ${g.contradicted} contradicted, ${g.unsupported} unsupported, ${g.generic} generic; ` +
        `precision ${pct(g.precision)}; recall of required attributes ${pct(g.recall)} (${g.required_mentioned} of ${g.required}). ` +
        `Of ${g.misclassified.judged} misclassified samples judged, ${g.misclassified.saw_it_named_wrong.count} saw a telling attribute but named the class wrong, ${g.misclassified.never_saw_it.count} never saw one.`,
    },
    {
      kind: 'table',
      caption: 'Required reference attributes most often missed',
      header: ['attribute', 'samples'],
      rows: g.most_missed.map((m) => [m.text, m.count]),
    },
    {
      kind: 'table',
      caption: 'Listed attributes most often unsupported',
      header: ['attribute', 'samples'],
      rows: g.most_unsupported.map((m) => [m.text, m.count]),
    },
    {
      kind: 'table',
      caption: `Grounding per class, lowest precision first${g.classes.length > top ? ` (first ${top})` : ''}`,
      header: ['class', 'samples', 'precision', 'recall'],
      rows: g.classes.slice(0, top).map((c) => [c.label, c.samples, pct(c.precision), pct(c.recall)]),
    },
  ];
}

function taxonomyBlocks(a: RunAnalysis): Block[] {
  const t = a.taxonomy;
  if (!t) return [];
  const h = t.hierarchical;
  return [
    { kind: 'heading', level: 2, text: 'Taxonomy-aware scores' },
    {
      kind: 'paragraph',
      text:
        `${t.samples} samples; ${t.resolved} fine answers named a node of the dataset's taxonomy, ` +
        `${t.unresolved} named none (wrong at every rank). Hierarchical precision ${pct(h.precision)}, ` +
        `recall ${pct(h.recall)}, F1 ${pct(h.f1)} (overlap of the predicted and gold ancestor sets).`,
    },
    {
      kind: 'table',
      caption: 'Accuracy per taxonomy rank',
      header: ['rank', 'samples', 'right', 'accuracy'],
      rows: t.byRank.map((r) => [r.rank, r.samples, r.correct, pct(r.accuracy)]),
    },
    {
      kind: 'table',
      caption: 'Wrong named answers by the rank of their lowest common ancestor with the gold class',
      header: ['LCA depth', 'rank', 'mistakes'],
      rows: t.mistakes.byLcaDepth.map((m) => [m.depth, m.rank, m.count]),
    },
  ];
}

function tailBlocks(a: RunAnalysis): Block[] {
  const out: Block[] = [...taxonomyBlocks(a)];
  if (a.tags.run.length > 0) {
    out.push({
      kind: 'table',
      caption: 'Failure-mode tags (on the sample or for this run)',
      header: ['tag', 'samples'],
      rows: a.tags.run.map((t) => [t.name, t.count]),
    });
  }
  const c = a.cost;
  out.push({
    kind: 'table',
    caption: 'Cost, tokens and latency',
    header: ['figure', 'value'],
    rows: [
      ['requests stored', c.requests],
      ['cache hits', c.cache_hits],
      ['input / output tokens', `${c.input_tokens} / ${c.output_tokens}`],
      ['cost (USD)', c.cost.toFixed(4)],
      ['latency median / p95 (ms)', `${c.latency_ms.median ?? '–'} / ${c.latency_ms.p95 ?? '–'}`],
      [
        'tokens per request median / p95',
        `${c.tokens_per_request.median ?? '–'} / ${c.tokens_per_request.p95 ?? '–'}`,
      ],
    ],
  });
  return out;
}

function comparisonBlocks(c: RunComparison, top: number): Block[] {
  return [
    { kind: 'heading', level: 2, text: `Comparison: run ${c.run_a} -> run ${c.run_b}` },
    {
      kind: 'table',
      caption: 'Flips on the samples both runs answered',
      header: [
        'level',
        'shared',
        `run ${c.run_a} FINER EM`,
        `run ${c.run_b} FINER EM`,
        'right -> wrong',
        'wrong -> right',
      ],
      rows: c.flips.map((f) => [
        f.level,
        f.shared,
        pct(f.a_finer_em),
        pct(f.b_finer_em),
        f.right_to_wrong.count,
        f.wrong_to_right.count,
      ]),
    },
    {
      kind: 'table',
      caption: `Largest per-class changes${c.class_deltas.length > top ? ` (first ${top})` : ''}`,
      header: ['level', 'class', `run ${c.run_a}`, `run ${c.run_b}`, 'change'],
      rows: c.class_deltas
        .slice(0, top)
        .map((d) => [d.level, d.label, pct(d.a_finer_em), pct(d.b_finer_em), signedPct(d.delta)]),
    },
    {
      kind: 'table',
      caption: 'Confusion pairs that appeared',
      header: ['level', 'gold', 'predicted', 'count'],
      rows: c.confusions_appeared.slice(0, top).map((p) => [p.level, p.gold, p.predicted, p.count]),
    },
    {
      kind: 'table',
      caption: 'Confusion pairs that vanished',
      header: ['level', 'gold', 'predicted', 'count'],
      rows: c.confusions_vanished.slice(0, top).map((p) => [p.level, p.gold, p.predicted, p.count]),
    },
    ...(c.grounding === null
      ? []
      : [
          {
            kind: 'paragraph' as const,
            text: `Grounding precision ${pct(c.grounding.a_precision)} -> ${pct(c.grounding.b_precision)} (${signedPct(c.grounding.precision_delta)}); recall ${pct(c.grounding.a_recall)} -> ${pct(c.grounding.b_recall)} (${signedPct(c.grounding.recall_delta)}).`,
          },
        ]),
  ];
}
