// The parts an attribute can describe, per FINER family (birds, aircraft, cars, dogs) plus a
// generic fallback: canonical part -> words and phrases that name it, and the "generic"
// attributes true of nearly every member of the superordinate ("two wings", "four wheels").
// Listed in docs/attribute-matching.md.
import type { DatasetFamily } from '../prompts/promptTypes';

export type MatchDomain = 'bird' | 'aircraft' | 'car' | 'dog' | 'generic';
export const MATCH_DOMAINS: readonly MatchDomain[] = ['bird', 'aircraft', 'car', 'dog', 'generic'];

/** Canonical part -> synonyms (single words or phrases, lowercase, spaces between words). */
export type PartTable = Record<string, readonly string[]>;

/** Parts any object can have. */
const COMMON_PARTS: PartTable = {
  body: [
    'body',
    'plumage',
    'coloration',
    'colouration',
    'appearance',
    'build',
    'overall',
    'feather',
    'feathers',
  ],
  head: ['head', 'headed'],
  tail: ['tail', 'tails', 'tail feathers', 'tail feather'],
  eye: ['eye', 'eyes', 'iris', 'irises'],
  nose: ['nose'],
  top: ['top', 'upper side', 'upperside'],
  underside: ['underside', 'undersides', 'bottom', 'lower side'],
};

const BIRD_PARTS: PartTable = {
  crown: ['crown', 'cap', 'top of head', 'head top', 'top of the head', 'pileum', 'crowned', 'capped'],
  crest: ['crest', 'tuft', 'tufts', 'crested', 'topknot', 'plume', 'plumes'],
  eartuft: ['ear tuft', 'ear tufts', 'ear tufts', 'horns', 'ear feathers'],
  beak: ['beak', 'bill', 'billed', 'beaked', 'mandible', 'mandibles', 'culmen'],
  throat: ['throat', 'chin', 'gular', 'throated', 'chinned', 'bib', 'gorget'],
  breast: ['breast', 'chest', 'breasted', 'chested'],
  belly: ['belly', 'abdomen', 'underparts', 'underpart', 'vent', 'bellied', 'undertail coverts'],
  flank: ['flank', 'flanks', 'sides of the body'],
  back: ['back', 'mantle', 'backed', 'upperparts', 'upperpart', 'scapulars'],
  nape: ['nape', 'hindneck', 'back of the neck', 'back of neck', 'naped', 'back of the head', 'back of head'],
  neck: ['neck', 'necked', 'foreneck'],
  rump: ['rump', 'uppertail coverts', 'rumped'],
  wing: [
    'wing',
    'wings',
    'winged',
    'primaries',
    'secondaries',
    'flight feathers',
    'wing feathers',
    'coverts',
    'wingtips',
    'wing tips',
    'wingtip',
  ],
  wingbar: ['wing bar', 'wing bars', 'wingbar', 'wingbars', 'wing band', 'wing bands'],
  wingpatch: [
    'wing patch',
    'wing patches',
    'speculum',
    'shoulder patch',
    'shoulder',
    'shoulders',
    'epaulet',
    'epaulets',
    'epaulette',
  ],
  eyering: ['eye ring', 'eye rings', 'eyering', 'eyerings', 'spectacles', 'orbital ring'],
  eyestripe: [
    'eye stripe',
    'eyestripe',
    'eye line',
    'eyeline',
    'eyebrow',
    'supercilium',
    'brow stripe',
    'eyebrow stripe',
    'superciliary',
  ],
  mask: ['mask', 'masked', 'eye mask', 'face mask'],
  face: ['face', 'faced', 'lores', 'lore', 'facial'],
  cheek: ['cheek', 'cheeks', 'ear coverts', 'auriculars', 'cheeked'],
  collar: ['collar', 'collared', 'neck ring', 'necklace', 'ring around the neck'],
  leg: ['leg', 'legs', 'legged', 'feet', 'foot', 'footed', 'tarsus', 'tarsi', 'toes', 'talons', 'claws'],
  tailfeathers: ['outer tail feathers', 'outer tail', 'tail edges', 'tail corners'],
  wattle: ['wattle', 'wattles', 'comb', 'caruncle'],
};

const AIRCRAFT_PARTS: PartTable = {
  engine: [
    'engine',
    'engines',
    'engined',
    'jet engines',
    'turbofan',
    'turbofans',
    'turboprop',
    'turboprops',
    'propeller',
    'propellers',
    'props',
    'nacelle',
    'nacelles',
    'jet',
    'jets',
  ],
  wing: ['wing', 'wings', 'winged', 'wingspan', 'mainplane'],
  winglet: [
    'winglet',
    'winglets',
    'wingtip fence',
    'wingtip fences',
    'sharklet',
    'sharklets',
    'wingtip device',
    'wingtip devices',
  ],
  fuselage: ['fuselage', 'hull', 'airframe', 'body', 'cabin'],
  tail: [
    'tail',
    'empennage',
    'tailplane',
    'horizontal stabilizer',
    'horizontal stabilizers',
    'stabilizer',
    'stabilizers',
    'tail section',
  ],
  fin: ['fin', 'vertical stabilizer', 'tail fin', 'tailfin', 'rudder', 'vertical tail'],
  cockpit: ['cockpit', 'flight deck', 'cockpit windows', 'windshield', 'canopy'],
  nose: ['nose', 'nose cone', 'radome', 'nosed'],
  window: ['window', 'windows', 'cabin windows', 'portholes'],
  deck: ['deck', 'decks', 'upper deck', 'hump', 'decker'],
  gear: ['landing gear', 'undercarriage', 'wheels', 'gear', 'main gear', 'nose gear', 'bogies'],
  door: ['door', 'doors', 'exit', 'exits', 'cargo door'],
  livery: ['livery', 'paint scheme', 'paint', 'paintwork', 'markings scheme', 'logo', 'cheatline'],
};

const CAR_PARTS: PartTable = {
  grille: ['grille', 'grill', 'radiator grille', 'front grille', 'kidney grille', 'kidney grilles'],
  headlight: ['headlight', 'headlights', 'headlamp', 'headlamps', 'front lights', 'front lamps', 'lights'],
  taillight: [
    'taillight',
    'taillights',
    'tail light',
    'tail lights',
    'rear lights',
    'rear lamps',
    'tail lamps',
    'taillamps',
  ],
  roof: ['roof', 'roofline', 'roof line', 'top', 'soft top', 'hardtop', 'roofed'],
  door: ['door', 'doors', 'doored'],
  wheel: [
    'wheel',
    'wheels',
    'rims',
    'rim',
    'alloys',
    'alloy wheels',
    'hubcaps',
    'tires',
    'tyres',
    'tire',
    'tyre',
  ],
  bumper: ['bumper', 'bumpers', 'front bumper', 'rear bumper', 'fascia'],
  hood: ['hood', 'bonnet'],
  trunk: ['trunk', 'boot', 'tailgate', 'hatch', 'liftgate', 'trunk lid', 'rear hatch'],
  bed: ['bed', 'cargo bed', 'truck bed', 'pickup bed', 'box'],
  window: ['window', 'windows', 'glass', 'glasshouse', 'greenhouse'],
  windshield: ['windshield', 'windscreen', 'front window'],
  mirror: ['mirror', 'mirrors', 'side mirrors', 'wing mirrors'],
  spoiler: ['spoiler', 'rear wing', 'wing', 'lip spoiler'],
  exhaust: ['exhaust', 'exhausts', 'tailpipe', 'tailpipes', 'exhaust pipes', 'exhaust tips'],
  body: ['body', 'bodywork', 'body style', 'silhouette', 'profile', 'stance', 'body shape'],
  pillar: ['pillar', 'pillars', 'c pillar', 'b pillar', 'a pillar'],
  badge: ['badge', 'badges', 'emblem', 'emblems', 'logo', 'lettering', 'nameplate'],
  clearance: ['ground clearance', 'ride height', 'clearance'],
  fender: ['fender', 'fenders', 'wheel arches', 'wheel arch', 'arches', 'flares'],
  intake: ['intake', 'intakes', 'air intake', 'air intakes', 'vents', 'vent', 'scoop', 'hood scoop'],
  seat: ['seat', 'seats', 'seater', 'seating', 'rows'],
};

const DOG_PARTS: PartTable = {
  ear: ['ear', 'ears', 'eared'],
  coat: ['coat', 'fur', 'hair', 'coated', 'haired', 'furred', 'pelt', 'feathering', 'furnishings'],
  muzzle: ['muzzle', 'snout', 'muzzled', 'jaw', 'jaws', 'jowls', 'flews', 'lips', 'mouth'],
  nose: ['nose', 'nosed'],
  eye: ['eye', 'eyes', 'eyed'],
  leg: ['leg', 'legs', 'legged', 'limbs', 'paw', 'paws', 'feet', 'foot'],
  tail: ['tail', 'tails', 'tailed'],
  head: ['head', 'headed', 'skull'],
  face: ['face', 'faced', 'facial'],
  chest: ['chest', 'breast', 'chested', 'brisket'],
  body: ['body', 'bodied', 'build', 'frame', 'torso', 'physique', 'stature'],
  back: ['back', 'backed', 'topline', 'saddle'],
  neck: ['neck', 'necked', 'ruff', 'mane', 'scruff'],
  beard: ['beard', 'bearded', 'moustache', 'mustache', 'whiskers', 'goatee'],
  eyebrow: ['eyebrow', 'eyebrows', 'brows', 'brow'],
  skin: ['skin', 'wrinkles', 'wrinkled', 'folds', 'wrinkly'],
  belly: ['belly', 'underside', 'underbelly', 'abdomen'],
};

const DOMAIN_PARTS: Record<MatchDomain, PartTable> = {
  bird: { ...COMMON_PARTS, ...BIRD_PARTS },
  aircraft: { ...COMMON_PARTS, ...AIRCRAFT_PARTS },
  car: { ...COMMON_PARTS, ...CAR_PARTS },
  dog: { ...COMMON_PARTS, ...DOG_PARTS },
  generic: COMMON_PARTS,
};

/**
 * Generic parts: an attribute that names only this part, with no descriptor but (optionally)
 * the usual count, is true of nearly every member of the superordinate. `count` is that usual
 * count when it has one.
 */
export interface GenericPart {
  part: string;
  count?: number;
}
const GENERIC_PARTS: Record<MatchDomain, readonly GenericPart[]> = {
  bird: [
    { part: 'wing', count: 2 },
    { part: 'leg', count: 2 },
    { part: 'eye', count: 2 },
    { part: 'beak' },
    { part: 'body' },
    { part: 'tail' },
    { part: 'head' },
  ],
  aircraft: [
    { part: 'wing', count: 2 },
    { part: 'tail' },
    { part: 'fuselage' },
    { part: 'window' },
    { part: 'cockpit' },
    { part: 'gear' },
    { part: 'door' },
    { part: 'body' },
    { part: 'fin', count: 1 },
    { part: 'nose' },
  ],
  car: [
    { part: 'wheel', count: 4 },
    { part: 'headlight', count: 2 },
    { part: 'taillight', count: 2 },
    { part: 'window' },
    { part: 'windshield', count: 1 },
    { part: 'mirror', count: 2 },
    { part: 'bumper' },
    { part: 'door' },
    { part: 'body' },
    { part: 'roof' },
    { part: 'badge' },
  ],
  dog: [
    { part: 'leg', count: 4 },
    { part: 'ear', count: 2 },
    { part: 'eye', count: 2 },
    { part: 'tail', count: 1 },
    { part: 'coat' },
    { part: 'nose' },
    { part: 'muzzle' },
    { part: 'body' },
    { part: 'head' },
  ],
  generic: [{ part: 'body' }],
};

export function partsOf(domain: MatchDomain): PartTable {
  return DOMAIN_PARTS[domain];
}

export function genericPartsOf(domain: MatchDomain): readonly GenericPart[] {
  return GENERIC_PARTS[domain];
}

/** The generic domain parses with every family's parts (first family wins a shared word). */
export function partsForParsing(domain: MatchDomain): PartTable {
  if (domain !== 'generic') return DOMAIN_PARTS[domain];
  return { ...DOG_PARTS, ...CAR_PARTS, ...AIRCRAFT_PARTS, ...BIRD_PARTS, ...COMMON_PARTS };
}

const DOMAIN_ALIASES: readonly [RegExp, MatchDomain][] = [
  [/^(birds?|organism|cub|cub-?200|nabirds?|inat|inaturalist)/i, 'bird'],
  [/^(aircraft|airplanes?|planes?|fgvc)/i, 'aircraft'],
  [/^(cars?|stanford-?cars|vehicles?|automobiles?)/i, 'car'],
  [/^(dogs?|stanford-?dogs)/i, 'dog'],
  [/^generic$/i, 'generic'],
];

/** A domain from a user's word ("birds", "cub-200", "cars"); undefined when unknown. */
export function parseMatchDomain(text: string): MatchDomain | undefined {
  for (const [pattern, domain] of DOMAIN_ALIASES) if (pattern.test(text.trim())) return domain;
  return undefined;
}

/** The vocabulary domain for a prompt family: organism datasets use the bird parts. */
export function domainForFamily(family: DatasetFamily): MatchDomain {
  return family === 'organism' ? 'bird' : family;
}
