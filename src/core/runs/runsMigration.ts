// Schema migration 2 (batch runs): run setup columns, per-request detail on predictions, one
// result per (run, sample, level), and the response cache. Appended to MIGRATIONS in schema.ts.
export const RUNS_MIGRATION_SQL = `
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
`;
