// The database schema as an ordered list of forward migrations. To change the schema, append
// a migration with the next version number; never edit one that has shipped.
// The schema version lives in `PRAGMA user_version`.
import type { Database } from 'sql.js';
import { StoreError } from '../errors';
import { backfillResolutions } from './classResolutionQueries';

export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** Computes new columns from stored data after `sql`, in the same transaction. */
  backfill?: (db: Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'datasets, samples, concepts, annotations, runs, predictions',
    sql: `
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        root_dir TEXT NOT NULL,
        format TEXT NOT NULL,
        split TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE samples (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        image_path TEXT NOT NULL,
        superordinate TEXT NOT NULL,
        coarse_json TEXT NOT NULL,
        fine_json TEXT NOT NULL,
        coarse_primary TEXT NOT NULL,
        fine_primary TEXT NOT NULL,
        split TEXT NOT NULL,
        metadata_json TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX samples_by_class ON samples(dataset_id, superordinate, coarse_primary, fine_primary, idx);
      CREATE TABLE concepts (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        source_id INTEGER,
        common_name TEXT,
        common_key TEXT,
        provenance TEXT NOT NULL DEFAULT 'imported'
      );
      CREATE UNIQUE INDEX concepts_by_key ON concepts(dataset_id, name_key);
      CREATE INDEX concepts_by_common_key ON concepts(dataset_id, common_key);
      CREATE TABLE concept_attributes (
        id INTEGER PRIMARY KEY,
        concept_id INTEGER NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('required', 'likely')),
        position INTEGER NOT NULL,
        text TEXT NOT NULL
      );
      CREATE INDEX concept_attributes_by_concept ON concept_attributes(concept_id, kind, position);
      CREATE TABLE attribute_edits (
        id INTEGER PRIMARY KEY,
        concept_id INTEGER NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('required', 'likely')),
        action TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT,
        actor TEXT NOT NULL,
        reason TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX attribute_edits_by_concept ON attribute_edits(concept_id, created_at);
      CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        color TEXT,
        description TEXT
      );
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        strategy TEXT NOT NULL,
        level TEXT NOT NULL,
        endpoint_json TEXT NOT NULL DEFAULT '{}',
        model TEXT NOT NULL,
        params_json TEXT NOT NULL DEFAULT '{}',
        template_hash TEXT,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX runs_by_dataset ON runs(dataset_id, created_at);
      CREATE TABLE sample_tags (
        sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL
      );
      -- NULL run_id means "tag on the sample itself"; ifnull() makes those rows unique too.
      CREATE UNIQUE INDEX sample_tags_unique ON sample_tags(sample_id, tag_id, ifnull(run_id, 0));
      CREATE INDEX sample_tags_by_tag ON sample_tags(tag_id);
      CREATE INDEX sample_tags_by_run ON sample_tags(run_id);
      CREATE TABLE notes (
        sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
        run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX notes_unique ON notes(sample_id, ifnull(run_id, 0));
      CREATE INDEX notes_by_run ON notes(run_id);
      CREATE TABLE predictions (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
        level TEXT NOT NULL,
        prompt_json TEXT NOT NULL DEFAULT '[]',
        raw_response TEXT,
        answer TEXT,
        finer_em REAL,
        strict_em REAL,
        f1 REAL,
        latency_ms REAL,
        input_tokens INTEGER,
        output_tokens INTEGER,
        cost REAL,
        error TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX predictions_by_run ON predictions(run_id, sample_id);
      CREATE INDEX predictions_by_sample ON predictions(sample_id);
    `,
  },
  {
    version: 2,
    description:
      'batch runs: run setup, per-request detail, one result per (run, sample, level), response cache',
    sql: `
  ALTER TABLE runs ADD COLUMN slice_json TEXT NOT NULL DEFAULT '{"kind":"dataset"}';
  ALTER TABLE runs ADD COLUMN levels_json TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE runs ADD COLUMN gold_conditioning INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE runs ADD COLUMN concurrency INTEGER NOT NULL DEFAULT 8;
  ALTER TABLE runs ADD COLUMN requests_per_minute INTEGER;
  ALTER TABLE runs ADD COLUMN template_family TEXT;
  ALTER TABLE runs ADD COLUMN templates_json TEXT;
  ALTER TABLE runs ADD COLUMN source TEXT NOT NULL DEFAULT 'live';
  ALTER TABLE runs ADD COLUMN total_tasks INTEGER;
  ALTER TABLE runs ADD COLUMN counterfactual_json TEXT;
  ALTER TABLE predictions ADD COLUMN stage TEXT NOT NULL DEFAULT 'done';
  ALTER TABLE predictions ADD COLUMN turn1_raw TEXT;
  ALTER TABLE predictions ADD COLUMN attributes_json TEXT;
  ALTER TABLE predictions ADD COLUMN cache_hit INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE predictions ADD COLUMN image_sha256 TEXT;
  DELETE FROM predictions WHERE id NOT IN (SELECT min(id) FROM predictions GROUP BY run_id, sample_id, level);
  CREATE UNIQUE INDEX predictions_unique ON predictions(run_id, sample_id, level);
  CREATE TABLE response_cache (
    key TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    usage_json TEXT,
    model TEXT NOT NULL,
    finish_reason TEXT,
    created_at TEXT NOT NULL
  );
`,
  },
  {
    version: 3,
    description: 'failure-mode tag taxonomy, suggestion decisions, review state and queue positions',
    sql: `
  ALTER TABLE tags ADD COLUMN key TEXT;
  ALTER TABLE tags ADD COLUMN position INTEGER;
  CREATE UNIQUE INDEX tags_by_key ON tags(key);
  INSERT OR IGNORE INTO tags (name) VALUES
    ('Wrong superordinate'), ('Coarse right, fine wrong'), ('Confused with a sibling class'),
    ('Generic answer'), ('Refusal or no answer'), ('Hallucinated attribute'), ('Missed key attribute'),
    ('Knows from text, not image'), ('Label noise in the dataset'), ('Image quality or occlusion');
  UPDATE tags SET key = 'wrong-superordinate', position = 1, color = 'charts.red',
    description = 'The superordinate answer names another kind of thing.' WHERE name = 'Wrong superordinate';
  UPDATE tags SET key = 'coarse-right-fine-wrong', position = 2, color = 'charts.orange',
    description = 'Right coarse group, wrong fine class.' WHERE name = 'Coarse right, fine wrong';
  UPDATE tags SET key = 'sibling-confusion', position = 3, color = 'charts.yellow',
    description = 'The fine answer is another class of the same coarse group in the dataset.' WHERE name = 'Confused with a sibling class';
  UPDATE tags SET key = 'generic-answer', position = 4, color = 'charts.blue',
    description = 'A coarse or superordinate label given where a fine one was asked.' WHERE name = 'Generic answer';
  UPDATE tags SET key = 'refusal', position = 5, color = 'charts.purple',
    description = 'Empty answer, refusal or "I cannot tell".' WHERE name = 'Refusal or no answer';
  UPDATE tags SET key = 'hallucinated-attribute', position = 6, color = 'terminal.ansiMagenta',
    description = 'The model states an attribute the reference does not support.' WHERE name = 'Hallucinated attribute';
  UPDATE tags SET key = 'missed-key-attribute', position = 7, color = 'charts.green',
    description = 'A required (discriminative) reference attribute was not mentioned.' WHERE name = 'Missed key attribute';
  UPDATE tags SET key = 'text-not-image', position = 8, color = 'terminal.ansiCyan',
    description = 'The text-only probe names the class; the image run does not (modality gap).' WHERE name = 'Knows from text, not image';
  UPDATE tags SET key = 'label-noise', position = 9, color = 'charts.foreground',
    description = 'The dataset label looks wrong.' WHERE name = 'Label noise in the dataset';
  UPDATE tags SET key = 'image-quality', position = 10, color = 'terminal.ansiBrightBlack',
    description = 'Blurred, tiny, occluded or cropped subject.' WHERE name = 'Image quality or occlusion';
  CREATE TABLE suggestion_decisions (
    sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
    run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
    tag_key TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
    decided_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX suggestion_decisions_unique ON suggestion_decisions(sample_id, ifnull(run_id, 0), tag_key);
  CREATE TABLE sample_reviews (
    sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
    run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
    reviewed_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX sample_reviews_unique ON sample_reviews(sample_id, ifnull(run_id, 0));
  CREATE INDEX sample_reviews_by_run ON sample_reviews(run_id);
  CREATE TABLE review_positions (
    queue_key TEXT PRIMARY KEY,
    sample_id INTEGER,
    position INTEGER NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX predictions_by_run_level ON predictions(run_id, level, sample_id);
`,
  },
  {
    version: 4,
    description: 'attribute corrections: grouped changes, undo/redo targets, change summaries',
    sql: `
  ALTER TABLE attribute_edits ADD COLUMN change_id INTEGER;
  ALTER TABLE attribute_edits ADD COLUMN target_change INTEGER;
  ALTER TABLE attribute_edits ADD COLUMN detail TEXT;
  UPDATE attribute_edits SET change_id = id WHERE change_id IS NULL;
  CREATE INDEX attribute_edits_by_change ON attribute_edits(concept_id, change_id);
`,
  },
  {
    version: 5,
    description: 'sample count kept on each dataset, so listing datasets does not count samples',
    sql: `
  ALTER TABLE datasets ADD COLUMN sample_count INTEGER NOT NULL DEFAULT 0;
  UPDATE datasets SET sample_count = (SELECT count(*) FROM samples s WHERE s.dataset_id = datasets.id);
`,
  },
  {
    version: 6,
    description:
      'prompt protocol of each run; finish reason and refusal text of each result (truncation and refusals counted apart)',
    sql: `
  ALTER TABLE runs ADD COLUMN protocol TEXT NOT NULL DEFAULT 'finer-lens-v1';
  ALTER TABLE predictions ADD COLUMN finish_reason TEXT;
  ALTER TABLE predictions ADD COLUMN refusal TEXT;
  `,
  },
  {
    version: 7,
    description: 'where a dataset came from: native layout, source of each label level, taxonomy ranks',
    sql: `
  ALTER TABLE datasets ADD COLUMN source_json TEXT NOT NULL DEFAULT '{}';
`,
  },
  {
    version: 8,
    description: 'attribute verdict overrulings (with history) and the semantic matcher cache',
    sql: `
  CREATE TABLE verdict_overrulings (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
    level TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('generated', 'reference')),
    attribute TEXT NOT NULL,
    verdict TEXT,
    matcher_id TEXT NOT NULL,
    matcher_verdict TEXT NOT NULL,
    context_json TEXT NOT NULL,
    actor TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX verdict_overrulings_by_sample ON verdict_overrulings(sample_id, run_id, id);
  CREATE TABLE match_cache (
    matcher_id TEXT NOT NULL,
    model TEXT NOT NULL,
    input_hash TEXT NOT NULL,
    result_json TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    PRIMARY KEY (matcher_id, model, input_hash)
  );
`,
  },
  {
    version: 9,
    description: 'answers resolved to classes of their dataset, mistake severity, label correction history',
    sql: `
  ALTER TABLE predictions ADD COLUMN resolved_class TEXT;
  ALTER TABLE predictions ADD COLUMN resolution_rule TEXT;
  ALTER TABLE predictions ADD COLUMN mistake_severity TEXT;
  CREATE INDEX predictions_by_run_resolution ON predictions(run_id, level, resolved_class);
  CREATE TABLE label_edits (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
    level TEXT NOT NULL CHECK (level IN ('superordinate', 'coarse', 'fine')),
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    actor TEXT NOT NULL,
    source TEXT,
    reason TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX label_edits_by_sample ON label_edits(sample_id, id);
  CREATE INDEX label_edits_by_dataset ON label_edits(dataset_id, id);
`,
    backfill: (db) => {
      backfillResolutions(db);
    },
  },
  {
    version: 10,
    description: "samples in a dataset's idx order, so a gallery page of a slice stops after its rows",
    sql: `
  CREATE INDEX IF NOT EXISTS samples_by_idx ON samples(dataset_id, idx, id);
`,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export function schemaVersionOf(db: Database): number {
  const value = db.exec('PRAGMA user_version')[0]?.values[0]?.[0];
  return typeof value === 'number' ? value : 0;
}

/**
 * Brings `db` up to the latest schema. Returns true when a migration ran (the caller then
 * checkpoints so the file on disk carries the new schema).
 */
export function migrate(
  db: Database,
  fileLabel: string,
  migrations: readonly Migration[] = MIGRATIONS,
): boolean {
  const current = schemaVersionOf(db);
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (current > latest) {
    throw new StoreError(
      `${fileLabel} was written by a newer version of Finer Lens (schema ${current}; this version knows up to ${latest}). Update the extension to open it.`,
      'newer-schema',
    );
  }
  let ran = false;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.exec('BEGIN');
    try {
      db.exec(migration.sql);
      migration.backfill?.(db);
      db.exec(`PRAGMA user_version = ${migration.version}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw new StoreError(
        `Cannot upgrade ${fileLabel} to schema ${migration.version} (${migration.description}).`,
        'corrupt',
        { cause: error },
      );
    }
    ran = true;
  }
  return ran;
}
