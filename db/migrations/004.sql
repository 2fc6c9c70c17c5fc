-- 004.sql: version 3 to 4: sample counts per model and hour (samples_hourly); `aigo db init` fills them from the checks after this runs.
CREATE TABLE samples_hourly (
  model_id      INTEGER NOT NULL REFERENCES models(id),
  hour          INTEGER NOT NULL CHECK (hour % 3600 = 0),
  n_operational INTEGER NOT NULL DEFAULT 0,
  n_degraded    INTEGER NOT NULL DEFAULT 0,
  n_outage      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (model_id, hour)
) STRICT, WITHOUT ROWID;
INSERT OR REPLACE INTO aigo_meta(key, value) VALUES ('samples_freshness', '1800');
-- Not counted yet: readers count from the checks, writers leave the table
-- alone, until `aigo db init` (or `aigo db rebuild-rollups`) fills it.
INSERT OR REPLACE INTO aigo_meta(key, value) VALUES ('samples_built', '0');
PRAGMA user_version = 4;
