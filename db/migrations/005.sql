-- 005.sql: version 4 to 5: rollups_5min keyed by (slot, model, region), so that every region's slots of a time range are one range of its primary key; (model, region, slot) becomes an index for one model's slots.
CREATE TABLE rollups_5min_by_slot (
  model_id      INTEGER NOT NULL REFERENCES models(id),
  region        TEXT NOT NULL,
  slot          INTEGER NOT NULL CHECK (slot % 300 = 0),
  n_operational INTEGER NOT NULL DEFAULT 0 CHECK (n_operational >= 0),
  n_degraded    INTEGER NOT NULL DEFAULT 0 CHECK (n_degraded >= 0),
  n_outage      INTEGER NOT NULL DEFAULT 0 CHECK (n_outage >= 0),
  last_at       INTEGER,
  last_status   TEXT CHECK (last_status IS NULL OR last_status = 'operational' OR last_status = 'degraded' OR last_status = 'outage'),
  start_status  TEXT CHECK (start_status IS NULL OR start_status = 'operational' OR start_status = 'degraded' OR start_status = 'outage'),
  PRIMARY KEY (slot, model_id, region)
) STRICT, WITHOUT ROWID;
INSERT INTO rollups_5min_by_slot(model_id, region, slot, n_operational, n_degraded, n_outage, last_at, last_status, start_status)
  SELECT model_id, region, slot, n_operational, n_degraded, n_outage, last_at, last_status, start_status FROM rollups_5min ORDER BY slot, model_id, region;
DROP TABLE rollups_5min;
ALTER TABLE rollups_5min_by_slot RENAME TO rollups_5min;
CREATE INDEX rollups_5min_pair ON rollups_5min(model_id, region, slot);
PRAGMA user_version = 5;
