// Export of corrected attributes in the FINER format, with a changes report; the exported
// file re-imports through the FINER importer to the edited lists. Also via the CLI.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AttributeEditor } from '../../../src/core/analysis/attributeEditing';
import {
  buildAttributeChangesReport,
  exportFinerAttributes,
  formatChangesReportMarkdown,
} from '../../../src/core/export/attributesExport';
import { importFinerDataset } from '../../../src/core/import/finerImporter';
import {
  importSampleDataset,
  SAMPLE_ATTRIBUTES_FILE,
  SAMPLE_UNIFIED_FILE,
} from '../../../src/core/import/sampleDataset';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/cliIo';
import { FinerStore } from '../../../src/core/store/finerStore';
import { SAMPLE_ROOT } from '../simulator/sampleBirdsFixture';
import { makeTempDir } from '../store/storeTestKit';

describe('FINER attributes export', function () {
  this.timeout(30_000);
  let temp: ReturnType<typeof makeTempDir>;
  let store: FinerStore;
  let datasetId: number;

  beforeEach(async () => {
    temp = makeTempDir();
    store = await FinerStore.open(temp.dbPath);
    datasetId = (await importSampleDataset(store, SAMPLE_ROOT)).datasetId;
  });
  afterEach(async () => {
    await store.close();
    temp.cleanup();
  });

  function conceptNamed(name: string, id = datasetId) {
    const c = store.listConcepts(id).find((x) => x.name === name);
    assert.ok(c, name);
    return c;
  }

  it('round-trips: edit, export, re-import gives the edited lists with the same ids and names', async () => {
    const editor = new AttributeEditor(store);
    const azure = conceptNamed('Azure-crowned Warbler');
    const slate = conceptNamed('Slate-crowned Warbler');
    editor.edit(azure.id, 'required', 0, 'vivid azure crown', { actor: 'alice', reason: 'more precise' });
    editor.move(azure.id, 'likely', 3, { actor: 'alice' });
    for (let i = slate.likely.length - 1; i >= 0; i--) editor.remove(slate.id, 'likely', i, { actor: 'bob' });
    const out = join(temp.dir, 'parsed-sample-birds-corrected-wiki-text-combined.json');
    const reportFile = join(temp.dir, 'changes.md');
    const result = await exportFinerAttributes(store, datasetId, out, reportFile);
    assert.equal(result.conceptsChanged, 2);

    const exported = JSON.parse(readFileSync(out, 'utf8')) as {
      id: number;
      name: string;
      attr_binomial: { likely: string[] };
    }[];
    const original = JSON.parse(readFileSync(join(SAMPLE_ROOT, SAMPLE_ATTRIBUTES_FILE), 'utf8')) as {
      id: number;
      name: string;
    }[];
    assert.deepEqual(
      exported.map((e) => [e.id, e.name]),
      original.map((e) => [e.id, e.name]),
    );
    assert.deepEqual(exported.find((e) => e.name === 'Slate-crowned Warbler')?.attr_binomial.likely, [
      'none',
    ]);

    const again = await importFinerDataset(store, {
      unifiedFile: join(SAMPLE_ROOT, SAMPLE_UNIFIED_FILE),
      attributesFile: out,
      imagesDir: SAMPLE_ROOT,
      name: 'sample-birds-reimported',
    });
    const azure2 = conceptNamed('Azure-crowned Warbler', again.datasetId);
    const edited = editor.concept(azure.id);
    assert.deepEqual(azure2.required, edited.required);
    assert.deepEqual(azure2.likely, edited.likely);
    assert.deepEqual(conceptNamed('Slate-crowned Warbler', again.datasetId).likely, []);
    assert.equal(azure2.sourceId, azure.sourceId);
    const untouchedBefore = store
      .listConcepts(datasetId)
      .filter((c) => c.id !== azure.id && c.id !== slate.id);
    for (const c of untouchedBefore) {
      const c2 = conceptNamed(c.name, again.datasetId);
      assert.deepEqual([c2.required, c2.likely], [c.required, c.likely]);
    }

    const md = readFileSync(reportFile, 'utf8');
    assert.match(md, /^# Attribute changes: sample-birds/);
    assert.match(md, /2 of 14 concepts differ/);
    assert.match(md, /required: added "vivid azure crown"/);
    assert.match(md, /moved "perches in foliage" from likely to required/);
    assert.match(
      md,
      /\| alice \| changed "bright blue crown" to "vivid azure crown" in required \| more precise \|/,
    );
    assert.match(md, /\| bob \| removed/);
  });

  it('builds a JSON report with who, when and why per concept', () => {
    const editor = new AttributeEditor(store);
    const azure = conceptNamed('Azure-crowned Warbler');
    editor.add(azure.id, 'likely', 'a | pipe <b>', { actor: 'carol', reason: 'seen in photos' });
    const report = buildAttributeChangesReport(store, datasetId, new Date('2024-01-02T03:04:05Z'));
    assert.equal(report.generatedAt, '2024-01-02T03:04:05.000Z');
    assert.equal(report.concepts.length, 1);
    assert.equal(report.concepts[0]?.changes[0]?.actor, 'carol');
    assert.equal(report.concepts[0]?.changes[0]?.reason, 'seen in photos');
    assert.deepEqual(report.concepts[0]?.diff.likely.added, ['a | pipe <b>']);
    const md = formatChangesReportMarkdown(report);
    assert.ok(md.includes('a \\| pipe \\<b\\>'), 'table cells escape user text');
  });

  it('exports from the command line with --what attributes', async () => {
    const editor = new AttributeEditor(store);
    editor.add(conceptNamed('Azure-crowned Warbler').id, 'required', 'black legs', { actor: 'cli-test' });
    store.checkpoint();
    const out = join(temp.dir, 'out.json');
    const report = join(temp.dir, 'report.json');
    const lines: string[] = [];
    const io: CliIo = { out: (t) => lines.push(t), err: (t) => lines.push(`ERR ${t}`) } as CliIo;
    const code = await runCli(
      [
        'export',
        '--db',
        temp.dbPath,
        '--what',
        'attributes',
        '--format',
        'finer',
        '--out',
        out,
        '--dataset',
        'sample-birds',
        '--report',
        report,
      ],
      io,
    );
    assert.equal(code, 0, lines.join('\n'));
    assert.match(lines.join('\n'), /wrote 14 concepts \(1 changed\)/);
    const exported = JSON.parse(readFileSync(out, 'utf8')) as {
      name: string;
      attr_binomial: { required: string[] };
    }[];
    assert.ok(
      exported.find((e) => e.name === 'Azure-crowned Warbler')?.attr_binomial.required.includes('black legs'),
    );
    const json = JSON.parse(readFileSync(report, 'utf8')) as { conceptsChanged: number };
    assert.equal(json.conceptsChanged, 1);
    const bad = await runCli(
      ['export', '--db', temp.dbPath, '--what', 'attributes', '--format', 'csv', '--out', out],
      io,
    );
    assert.equal(bad, 2);
  });
});
