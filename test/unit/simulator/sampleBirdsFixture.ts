// Loads the bundled synthetic sample-birds dataset and sends prompts built from the real
// templates to a simulated server through the real client.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ChatMessage } from '../../../src/core/lvlm/chatMessages';
import { DatasetImageReader, encodeDatasetImage } from '../../../src/core/images/datasetImageFile';
import type { EncodedImage } from '../../../src/core/lvlm/imageEncoding';
import type { NewConcept, NewSample } from '../../../src/core/model';

/** samples/sample-birds, found by walking up from the bundle (dist depth varies) or the cwd. */
function findSampleRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, 'samples', 'sample-birds');
      if (existsSync(join(candidate, 'unified-sample-birds-test-combined.jsonl'))) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error('samples/sample-birds not found above the test bundle or the working directory');
}

export const SAMPLE_ROOT = findSampleRoot();

export interface SampleBirds {
  samples: NewSample[];
  concepts: NewConcept[];
  images: EncodedImage[];
}

export async function loadSampleBirds(): Promise<SampleBirds> {
  const samples = readFileSync(join(SAMPLE_ROOT, 'unified-sample-birds-test-combined.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line): NewSample => {
      const row = JSON.parse(line) as Record<string, unknown>;
      return {
        idx: row['idx'] as number,
        imagePath: row['img_path'] as string,
        superordinate: row['basic-level-lbl'] as string,
        coarse: row['coarse-level-lbl'] as string[],
        fine: row['fine-level-lbl'] as string[],
        split: 'test',
        metadata: row['metadata'] as Record<string, unknown>,
      };
    });
  const parsed = JSON.parse(
    readFileSync(join(SAMPLE_ROOT, 'parsed-sample-birds-reference-wiki-text-combined.json'), 'utf8'),
  ) as Array<{
    id: number;
    name: string;
    attr_binomial: { required: string[]; likely: string[] };
  }>;
  const concepts = parsed.map((c): NewConcept => ({
    name: c.name,
    sourceId: c.id,
    commonName: null,
    required: c.attr_binomial.required,
    likely: c.attr_binomial.likely,
  }));
  const reader = new DatasetImageReader(SAMPLE_ROOT);
  const images = await Promise.all(samples.map((s) => encodeDatasetImage(reader, s.imagePath)));
  return { samples, concepts, images };
}

/** The request body shape the server sees (for testing the classifier without HTTP). */
export function asRequestMessages(messages: readonly ChatMessage[]): unknown[] {
  return messages.map((m) => ({
    role: m.role,
    content:
      typeof m.content === 'string'
        ? m.content
        : m.content.map((p) =>
            p.type === 'text' ? p : { type: 'image_url', image_url: { url: p.image.dataUrl } },
          ),
  }));
}
