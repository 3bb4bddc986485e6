// Charts as SVG text, pure functions from data: the performance cliff across levels (FINER's
// Figure 2, any number of runs overlaid) and the per-class modality gap (Figure 4). Colours come
// from CSS variables with currentColor fallbacks, so the page's theme (light, dark, high contrast)
// decides them; no script, no external resource. Each chart has a <title> and <desc>; the
// report puts a table with the same numbers next to it.
import type { LabelLevel } from '../model';

/** Series colours: CSS variables a page may set, defaulting to hues readable on light and dark. */
export const SERIES_COLOURS = [
  'var(--fl-series-1, #3b82f6)',
  'var(--fl-series-2, #e8590c)',
  'var(--fl-series-3, #2f9e44)',
  'var(--fl-series-4, #ae3ec9)',
  'var(--fl-series-5, #c2255c)',
  'var(--fl-series-6, #0c8599)',
];

/** Dash patterns so series stay apart without colour (high contrast, print). */
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4'];
const MARKERS = ['circle', 'square', 'diamond', 'triangle', 'circle', 'square'] as const;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

const fmt = (v: number): string => (Math.round(v * 100) / 100).toString();
const pct = (v: number): string => `${Math.round(v * 1000) / 10}%`;

export interface CliffSeries {
  name: string;
  /** FINER EM (0..1) per level; missing or null = not asked. */
  values: Partial<Record<LabelLevel, number | null>>;
}

export interface ChartOptions {
  title: string;
  /** Prefix of the chart's element ids (unique within a page). */
  id?: string;
  width?: number;
  height?: number;
}

function marker(kind: (typeof MARKERS)[number], x: number, y: number, colour: string): string {
  const r = 4;
  switch (kind) {
    case 'square':
      return `<rect x="${fmt(x - r)}" y="${fmt(y - r)}" width="${2 * r}" height="${2 * r}" fill="${colour}"/>`;
    case 'diamond':
      return `<path d="M${fmt(x)} ${fmt(y - r - 1)}L${fmt(x + r + 1)} ${fmt(y)}L${fmt(x)} ${fmt(y + r + 1)}L${fmt(x - r - 1)} ${fmt(y)}Z" fill="${colour}"/>`;
    case 'triangle':
      return `<path d="M${fmt(x)} ${fmt(y - r - 1)}L${fmt(x + r + 1)} ${fmt(y + r)}L${fmt(x - r - 1)} ${fmt(y + r)}Z" fill="${colour}"/>`;
    default:
      return `<circle cx="${fmt(x)}" cy="${fmt(y)}" r="${r}" fill="${colour}"/>`;
  }
}

function yAxis(left: number, top: number, plotH: number, plotW: number): string {
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const v = i / 4;
    const y = top + plotH * (1 - v);
    parts.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${fmt(y)}" y2="${fmt(y)}" stroke="currentColor" stroke-opacity="0.15"/>`,
      `<text x="${left - 6}" y="${fmt(y + 4)}" text-anchor="end">${pct(v)}</text>`,
    );
  }
  return parts.join('');
}

/** FINER EM per level (superordinate -> coarse -> fine) as lines, one per run. */
export function performanceCliffSvg(series: readonly CliffSeries[], options: ChartOptions): string {
  const levels: LabelLevel[] = ['superordinate', 'coarse', 'fine'];
  const width = options.width ?? 560;
  const legendRows = series.length;
  const height = options.height ?? 300 + legendRows * 18;
  const left = 56;
  const top = 16;
  const plotW = width - left - 24;
  const plotH = height - top - 48 - legendRows * 18;
  const x = (i: number) => left + (plotW * (i + 0.5)) / levels.length;
  const y = (v: number) => top + plotH * (1 - Math.max(0, Math.min(1, v)));
  const parts: string[] = [yAxis(left, top, plotH, plotW)];
  levels.forEach((level, i) => {
    parts.push(`<text x="${fmt(x(i))}" y="${fmt(top + plotH + 18)}" text-anchor="middle">${level}</text>`);
  });
  series.forEach((s, k) => {
    const colour = SERIES_COLOURS[k % SERIES_COLOURS.length]!;
    const points = levels
      .map((level, i) => ({ i, v: s.values[level] }))
      .filter((p): p is { i: number; v: number } => typeof p.v === 'number');
    if (points.length > 1) {
      const d = points.map((p, j) => `${j === 0 ? 'M' : 'L'}${fmt(x(p.i))} ${fmt(y(p.v))}`).join('');
      const dash = DASHES[k % DASHES.length]!;
      parts.push(
        `<path d="${d}" fill="none" stroke="${colour}" stroke-width="2"${dash === '' ? '' : ` stroke-dasharray="${dash}"`}/>`,
      );
    }
    for (const p of points) {
      parts.push(marker(MARKERS[k % MARKERS.length]!, x(p.i), y(p.v), colour));
    }
    const lx = left;
    const ly = top + plotH + 40 + k * 18;
    parts.push(
      marker(MARKERS[k % MARKERS.length]!, lx + 6, ly - 4, colour),
      `<text x="${fmt(lx + 16)}" y="${fmt(ly)}">${escapeXml(truncate(s.name, 80))}</text>`,
    );
  });
  const desc = series
    .map(
      (s) =>
        `${s.name}: ${levels.map((l) => `${l} ${s.values[l] == null ? 'not asked' : pct(s.values[l]!)}`).join(', ')}`,
    )
    .join('; ');
  return svg(width, height, options, desc, parts.join(''));
}

export interface GapRow {
  label: string;
  /** FINER EM with the image and from text only (0..1). */
  image: number;
  text: number;
}

/** Per class: paired horizontal bars, image vs text-only FINER EM. */
export function modalityGapSvg(rows: readonly GapRow[], options: ChartOptions): string {
  const width = options.width ?? 640;
  const labelW = 200;
  const rowH = 26;
  const top = 28;
  const height = options.height ?? top + rows.length * rowH + 36;
  // Room on the right for the widest value label ("100% / 100%").
  const plotW = width - labelW - 110;
  const parts: string[] = [];
  const image = SERIES_COLOURS[0]!;
  const text = SERIES_COLOURS[1]!;
  parts.push(
    `<rect x="${labelW}" y="6" width="10" height="10" fill="${image}"/><text x="${labelW + 14}" y="15">with the image</text>`,
    `<rect x="${labelW + 130}" y="6" width="10" height="10" fill="${text}" fill-opacity="0.55" stroke="${text}"/><text x="${labelW + 144}" y="15">text only</text>`,
  );
  rows.forEach((r, i) => {
    const y0 = top + i * rowH;
    parts.push(
      `<text x="${labelW - 8}" y="${y0 + 15}" text-anchor="end">${escapeXml(truncate(r.label, 28))}</text>`,
      `<rect x="${labelW}" y="${y0 + 3}" width="${fmt(plotW * r.image)}" height="9" fill="${image}"/>`,
      `<rect x="${labelW}" y="${y0 + 13}" width="${fmt(plotW * r.text)}" height="9" fill="${text}" fill-opacity="0.55" stroke="${text}" stroke-width="0.5"/>`,
      `<text x="${fmt(labelW + plotW * Math.max(r.image, r.text) + 6)}" y="${y0 + 16}">${pct(r.image)} / ${pct(r.text)}</text>`,
    );
  });
  const axisY = top + rows.length * rowH + 4;
  for (let i = 0; i <= 4; i++) {
    const x = labelW + (plotW * i) / 4;
    parts.push(
      `<line x1="${fmt(x)}" x2="${fmt(x)}" y1="${top}" y2="${axisY}" stroke="currentColor" stroke-opacity="0.15"/>`,
      `<text x="${fmt(x)}" y="${axisY + 16}" text-anchor="middle">${pct(i / 4)}</text>`,
    );
  }
  const desc = rows.map((r) => `${r.label}: image ${pct(r.image)}, text only ${pct(r.text)}`).join('; ');
  return svg(width, height, options, desc, parts.join(''));
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Inline SVG for HTML (the SVG namespace is implied there, so no namespace URL is written). */
function svg(width: number, height: number, options: ChartOptions, desc: string, body: string): string {
  const id = (options.id ?? 'chart').replace(/[^A-Za-z0-9_-]/g, '-');
  return (
    `<svg role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `style="max-width:100%;height:auto" font-family="system-ui, sans-serif" font-size="12" fill="currentColor" ` +
    `aria-labelledby="${id}-title ${id}-desc">` +
    `<title id="${id}-title">${escapeXml(options.title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>${body}</svg>`
  );
}
