// A separate process writing to the same database as the extension host (the CLI's situation):
//   node tagWriterChild.js <db> <wasm> <sampleId> <tagKey>
// sets the tag on the sample, closes the store (folding its journal) and prints "tagged".
import { FinerStore } from '../../src/core/store/finerStore';

async function main(): Promise<void> {
  const [dbPath, wasmPath, sampleText, tagKey] = process.argv.slice(2);
  if (!dbPath || !wasmPath || !sampleText || !tagKey)
    throw new Error('usage: tagWriterChild <db> <wasm> <sampleId> <tagKey>');
  const store = await FinerStore.open(dbPath, { wasmPath, lockTimeoutMs: 20_000 });
  store.setSampleTag(Number(sampleText), tagKey, true);
  await store.close();
  process.stdout.write('tagged\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
