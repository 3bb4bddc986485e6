// Input that used to change data without a word, imported through `finer-lens import`: each case
// is now an error or a warning with file:line and field, and the valid rows around it are kept.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliChild } from './cliChild';
import { finerRow } from './finerRows';

interface Summary {
  imported: number;
  skipped: number;
  errors: number;
  warnings: number;
}

describe('CLI import: no silent changes to the data', function () {
  this.timeout(60_000);
  let dir: string;
  let db: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'finer-cli-silent-'));
    db = join(dir, 'finer.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (format: 'finer' | 'manifest', file: string, extra: string[] = ['--no-image-check']) =>
    runCliChild(['import', '--format', format, file, ...extra, '--db', db, '--json']);

  const importOk = async (
    format: 'finer' | 'manifest',
    file: string,
    extra?: string[],
  ): Promise<{ summary: Summary; stderr: string }> => {
    const result = await run(format, file, extra);
    assert.equal(result.code, 0, result.stderr);
    return { summary: JSON.parse(result.stdout) as Summary, stderr: result.stderr };
  };

  const query = (sql: string): string => execFileSync('sqlite3', [db, sql], { encoding: 'utf8' }).trim();

  it('refuses a FINER row with invalid UTF-8, naming line and field', async () => {
    const file = join(dir, 'unified-utf8-test-combined.jsonl');
    const bad = Buffer.from(finerRow(1, { 'fine-level-lbl': ['Pine Warbler @'] }).replace('@', '\u0001'));
    bad[bad.indexOf(1)] = 0xff;
    writeFileSync(
      file,
      Buffer.concat([Buffer.from(`${finerRow(0)}\n`), bad, Buffer.from(`\n${finerRow(2)}\n`)]),
    );
    const { summary, stderr } = await importOk('finer', file);
    assert.deepEqual([summary.imported, summary.skipped], [2, 1]);
    assert.match(stderr, /unified-utf8-test-combined\.jsonl:2: error \[fine-level-lbl\]: invalid UTF-8/);
    assert.equal(query("select count(*) from samples where fine_json like '%' || char(65533) || '%'"), '0');
  });

  it('refuses a CSV record with invalid UTF-8, naming the column', async () => {
    const file = join(dir, 'utf8.csv');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(
          'image,superordinate,coarse,fine\na.png,Bird,Warbler,Pine Warbler\nb.png,Bird,Warbler,Pine ',
        ),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('\nc.png,Bird,Warbler,Pine Warbler\n'),
      ]),
    );
    const { summary, stderr } = await importOk('manifest', file);
    assert.deepEqual([summary.imported, summary.skipped], [2, 1]);
    assert.match(stderr, /utf8\.csv:3: error \[fine\]: invalid UTF-8/);
  });

  it('refuses labels holding a NUL character, in JSONL and CSV', async () => {
    const file = join(dir, 'unified-nul-test-combined.jsonl');
    writeFileSync(file, [finerRow(0), finerRow(1, { 'coarse-level-lbl': ['War\u0000bler'] })].join('\n'));
    const finer = await importOk('finer', file);
    assert.deepEqual([finer.summary.imported, finer.summary.skipped], [1, 1]);
    assert.match(
      finer.stderr,
      /unified-nul-test-combined\.jsonl:2: error \[coarse-level-lbl\]: label contains a NUL character \(U\+0000\)/,
    );

    const csv = join(dir, 'nul.csv');
    writeFileSync(
      csv,
      'image,superordinate,coarse,fine\na.png,Bird,Warbler,Pine\u0000Warbler\nb.png,Bird,Warbler,Pine Warbler\n',
    );
    const manifest = await importOk('manifest', csv);
    assert.deepEqual([manifest.summary.imported, manifest.summary.skipped], [1, 1]);
    assert.match(manifest.stderr, /nul\.csv:2: error \[fine\]: label contains a NUL character/);
  });

  it('refuses an idx that is not a safe integer (2^53+1, 2^53, 1e300), naming the number written', async () => {
    const file = join(dir, 'unified-idx-test-combined.jsonl');
    writeFileSync(
      file,
      [
        finerRow(0).replace('"idx":0', '"idx":9007199254740993'),
        finerRow(0).replace('"idx":0', '"idx":9007199254740992'),
        finerRow(0).replace('"idx":0', '"idx":1e300'),
        finerRow(9007199254740991),
        finerRow(5),
      ].join('\n'),
    );
    const { summary, stderr } = await importOk('finer', file);
    assert.deepEqual([summary.imported, summary.skipped], [2, 3]);
    assert.match(stderr, /:1: error \[idx\]: 9007199254740993 is not a safe integer/);
    assert.match(stderr, /:2: error \[idx\]: 9007199254740992 is not a safe integer/);
    assert.match(stderr, /:3: error \[idx\]: 1e300 is not a safe integer/);
    assert.equal(
      query('select group_concat(idx) from (select idx from samples order by idx)'),
      '5,9007199254740991',
    );
    assert.equal(query("select count(*) from samples where typeof(idx) <> 'integer'"), '0');
  });

  it('reports an unclosed CSV quote at its line and imports the 50 rows after it', async () => {
    const file = join(dir, 'quote.csv');
    const rows = ['image,superordinate,coarse,fine,note', 'a.png,Bird,Warbler,Pine Warbler,ok'];
    rows.push('b.png,Bird,Warbler,Pine Warbler,"never closed');
    for (let i = 0; i < 50; i++) rows.push(`c${i}.png,Bird,Warbler,Pine Warbler,row ${i}`);
    writeFileSync(file, `${rows.join('\n')}\n`);
    const { summary, stderr } = await importOk('manifest', file);
    assert.deepEqual([summary.imported, summary.skipped], [51, 1]);
    assert.match(stderr, /quote\.csv:3: error: unclosed quote starting at line 3/);
  });

  it('recovers after an unclosed quote in a long file (past the line limit of a quoted field)', async () => {
    const file = join(dir, 'long.csv');
    const rows = ['image,superordinate,coarse,fine,note', 'b.png,Bird,Warbler,Pine Warbler,"never closed'];
    for (let i = 0; i < 500; i++) rows.push(`c${i}.png,Bird,Warbler,Pine Warbler,row ${i}`);
    rows.push('d.png,Bird,Warbler,Pine Warbler,"two', 'lines"');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const { summary, stderr } = await importOk('manifest', file);
    assert.deepEqual([summary.imported, summary.skipped], [501, 1]);
    assert.match(
      stderr,
      /long\.csv:2: error: unclosed quote starting at line 2 \(no closing quote within 100 lines\)/,
    );
  });

  it('says "file is UTF-16; save it as UTF-8" for UTF-16 row and attributes files', async () => {
    const le = join(dir, 'unified-utf16-test-combined.jsonl');
    writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${finerRow(0)}\n`, 'utf16le')]));
    const withBom = await run('finer', le);
    assert.equal(withBom.code, 1);
    assert.match(withBom.stderr, /unified-utf16-test-combined\.jsonl: file is UTF-16; save it as UTF-8/);

    const noBom = join(dir, 'utf16.csv');
    writeFileSync(
      noBom,
      Buffer.from('image,superordinate,coarse,fine\na.png,Bird,Warbler,Pine Warbler\n', 'utf16le'),
    );
    const csv = await run('manifest', noBom);
    assert.equal(csv.code, 1);
    assert.match(csv.stderr, /utf16\.csv: file is UTF-16; save it as UTF-8/);

    const rows = join(dir, 'unified-ok-test-combined.jsonl');
    writeFileSync(rows, `${finerRow(0)}\n`);
    const attributes = join(dir, 'parsed-utf16-m-wiki-text-combined.json');
    writeFileSync(
      attributes,
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('[]', 'utf16le').swap16()]),
    );
    const attrs = await runCliChild([
      'import',
      '--format',
      'finer',
      rows,
      attributes,
      '--no-image-check',
      '--db',
      db,
    ]);
    assert.equal(attrs.code, 1);
    assert.match(attrs.stderr, /parsed-utf16-m-wiki-text-combined\.json: file is UTF-16; save it as UTF-8/);
  });

  it('keeps a coarse label given as a string, with a warning counted apart from skipped rows', async () => {
    const file = join(dir, 'unified-string-test-combined.jsonl');
    writeFileSync(file, [finerRow(0, { 'coarse-level-lbl': 'Warbler' }), finerRow(1)].join('\n'));
    const { summary, stderr } = await importOk('finer', file);
    assert.deepEqual([summary.imported, summary.skipped, summary.errors, summary.warnings], [2, 0, 0, 1]);
    assert.match(
      stderr,
      /unified-string-test-combined\.jsonl:1: warning \[coarse-level-lbl\]: a single string where a list is expected/,
    );
    const text = await runCliChild([
      'import',
      '--format',
      'finer',
      file,
      '--no-image-check',
      '--name',
      'again',
      '--db',
      db,
    ]);
    assert.match(text.stdout, /2 samples imported, 0 skipped, 1 warnings/);
  });

  it('with --no-image-check re-roots absolute release paths by the images folder name, without looking', async () => {
    const file = join(dir, 'unified-cub-test-combined.jsonl');
    const release = '/home/author/data/CUB_200_2011/images';
    writeFileSync(
      file,
      [
        finerRow(0, { img_path: `${release}/001.Black_footed_Albatross/a.jpg` }),
        finerRow(1, { img_path: `${release}/002.Laysan_Albatross/b.jpg` }),
        finerRow(2, { img_path: '/somewhere/else/c.jpg' }),
      ].join('\n'),
    );
    // The images folder does not even exist here: nothing is looked at.
    const images = join(dir, 'not-downloaded', 'CUB_200_2011', 'images');
    const { summary, stderr } = await importOk('finer', file, ['--no-image-check', '--images', images]);
    assert.deepEqual([summary.imported, summary.skipped], [2, 1]);
    assert.equal(
      query('select group_concat(image_path) from (select image_path from samples order by idx)'),
      '001.Black_footed_Albatross/a.jpg,002.Laysan_Albatross/b.jpg',
    );
    assert.match(
      stderr,
      /:3: error \[img_path\]: cannot re-root \/somewhere\/else\/c\.jpg without the image check/,
    );

    const parent = await importOk('finer', file, [
      '--no-image-check',
      '--images',
      join(dir, 'CUB_200_2011'),
      '--name',
      'p',
    ]);
    assert.equal(parent.summary.imported, 2);
    assert.equal(
      query(
        "select group_concat(image_path) from (select s.image_path from samples s join datasets d on d.id = s.dataset_id where d.name = 'p' order by idx)",
      ),
      'images/001.Black_footed_Albatross/a.jpg,images/002.Laysan_Albatross/b.jpg',
    );
  });
});
