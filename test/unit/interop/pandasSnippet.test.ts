// The pandas snippet of docs/interop.md: each of its queries runs, through python3's sqlite3 (the
// driver pandas.read_sql uses with a sqlite3 connection), against a real database.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeInteropFixture, python, type InteropFixture } from './interopFixture';

/** docs/interop.md, found by walking up from the bundle (dist depth varies). */
function findDoc(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'docs', 'interop.md');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('docs/interop.md not found above the test bundle');
}

/** The SQL of every `pd.read_sql("...", con)` in the python block after the snippet marker. */
function snippetQueries(): { name: string; sql: string }[] {
  const text = readFileSync(findDoc(), 'utf8');
  const block = /<!-- pandas-snippet:[^>]*-->\s*```python\n([\s\S]*?)```/.exec(text)?.[1];
  assert.ok(block, 'docs/interop.md has the pandas snippet');
  const lines = block.trim().split('\n');
  assert.ok(lines.length <= 5, 'import, connect and three reads');
  return [...block.matchAll(/^(\w+) = pd\.read_sql\("([^"]+)", con\)$/gm)].map((m) => ({
    name: m[1] ?? '',
    sql: m[2] ?? '',
  }));
}

const RUN_QUERY = String.raw`
import json, sqlite3, sys
con = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)
cur = con.execute(sys.argv[2])
rows = cur.fetchall()
print(json.dumps({'columns': [d[0] for d in cur.description], 'rows': len(rows), 'first': rows[0] if rows else None}))
`;

describe('the pandas snippet in docs/interop.md', function () {
  this.timeout(20_000);
  let fx: InteropFixture;
  before(async () => {
    fx = await makeInteropFixture();
    fx.store.checkpoint();
  });
  after(() => fx.cleanup());

  it('reads samples, predictions and tags from the SQLite file', () => {
    const queries = snippetQueries();
    assert.deepEqual(
      queries.map((q) => q.name),
      ['samples', 'preds', 'tags'],
    );
    const results = new Map(
      queries.map((q) => [
        q.name,
        python<{ columns: string[]; rows: number; first: unknown[] }>(RUN_QUERY, fx.dbPath, q.sql),
      ]),
    );
    const samples = results.get('samples')!;
    assert.equal(samples.rows, 13);
    assert.ok(samples.columns.includes('sample_id') && samples.columns.includes('fine_primary'));
    const preds = results.get('preds')!;
    assert.equal(preds.rows, 13 + 26, 'the fine run and the coarse + fine run');
    for (const c of ['run_id', 'sample_id', 'level', 'finer_em', 'resolved_class', 'mistake_severity'])
      assert.ok(preds.columns.includes(c), c);
    const tags = results.get('tags')!;
    assert.equal(tags.rows, 3);
    assert.deepEqual(tags.columns, ['sample_id', 'run_id', 'tag']);
  });
});
