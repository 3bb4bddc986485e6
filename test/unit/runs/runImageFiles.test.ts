// What a run reads as a sample's image: only regular files of bounded size whose real path is
// under the dataset's real root. Files are swapped after the import (the import checks too),
// as a dataset folder can change between import and run.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatasetImageReader } from '../../../src/core/images/datasetImageFile';
import { importSampleDataset } from '../../../src/core/import/sampleDataset';
import { ImageEncodingError } from '../../../src/core/lvlm/imageEncoding';
import type { Dataset, Sample } from '../../../src/core/model';
import { RunEngine, type RunExecutionOptions } from '../../../src/core/runs/runEngine';
import { FinerStore } from '../../../src/core/store/finerStore';
import { makeRunFixture, type RunFixture } from './runFixture';

describe('run image files', function () {
  this.timeout(120_000);
  let fx: RunFixture;
  let copy: string;
  let outside: string;
  let store: FinerStore;
  let dataset: Dataset;
  let samples: Sample[];

  beforeEach(async () => {
    fx = await makeRunFixture();
    // A copy of the sample dataset, so its files can be replaced after the import.
    copy = mkdtempSync(join(tmpdir(), 'finer-run-images-'));
    outside = mkdtempSync(join(tmpdir(), 'finer-run-outside-'));
    cpSync(fx.dataset.rootDir, copy, { recursive: true });
    store = await FinerStore.open(join(copy, 'copy.db'));
    dataset = (await importSampleDataset(store, copy)).dataset;
    samples = store.samplesOfSlice(dataset.id, { kind: 'dataset' });
  });
  afterEach(async () => {
    await store.close();
    await fx.cleanup();
    rmSync(copy, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  const imageOf = (s: Sample): string => join(copy, s.imagePath);

  /** Moves the sample's real PNG outside the root and leaves a symlink to it in its place. */
  function linkOutside(s: Sample): void {
    const target = join(outside, `${s.id}.png`);
    renameSync(imageOf(s), target);
    symlinkSync(target, imageOf(s));
  }

  async function run(options: RunExecutionOptions = {}): Promise<Map<number, string | null>> {
    const outcome = await new RunEngine({ store, createClient: fx.clientFactory() }).startRun(
      { datasetId: dataset.id, strategy: 'direct', level: 'fine', endpoint: fx.endpoint },
      options,
    );
    assert.equal(outcome.status, 'done');
    const rows = store.predictionsOfRun(outcome.runId);
    assert.equal(rows.length, samples.length, 'every sample has a result or an error');
    return new Map(rows.map((r) => [r.sampleId, r.error]));
  }

  function assertRefused(errors: Map<number, string | null>, s: Sample, pattern: RegExp): void {
    const error = errors.get(s.id) ?? '';
    assert.match(error, pattern);
    assert.ok(error.includes(`Sample ${s.idx}`), `names the sample: ${error}`);
    assert.ok(error.includes(imageOf(s)), `names the path: ${error}`);
  }

  it('refuses images that are symlinks, or under symlinked folders, leading outside the root', async () => {
    const [linked, other] = samples;
    linkOutside(linked!);
    // Every image of `other`'s class, through its folder.
    const folder = dirname(imageOf(other!));
    renameSync(folder, join(outside, 'folder'));
    symlinkSync(join(outside, 'folder'), folder);
    const inFolder = samples.filter((s) => dirname(imageOf(s)) === folder);
    const errors = await run();
    assertRefused(errors, linked!, /outside the dataset root/);
    for (const s of inFolder) assertRefused(errors, s, /outside the dataset root/);
    const refused = new Set([linked!.id, ...inFolder.map((s) => s.id)]);
    for (const s of samples) if (!refused.has(s.id)) assert.equal(errors.get(s.id), null, `sample ${s.idx}`);
  });

  it('refuses a FIFO without waiting for a writer, and a symlink to /dev/zero', async () => {
    const [fifo, zero] = samples;
    rmSync(imageOf(fifo!));
    execFileSync('mkfifo', [imageOf(fifo!)]);
    rmSync(imageOf(zero!));
    symlinkSync('/dev/zero', imageOf(zero!));
    const errors = await run();
    assertRefused(errors, fifo!, /is not a regular file \(a FIFO\)/);
    assertRefused(errors, zero!, /outside the dataset root/);
    assert.equal([...errors.values()].filter((e) => e !== null).length, 2);
  });

  it('refuses a device inside the root as not a regular file', async () => {
    // /dev as the root: the only way to have a device inside it without being root.
    await assert.rejects(new DatasetImageReader('/dev').read('zero'), (error: unknown) => {
      assert.ok(error instanceof ImageEncodingError);
      assert.equal(error.reason, 'not-a-file');
      assert.match(error.message, /^Image \/dev\/zero is not a regular file \(a device\)/);
      return true;
    });
  });

  it('refuses images over the size limit: 50 MB by default, or the run option', async () => {
    const [huge, ...rest] = samples;
    // Sparse: 60 MB on paper, nothing on disk; refused from its size before any byte is read.
    writeFileSync(imageOf(huge!), '');
    truncateSync(imageOf(huge!), 60 * 1024 * 1024);
    const errors = await run();
    assertRefused(errors, huge!, /is 62914560 bytes, over the 52428800-byte image size limit/);
    for (const s of rest) assert.equal(errors.get(s.id), null);

    const limited = await run({ maxImageBytes: 3000 });
    for (const s of rest) {
      if (statSync(imageOf(s)).size > 3000) assertRefused(limited, s, /over the 3000-byte image size limit/);
      else assert.equal(limited.get(s.id), null);
    }
  });
});
