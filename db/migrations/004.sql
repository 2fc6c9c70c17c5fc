-- 004.sql: version 3 to 4: each 5-minute slot's newest check and start status (rollups_5min), check and sample counts per model and hour or quarter day (model_rollups); `aigo db init` fills both from the checks after this runs.
ALTER TABLE rollups_5min ADD COLUMN last_at INTEGER;
ALTER TABLE rollups_5min ADD COLUMN last_status TEXT CHECK (last_status IS NULL OR last_status = 'operational' OR last_status = 'degraded' OR last_status = 'outage');
ALTER TABLE rollups_5min ADD COLUMN start_status TEXT CHECK (start_status IS NULL OR start_status = 'operational' OR start_status = 'degraded' OR start_status = 'outage');
CREATE TABLE model_rollups (
  model_id      INTEGER NOT NULL REFERENCES models(id),
  width         INTEGER NOT NULL CHECK (width = 3600 OR width = 21600),
  start         INTEGER NOT NULL CHECK (start % width = 0),
  n_operational INTEGER NOT NULL DEFAULT 0,
  n_degraded    INTEGER NOT NULL DEFAULT 0,
  n_outage      INTEGER NOT NULL DEFAULT 0,
  s_operational INTEGER NOT NULL DEFAULT 0,
  s_degraded    INTEGER NOT NULL DEFAULT 0,
  s_outage      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (width, start, model_id)
) STRICT, WITHOUT ROWID;
INSERT OR REPLACE INTO aigo_meta(key, value) VALUES ('samples_freshness', '1800');
-- Not counted yet: readers count from the checks and the other rollups,
-- writers leave model_rollups alone, until `aigo db init` (or `aigo db
-- rebuild-rollups`) fills it and the slots' statuses.
INSERT OR REPLACE INTO aigo_meta(key, value) VALUES ('samples_built', '0');
PRAGMA user_version = 4;
