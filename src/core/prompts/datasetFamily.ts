// Which template family a dataset uses, guessed from its name (the user can pick another).
import type { DatasetFamily } from './promptTypes';

const FAMILY_PATTERNS: readonly [RegExp, DatasetFamily][] = [
  [/inat|inaturalist|cub|nabird|bird|plant|insect|fungi/i, 'organism'],
  [/aircraft|airplane|fgvc/i, 'aircraft'],
  [/\bcars?\b|stanford[-_ ]?cars/i, 'car'],
  [/\bdogs?\b|stanford[-_ ]?dogs/i, 'dog'],
];

export function familyForDataset(datasetName: string): DatasetFamily {
  for (const [pattern, family] of FAMILY_PATTERNS) if (pattern.test(datasetName)) return family;
  return 'generic';
}
