-- 007.sql: version 6 to 7: automatic incidents (DESIGN 8): incidents of a model or a provider, their changes of severity, and the thresholds they were kept with (aigo_meta); `aigo db init` then builds them from the checks.
CREATE TABLE incidents (
  id            INTEGER PRIMARY KEY,
  provider_id   INTEGER NOT NULL REFERENCES providers(id),
  model_id      INTEGER REFERENCES models(id),
  source        TEXT NOT NULL CHECK (source = 'auto' OR source = 'manual'),
  started_at    INTEGER NOT NULL CHECK (started_at > 0),
  opened_at     INTEGER NOT NULL CHECK (opened_at >= started_at),
  resolved_at   INTEGER CHECK (resolved_at IS NULL OR resolved_at > started_at),
  closed_at     INTEGER CHECK ((closed_at IS NULL) = (resolved_at IS NULL) AND (closed_at IS NULL OR closed_at >= resolved_at)),
  severity      TEXT NOT NULL CHECK (severity = 'minor' OR severity = 'major' OR severity = 'critical'),
  peak_severity TEXT NOT NULL CHECK (peak_severity = 'minor' OR peak_severity = 'major' OR peak_severity = 'critical'),
  regions       TEXT NOT NULL DEFAULT '' CHECK (length(regions) <= 1024 AND regions NOT GLOB '*[^a-z0-9,-]*'),
  error_kinds   TEXT NOT NULL DEFAULT '' CHECK (length(error_kinds) <= 512 AND error_kinds NOT GLOB '*[^a-z0-9_,]*')
) STRICT;
CREATE INDEX incidents_model ON incidents(model_id, started_at);
CREATE INDEX incidents_provider ON incidents(provider_id, started_at);
CREATE INDEX incidents_provider_end ON incidents(provider_id, resolved_at);
CREATE TABLE incident_events (
  incident_id   INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  seq           INTEGER NOT NULL CHECK (seq >= 0),
  at            INTEGER NOT NULL CHECK (at > 0),
  kind          TEXT NOT NULL CHECK (kind = 'opened' OR kind = 'escalated' OR kind = 'de-escalated' OR kind = 'resolved'),
  severity      TEXT NOT NULL CHECK (severity = 'minor' OR severity = 'major' OR severity = 'critical'),
  PRIMARY KEY (incident_id, seq)
) STRICT, WITHOUT ROWID;
INSERT INTO aigo_meta(key, value) VALUES ('incident_open_after', '180'), ('incident_close_after', '600'), ('incident_freshness', '1800'), ('incident_provider_share', '50');
PRAGMA user_version = 7;
