// Renders report blocks (reportDocument.ts) as Markdown (tables as pipe tables, charts as inline
// SVG followed by their table) or as one self-contained HTML page: inline CSS only, no script, no
// external resource, light and dark by prefers-color-scheme, a table behind every chart. Also the
// report's JSON: the run analysis, the overlaid runs' levels and, with a comparison, `flips`.
import type { RunComparison } from '../analysis/runAnalysis/compareRuns';
import type { RunAnalysis } from '../analysis/runAnalysis/types';
import { reportBlocks, type Block, type Cell, type ReportInput } from './reportDocument';
import { escapeXml } from './svgCharts';

export type ReportFormat = 'md' | 'html' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'html', 'json'];

const cellText = (c: Cell): string => (c === null ? '–' : String(c));

function mdEscape(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ')
    .replace(/([*_`<>[\]])/g, '\\$1');
}

function mdTable(caption: string, header: string[], rows: Cell[][]): string {
  const lines = [
    `**${mdEscape(caption)}**`,
    '',
    `| ${header.map(mdEscape).join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map((c) => mdEscape(cellText(c))).join(' | ')} |`),
  ];
  if (rows.length === 0) lines.push('', '_none_');
  return lines.join('\n');
}

export function renderMarkdown(blocks: readonly Block[]): string {
  const parts = blocks.map((b) => {
    switch (b.kind) {
      case 'heading':
        return `${'#'.repeat(b.level)} ${mdEscape(b.text)}`;
      case 'paragraph':
        return mdEscape(b.text);
      case 'list':
        return b.items.map((i) => `- ${mdEscape(i)}`).join('\n');
      case 'table':
        return mdTable(b.caption, b.header, b.rows);
      case 'chart':
        return `${b.svg}\n\n${mdTable(b.caption, b.header, b.rows)}`;
    }
  });
  return `${parts.join('\n\n')}\n`;
}

const CSS = `
:root { color-scheme: light dark; --fg: #1b1b1f; --bg: #ffffff; --muted: #5c5f66; --rule: #d0d4da; --stripe: #f4f5f7; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e8e8ea; --bg: #18191c; --muted: #a5a8ae; --rule: #3a3d42; --stripe: #222428;
    --fl-series-1: #74a8ff; --fl-series-2: #ff9a5c; --fl-series-3: #69db7c; --fl-series-4: #da77f2; }
}
@media (forced-colors: active) { svg { forced-color-adjust: auto; } }
body { font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); max-width: 980px; margin: 2rem auto; padding: 0 1rem; }
table { min-width: 28rem; border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.2rem 0.6rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; }
tbody tr:nth-child(even) { background: var(--stripe); }
figure { margin: 1rem 0; }
figcaption, .muted { color: var(--muted); }
svg { color: var(--fg); }
`;

/** Numbers, percentages and signed changes line up on the right; text stays left. */
function isNumeric(c: Cell): boolean {
  return typeof c === 'number' || (typeof c === 'string' && /^[+-]?\d[\d.,]*(%| pp)?$/.test(c));
}

function htmlTable(caption: string, header: string[], rows: Cell[][]): string {
  const numericColumn = header.map(
    (_, i) => i > 0 && rows.length > 0 && rows.every((r) => isNumeric(r[i] ?? null) || r[i] === '–'),
  );
  const head = `<thead><tr>${header
    .map((h, i) => `<th scope="col"${numericColumn[i] === true ? ' class="num"' : ''}>${escapeXml(h)}</th>`)
    .join('')}</tr></thead>`;
  const body = rows
    .map(
      (r) =>
        `<tr>${r
          .map((c, i) =>
            i === 0
              ? `<th scope="row">${escapeXml(cellText(c))}</th>`
              : `<td${isNumeric(c) ? ' class="num"' : ''}>${escapeXml(cellText(c))}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('\n');
  const empty = rows.length === 0 ? `<tr><td colspan="${header.length}" class="muted">none</td></tr>` : '';
  return `<table><caption>${escapeXml(caption)}</caption>${head}<tbody>${body}${empty}</tbody></table>`;
}

export function renderHtml(blocks: readonly Block[], title: string): string {
  const body = blocks.map((b) => {
    switch (b.kind) {
      case 'heading':
        return `<h${b.level}>${escapeXml(b.text)}</h${b.level}>`;
      case 'paragraph':
        return `<p>${escapeXml(b.text)}</p>`;
      case 'list':
        return `<ul>${b.items.map((i) => `<li>${escapeXml(i)}</li>`).join('')}</ul>`;
      case 'table':
        return htmlTable(b.caption, b.header, b.rows);
      case 'chart':
        return `<figure>${b.svg}<figcaption>${escapeXml(b.caption)} (the table below has the same numbers)</figcaption></figure>\n${htmlTable(b.caption, b.header, b.rows)}`;
    }
  });
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export interface ReportJson extends RunAnalysis {
  /** Levels of the further runs overlaid on the performance cliff. */
  overlay_runs: { run: RunAnalysis['run']; levels: RunAnalysis['levels'] }[];
  /** With a comparison: its flips per level (also in `comparison`). */
  flips?: RunComparison['flips'];
  comparison?: RunComparison;
}

export function reportJson(input: ReportInput): ReportJson {
  const out: ReportJson = {
    ...input.analysis,
    overlay_runs: input.others.map((o) => ({ run: o.run, levels: o.levels })),
  };
  if (input.comparison !== undefined) {
    out.flips = input.comparison.flips;
    out.comparison = input.comparison;
  }
  return out;
}

/** The report text in `format`. */
export function renderReport(input: ReportInput, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(reportJson(input), null, 2)}\n`;
  const blocks = reportBlocks(input);
  if (format === 'md') return renderMarkdown(blocks);
  const first = blocks[0];
  return renderHtml(blocks, first?.kind === 'heading' ? first.text : 'Finer Lens report');
}
