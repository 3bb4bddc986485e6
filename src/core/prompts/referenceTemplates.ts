// The `finer-reference` protocol: prompts whose structure and facts follow the FINER reference
// code (llava/serve/prompts.py and the run scripts), in our own words. The category lists, the
// worked-example concepts, the ATTRSEEK turn pair, the probe layout with its "Specific ...:"
// marker and the attribute-generation instructions are the reference's; docs/prompts.md lists
// every deliberate difference.
import { AIRCRAFT_MANUFACTURERS } from './defaultTemplates';
import type { DatasetFamily, FamilyData, FamilyTemplateSet, TemplateKey } from './promptTypes';

const ANSWER_AFTER = 'Give your answer after "Answer:".';

function superordinateQuestion(noun: string): string {
  return [
    `What is the name of the ${noun} that appears in this image?`,
    'Categories: {superordinate_choices}',
    'Give your answer after "Answer:", using one of these categories.',
  ].join('\n');
}

function closedCoarse(question: string): string {
  return [
    question,
    'Categories: {coarse_choices}',
    'Give your answer after "Answer:", using one of these categories.',
  ].join('\n');
}

function probe(noun: string, marker: string): string {
  return [
    `From its physical attributes and the categories it belongs to, can you tell the specific type of this ${noun}?`,
    `Give the name after "${marker}".`,
    '',
    'Physical Attributes: {attributes}',
    '',
    '{known_levels}',
    marker,
  ].join('\n');
}

/** The reference uses the Bengal tiger in both ATTRSEEK follow-up questions, for every dataset. */
const SHARED_TEMPLATES: Record<TemplateKey, string> = {
  system: '',
  superordinate: superordinateQuestion('object'),
  coarse: [
    'What is the name of the {superordinate} that appears in this image?',
    'For example, for a picture of a {example_fine} the coarse-grained label would be "{example_coarse}".',
    ANSWER_AFTER,
  ].join('\n'),
  fine: [
    'What is the name of the {coarse} that appears in this image?',
    'For example, for a picture of a {example_fine} the fine-grained label would be "{example_fine}".',
    ANSWER_AFTER,
  ].join('\n'),
  'attrseek-coarse-attributes': [
    'Which external, descriptive attributes do you see on the {superordinate} in this image?',
    'List its detailed physical attributes after "Attributes:".',
  ].join('\n'),
  'attrseek-coarse-answer': [
    'Now tell me what kind of {superordinate} it is.',
    'For example, for a picture of a bengal tiger the coarse-grained label would be "Tiger".',
    ANSWER_AFTER,
  ].join('\n'),
  'attrseek-fine-attributes': [
    'Which external, descriptive attributes do you see on the {coarse} in this image?',
    'List its detailed physical attributes after "Attributes:".',
  ].join('\n'),
  'attrseek-fine-answer': [
    'Now tell me what kind of {coarse} it is.',
    'For example, for a picture of a bengal tiger the fine-grained label would be "Bengal Tiger", or its binomial name "Panthera tigris tigris".',
    ANSWER_AFTER,
  ].join('\n'),
  'knowledge-probe': probe('object', 'Specific Name:'),
  'attribute-generation': [
    'Which visual features are useful for distinguishing {concept} in a photo? Answer with a list of required attributes and a list of likely attributes.',
    'For example, for a bengal tiger (Felis tigris) you could write:',
    '',
    'Required:',
    '- yellow to light orange coat',
    '- dark brown to black stripes',
    '- black rings around the tail',
    '- white belly and inner legs',
    '- between 21 and 29 stripes',
    '',
    'Likely:',
    '- found in mangrove and wooded habitats',
    '- amber or yellow eyes',
    '- large padded paws',
    '- long tail',
    '- stout teeth',
    '',
    '"Required" attributes are external, physical features that let a person tell it apart from similar-looking concepts.',
    '"Likely" attributes may or may not be visible, or are not among its most distinctive features.',
    'Under "Required:" list only features you can see from the outside; leave out relative or non-visual properties such as size or weight.',
    'Reply in exactly this format and add nothing else. If there are no useful visual features, write "none".',
  ].join('\n'),
};

/** iNaturalist, CUB-200-2011 and NABirds share this list in the reference. */
const ORGANISM_CATEGORIES = [
  'Arachnids',
  'Mammals',
  'Reptiles',
  'Animalia',
  'Mollusks',
  'Plants',
  'Amphibians',
  'Ray-finned Fishes',
  'Birds',
  'Insects',
  'Fungi',
];
/** Stanford Dogs: the organism list with "Dogs" in place of "Mammals" and without "Animalia". */
const DOG_CATEGORIES = [
  'Arachnids',
  'Dogs',
  'Reptiles',
  'Mollusks',
  'Plants',
  'Amphibians',
  'Ray-finned Fishes',
  'Birds',
  'Insects',
  'Fungi',
];
/** FGVC-Aircraft and Stanford Cars. */
const OBJECT_CATEGORIES = [
  'Airplane',
  'Car',
  'Train',
  'Bicycle',
  'Cell Phone',
  'Plants',
  'Dogs',
  'Birds',
  'Trucks',
];
const CAR_TYPES = ['Sedan', 'SUV', 'Coupe', 'Convertible', 'Pickup', 'Hatchback', 'Van'];

interface FamilyDefaults {
  templates: Partial<Record<TemplateKey, string>>;
  data: FamilyData;
}

/** The tiger lists of the reference's attribute-generation example, kept as data for overrides. */
const TIGER_REQUIRED = ['yellow to light orange coat', 'dark brown to black stripes'];
const TIGER_LIKELY = ['amber or yellow eyes', 'long tail'];

/** The iNaturalist fine question: the tiger by its common and its binomial name. */
const TIGER_FINE = [
  'What is the name of the {coarse} that appears in this image?',
  'For example, for a picture of a bengal tiger the fine-grained label would be "Bengal Tiger", or its binomial name "Panthera tigris tigris".',
  ANSWER_AFTER,
].join('\n');

const FAMILY_DEFAULTS: Record<DatasetFamily, FamilyDefaults> = {
  organism: {
    templates: {
      superordinate: superordinateQuestion('organism'),
      'knowledge-probe': probe('organism', 'Specific Name:'),
      fine: TIGER_FINE,
    },
    data: {
      'superordinate-choices': ORGANISM_CATEGORIES,
      'coarse-choices': [],
      'example-fine': 'bengal tiger',
      'example-coarse': 'Tiger',
      'example-required': TIGER_REQUIRED,
      'example-likely': TIGER_LIKELY,
      'neutral-noun': 'organism',
    },
  },
  aircraft: {
    templates: {
      superordinate: superordinateQuestion('object'),
      coarse: closedCoarse('Which manufacturer made the {superordinate} that appears in this image?'),
      fine: [
        'What is the name of the airplane model made by {coarse} that appears in this image?',
        'For example, for a picture of a {example_fine} the fine-grained label would be "{example_fine}".',
        ANSWER_AFTER,
      ].join('\n'),
      'knowledge-probe': probe('airplane', 'Specific Airplane:'),
    },
    data: {
      'superordinate-choices': OBJECT_CATEGORIES,
      'coarse-choices': AIRCRAFT_MANUFACTURERS,
      'example-fine': 'Boeing 787 Dreamliner',
      'example-coarse': 'Boeing',
      'example-required': TIGER_REQUIRED,
      'example-likely': TIGER_LIKELY,
      'neutral-noun': 'airplane',
    },
  },
  car: {
    templates: {
      superordinate: superordinateQuestion('object'),
      coarse: closedCoarse('What is the name of the {superordinate} that appears in this image?'),
      'knowledge-probe': probe('car', 'Specific Car:'),
    },
    data: {
      'superordinate-choices': OBJECT_CATEGORIES,
      'coarse-choices': CAR_TYPES,
      'example-fine': '2006 Honda Civic LX Coupe',
      'example-coarse': 'Coupe',
      'example-required': TIGER_REQUIRED,
      'example-likely': TIGER_LIKELY,
      'neutral-noun': 'car',
    },
  },
  dog: {
    templates: {
      superordinate: superordinateQuestion('organism'),
      'knowledge-probe': probe('dog', 'Specific Dog:'),
    },
    data: {
      'superordinate-choices': DOG_CATEGORIES,
      'coarse-choices': [],
      'example-fine': 'Golden Retriever',
      'example-coarse': 'Retriever',
      'example-required': TIGER_REQUIRED,
      'example-likely': TIGER_LIKELY,
      'neutral-noun': 'dog',
    },
  },
  generic: {
    templates: {
      superordinate: superordinateQuestion('object'),
      fine: TIGER_FINE,
    },
    data: {
      'superordinate-choices': [
        ...new Set([...ORGANISM_CATEGORIES, ...OBJECT_CATEGORIES, ...DOG_CATEGORIES]),
      ],
      'coarse-choices': [],
      'example-fine': 'bengal tiger',
      'example-coarse': 'Tiger',
      'example-required': TIGER_REQUIRED,
      'example-likely': TIGER_LIKELY,
      'neutral-noun': 'object',
    },
  },
};

/** The finer-reference template set of a family (fresh copy, safe to modify). */
export function referenceTemplateSet(family: DatasetFamily): FamilyTemplateSet {
  const defaults = FAMILY_DEFAULTS[family];
  return {
    family,
    templates: { ...SHARED_TEMPLATES, ...defaults.templates },
    data: structuredClone(defaults.data),
  };
}
