-- 009.sql: version 8 to 9: the notification outbox: one event per change of an incident or maintenance window, one delivery per channel, and the channels' counters.
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
PRAGMA user_version = 9;
