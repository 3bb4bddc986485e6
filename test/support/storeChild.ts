// A child process for the store's crash and concurrency tests (test/unit/store). It writes
// tags and prints "acked <n>" synchronously after each write returned, so the parent knows
// exactly which writes were acknowledged when it kills this process.
//
//   node storeChild.js tag-loop <db> <prefix> <count|0=forever>
//   node storeChild.js checkpoint-loop <db> <prefix>
//   node storeChild.js writer <db> <prefix> <count> <checkpointEvery|0>
//   node storeChild.js import-pause <db> <dataset name> <samples> <pauseMs>
//     imports a dataset, printing "importing" once it holds the lock and waiting pauseMs
//     inside the import (a long import, or one a parent suspends with SIGSTOP)
import { writeSync } from 'node:fs';
import { FinerStore } from '../../src/core/store/finerStore';

function say(line: string): void {
  writeSync(1, `${line}\n`);
}

async function main(): Promise<void> {
  const [mode, dbPath, prefix, countText, everyText] = process.argv.slice(2);
  if (mode === undefined || dbPath === undefined || prefix === undefined)
    throw new Error('usage: storeChild <mode> <db> <prefix> ...');
  const store = await FinerStore.open(dbPath, { checkpointIdleMs: 60_000, lockTimeoutMs: 20_000 });
  if (mode === 'import-pause') {
    await importWithPause(store, prefix, Number(countText ?? 10), Number(everyText ?? 0));
    return;
  }
  const sampleIds = store
    .listDatasets()
    .flatMap((d) =>
      store
        .superordinates(d.id)
        .flatMap((s) =>
          store
            .coarseLabels(d.id, s.label)
            .flatMap((c) =>
              store
                .fineLabels(d.id, s.label, c.label)
                .flatMap((f) =>
                  store
                    .samplesOfClass(
                      { datasetId: d.id, superordinate: s.label, coarse: c.label, fine: f.label },
                      0,
                      1000,
                    )
                    .map((x) => x.id),
                ),
            ),
        ),
    );
  say('ready');
  const count = Number(countText ?? 0);
  const every = Number(everyText ?? 0);
  for (let i = 0; count === 0 || i < count; i++) {
    const sampleId = sampleIds[i % sampleIds.length] ?? 1;
    store.addTag(sampleId, `${prefix}-${i}`);
    say(`acked ${i} ${sampleId}`);
    if (mode === 'checkpoint-loop' || (every > 0 && (i + 1) % every === 0)) {
      store.checkpoint();
      say(`checkpointed ${i}`);
    }
  }
  await store.close();
  say('done');
}

async function importWithPause(store: FinerStore, name: string, count: number, pauseMs: number) {
  await store.importDataset(
    { name, rootDir: '/data/paused', format: 'manifest', split: 'test' },
    async (sink) => {
      say('importing');
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      for (let idx = 0; idx < count; idx++) {
        sink.addSample({
          idx,
          imagePath: `images/${idx}.png`,
          superordinate: 'Bird',
          coarse: ['Owl'],
          fine: [`Owl ${idx % 7}`],
          split: 'test',
          metadata: {},
        });
      }
    },
  );
  say('imported');
  await store.close();
  say('done');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
