import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { PNG } from 'pngjs';
import { importFinerDataset } from '../../../src/core/import/finerImporter';
import { SAMPLE_ATTRIBUTES_FILE, SAMPLE_UNIFIED_FILE } from '../../../src/core/import/sampleDataset';
import { SAMPLE_ROOT } from '../simulator/sampleBirdsFixture';
import { MemoryImportTarget, useTempDir } from './memoryImportTarget';

const BUNDLED = SAMPLE_ROOT;
const GENERATOR = join(dirname(SAMPLE_ROOT), 'generate-sample-dataset.mjs');

function generate(outDir: string, ...args: string[]): void {
  execFileSync(process.execPath, [GENERATOR, '--out', outDir, ...args], { stdio: 'pipe' });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map((f) => String(f).split(sep).join('/'))
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}

describe('sample dataset generator', function () {
  this.timeout(0); // draws ~100 images; speed is not what is tested here
  const tmp = useTempDir('finer-sample-gen-');

  it('writes the same bytes for the same seed and different images for another seed', () => {
    const a = join(tmp(), 'a');
    const b = join(tmp(), 'b');
    const c = join(tmp(), 'c');
    generate(a, '--seed', '7', '--per-class', '2');
    generate(b, '--seed', '7', '--per-class', '2');
    generate(c, '--seed', '8', '--per-class', '2');
    const files = filesUnder(a);
    assert.equal(files.filter((f) => f.endsWith('.png')).length, 28);
    assert.deepEqual(filesUnder(b), files);
    for (const f of files)
      assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f} differs`);
    const png = 'images/azure-crowned-warbler/0.png';
    assert.ok(
      !readFileSync(join(a, png)).equals(readFileSync(join(c, png))),
      'another seed draws another image',
    );
  });

  it('reproduces the bundled label and attribute files with the default seed', () => {
    const out = join(tmp(), 'full');
    generate(out);
    for (const f of [SAMPLE_UNIFIED_FILE, SAMPLE_ATTRIBUTES_FILE, 'README.md']) {
      assert.equal(
        readFileSync(join(out, f), 'utf8'),
        readFileSync(join(BUNDLED, f), 'utf8'),
        `${f} is stale`,
      );
    }
    assert.deepEqual(filesUnder(join(out, 'images')), filesUnder(join(BUNDLED, 'images')));
  });
});

describe('bundled sample dataset', () => {
  const rows = readFileSync(join(BUNDLED, SAMPLE_UNIFIED_FILE), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { 'fine-level-lbl': string[]; img_path: string; metadata: SampleMetadata });

  interface SampleMetadata {
    synthetic: boolean;
    traits: { crown: string; throat: string };
    pose: { facing: 'left' | 'right'; dx: number; dy: number; scale: number };
  }

  it('stays small: about 100 images, under 1 MB in all', () => {
    const files = filesUnder(BUNDLED);
    const bytes = files.reduce((sum, f) => sum + readFileSync(join(BUNDLED, f)).length, 0);
    assert.ok(rows.length >= 90 && rows.length <= 110, `${rows.length} images`);
    assert.ok(bytes < 1_000_000, `${bytes} bytes`);
  });

  it('draws the crown colour the metadata names, where the crown is', () => {
    const crownColours: Record<string, [number, number, number]> = {
      'bright blue': [40, 110, 230],
      'slate grey': [96, 106, 122],
    };
    const checked = rows.filter((r) => r.metadata.traits.crown in crownColours);
    assert.equal(checked.length, 14);
    for (const row of checked) {
      const png = PNG.sync.read(readFileSync(join(BUNDLED, row.img_path)));
      assert.equal(png.width, 160);
      const { facing, dx, dy, scale } = row.metadata.pose;
      // The crown's middle in the drawing's own frame is (26, -27), the body centre at (80+dx, 84+dy).
      const x = Math.round(80 + dx + (facing === 'left' ? -1 : 1) * 26 * scale - 0.5);
      const y = Math.round(84 + dy - 27 * scale - 0.5);
      const i = (y * png.width + x) * 4;
      assert.deepEqual(
        [png.data[i], png.data[i + 1], png.data[i + 2]],
        crownColours[row.metadata.traits.crown],
        row.img_path,
      );
    }
  });

  it('imports with no issue, and every class has required and likely attributes', async () => {
    const store = new MemoryImportTarget();
    const summary = await importFinerDataset(store, {
      unifiedFile: join(BUNDLED, SAMPLE_UNIFIED_FILE),
      attributesFile: join(BUNDLED, SAMPLE_ATTRIBUTES_FILE),
    });
    assert.deepEqual(summary.issues, []);
    assert.equal(summary.imported, rows.length);
    assert.equal(summary.datasetName, 'sample-birds-test');
    assert.deepEqual(summary.unmatchedClasses, []);
    assert.deepEqual(summary.unmatchedConcepts, []);
    const dataset = store.only();
    const classes = new Set(dataset.samples.map((s) => s.fine[0]));
    assert.equal(classes.size, 14);
    assert.equal(new Set(dataset.samples.map((s) => s.coarse[0])).size, 4);
    for (const concept of dataset.concepts) {
      assert.ok(concept.required.length >= 3 && concept.likely.length >= 2, concept.name);
    }
  });

  it('has class pairs that differ in exactly one drawn trait', () => {
    const traitsByClass = new Map<string, Record<string, unknown>>();
    for (const r of rows) traitsByClass.set(r['fine-level-lbl'][0] ?? '', r.metadata.traits);
    const classes = [...traitsByClass.entries()];
    let pairs = 0;
    for (let i = 0; i < classes.length; i++) {
      for (let j = i + 1; j < classes.length; j++) {
        const [, a] = classes[i] ?? [];
        const [, b] = classes[j] ?? [];
        const diff = Object.keys(a ?? {}).filter((k) => a?.[k] !== b?.[k]);
        if (diff.length === 1) pairs++;
      }
    }
    assert.ok(pairs >= 5, `${pairs} one-trait pairs`);
  });
});
