-- 008.sql: version 7 to 8: operators' words and the providers' own: titles of manual incidents, incident updates, maintenance windows, and what each provider's status page says.
-- An operator's title of a manual incident (NULL for an automatic one)
-- (version 8).
ALTER TABLE incidents ADD COLUMN title TEXT CHECK (title IS NULL OR (length(title) BETWEEN 1 AND 200));

-- Operators' updates of an incident, Statuspage's states (version 8): on a
-- manual incident the last one says its state (resolved resolves it); on
-- an automatic one they are notes beside what the checks say. author: the
-- admin token's name, or "cli".
CREATE TABLE incident_updates (
  id          INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  at          INTEGER NOT NULL CHECK (at > 0),
  state       TEXT NOT NULL CHECK (state = 'investigating' OR state = 'identified' OR state = 'monitoring' OR state = 'resolved'),
  body        TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  author      TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 64)
) STRICT;
CREATE INDEX incident_updates_incident ON incident_updates(incident_id, at);

-- Planned maintenance windows [starts_at, ends_at) (version 8), of the
-- providers and models in maintenance_targets; cancelled_at: when an
-- operator called it off (NULL: it stands).
CREATE TABLE maintenances (
  id           INTEGER PRIMARY KEY,
  title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 5000),
  starts_at    INTEGER NOT NULL CHECK (starts_at > 0),
  ends_at      INTEGER NOT NULL CHECK (ends_at > starts_at),
  created_at   INTEGER NOT NULL CHECK (created_at > 0),
  updated_at   INTEGER NOT NULL CHECK (updated_at >= created_at),
  cancelled_at INTEGER CHECK (cancelled_at IS NULL OR cancelled_at >= created_at),
  author       TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 64)
) STRICT;
CREATE INDEX maintenances_end ON maintenances(ends_at);
-- What a maintenance concerns: a provider's model, or (model_id NULL) the
-- whole provider.
CREATE TABLE maintenance_targets (
  maintenance_id INTEGER NOT NULL REFERENCES maintenances(id) ON DELETE CASCADE,
  provider_id    INTEGER NOT NULL REFERENCES providers(id),
  model_id       INTEGER REFERENCES models(id)
) STRICT;
CREATE UNIQUE INDEX maintenance_targets_key ON maintenance_targets(maintenance_id, provider_id, ifnull(model_id, 0));

-- The provider's status page components that concern a model (the
-- catalog's statusComponents), one per line (version 8).
ALTER TABLE models ADD COLUMN status_components TEXT NOT NULL DEFAULT '' CHECK (length(status_components) <= 12000);

-- What a provider's own status page says (version 8), read by the prober
-- in the format the catalog names. checked_at: the last attempt; ok_at:
-- the last answer read (its indicator and description; NULL before the
-- first); error: why the last attempt failed (NULL: it did not).
CREATE TABLE provider_status (
  provider_id INTEGER PRIMARY KEY REFERENCES providers(id),
  format      TEXT NOT NULL CHECK (format = 'statuspage_v2'),
  checked_at  INTEGER NOT NULL CHECK (checked_at > 0),
  ok_at       INTEGER CHECK (ok_at IS NULL OR ok_at <= checked_at),
  indicator   TEXT CHECK (indicator IS NULL OR indicator = 'none' OR indicator = 'minor' OR indicator = 'major' OR indicator = 'critical' OR indicator = 'maintenance'),
  description TEXT CHECK (description IS NULL OR length(description) <= 500),
  error       TEXT CHECK (error IS NULL OR length(error) <= 500)
) STRICT;
-- The components of the last answer read, with Statuspage's statuses.
CREATE TABLE provider_components (
  provider_id INTEGER NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  status      TEXT NOT NULL CHECK (status = 'operational' OR status = 'degraded_performance' OR status = 'partial_outage' OR status = 'major_outage' OR status = 'under_maintenance'),
  PRIMARY KEY (provider_id, name)
) STRICT, WITHOUT ROWID;
-- The unresolved incidents of the last answer read. components: the
-- names of the components they affect, one per line.
CREATE TABLE provider_incidents (
  provider_id INTEGER NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
  ext_id      TEXT NOT NULL CHECK (length(ext_id) BETWEEN 1 AND 100),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
  status      TEXT NOT NULL CHECK (status = 'investigating' OR status = 'identified' OR status = 'monitoring' OR status = 'resolved' OR status = 'postmortem'),
  impact      TEXT NOT NULL CHECK (impact = 'none' OR impact = 'minor' OR impact = 'major' OR impact = 'critical' OR impact = 'maintenance'),
  started_at  INTEGER,
  updated_at  INTEGER,
  url         TEXT CHECK (url IS NULL OR length(url) <= 500),
  components  TEXT NOT NULL DEFAULT '' CHECK (length(components) <= 4000),
  PRIMARY KEY (provider_id, ext_id)
) STRICT, WITHOUT ROWID;
PRAGMA user_version = 8;
