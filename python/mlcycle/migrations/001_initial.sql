-- mlcycle store schema, migration 1: the initial schema.
-- This file is the single copy of the schema: the TypeScript store (src/core/store/migrations.ts) and the
-- Python client (python/mlcycle/_schema.py) both read it. A metric value NULL is NaN; ±Infinity is stored as is.
-- params.value is JSON text (any JSON type); tags.value is plain text. Timestamps are milliseconds since the epoch.
CREATE TABLE experiments (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  baseline_error REAL,
  created_at INTEGER NOT NULL
);
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued','running','finished','failed','killed')),
  command TEXT NOT NULL DEFAULT '[]',
  cwd TEXT NOT NULL DEFAULT '',
  script TEXT,
  git_commit TEXT,
  git_branch TEXT,
  git_dirty INTEGER,
  environment TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  ended_at INTEGER,
  exit_code INTEGER,
  error TEXT,
  parent_run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
  notes TEXT NOT NULL DEFAULT '',
  malformed_lines INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX runs_experiment ON runs(experiment_id, created_at);
CREATE INDEX runs_parent ON runs(parent_run_id);
CREATE TABLE params (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID;
CREATE TABLE tags (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID;
CREATE TABLE metrics (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  context TEXT NOT NULL DEFAULT '',
  step INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  value REAL
);
CREATE INDEX metrics_series ON metrics(run_id, key, context, step);
CREATE TABLE metric_summaries (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  context TEXT NOT NULL DEFAULT '',
  last_value REAL,
  last_step INTEGER NOT NULL,
  min_value REAL,
  max_value REAL,
  count INTEGER NOT NULL,
  PRIMARY KEY (run_id, key, context)
) WITHOUT ROWID;
CREATE TABLE artifacts (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'file',
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (run_id, path)
) WITHOUT ROWID;
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE dataset_versions (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  rows INTEGER,
  columns INTEGER,
  profile TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (dataset_id, sha256)
);
CREATE TABLE run_datasets (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  version_id INTEGER NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  PRIMARY KEY (run_id, version_id, role)
) WITHOUT ROWID;
CREATE TABLE predictions (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  split TEXT NOT NULL,
  example_id TEXT NOT NULL,
  y_true TEXT,
  y_pred TEXT,
  score REAL,
  features TEXT,
  PRIMARY KEY (run_id, split, example_id)
) WITHOUT ROWID;
CREATE TABLE error_tags (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  split TEXT NOT NULL,
  example_id TEXT NOT NULL,
  tag TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (run_id, split, example_id, tag)
) WITHOUT ROWID;
CREATE TABLE tag_vocabulary (
  tag TEXT PRIMARY KEY,
  last_used INTEGER NOT NULL
) WITHOUT ROWID;
-- Pre-aggregated min/max envelopes of each series, kept up to date by every metric write, so a chart of a
-- million-point series reads a few thousand rows. width is the bucket width in steps (64, 1024 or 16384);
-- bucket = floor(step / width). min_*/max_* are the first point holding the bucket's extreme; nan_* the first NaN.
CREATE TABLE metric_rollups (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  context TEXT NOT NULL DEFAULT '',
  width INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  count INTEGER NOT NULL,
  min_value REAL,
  min_step INTEGER,
  min_ts INTEGER,
  max_value REAL,
  max_step INTEGER,
  max_ts INTEGER,
  nan_step INTEGER,
  nan_ts INTEGER,
  PRIMARY KEY (run_id, key, context, width, bucket)
) WITHOUT ROWID;
