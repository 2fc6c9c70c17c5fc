-- schema.sql: the AI-GO Monitor database, version 9 (PRAGMA user_version = 9).
-- Applied by `aigo db init` in one transaction. Times are UTC seconds.

CREATE TABLE providers (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE
              CHECK (length(slug) BETWEEN 1 AND 64 AND slug NOT GLOB '*[^a-z0-9-]*'),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
  website     TEXT NOT NULL DEFAULT '' CHECK (length(website) <= 256),
  status_page TEXT NOT NULL DEFAULT '' CHECK (length(status_page) <= 256)
) STRICT;

CREATE TABLE models (
  id             INTEGER PRIMARY KEY,
  provider_id    INTEGER NOT NULL REFERENCES providers(id),
  slug           TEXT NOT NULL UNIQUE
                 CHECK (length(slug) BETWEEN 1 AND 64 AND slug NOT GLOB '*[^a-z0-9.-]*'),
  name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
  modalities     TEXT NOT NULL DEFAULT 'text',  -- comma-separated
  context_window INTEGER CHECK (context_window IS NULL OR context_window > 0),
  released_at    TEXT CHECK (released_at IS NULL OR released_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  deprecated_at  TEXT CHECK (deprecated_at IS NULL OR deprecated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  is_active      INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  -- The provider's status page components that concern the model (the
  -- catalog's statusComponents), one per line; '' for none (version 8).
  status_components TEXT NOT NULL DEFAULT '' CHECK (length(status_components) <= 12000)
) STRICT;
CREATE INDEX models_provider ON models(provider_id);

-- What the prober checks for a model in a region.
CREATE TABLE endpoints (
  id            INTEGER PRIMARY KEY,
  model_id      INTEGER NOT NULL REFERENCES models(id),
  region        TEXT NOT NULL DEFAULT 'global'
                CHECK (length(region) BETWEEN 1 AND 32 AND region NOT GLOB '*[^a-z0-9-]*'),
  url           TEXT NOT NULL CHECK (url GLOB 'http*://*'),
  method        TEXT NOT NULL DEFAULT 'GET' CHECK (method IN ('GET', 'POST', 'HEAD')),
  expect_status TEXT NOT NULL DEFAULT '200',  -- comma-separated HTTP codes
  timeout_ms    INTEGER NOT NULL DEFAULT 30000 CHECK (timeout_ms BETWEEN 100 AND 120000),
  degraded_ms   INTEGER NOT NULL DEFAULT 5000 CHECK (degraded_ms BETWEEN 1 AND 120000),
  UNIQUE (model_id, region)
) STRICT;

-- Append-only history of every recorded check.
CREATE TABLE checks (
  id          INTEGER PRIMARY KEY,
  model_id    INTEGER NOT NULL REFERENCES models(id),
  region      TEXT NOT NULL
              CHECK (length(region) BETWEEN 1 AND 32 AND region NOT GLOB '*[^a-z0-9-]*'),
  checked_at  INTEGER NOT NULL CHECK (checked_at > 0),
  status      TEXT NOT NULL CHECK (status = 'operational' OR status = 'degraded' OR status = 'outage'),
  latency_ms  INTEGER CHECK (latency_ms IS NULL OR latency_ms >= 0),
  http_status INTEGER CHECK (http_status IS NULL OR http_status BETWEEN 100 AND 599),
  error       TEXT CHECK (error IS NULL OR length(error) <= 512),
  source      TEXT NOT NULL CHECK (source = 'probe' OR source = 'ingest' OR source = 'import' OR source = 'demo'),
  -- What kind of probe made the check, why it failed (DESIGN 7), and the
  -- phases of its request in ms; NULL: not said, none, not measured
  -- (version 6).
  probe_kind  TEXT CHECK (probe_kind IS NULL OR probe_kind = 'reachability' OR probe_kind = 'inference' OR probe_kind = 'stream'),
  error_kind  TEXT CHECK (error_kind IS NULL OR error_kind = 'timeout' OR error_kind = 'dns' OR error_kind = 'connect' OR error_kind = 'tls' OR error_kind = 'auth' OR error_kind = 'rate_limited' OR error_kind = 'overloaded' OR error_kind = 'http_4xx' OR error_kind = 'http_5xx' OR error_kind = 'unexpected_status' OR error_kind = 'empty' OR error_kind = 'malformed'),
  dns_ms      INTEGER CHECK (dns_ms IS NULL OR dns_ms >= 0),
  connect_ms  INTEGER CHECK (connect_ms IS NULL OR connect_ms >= 0),
  tls_ms      INTEGER CHECK (tls_ms IS NULL OR tls_ms >= 0),
  first_byte_ms INTEGER CHECK (first_byte_ms IS NULL OR first_byte_ms >= 0),
  ttft_ms     INTEGER CHECK (ttft_ms IS NULL OR ttft_ms >= 0),
  UNIQUE (model_id, region, checked_at)
) STRICT;
-- Window and bucket reads scan by time; the covering columns keep them in the index.
CREATE INDEX checks_time ON checks(checked_at, model_id, status);

-- The latest check per (model, region), kept by the write path.
CREATE TABLE current_status (
  model_id    INTEGER NOT NULL REFERENCES models(id),
  region      TEXT NOT NULL,
  checked_at  INTEGER NOT NULL,
  status      TEXT NOT NULL CHECK (status = 'operational' OR status = 'degraded' OR status = 'outage'),
  latency_ms  INTEGER,
  http_status INTEGER,
  source      TEXT NOT NULL,
  -- The latest check's probe kind and error kind (version 6).
  probe_kind  TEXT CHECK (probe_kind IS NULL OR probe_kind = 'reachability' OR probe_kind = 'inference' OR probe_kind = 'stream'),
  error_kind  TEXT CHECK (error_kind IS NULL OR error_kind = 'timeout' OR error_kind = 'dns' OR error_kind = 'connect' OR error_kind = 'tls' OR error_kind = 'auth' OR error_kind = 'rate_limited' OR error_kind = 'overloaded' OR error_kind = 'http_4xx' OR error_kind = 'http_5xx' OR error_kind = 'unexpected_status' OR error_kind = 'empty' OR error_kind = 'malformed'),
  PRIMARY KEY (model_id, region)
) STRICT, WITHOUT ROWID;

-- Check counts per (model, region, hour), kept by the write path.
CREATE TABLE rollups_hourly (
  model_id      INTEGER NOT NULL REFERENCES models(id),
  region        TEXT NOT NULL,
  hour          INTEGER NOT NULL CHECK (hour % 3600 = 0),
  n_operational INTEGER NOT NULL DEFAULT 0 CHECK (n_operational >= 0),
  n_degraded    INTEGER NOT NULL DEFAULT 0 CHECK (n_degraded >= 0),
  n_outage      INTEGER NOT NULL DEFAULT 0 CHECK (n_outage >= 0),
  latency_sum   INTEGER NOT NULL DEFAULT 0,
  latency_n     INTEGER NOT NULL DEFAULT 0,
  latency_max   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (model_id, region, hour)
) STRICT, WITHOUT ROWID;
CREATE INDEX rollups_hour ON rollups_hourly(hour);

-- Check counts per (model, region, 5 minutes), kept by the write path: the
-- 24 h window's partial hour and the 1 h range read these, not the checks.
-- Keyed by time first, so that every region's slots of a time range are one
-- range of the key (version 5); one model's slots go through the index.
CREATE TABLE rollups_5min (
  model_id      INTEGER NOT NULL REFERENCES models(id),
  region        TEXT NOT NULL,
  slot          INTEGER NOT NULL CHECK (slot % 300 = 0),
  n_operational INTEGER NOT NULL DEFAULT 0 CHECK (n_operational >= 0),
  n_degraded    INTEGER NOT NULL DEFAULT 0 CHECK (n_degraded >= 0),
  n_outage      INTEGER NOT NULL DEFAULT 0 CHECK (n_outage >= 0),
  -- The slot's newest check, and the status of a check at exactly its
  -- start: a region's status at each 5-minute instant (DESIGN 3) comes
  -- from these, not from the checks (version 4).
  last_at       INTEGER,
  last_status   TEXT CHECK (last_status IS NULL OR last_status = 'operational' OR last_status = 'degraded' OR last_status = 'outage'),
  start_status  TEXT CHECK (start_status IS NULL OR start_status = 'operational' OR start_status = 'degraded' OR start_status = 'outage'),
  PRIMARY KEY (slot, model_id, region)
) STRICT, WITHOUT ROWID;
CREATE INDEX rollups_5min_pair ON rollups_5min(model_id, region, slot);

-- Per model (all its regions) and hour or quarter day (width 3600 or
-- 21600 from start): its checks by status in [start, start + width), and
-- how many of the sample instants (the 5-minute boundaries) in (start,
-- start + width] it spent in each status (DESIGN 3, status at an instant,
-- with the W of aigo_meta 'samples_freshness'; instants with no fresh
-- region, unknown, are not counted). Kept by the write path; the history
-- charts read these, not the checks: one range of the key for a time
-- range of every model.
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

-- Automatic incidents (DESIGN 8, docs/incidents.md) of a model, or of a
-- provider (model_id NULL), kept by the write path (version 7); manual
-- ones (source 'manual') are for the operator. started_at: the first
-- instant of the condition; opened_at: when the rule confirmed it;
-- resolved_at: the first instant of the recovery that closed it, and
-- closed_at when the rule confirmed that (both NULL while open).
-- regions and error_kinds: sorted, comma-separated.
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
  error_kinds   TEXT NOT NULL DEFAULT '' CHECK (length(error_kinds) <= 512 AND error_kinds NOT GLOB '*[^a-z0-9_,]*'),
  -- an operator's title of a manual incident; NULL for an automatic one (version 8)
  title         TEXT CHECK (title IS NULL OR (length(title) BETWEEN 1 AND 200))
) STRICT;
CREATE INDEX incidents_model ON incidents(model_id, started_at);
CREATE INDEX incidents_provider ON incidents(provider_id, started_at);
CREATE INDEX incidents_provider_end ON incidents(provider_id, resolved_at);

-- Each change of an incident, in order: opened (its first severity),
-- escalated, de-escalated, resolved (its last severity) (version 7).
CREATE TABLE incident_events (
  incident_id   INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  seq           INTEGER NOT NULL CHECK (seq >= 0),
  at            INTEGER NOT NULL CHECK (at > 0),
  kind          TEXT NOT NULL CHECK (kind = 'opened' OR kind = 'escalated' OR kind = 'de-escalated' OR kind = 'resolved'),
  severity      TEXT NOT NULL CHECK (severity = 'minor' OR severity = 'major' OR severity = 'critical'),
  PRIMARY KEY (incident_id, seq)
) STRICT, WITHOUT ROWID;

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

-- What happened (version 9, docs/notifications.md): written in the same
-- transaction as the change. key: the event's random key (the
-- receivers' idempotency key); occurred_at: the instant of the change;
-- created_at: when it was written; incident_id (no foreign key: an
-- automatic incident may be replaced), maintenance_id, provider_id and
-- model_id NULL when none; payload: the facts at that time (a JSON
-- object); fanned_out_at: when the sender made its deliveries (NULL:
-- not yet).
CREATE TABLE outbox (
  id             INTEGER PRIMARY KEY,
  kind           TEXT NOT NULL CHECK (kind = 'incident.opened' OR kind = 'incident.escalated' OR kind = 'incident.deescalated' OR kind = 'incident.resolved' OR kind = 'incident.updated' OR kind = 'maintenance.started' OR kind = 'maintenance.ended'),
  key            TEXT NOT NULL UNIQUE CHECK (length(key) = 32),
  occurred_at    INTEGER NOT NULL CHECK (occurred_at > 0),
  created_at     INTEGER NOT NULL CHECK (created_at > 0),
  incident_id    INTEGER,
  maintenance_id INTEGER,
  provider_id    INTEGER,
  model_id       INTEGER,
  severity       TEXT CHECK (severity IS NULL OR severity = 'minor' OR severity = 'major' OR severity = 'critical'),
  payload        TEXT NOT NULL CHECK (json_valid(payload) AND json_type(payload) = 'object'),
  fanned_out_at  INTEGER
) STRICT;
-- The events the sender has not fanned out yet.
CREATE INDEX outbox_unfanned ON outbox(id) WHERE fanned_out_at IS NULL;
-- The events of one incident (the cooldown's questions).
CREATE INDEX outbox_incident ON outbox(incident_id, id) WHERE incident_id IS NOT NULL;
-- A maintenance window's start or end is written once.
CREATE UNIQUE INDEX outbox_maintenance ON outbox(kind, maintenance_id, occurred_at) WHERE maintenance_id IS NOT NULL;
-- One event for one channel: its state, failed attempts, when to try
-- next, the last attempt's time, HTTP status or SMTP reply code and
-- error (no secret in it), and when it became final.
CREATE TABLE outbox_deliveries (
  event_id    INTEGER NOT NULL REFERENCES outbox(id),
  channel     TEXT NOT NULL CHECK (length(channel) BETWEEN 1 AND 32),
  state       TEXT NOT NULL CHECK (state = 'pending' OR state = 'delivered' OR state = 'given_up' OR state = 'filtered' OR state = 'silenced' OR state = 'superseded' OR state = 'expired'),
  attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_at     INTEGER NOT NULL,
  last_at     INTEGER,
  last_status INTEGER,
  last_error  TEXT CHECK (last_error IS NULL OR length(last_error) <= 300),
  done_at     INTEGER,
  PRIMARY KEY (event_id, channel)
) STRICT;
-- A channel's queue: its pending deliveries by event.
CREATE INDEX outbox_deliveries_head ON outbox_deliveries(channel, state, event_id);
-- Per channel since the file was made: deliveries, failed attempts and
-- deliveries given up (/metrics).
CREATE TABLE notify_counters (
  channel   TEXT PRIMARY KEY,
  delivered INTEGER NOT NULL DEFAULT 0,
  failed    INTEGER NOT NULL DEFAULT 0,
  given_up  INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Marks the file as an AI-GO database (see `aigo db init`).
CREATE TABLE aigo_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO aigo_meta(key, value) VALUES ('application', 'aigo');
INSERT INTO aigo_meta(key, value) VALUES ('samples_freshness', '1800');
INSERT INTO aigo_meta(key, value) VALUES ('samples_built', '1');
-- The thresholds the incidents were kept with (aigo incidents rebuild).
INSERT INTO aigo_meta(key, value) VALUES ('incident_open_after', '180'), ('incident_close_after', '600'), ('incident_freshness', '1800'), ('incident_provider_share', '50');

PRAGMA user_version = 9;
