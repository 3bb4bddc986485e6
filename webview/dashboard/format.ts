// How the dashboard writes numbers: scores with three decimals, shares as percentages, an en
// dash where there is no value (nothing scored), money and milliseconds briefly.
export const dash = '–';

export const score = (v: number | null | undefined): string =>
  v === null || v === undefined ? dash : v.toFixed(3);

export const percent = (v: number | null | undefined): string =>
  v === null || v === undefined ? dash : `${(v * 100).toFixed(1)}%`;

export const signed = (v: number | null | undefined): string =>
  v === null || v === undefined ? dash : `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v).toFixed(3)}`;

export const integer = (v: number): string => v.toLocaleString('en-US');

export const millis = (v: number | null): string =>
  v === null ? dash : `${Math.round(v).toLocaleString('en-US')} ms`;

export const dollars = (v: number): string =>
  v === 0 ? '$0' : v < 0.01 ? `$${v.toFixed(4)}` : `$${v.toFixed(2)}`;

export const LEVEL_NAMES: Record<string, string> = {
  superordinate: 'Superordinate',
  coarse: 'Coarse',
  fine: 'Fine',
};
