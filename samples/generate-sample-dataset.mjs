#!/usr/bin/env node
// Generates the bundled SYNTHETIC sample dataset: small flat-colour drawings of invented
// bird species, in the file layout of a FINER release. Seeded and deterministic.
// Usage: node samples/generate-sample-dataset.mjs [--out DIR] [--seed N] [--per-class N]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const SIZE = 160;
const DEFAULT_SEED = 20240226;
const DATASET = 'sample-birds';

const COLOURS = {
  'bright blue': [40, 110, 230],
  'slate grey': [96, 106, 122],
  olive: [122, 132, 58],
  'olive green': [104, 124, 52],
  yellow: [246, 214, 38],
  'fiery orange': [240, 112, 26],
  white: [250, 250, 248],
  'rose red': [212, 48, 84],
  'saffron yellow': [244, 176, 28],
  brown: [128, 88, 54],
  grey: [138, 138, 138],
  black: [28, 28, 30],
  buff: [216, 186, 140],
  chestnut: [150, 58, 28],
  sandy: [196, 166, 116],
  scarlet: [226, 30, 30],
  'ash grey': [178, 178, 172],
  'olive grey': [112, 118, 94],
  'pale yellow': [240, 232, 150],
  'dark grey': [74, 74, 80],
  'pale grey': [214, 214, 210],
};

// Traits: body, crown, throat, breast colours; wingBars, eyeRing; beak; tail.
const traitsOf = (t) => ({
  body: t.body,
  crown: t.crown,
  throat: t.throat,
  breast: t.breast,
  wingBars: t.wingBars ?? false,
  eyeRing: t.eyeRing ?? false,
  beak: t.beak,
  tail: t.tail ?? 'plain',
});
const CLASSES = [
  {
    fine: 'Azure-crowned Warbler',
    coarse: 'Warbler',
    habitat: 'foliage',
    traits: traitsOf({
      body: 'olive green',
      crown: 'bright blue',
      throat: 'yellow',
      breast: 'yellow',
      wingBars: true,
      beak: 'thin pointed',
    }),
    required: ['bright blue crown', 'yellow throat', 'yellow breast', 'white wing bars'],
    likely: ['olive-green back and wings', 'thin pointed beak', 'plain dark tail', 'perches in foliage'],
  },
  {
    fine: 'Slate-crowned Warbler',
    coarse: 'Warbler',
    habitat: 'foliage',
    traits: traitsOf({
      body: 'olive green',
      crown: 'slate grey',
      throat: 'yellow',
      breast: 'yellow',
      wingBars: true,
      beak: 'thin pointed',
    }),
    required: ['slate-grey crown', 'yellow throat', 'yellow breast', 'white wing bars'],
    likely: ['olive-green back and wings', 'thin pointed beak', 'plain dark tail', 'perches in foliage'],
  },
  {
    fine: 'Lemon-throated Warbler',
    coarse: 'Warbler',
    habitat: 'foliage',
    traits: traitsOf({
      body: 'olive',
      crown: 'olive',
      throat: 'yellow',
      breast: 'white',
      eyeRing: true,
      beak: 'thin pointed',
      tail: 'white outer feathers',
    }),
    required: ['yellow throat', 'white breast', 'white eye ring', 'white outer tail feathers'],
    likely: ['olive crown and back', 'thin pointed beak', 'no wing bars', 'perches in foliage'],
  },
  {
    fine: 'Ember-throated Warbler',
    coarse: 'Warbler',
    habitat: 'foliage',
    traits: traitsOf({
      body: 'olive',
      crown: 'olive',
      throat: 'fiery orange',
      breast: 'white',
      eyeRing: true,
      beak: 'thin pointed',
      tail: 'white outer feathers',
    }),
    required: ['fiery orange throat', 'white breast', 'white eye ring', 'white outer tail feathers'],
    likely: ['olive crown and back', 'thin pointed beak', 'no wing bars', 'perches in foliage'],
  },
  {
    fine: 'Rose-breasted Seedfinch',
    coarse: 'Finch',
    habitat: 'sky',
    traits: traitsOf({
      body: 'brown',
      crown: 'brown',
      throat: 'rose red',
      breast: 'rose red',
      wingBars: true,
      beak: 'short conical',
    }),
    required: ['rose-red breast', 'rose-red throat', 'white wing bars', 'short conical beak'],
    likely: ['brown crown and back', 'plain dark tail', 'perches on bare branches'],
  },
  {
    fine: 'Saffron-breasted Seedfinch',
    coarse: 'Finch',
    habitat: 'sky',
    traits: traitsOf({
      body: 'brown',
      crown: 'brown',
      throat: 'rose red',
      breast: 'saffron yellow',
      wingBars: true,
      beak: 'short conical',
    }),
    required: ['saffron-yellow breast', 'rose-red throat', 'white wing bars', 'short conical beak'],
    likely: ['brown crown and back', 'plain dark tail', 'perches on bare branches'],
  },
  {
    fine: 'Bar-tailed Grosfinch',
    coarse: 'Finch',
    habitat: 'sky',
    traits: traitsOf({
      body: 'grey',
      crown: 'black',
      throat: 'black',
      breast: 'buff',
      beak: 'short conical',
      tail: 'banded',
    }),
    required: ['black crown', 'black throat', 'banded tail', 'short conical beak'],
    likely: ['grey back and wings', 'buff breast', 'no wing bars'],
  },
  {
    fine: 'Plain-tailed Grosfinch',
    coarse: 'Finch',
    habitat: 'sky',
    traits: traitsOf({
      body: 'grey',
      crown: 'black',
      throat: 'black',
      breast: 'buff',
      beak: 'short conical',
    }),
    required: ['black crown', 'black throat', 'plain unbanded tail', 'short conical beak'],
    likely: ['grey back and wings', 'buff breast', 'no wing bars'],
  },
  {
    fine: 'Chestnut-capped Dunesparrow',
    coarse: 'Sparrow',
    habitat: 'sand',
    traits: traitsOf({
      body: 'brown',
      crown: 'chestnut',
      throat: 'white',
      breast: 'pale grey',
      wingBars: true,
      beak: 'short conical',
      tail: 'white outer feathers',
    }),
    required: [
      'chestnut crown',
      'white throat',
      'white wing bars',
      'white outer tail feathers',
      'no eye ring',
    ],
    likely: ['pale grey breast', 'brown back', 'short conical beak', 'forages on open sand'],
  },
  {
    fine: 'Spectacled Dunesparrow',
    coarse: 'Sparrow',
    habitat: 'sand',
    traits: traitsOf({
      body: 'brown',
      crown: 'chestnut',
      throat: 'white',
      breast: 'pale grey',
      wingBars: true,
      eyeRing: true,
      beak: 'short conical',
      tail: 'white outer feathers',
    }),
    required: [
      'chestnut crown',
      'white throat',
      'white wing bars',
      'white outer tail feathers',
      'white eye ring',
    ],
    likely: ['pale grey breast', 'brown back', 'short conical beak', 'forages on open sand'],
  },
  {
    fine: 'Pale Sandsparrow',
    coarse: 'Sparrow',
    habitat: 'sand',
    traits: traitsOf({
      body: 'sandy',
      crown: 'buff',
      throat: 'white',
      breast: 'buff',
      beak: 'short conical',
    }),
    required: ['sandy-buff plumage', 'buff crown', 'white throat', 'no wing bars'],
    likely: ['buff breast', 'short conical beak', 'plain tail', 'forages on open sand'],
  },
  {
    fine: 'Scarlet-crowned Tyrantlet',
    coarse: 'Flycatcher',
    habitat: 'sky',
    traits: traitsOf({
      body: 'olive grey',
      crown: 'scarlet',
      throat: 'white',
      breast: 'pale yellow',
      wingBars: true,
      eyeRing: true,
      beak: 'hooked',
    }),
    required: ['scarlet crown', 'white eye ring', 'white wing bars', 'pale yellow breast'],
    likely: ['white throat', 'olive-grey back', 'hooked beak tip', 'sallies from exposed perches'],
  },
  {
    fine: 'Ashy-crowned Tyrantlet',
    coarse: 'Flycatcher',
    habitat: 'sky',
    traits: traitsOf({
      body: 'olive grey',
      crown: 'ash grey',
      throat: 'white',
      breast: 'pale yellow',
      wingBars: true,
      eyeRing: true,
      beak: 'hooked',
    }),
    required: ['ash-grey crown', 'white eye ring', 'white wing bars', 'pale yellow breast'],
    likely: ['white throat', 'olive-grey back', 'hooked beak tip', 'sallies from exposed perches'],
  },
  {
    fine: 'Banded Shadow Tyrantlet',
    coarse: 'Flycatcher',
    habitat: 'foliage',
    traits: traitsOf({
      body: 'dark grey',
      crown: 'dark grey',
      throat: 'white',
      breast: 'white',
      beak: 'hooked',
      tail: 'banded',
    }),
    required: ['dark grey upperparts', 'white throat and breast', 'banded tail', 'hooked beak'],
    likely: ['dark grey crown', 'no wing bars', 'no eye ring', 'hunts below the canopy'],
  },
];

const BACKGROUNDS = ['sky', 'foliage', 'sand', 'dusk'];

/** mulberry32: a tiny seeded PRNG, enough for reproducible drawings. */
function makeRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const between = (rand, lo, hi) => lo + (hi - lo) * rand();
const round2 = (x) => Math.round(x * 100) / 100;

function slug(name) {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

// Shapes are predicates over local bird coordinates (+x towards the beak, +y down).
const ellipse = (cx, cy, rx, ry) => (x, y) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
const both =
  (...fs) =>
  (x, y) =>
    fs.every((f) => f(x, y));
function polygon(points) {
  return (x, y) => {
    let inside = false;
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
      const [xi, yi] = points[i];
      const [xj, yj] = points[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
}
const darker = ([r, g, b], f) => [Math.round(r * f), Math.round(g * f), Math.round(b * f)];

/** The bird as an ordered list of [shape, colour] layers (later layers paint over earlier ones). */
function birdLayers(traits) {
  const body = COLOURS[traits.body];
  const wing = darker(body, 0.72);
  const tailColour = darker(body, 0.6);
  const white = COLOURS.white;
  const layers = [];
  const legs = [60, 52, 44];
  layers.push([
    polygon([
      [-5, 16],
      [-2, 16],
      [-4, 33],
      [-7, 33],
    ]),
    legs,
  ]);
  layers.push([
    polygon([
      [5, 16],
      [8, 16],
      [6, 33],
      [3, 33],
    ]),
    legs,
  ]);
  const tail = polygon([
    [-20, -7],
    [-57, 1],
    [-59, 15],
    [-18, 8],
  ]);
  if (traits.tail === 'white outer feathers') {
    layers.push([tail, white]);
    layers.push([
      polygon([
        [-20, -3],
        [-58, 5],
        [-58, 11],
        [-19, 4],
      ]),
      tailColour,
    ]);
  } else if (traits.tail === 'banded') {
    layers.push([tail, tailColour]);
    layers.push([both(tail, (x) => x < -28 && Math.floor((x + 60) / 6) % 2 === 0), white]);
  } else {
    layers.push([tail, tailColour]);
  }
  const bodyShape = ellipse(0, 0, 30, 20);
  layers.push([bodyShape, body]);
  layers.push([both(bodyShape, ellipse(13, 7, 20, 15)), COLOURS[traits.breast]]);
  const wingShape = ellipse(-6, -3, 21, 11);
  layers.push([wingShape, wing]);
  if (traits.wingBars) {
    layers.push([both(wingShape, (x, y) => Math.abs(x + 0.35 * y - 1) <= 1.6), white]);
    layers.push([both(wingShape, (x, y) => Math.abs(x + 0.35 * y - 8) <= 1.6), white]);
  }
  layers.push([ellipse(25, -7, 10, 8), COLOURS[traits.throat]]);
  const head = ellipse(26, -18, 13, 13);
  layers.push([head, body]);
  layers.push([both(head, (_x, y) => y < -22), COLOURS[traits.crown]]);
  layers.push([both(head, (x, y) => y > -13 && x > 21), COLOURS[traits.throat]]);
  if (traits.eyeRing) layers.push([ellipse(31, -19, 4.6, 4.6), white]);
  layers.push([ellipse(31, -19, 2.6, 2.6), COLOURS.black]);
  const beakColour = traits.beak === 'short conical' ? [220, 170, 140] : [40, 40, 40];
  if (traits.beak === 'short conical') {
    layers.push([
      polygon([
        [36, -24],
        [36, -11],
        [50, -17],
      ]),
      beakColour,
    ]);
  } else if (traits.beak === 'thin pointed') {
    layers.push([
      polygon([
        [37, -20],
        [37, -15],
        [57, -17],
      ]),
      beakColour,
    ]);
  } else {
    layers.push([
      polygon([
        [36, -22],
        [36, -13],
        [49, -19],
        [47, -20],
      ]),
      beakColour,
    ]);
    layers.push([
      polygon([
        [45, -21],
        [51, -19],
        [50, -13],
      ]),
      beakColour,
    ]);
  }
  return layers;
}

function drawBackground(png, background, perchY, rand) {
  const sky =
    background === 'dusk' ? [196, 176, 214] : background === 'sand' ? [206, 228, 242] : [150, 200, 238];
  const fill = background === 'foliage' ? [72, 138, 62] : sky;
  const blobs = [];
  for (let i = 0; i < 6; i++) {
    blobs.push([
      between(rand, 0, SIZE),
      between(rand, 0, SIZE * 0.8),
      between(rand, 10, 22),
      between(rand, 6, 12),
    ]);
  }
  const slope = between(rand, -0.12, 0.12);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let colour = fill;
      const inBlob = blobs.some(([bx, by, rx, ry]) => ((x - bx) / rx) ** 2 + ((y - by) / ry) ** 2 <= 1);
      if (inBlob && background === 'foliage') colour = [46, 104, 44];
      else if (inBlob && background !== 'sand') colour = [244, 244, 246];
      if (background === 'sand') {
        if (y >= perchY) colour = (x * 7 + y * 3) % 23 === 0 ? [176, 150, 100] : [226, 200, 150];
      } else {
        const branchY = perchY + slope * (x - SIZE / 2);
        if (y >= branchY - 1 && y <= branchY + 4) colour = [104, 72, 44];
      }
      setPixel(png, x, y, colour);
    }
  }
}

function setPixel(png, x, y, [r, g, b]) {
  const i = (y * SIZE + x) * 4;
  png.data[i] = r;
  png.data[i + 1] = g;
  png.data[i + 2] = b;
  png.data[i + 3] = 255;
}

function drawImage(cls, rand) {
  const background = rand() < 0.7 ? cls.habitat : BACKGROUNDS[Math.floor(rand() * BACKGROUNDS.length)];
  const pose = {
    facing: rand() < 0.5 ? 'left' : 'right',
    dx: Math.round(between(rand, -12, 12)),
    dy: Math.round(between(rand, -8, 8)),
    scale: round2(between(rand, 0.85, 1.1)),
  };
  const cx = SIZE / 2 + pose.dx;
  const cy = SIZE / 2 + 4 + pose.dy;
  const png = new PNG({ width: SIZE, height: SIZE, colorType: 2, inputColorType: 6, bitDepth: 8 });
  drawBackground(png, background, Math.round(cy + 33 * pose.scale), rand);
  const layers = birdLayers(cls.traits);
  const mirror = pose.facing === 'left' ? -1 : 1;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const lx = (mirror * (x + 0.5 - cx)) / pose.scale;
      const ly = (y + 0.5 - cy) / pose.scale;
      let colour;
      for (const [shape, c] of layers) if (shape(lx, ly)) colour = c;
      if (colour) setPixel(png, x, y, colour);
    }
  }
  const bytes = PNG.sync.write(png, { colorType: 2, inputColorType: 6, deflateLevel: 9, filterType: 4 });
  return { bytes, background, pose };
}

const README = `# sample-birds: a synthetic sample dataset

Everything in this folder is **synthetic**: the birds are flat-colour drawings of
invented species ("Azure-crowned Warbler", "Spectacled Dunesparrow", ...) made by a
program, not photographs, and the attribute lists were written to match what is drawn.
It exists so Finer Lens has a small dataset to open right away, in the same file layout
as a FINER release:

- \`unified-sample-birds-test-combined.jsonl\`: one labelled sample per line (\`idx\`,
  \`basic-level-lbl\`, \`coarse-level-lbl\`, \`fine-level-lbl\`, \`img_path\`, \`metadata\`
  with the drawn traits, pose, background and seed).
- \`parsed-sample-birds-reference-wiki-text-combined.json\`: "required" and "likely"
  attributes of each of the ${CLASSES.length} fine classes.
- \`images/<class>/<n>.png\`: ${SIZE}x${SIZE} PNG drawings.

Several class pairs differ in exactly one drawn trait (crown, throat, breast colour, tail
pattern or eye ring), which makes for realistic fine-level confusions.

Regenerate (deterministic: the same seed gives the same bytes):

    node samples/generate-sample-dataset.mjs --seed ${DEFAULT_SEED}
`;

export function generateSampleDataset(outDir, seed = DEFAULT_SEED, perClass = 7) {
  rmSync(join(outDir, 'images'), { recursive: true, force: true });
  const rows = [];
  let idx = 0;
  CLASSES.forEach((cls, classIndex) => {
    const dir = join(outDir, 'images', slug(cls.fine));
    mkdirSync(dir, { recursive: true });
    for (let n = 0; n < perClass; n++) {
      const imageSeed = (seed ^ Math.imul(classIndex + 1, 0x9e3779b1) ^ Math.imul(n + 1, 0x85ebca6b)) >>> 0;
      const { bytes, background, pose } = drawImage(cls, makeRandom(imageSeed));
      writeFileSync(join(dir, `${n}.png`), bytes);
      rows.push({
        idx: idx++,
        'basic-level-lbl': 'Bird',
        'coarse-level-lbl': [cls.coarse],
        'fine-level-lbl': [cls.fine],
        img_path: `images/${slug(cls.fine)}/${n}.png`,
        metadata: { synthetic: true, traits: cls.traits, pose, background, seed, imageSeed },
      });
    }
  });
  writeFileSync(
    join(outDir, `unified-${DATASET}-test-combined.jsonl`),
    rows.map((r) => JSON.stringify(r)).join('\n') + '\n',
  );
  const attributes = CLASSES.map((cls, id) => ({
    id,
    name: cls.fine,
    attr_binomial: { required: cls.required, likely: cls.likely },
  }));
  writeFileSync(
    join(outDir, `parsed-${DATASET}-reference-wiki-text-combined.json`),
    JSON.stringify(attributes, null, 2) + '\n',
  );
  writeFileSync(join(outDir, 'README.md'), README);
  return { images: rows.length, classes: CLASSES.length };
}

function argValue(name) {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outDir = argValue('--out') ?? join(dirname(fileURLToPath(import.meta.url)), DATASET);
  const seed = Number(argValue('--seed') ?? DEFAULT_SEED);
  const perClass = Number(argValue('--per-class') ?? 7);
  mkdirSync(outDir, { recursive: true });
  const { images, classes } = generateSampleDataset(outDir, seed, perClass);
  console.log(`wrote ${images} images of ${classes} classes to ${outDir}`);
}
