-- 002.sql: version 1 to 2: the status and source CHECKs as OR chains, the same rule (an IN list made every INSERT build a temporary b-tree).
-- Only the CHECK text changes, never the data, so sqlite_schema is edited in
-- place (SQLite's documented way for such changes); the throwaway table
-- bumps the schema cookie so that open connections read the new text.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(replace(sql,
    'CHECK (status IN (''operational'', ''degraded'', ''outage''))',
    'CHECK (status = ''operational'' OR status = ''degraded'' OR status = ''outage'')'),
    'CHECK (source IN (''probe'', ''ingest'', ''import'', ''demo''))',
    'CHECK (source = ''probe'' OR source = ''ingest'' OR source = ''import'' OR source = ''demo'')')
WHERE type = 'table' AND name IN ('checks', 'current_status');
PRAGMA writable_schema = OFF;
CREATE TABLE aigo_migration_002 (x INTEGER);
DROP TABLE aigo_migration_002;
PRAGMA user_version = 2;
