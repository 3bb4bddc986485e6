// Colour and pattern words shared by every FINER family: canonical colours with the names
// people use for them, near colours that never clash, tone words, pattern groups and the
// pattern pairs that go together. Read by attributeParser.ts and structuredMatcher.ts;
// docs/attribute-matching.md lists them.

/** Canonical colour -> words that name it (the canonical word names itself). */
export const COLOUR_WORDS: Record<string, readonly string[]> = {
  grey: [
    'gray',
    'slate',
    'ashy',
    'ash',
    'silver',
    'silvery',
    'greyish',
    'grayish',
    'gunmetal',
    'pewter',
    'charcoal',
  ],
  red: ['scarlet', 'crimson', 'reddish', 'ruby', 'vermilion', 'maroon', 'burgundy', 'cherry', 'claret'],
  yellow: ['lemon', 'saffron', 'golden', 'gold', 'yellowish', 'canary', 'mustard'],
  orange: ['tangerine', 'orangish', 'orangey', 'apricot', 'amber', 'copper', 'coppery'],
  blue: ['azure', 'cerulean', 'bluish', 'cobalt', 'navy', 'indigo', 'turquoise', 'teal', 'cyan'],
  brown: [
    'chestnut',
    'rufous',
    'tawny',
    'russet',
    'brownish',
    'cinnamon',
    'chocolate',
    'liver',
    'mahogany',
    'bronze',
    'sepia',
    'umber',
    'tan',
    'fawn',
    'sable',
    'rust',
    'rusty',
  ],
  buff: ['cream', 'creamy', 'beige', 'sandy', 'ochre', 'straw', 'wheaten', 'wheat', 'buffy'],
  black: ['blackish', 'sooty', 'jet', 'ebony', 'inky'],
  white: ['whitish', 'snowy', 'ivory', 'milky'],
  green: ['olive', 'greenish', 'emerald', 'lime'],
  pink: ['pinkish', 'rose', 'rosy', 'salmon', 'magenta'],
  purple: ['violet', 'purplish', 'lilac', 'lavender', 'plum'],
};

/** Colours that overlap in how people name them; a pair from here is not a clash. */
export const NEAR_COLOURS: readonly (readonly [string, string])[] = [
  ['yellow', 'orange'],
  ['orange', 'red'],
  ['red', 'pink'],
  ['pink', 'purple'],
  ['purple', 'blue'],
  ['blue', 'grey'],
  ['grey', 'white'],
  ['grey', 'black'],
  ['brown', 'red'],
  ['brown', 'orange'],
  ['brown', 'buff'],
  ['buff', 'yellow'],
  ['buff', 'white'],
  ['brown', 'black'],
  ['green', 'yellow'],
  ['blue', 'green'],
];

/** Tone words: alone ("dark back") they stand for any colour of that tone. */
export const TONE_COLOURS: Record<string, readonly string[]> = {
  dark: ['black', 'brown', 'grey'],
  pale: ['white', 'grey', 'buff', 'yellow', 'pink', 'blue', 'green'],
  light: ['white', 'grey', 'buff', 'yellow', 'pink', 'blue', 'green'],
  bright: ['yellow', 'red', 'orange', 'blue', 'green', 'white', 'pink'],
};
export const TONE_WORDS: Record<string, string> = {
  dark: 'dark',
  darker: 'dark',
  deep: 'dark',
  dusky: 'dark',
  pale: 'pale',
  paler: 'pale',
  light: 'light',
  lighter: 'light',
  bright: 'bright',
  brilliant: 'bright',
  vivid: 'bright',
};

/** Canonical pattern -> words. Patterns in different groups clash, except the pairs below. */
export const PATTERN_WORDS: Record<string, readonly string[]> = {
  spotted: [
    'spots',
    'spot',
    'speckled',
    'speckles',
    'speckling',
    'dotted',
    'dots',
    'flecked',
    'flecks',
    'freckled',
    'ticked',
    'ticking',
  ],
  streaked: [
    'streaks',
    'streak',
    'streaky',
    'streaking',
    'striped',
    'stripes',
    'stripe',
    'lined',
    'pinstriped',
  ],
  barred: ['bars', 'barring', 'banded', 'bands', 'band'],
  mottled: [
    'mottling',
    'dappled',
    'blotched',
    'blotchy',
    'blotches',
    'patchy',
    'marbled',
    'merle',
    'brindle',
    'brindled',
    'piebald',
    'pied',
    'variegated',
  ],
  scaled: ['scaly', 'scalloped', 'scaling'],
  plain: ['solid', 'uniform', 'unmarked', 'unpatterned', 'unstreaked', 'unspotted', 'plain coloured'],
  iridescent: ['glossy', 'shiny', 'metallic', 'sheen', 'iridescence', 'shimmering', 'glossed'],
  two_tone: [
    'two tone',
    'two toned',
    'bicolor',
    'bicolour',
    'bicolored',
    'bicoloured',
    'tricolor',
    'tricolour',
  ],
};
/** Pattern pairs that do not clash (a stripe is also a band; a sheen goes with any pattern). */
export const COMPATIBLE_PATTERNS: readonly (readonly [string, string])[] = [
  ['streaked', 'barred'],
  ['spotted', 'mottled'],
  ['scaled', 'mottled'],
  ['scaled', 'barred'],
  ['iridescent', 'plain'],
  ['two_tone', 'plain'],
  ['two_tone', 'mottled'],
];
