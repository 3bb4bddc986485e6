// A tiny three-class catalog with generated PNG images, and a started simulator, for client tests.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { encodeImageBytes, type EncodedImage } from '../../../src/core/lvlm/imageEncoding';
import type { NewConcept, NewSample } from '../../../src/core/model';
import { buildSimulatorCatalog, type SimulatorCatalog } from '../../../src/core/simulator/simulatorCatalog';
import {
  startSimulatedLvlmServer,
  type SimulatedServerHandle,
  type SimulatedServerOptions,
} from '../../../src/core/simulator/simulatedLvlmServer';

export function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    png.data[i * 4] = rgb[0];
    png.data[i * 4 + 1] = rgb[1];
    png.data[i * 4 + 2] = rgb[2];
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

export interface TinyFixture {
  dir: string;
  catalog: SimulatorCatalog;
  images: EncodedImage[];
  cleanup(): void;
}

export async function makeTinyFixture(): Promise<TinyFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'finer-lvlm-'));
  const classes = [
    { fine: 'Azure Warbler', coarse: 'Warbler', rgb: [40, 110, 230] as [number, number, number] },
    { fine: 'Slate Warbler', coarse: 'Warbler', rgb: [96, 106, 122] as [number, number, number] },
    { fine: 'Rose Finch', coarse: 'Finch', rgb: [212, 48, 84] as [number, number, number] },
  ];
  const samples: NewSample[] = [];
  const concepts: NewConcept[] = [];
  const images: EncodedImage[] = [];
  classes.forEach((c, i) => {
    const bytes = solidPng(16, 16, c.rgb);
    writeFileSync(join(dir, `${i}.png`), bytes);
    images.push(encodeImageBytes(bytes, `${i}.png`));
    samples.push({
      idx: i,
      imagePath: `${i}.png`,
      superordinate: 'Bird',
      coarse: [c.coarse],
      fine: [c.fine],
      split: 'test',
      metadata: {},
    });
    concepts.push({
      name: c.fine,
      sourceId: i,
      commonName: null,
      required: [`${c.fine.toLowerCase()} crown`],
      likely: [],
    });
  });
  const { catalog } = await buildSimulatorCatalog(samples, concepts, dir);
  return { dir, catalog, images, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startTinySimulator(
  fixture: TinyFixture,
  options: Partial<SimulatedServerOptions> = {},
): Promise<SimulatedServerHandle> {
  return startSimulatedLvlmServer({ catalog: fixture.catalog, host: '127.0.0.1', seed: 7, ...options });
}
