import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { FinerLensError } from '../../../src/core/errors';
import { exportLabelStudio, GOLD_MODEL_VERSION } from '../../../src/core/interop/labelStudioExport';
import { importLabelStudio } from '../../../src/core/interop/labelStudioImport';
import { LABEL_STUDIO_CHECK } from './formatCheckers';
import { makeInteropFixture, python, scoredRow, type InteropFixture } from './interopFixture';

interface LsCheck {
  problems: string[];
  tasks: number;
  predictions: number;
  controls: string[];
}

interface Result {
  from_name: string;
  to_name: string;
  type: string;
  value: { choices: string[] };
}
interface Task {
  id?: number;
  data: Record<string, unknown>;
  predictions: { model_version: string; score: number; result: Result[] }[];
  annotations?: unknown[];
}

function readTasks(dir: string): Task[] {
  return JSON.parse(readFileSync(join(dir, 'tasks.json'), 'utf8')) as Task[];
}

/** What Label Studio's JSON export holds after an annotator accepted the gold pre-annotation and edited it. */
function annotate(task: Task, id: number, edit: (result: Result[]) => Result[]): Task {
  const gold = task.predictions.find((p) => p.model_version === GOLD_MODEL_VERSION)!;
  return {
    ...task,
    id,
    annotations: [
      {
        id: id * 10,
        was_cancelled: false,
        created_at: '2026-01-01T10:00:00Z',
        result: edit(structuredClone(gold.result)),
      },
    ],
  };
}

function choose(result: Result[], control: string, choices: string[]): Result[] {
  const rest = result.filter((r) => r.from_name !== control);
  return [...rest, { from_name: control, to_name: 'image', type: 'choices', value: { choices } }];
}

describe('Label Studio export and import', function () {
  this.timeout(20_000);
  let fx: InteropFixture;
  beforeEach(async () => {
    fx = await makeInteropFixture();
  });
  afterEach(() => fx.cleanup());

  it('writes tasks and a labeling config that follow every documented Label Studio rule', () => {
    const out = join(fx.dir, 'ls');
    const summary = exportLabelStudio(fx.store, { datasetId: fx.datasetId }, out, {
      kind: 'local-files',
      documentRoot: fx.dir,
    });
    assert.equal(summary.tasks, 13);
    const check = python<LsCheck>(LABEL_STUDIO_CHECK, out, fx.dir);
    assert.deepEqual(check.problems, []);
    assert.equal(check.tasks, 13);
    assert.deepEqual(check.controls, ['coarse', 'fine', 'superordinate', 'tags']);
    const first = readTasks(out).find((t) => t.data['idx'] === 0)!;
    assert.equal(first.data['image'], '/data/local-files/?d=data%20sets/v%C3%B6gel/images/0.jpg');
    assert.deepEqual(
      first.predictions.map((p) => [
        p.model_version,
        p.score,
        p.result.map((r) => `${r.from_name}=${r.value.choices.join('|')}`),
      ]),
      [
        [
          GOLD_MODEL_VERSION,
          1,
          [
            'superordinate=Bird',
            'coarse=Owl',
            'fine=Great Horned Owl',
            'tags=Label noise in the dataset|check later',
          ],
        ],
        [`run ${fx.fineRun}: sim-a (direct)`, 0, ['fine=Barn Owl']],
        [`run ${fx.twoLevelRun}: sim-b (attrseek)`, 1, ['coarse=Owl', 'fine=Great Horned Owl']],
      ],
    );
  });

  it('refers to images under a URL prefix when asked, and skips images outside the document root', () => {
    const out = join(fx.dir, 'ls-url');
    exportLabelStudio(fx.store, { datasetId: fx.datasetId }, out, {
      kind: 'url-prefix',
      prefix: 'https://images.example/birds/',
    });
    const check = python<LsCheck>(LABEL_STUDIO_CHECK, out, 'https://images.example/birds/');
    assert.deepEqual(check.problems, []);
    assert.equal(readTasks(out)[0]!.data['image'], 'https://images.example/birds/images/0.jpg');
    assert.throws(
      () =>
        exportLabelStudio(fx.store, { datasetId: fx.datasetId }, join(fx.dir, 'x'), {
          kind: 'local-files',
          documentRoot: join(fx.dir, 'elsewhere'),
        }),
      /is not inside the document root/,
    );
  });

  it('is reachable from the CLI, with the dataset root as the default document root', async () => {
    const out = join(fx.dir, 'cli-ls');
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const code = await runCli(['export', '--db', fx.dbPath, '--what', 'label-studio', '--out', out], io);
    assert.equal(code, 0, lines.join('\n'));
    assert.match(lines.join('\n'), /wrote 13 tasks \(\d+ predictions\)/);
    assert.ok(lines.some((l) => l.includes(`LABEL_STUDIO_LOCAL_FILES_DOCUMENT_ROOT=${fx.root}`)));
    assert.deepEqual(python<LsCheck>(LABEL_STUDIO_CHECK, out, fx.root).problems, []);
    assert.equal(
      readTasks(out).find((t) => t.data['idx'] === 0)?.data['image'],
      '/data/local-files/?d=images/0.jpg',
    );
    const both = await runCli(
      [
        'export',
        '--db',
        fx.dbPath,
        '--what',
        'label-studio',
        '--out',
        out,
        '--document-root',
        fx.dir,
        '--image-url-prefix',
        'http://x/',
      ],
      io,
    );
    assert.equal(both, 2, 'a usage error');
  });

  it('round trip: corrected labels and tags come back through the history; nothing is overwritten silently', async () => {
    const out = join(fx.dir, 'ls');
    exportLabelStudio(fx.store, { datasetId: fx.datasetId }, out, {
      kind: 'local-files',
      documentRoot: fx.dir,
    });
    const tasks = readTasks(out);
    const byIdx = (idx: number) => tasks.find((t) => t.data['idx'] === idx)!;
    const s = (idx: number) => fx.samples.find((x) => x.idx === idx)!;
    const annotated = [
      // idx 0: fine corrected to another class of the dataset; one tag unticked, one added.
      annotate(byIdx(0), 101, (r) =>
        choose(choose(r, 'fine', ['Barn Owl']), 'tags', ['check later', 'Image quality or occlusion']),
      ),
      // idx 1: accepted as is.
      annotate(byIdx(1), 102, (r) => r),
      // idx 2: a label new to the dataset (a choice added to the config).
      annotate(byIdx(2), 103, (r) => choose(r, 'coarse', ['New World warbler'])),
      // idx 5: corrected in Label Studio, but changed in Finer Lens meanwhile -> skipped.
      annotate(byIdx(5), 104, (r) => choose(r, 'fine', ['Great Horned Owl'])),
      // idx 6: not annotated.
      { ...byIdx(6), id: 105 },
    ];
    fx.store.correctSampleLabels(s(5).id, 'fine', ['Tyto alba'], { actor: 'someone', source: 'vscode' });
    const file = join(fx.dir, 'export.json');
    writeFileSync(file, JSON.stringify(annotated));

    const report = importLabelStudio(fx.store, file, { actor: 'reviewer' });
    assert.deepEqual(report.errors, []);
    assert.deepEqual(
      report.changed.map((c) => `${c.task}: ${c.message}`),
      [
        'task 101: fine: "Great Horned Owl" -> "Barn Owl"',
        'task 101: tag "Image quality or occlusion" added',
        'task 101: tag "Label noise in the dataset" removed',
        'task 103: coarse: "Warbler" -> "New World warbler" (a label new to the dataset)',
      ],
    );
    assert.deepEqual(
      report.skipped.map((c) => `${c.task}: ${c.message}`),
      [
        'task 104: fine: "Great Horned Owl" not applied: the label changed in Finer Lens since the export (now "Tyto alba")',
        'task 105: no annotation (or only cancelled ones)',
      ],
    );
    const zero = fx.store.getSample(s(0).id)!;
    assert.deepEqual(zero.fine, ['Barn Owl'], 'the chosen class brings its acceptable labels');
    assert.deepEqual(fx.store.tagsOf(s(0).id), ['Image quality or occlusion', 'check later']);
    const history = fx.store.labelHistory(s(0).id);
    assert.equal(history.length, 1);
    assert.deepEqual(history[0]!.oldLabels, ['Great Horned Owl', 'Bubo virginianus']);
    assert.deepEqual(history[0]!.newLabels, ['Barn Owl']);
    assert.equal(history[0]!.actor, 'reviewer');
    assert.equal(history[0]!.source, 'label-studio');
    assert.equal(history[0]!.reason, `${file} task 101`);
    assert.deepEqual(fx.store.getSample(s(2).id)!.coarse, ['New World warbler']);
    assert.deepEqual(fx.store.getSample(s(5).id)!.fine, ['Tyto alba'], 'the newer label is kept');

    // Importing the same file again changes nothing.
    const again = importLabelStudio(fx.store, file, { actor: 'reviewer' });
    assert.deepEqual(again.changed, []);
    assert.equal(fx.store.labelHistory(s(0).id).length, 1);

    // New results are resolved against the corrected labels.
    await fx.store.saveRunResults(fx.fineRun, [
      scoredRow(fx.store.getSample(s(0).id)!, 'fine', 'Great Horned Owl'),
    ]);
    const p = fx.store.predictionsOfRun(fx.fineRun).find((x) => x.sampleId === s(0).id)!;
    assert.equal(p.finerEm, 0);
    assert.equal(p.resolvedClass, 'Great Horned Owl');
    assert.equal(p.mistakeSeverity, 'sibling');
  });

  it('reports bad tasks with the file and task id and still applies the valid ones', async () => {
    const out = join(fx.dir, 'ls');
    exportLabelStudio(fx.store, { datasetId: fx.datasetId }, out, {
      kind: 'local-files',
      documentRoot: fx.dir,
    });
    const tasks = readTasks(out);
    const good = annotate(tasks[1]!, 7, (r) => choose(r, 'superordinate', ['Dog']));
    const noId = { id: 8, data: { image: 'x' }, annotations: [] };
    const badChoices = annotate(tasks[2]!, 9, (r) => [
      ...r,
      {
        from_name: 'fine',
        to_name: 'image',
        type: 'choices',
        value: { choices: 'Barn Owl' },
      } as unknown as Result,
    ]);
    const unknownSample = {
      ...annotate(tasks[3]!, 10, (r) => r),
      data: { ...tasks[3]!.data, finer_sample_id: 9999 },
    };
    const twoFine = annotate(tasks[4]!, 11, (r) => choose(r, 'fine', ['Barn Owl', 'Hooded Warbler']));
    const file = join(fx.dir, 'bad-export.json');
    writeFileSync(file, JSON.stringify([good, noId, badChoices, unknownSample, 'not a task', twoFine]));
    const errLines: string[] = [];
    const outLines: string[] = [];
    const code = await runCli(['import-label-studio', file, '--db', fx.dbPath, '--actor', 'cli'], {
      out: (l) => outLines.push(l),
      err: (l) => errLines.push(l),
    });
    assert.equal(code, 1);
    assert.deepEqual(errLines, [
      `error: ${file} task 8: data.finer_sample_id is missing or not an integer (was the task exported by Finer Lens?)`,
      `error (sample ${String(tasks[2]!.data['finer_sample_id'])}): ${file} task 9: result[3].value.choices is not a list of strings`,
      `error (sample 9999): ${file} task 10: data.finer_sample_id 9999 is not a sample of this database`,
      `error: ${file} task #5: is not an object`,
      `error (sample ${String(tasks[4]!.data['finer_sample_id'])}): ${file} task 11: result[2] chooses 2 fine classes, not one`,
    ]);
    assert.match(outLines[0] ?? '', /6 tasks; 1 changes, 0 skipped, 5 bad tasks/);
    assert.match(outLines[1] ?? '', /changed task 7 \(sample \d+\): superordinate: "Bird" -> "Dog"/);
    fx.store.syncExternal();
    assert.equal(fx.store.getSample(Number(tasks[1]!.data['finer_sample_id']))!.superordinate, 'Dog');

    writeFileSync(file, '[{"data": ');
    assert.throws(
      () => importLabelStudio(fx.store, file, { actor: 'x' }),
      (e: unknown) => e instanceof FinerLensError && e.message.startsWith(`${file} is not valid JSON`),
    );
    writeFileSync(file, '{"tasks": []}');
    assert.throws(() => importLabelStudio(fx.store, file, { actor: 'x' }), /expected a list of tasks/);
  });
});
