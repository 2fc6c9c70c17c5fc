-- 003.sql: version 2 to 3: check counts per 5 minutes (rollups_5min), filled from the checks already stored.
CREATE TABLE rollups_5min (
  model_id      INTEGER NOT NULL REFERENCES models(id),
  region        TEXT NOT NULL,
  slot          INTEGER NOT NULL CHECK (slot % 300 = 0),
  n_operational INTEGER NOT NULL DEFAULT 0 CHECK (n_operational >= 0),
  n_degraded    INTEGER NOT NULL DEFAULT 0 CHECK (n_degraded >= 0),
  n_outage      INTEGER NOT NULL DEFAULT 0 CHECK (n_outage >= 0),
  PRIMARY KEY (model_id, region, slot)
) STRICT, WITHOUT ROWID;
INSERT INTO rollups_5min(model_id, region, slot, n_operational, n_degraded, n_outage)
SELECT model_id, region, checked_at - checked_at % 300, sum(status = 'operational'),
       sum(status = 'degraded'), sum(status = 'outage')
FROM checks GROUP BY 1, 2, 3;
PRAGMA user_version = 3;
