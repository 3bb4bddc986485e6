// One line of a unified FINER file, for tests that write their own.
export function finerRow(idx: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    idx,
    'basic-level-lbl': 'Bird',
    'coarse-level-lbl': ['Warbler'],
    'fine-level-lbl': ['Pine Warbler'],
    img_path: `images/${idx}.png`,
    metadata: {},
    ...extra,
  });
}
