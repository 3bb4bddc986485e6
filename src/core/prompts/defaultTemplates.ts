// The `finer-lens-v1` protocol: this product's first wording of every prompt, per dataset family,
// following the structure of the FINER protocol (closed lists, one worked example, "Answer:" /
// "Attributes:" / "Required:" / "Likely:" markers) with its own lists and examples. The default
// protocol is `finer-reference` (referenceTemplates.ts); users override either in
// `.finer-lens/templates.json`.
import type { DatasetFamily, FamilyData, FamilyTemplateSet, TemplateKey } from './promptTypes';

// The answer is read after the first "Answer:" (the FINER rule), so the prompt asks for one.
const ANSWER_LINE = 'Give your final answer after "Answer:", and write "Answer:" only once.';

/** Wording shared by the families; {superordinate}/{coarse} name the level above. */
const SHARED_TEMPLATES: Record<TemplateKey, string> = {
  system: '',
  superordinate: [
    'Which of these categories does the main subject of this image belong to: {superordinate_choices}?',
    ANSWER_LINE,
  ].join('\n'),
  coarse: [
    'What is the name of the {superordinate} in this image? Name the group it belongs to, not the exact species or model.',
    'For instance, a picture of a {example_fine} would be answered with "Answer: {example_coarse}".',
    ANSWER_LINE,
  ].join('\n'),
  fine: [
    'What is the name of the {coarse} in this image? Be as specific as you can.',
    'For instance, a precise answer looks like "Answer: {example_fine}".',
    ANSWER_LINE,
  ].join('\n'),
  'attrseek-coarse-attributes': [
    'Look closely at the {superordinate} in this image.',
    'Which external, descriptive attributes of it can you actually see (shape, colours, markings, parts)?',
    'Write them after "Attributes:" as a list, one attribute per line.',
  ].join('\n'),
  'attrseek-coarse-answer': [
    'Based on the attributes you listed, what is the name of this {superordinate}? Name its group, not the exact species or model.',
    'For instance, a picture of a {example_fine} would be answered with "Answer: {example_coarse}".',
    ANSWER_LINE,
  ].join('\n'),
  'attrseek-fine-attributes': [
    'Look closely at the {coarse} in this image.',
    'Which external, descriptive attributes of it can you actually see (shape, colours, markings, parts)?',
    'Write them after "Attributes:" as a list, one attribute per line.',
  ].join('\n'),
  'attrseek-fine-answer': [
    'Based on the attributes you listed, what is the exact name of this {coarse}? Be as specific as you can.',
    'For instance, a precise answer looks like "Answer: {example_fine}".',
    ANSWER_LINE,
  ].join('\n'),
  'knowledge-probe': [
    'Here is a description of something, without a picture.',
    '{known_levels}',
    'Distinctive visible features: {attributes}.',
    'What is its specific name? A precise answer looks like "Answer: {example_fine}".',
    ANSWER_LINE,
  ].join('\n'),
  'attribute-generation': [
    'Which visual features would let someone recognise a {concept} in a photograph?',
    'Reply with two bullet lists. Under "Required:" list the distinctive features that are visible from the outside;',
    'under "Likely:" list features that may or may not be visible, or that also fit similar kinds.',
    '',
    'Example, for {example_fine}:',
    'Required:',
    '{example_required}',
    'Likely:',
    '{example_likely}',
    '',
    'Now do the same for {concept}.',
  ].join('\n'),
};

const ORGANISMS = [
  'Bird',
  'Insect',
  'Plant',
  'Mammal',
  'Reptile',
  'Amphibian',
  'Fish',
  'Fungi',
  'Mollusk',
  'Arachnid',
];
const OBJECTS = [
  'Airplane',
  'Car',
  'Bus',
  'Truck',
  'Motorcycle',
  'Bicycle',
  'Boat',
  'Train',
  'Helicopter',
  'Bird',
  'Dog',
  'Cat',
];
const ANIMALS = ['Dog', 'Cat', 'Bird', 'Horse', 'Cow', 'Sheep', 'Fox', 'Wolf', 'Bear', 'Rabbit'];

/** The 30 manufacturers of FGVC-Aircraft. */
export const AIRCRAFT_MANUFACTURERS = [
  'ATR',
  'Airbus',
  'Antonov',
  'Beechcraft',
  'Boeing',
  'Bombardier Aerospace',
  'British Aerospace',
  'Canadair',
  'Cessna',
  'Cirrus Aircraft',
  'Dassault Aviation',
  'de Havilland',
  'Dornier',
  'Douglas Aircraft Company',
  'Embraer',
  'Eurofighter',
  'Fairchild',
  'Fokker',
  'Gulfstream Aerospace',
  'Ilyushin',
  'Lockheed Corporation',
  'Lockheed Martin',
  'McDonnell Douglas',
  'Panavia',
  'Piper',
  'Robin',
  'Saab',
  'Supermarine',
  'Tupolev',
  'Yakovlev',
];

/** The 7 body types that make the coarse level of Stanford Cars. */
export const CAR_BODY_TYPES = ['sedan', 'SUV', 'coupe', 'convertible', 'pickup', 'hatchback', 'van'];

interface FamilyDefaults {
  templates: Partial<Record<TemplateKey, string>>;
  data: FamilyData;
}

const FAMILY_DEFAULTS: Record<DatasetFamily, FamilyDefaults> = {
  organism: {
    templates: {
      superordinate: [
        'What kind of organism is shown in this image? Choose one of: {superordinate_choices}.',
        ANSWER_LINE,
      ].join('\n'),
    },
    data: {
      'superordinate-choices': ORGANISMS,
      'coarse-choices': [],
      'example-fine': 'Great Horned Owl',
      'example-coarse': 'Owl',
      'example-required': [
        'tufts of feathers on the head that look like ears',
        'large yellow eyes',
        'reddish-brown facial disc',
        'white patch on the throat',
      ],
      'example-likely': [
        'grey-brown plumage barred across the belly',
        'large, stocky body',
        'perched upright on a branch',
      ],
      'neutral-noun': 'organism',
    },
  },
  aircraft: {
    templates: {
      superordinate: [
        'What kind of object is shown in this image? Choose one of: {superordinate_choices}.',
        ANSWER_LINE,
      ].join('\n'),
      coarse: [
        'Which manufacturer built the {superordinate} in this image? Choose one of: {coarse_choices}.',
        'For instance, a picture of a {example_fine} would be answered with "Answer: {example_coarse}".',
        ANSWER_LINE,
      ].join('\n'),
      'attrseek-coarse-answer': [
        'Based on the attributes you listed, which manufacturer built this {superordinate}? Choose one of: {coarse_choices}.',
        'For instance, a picture of a {example_fine} would be answered with "Answer: {example_coarse}".',
        ANSWER_LINE,
      ].join('\n'),
    },
    data: {
      'superordinate-choices': OBJECTS,
      'coarse-choices': AIRCRAFT_MANUFACTURERS,
      'example-fine': '737-800',
      'example-coarse': 'Boeing',
      'example-required': [
        'two engines mounted under the wings',
        'single aisle narrow body',
        'pointed nose with a slightly flattened lower cowling',
        'split-tip winglets or blended winglets',
      ],
      'example-likely': [
        'airline livery on the tail',
        'landing gear extended',
        'seen from below against the sky',
      ],
      'neutral-noun': 'aircraft',
    },
  },
  car: {
    templates: {
      superordinate: [
        'What kind of object is shown in this image? Choose one of: {superordinate_choices}.',
        ANSWER_LINE,
      ].join('\n'),
      coarse: [
        'What body type is the {superordinate} in this image? Choose one of: {coarse_choices}.',
        'For instance, a picture of a {example_fine} would be answered with "Answer: {example_coarse}".',
        ANSWER_LINE,
      ].join('\n'),
      'attrseek-coarse-answer': [
        'Based on the attributes you listed, what body type is this {superordinate}? Choose one of: {coarse_choices}.',
        'For instance, a picture of a {example_fine} would be answered with "Answer: {example_coarse}".',
        ANSWER_LINE,
      ].join('\n'),
      fine: [
        'What is the make, model and year of the {coarse} in this image? Be as specific as you can.',
        'For instance, a precise answer looks like "Answer: {example_fine}".',
        ANSWER_LINE,
      ].join('\n'),
    },
    data: {
      'superordinate-choices': OBJECTS,
      'coarse-choices': CAR_BODY_TYPES,
      'example-fine': 'Chevrolet Silverado 1500 Regular Cab 2012',
      'example-coarse': 'pickup',
      'example-required': [
        'open cargo bed behind a two-door cab',
        'large chrome grille with a bowtie emblem',
        'high ground clearance',
      ],
      'example-likely': ['tow hitch at the rear', 'chrome bumpers', 'side steps'],
      'neutral-noun': 'car',
    },
  },
  dog: {
    templates: {
      superordinate: [
        'What kind of animal is shown in this image? Choose one of: {superordinate_choices}.',
        ANSWER_LINE,
      ].join('\n'),
    },
    data: {
      'superordinate-choices': ANIMALS,
      'coarse-choices': [],
      'example-fine': 'Cavalier King Charles Spaniel',
      'example-coarse': 'Spaniel',
      'example-required': [
        'long, silky, feathered ears',
        'large round dark eyes',
        'chestnut and white coat',
        'short muzzle',
      ],
      'example-likely': ['small size', 'feathering on the legs and tail', 'slightly domed head'],
      'neutral-noun': 'dog',
    },
  },
  generic: {
    templates: {},
    data: {
      'superordinate-choices': [...new Set([...ORGANISMS, ...OBJECTS])],
      'coarse-choices': [],
      'example-fine': 'Great Horned Owl',
      'example-coarse': 'Owl',
      'example-required': [
        'tufts of feathers on the head that look like ears',
        'large yellow eyes',
        'reddish-brown facial disc',
      ],
      'example-likely': ['barred grey-brown plumage', 'perched on a branch'],
      'neutral-noun': 'object',
    },
  },
};

/** The finer-lens-v1 template set of a family (fresh copy, safe to modify). */
export function defaultTemplateSet(family: DatasetFamily): FamilyTemplateSet {
  const defaults = FAMILY_DEFAULTS[family];
  return {
    family,
    templates: { ...SHARED_TEMPLATES, ...defaults.templates },
    data: structuredClone(defaults.data),
  };
}
