// What the simulated LVLM "knows": each class with its labels, reference attributes and
// confusable siblings, and the SHA-256 of every sample image so a request's image can be
// recognised. Plain JSON-friendly data so it can be built once and handed to a server.
import { DatasetImageReader } from '../images/datasetImageFile';
import { sha256Hex } from '../lvlm/imageEncoding';
import type { NewConcept, NewSample } from '../model';

export interface SimulatorClass {
  /** The first fine label, used as the class key. */
  key: string;
  superordinate: string;
  coarse: string[];
  fine: string[];
  required: string[];
  likely: string[];
  /** Visual traits (from sample metadata), e.g. { crown: 'slate', wingbars: 'two' }. */
  traits: Record<string, string>;
  /** Other class keys of the same superordinate and coarse group, most confusable first. */
  confusable: string[];
  /** When set, ATTRSEEK turn 1 on this class's images lists exactly these attributes (tests, demos). */
  scriptedAttributes?: string[];
}

export interface SimulatorCatalog {
  classes: Record<string, SimulatorClass>;
  /** SHA-256 (hex) of image file bytes -> class key. */
  images: Record<string, string>;
  superordinates: string[];
}

export interface CatalogBuildIssue {
  imagePath: string;
  reason: string;
}

const NON_TRAIT_KEYS = new Set([
  'id',
  'idx',
  'seed',
  'source',
  'split',
  'path',
  'license',
  'width',
  'height',
]);

/** Traits from sample metadata: a `traits` object when present, else the flat string values. */
export function traitsFromMetadata(metadata: Record<string, unknown>): Record<string, string> {
  const nested = metadata['traits'];
  const source =
    typeof nested === 'object' && nested !== null && !Array.isArray(nested)
      ? (nested as Record<string, unknown>)
      : metadata;
  const traits: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) {
    if (NON_TRAIT_KEYS.has(k.toLowerCase())) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') traits[k] = String(v);
  }
  return traits;
}

function traitDifferences(a: SimulatorClass, b: SimulatorClass): number {
  const keys = new Set([...Object.keys(a.traits), ...Object.keys(b.traits)]);
  let diff = 0;
  for (const k of keys) if (a.traits[k] !== b.traits[k]) diff++;
  return diff;
}

function attributeOverlap(a: SimulatorClass, b: SimulatorClass): number {
  const sa = new Set(a.required.map((s) => s.toLowerCase()));
  const sb = b.required.map((s) => s.toLowerCase());
  const shared = sb.filter((s) => sa.has(s)).length;
  const union = new Set([...sa, ...sb]).size;
  return union === 0 ? 0 : shared / union;
}

function rankConfusable(classes: Record<string, SimulatorClass>): void {
  const all = Object.values(classes);
  for (const c of all) {
    const group = c.coarse[0]?.toLowerCase();
    c.confusable = all
      .filter((o) => o !== c && o.superordinate === c.superordinate && o.coarse[0]?.toLowerCase() === group)
      .map((o) => ({ key: o.key, diff: traitDifferences(c, o), overlap: attributeOverlap(c, o) }))
      .sort((x, y) => x.diff - y.diff || y.overlap - x.overlap || (x.key < y.key ? -1 : 1))
      .map((o) => o.key);
  }
}

/**
 * Builds the catalog from imported samples and concepts; reads and hashes every image once.
 * Images that cannot be read are reported, not fatal (the server then treats them as unknown).
 */
export async function buildSimulatorCatalog(
  samples: readonly NewSample[],
  concepts: readonly NewConcept[],
  rootDir: string,
): Promise<{ catalog: SimulatorCatalog; issues: CatalogBuildIssue[] }> {
  const conceptByName = new Map(concepts.map((c) => [c.name.toLowerCase(), c]));
  const classes: Record<string, SimulatorClass> = {};
  const images: Record<string, string> = {};
  const issues: CatalogBuildIssue[] = [];
  // The same guarded read as runs: a symlink out of the root or a FIFO is an issue, not a read.
  const reader = new DatasetImageReader(rootDir);
  for (const s of samples) {
    const key = s.fine[0];
    if (key === undefined) continue;
    let cls = classes[key];
    if (!cls) {
      const concept = s.fine.map((f) => conceptByName.get(f.toLowerCase())).find((c) => c !== undefined);
      cls = {
        key,
        superordinate: s.superordinate,
        coarse: [...s.coarse],
        fine: [...s.fine],
        required: (concept?.required ?? []).filter((a) => a.toLowerCase() !== 'none'),
        likely: (concept?.likely ?? []).filter((a) => a.toLowerCase() !== 'none'),
        traits: traitsFromMetadata(s.metadata),
        confusable: [],
      };
      classes[key] = cls;
    }
    try {
      images[sha256Hex(await reader.read(s.imagePath))] = key;
    } catch (error) {
      issues.push({ imagePath: s.imagePath, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  rankConfusable(classes);
  const superordinates = [...new Set(Object.values(classes).map((c) => c.superordinate))].sort();
  return { catalog: { classes, images, superordinates }, issues };
}
