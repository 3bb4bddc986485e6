// `finer-lens report` as a child process against a real database whose runs the simulated LVLM
// answered: JSON numbers equal a direct SQL aggregate over the predictions table; the HTML is
// well-formed, has no script and no external URL; Markdown has its tables; bad input is named.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportJson } from '../../../src/core/report/reportRender';
import { loadSqlJs } from '../../../src/core/store/sqlJsLoader';
import { runCliChild } from './cliChild';
import { makeCliRunFixture, type CliRunFixture } from './cliRunFixture';

const VOID = new Set(['meta', 'link', 'br', 'hr', 'img', 'input', 'col', 'wbr', 'source']);

/** Tags balance and nest (void elements and `/>` aside); text outside <style> has no raw '<'. */
export function checkWellFormed(html: string): void {
  const stack: string[] = [];
  assert.ok(html.startsWith('<!DOCTYPE html>\n'), 'doctype first');
  const withoutStyle = html
    .slice('<!DOCTYPE html>\n'.length)
    .replace(/<style>[\s\S]*?<\/style>/g, '<style></style>');
  const tag = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(withoutStyle); m !== null; m = tag.exec(withoutStyle)) {
    const between = withoutStyle.slice(last, m.index);
    assert.ok(
      !between.includes('<') && !between.includes('>'),
      `stray bracket before ${m[0]}: ${between.slice(0, 80)}`,
    );
    last = tag.lastIndex;
    const [, closing, name, , selfClosing] = m;
    const lower = name!.toLowerCase();
    if (closing === '/') {
      assert.equal(stack.pop(), lower, `</${lower}> closes the wrong element`);
    } else if (selfClosing !== '/' && !VOID.has(lower)) {
      stack.push(lower);
    }
  }
  assert.ok(!withoutStyle.slice(last).includes('<'), 'stray bracket at the end');
  assert.deepEqual(stack, [], 'every element closed');
}

describe('finer-lens report (CLI, simulated LVLM runs)', function () {
  this.timeout(240_000);
  let fx: CliRunFixture;
  let ids: number[] = [];
  before(async () => {
    fx = await makeCliRunFixture({ seed: 4 });
    for (const [strategy, level] of [
      ['direct', 'all'],
      ['text-only', 'fine'],
      ['attrseek', 'fine'],
    ] as const) {
      const r = await runCliChild(fx.runArgs(strategy, level, ['--json', '--concurrency', '8']));
      assert.equal(r.code, 0, r.stderr);
    }
    const runs = JSON.parse((await runCliChild(['runs', '--db', fx.db, '--json'])).stdout) as {
      runs: { id: number }[];
    };
    ids = runs.runs.map((r) => r.id).sort((a, b) => a - b);
    assert.equal(ids.length, 3);
  });
  after(async () => {
    await fx.cleanup();
  });

  it('JSON: levels, classes and confusions equal SQL aggregates over the predictions', async () => {
    const [direct, text, attrseek] = ids as [number, number, number];
    const out = join(fx.dir, 'report.json');
    const r = await runCliChild([
      'report',
      '--db',
      fx.db,
      '--run',
      String(direct),
      '--compare',
      String(attrseek),
      '--format',
      'json',
      '--out',
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(readFileSync(out, 'utf8')) as ReportJson;
    assert.equal(report.run.run_id, direct);
    assert.equal(report.modality_gap?.text_run_id, text);
    assert.ok(report.flips !== undefined && report.flips.length === 1, 'flips at the shared fine level');
    const SQL = await loadSqlJs();
    const db = new SQL.Database(readFileSync(fx.db));
    try {
      const levels = db.exec(
        `SELECT level, count(*), avg(finer_em), avg(strict_em), sum(error IS NOT NULL) FROM predictions
         WHERE run_id = ${direct} AND stage = 'done' GROUP BY level ORDER BY level`,
      )[0]!.values;
      assert.deepEqual(
        [...report.levels]
          .sort((a, b) => (a.level < b.level ? -1 : 1))
          .map((l) => [l.level, l.n, l.finer_em, l.strict_em, l.errors.count]),
        levels,
      );
      const classes = db.exec(
        `SELECT s.fine_primary, count(*), avg(p.finer_em) FROM predictions p JOIN samples s ON s.id = p.sample_id
         WHERE p.run_id = ${direct} AND p.level = 'fine' AND p.stage = 'done' GROUP BY 1 ORDER BY 1`,
      )[0]!.values;
      assert.deepEqual(
        report.classes
          .filter((c) => c.level === 'fine')
          .map((c) => [c.label, c.n, c.finer_em])
          .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
        classes,
      );
      const wrongFine = db.exec(
        `SELECT count(*) FROM predictions p JOIN samples s ON s.id = p.sample_id WHERE p.run_id = ${direct}
         AND p.level = 'fine' AND p.stage = 'done' AND p.finer_em = 0 AND (p.resolved_class IS NULL OR p.resolved_class <> s.fine_primary)`,
      )[0]!.values[0]![0];
      const allOut = join(fx.dir, 'all.json');
      const rAll = await runCliChild([
        'report',
        '--db',
        fx.db,
        '--run',
        String(direct),
        '--format',
        'json',
        '--out',
        allOut,
      ]);
      assert.equal(rAll.code, 0, rAll.stderr);
      const all = JSON.parse(readFileSync(allOut, 'utf8')) as ReportJson;
      const fineConfusions = all.confusions
        .filter((c) => c.level === 'fine')
        .reduce((s, c) => s + c.count, 0);
      assert.ok(
        fineConfusions <= Number(wrongFine) && fineConfusions > 0,
        `${fineConfusions} of ${String(wrongFine)}`,
      );
      const quadrants = Object.values(report.modality_gap!.quadrants).reduce((s, q) => s + q.count, 0);
      assert.equal(quadrants, report.modality_gap!.shared);
    } finally {
      db.close();
    }
    assert.ok(!readFileSync(out, 'utf8').includes('FINER_TEST_KEY'));
  });

  it('HTML: well-formed, no script, no external URL, a table behind each chart', async () => {
    const [direct, text, attrseek] = ids as [number, number, number];
    const out = join(fx.dir, 'report.html');
    const r = await runCliChild([
      'report',
      '--db',
      fx.db,
      '--run',
      String(direct),
      '--run',
      String(attrseek),
      '--text-run',
      String(text),
      '--compare',
      String(attrseek),
      '--out',
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(out, 'utf8');
    checkWellFormed(html);
    assert.ok(!/<script/i.test(html), 'no script');
    assert.ok(!/https?:\/\//i.test(html), 'no URL at all');
    assert.ok(!/\b(src|href)=/i.test(html) && !/url\(/i.test(html), 'no resource reference');
    assert.match(html, /prefers-color-scheme: dark/);
    const charts = html.match(/<svg /g)?.length ?? 0;
    assert.equal(charts, 2, 'cliff and modality gap');
    assert.equal((html.match(/<figure>/g) ?? []).length, charts);
    assert.match(html, /Performance cliff/);
    assert.match(html, /gold conditioning/);
    assert.match(html, /Comparison: run/);
  });

  it('Markdown: protocol, definitions and tables', async () => {
    const out = join(fx.dir, 'report.md');
    const r = await runCliChild([
      'report',
      '--db',
      fx.db,
      '--run',
      String(ids[0]),
      '--format',
      'md',
      '--out',
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const md = readFileSync(out, 'utf8');
    assert.match(md, /^# Finer Lens report: run /);
    assert.match(md, /\| level \| n \| scored \| FINER EM/);
    assert.match(md, /- FINER EM: lenient exact match/);
  });

  it('names bad input: unknown run, bad format, missing --run', async () => {
    const bad = await runCliChild([
      'report',
      '--db',
      fx.db,
      '--run',
      '999',
      '--format',
      'json',
      '--out',
      join(fx.dir, 'x.json'),
    ]);
    assert.equal(bad.code === 0, false);
    assert.match(bad.stderr, /Run 999 does not exist/);
    const fmt = await runCliChild([
      'report',
      '--db',
      fx.db,
      '--run',
      String(ids[0]),
      '--format',
      'pdf',
      '--out',
      join(fx.dir, 'x.pdf'),
    ]);
    assert.match(fmt.stderr, /--format must be md, html or json/);
    const none = await runCliChild([
      'report',
      '--db',
      fx.db,
      '--format',
      'md',
      '--out',
      join(fx.dir, 'x.md'),
    ]);
    assert.match(none.stderr, /--run is required/);
  });
});
