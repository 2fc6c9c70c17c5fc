-- 006.sql: version 5 to 6: what kind of probe made a check, why it failed, and the phases of its request (checks), and the kind and failure of each region's latest check (current_status).
-- New columns are NULL for the checks already stored: they were not measured.
ALTER TABLE checks ADD COLUMN probe_kind TEXT CHECK (probe_kind IS NULL OR probe_kind = 'reachability' OR probe_kind = 'inference' OR probe_kind = 'stream');
ALTER TABLE checks ADD COLUMN error_kind TEXT CHECK (error_kind IS NULL OR error_kind = 'timeout' OR error_kind = 'dns' OR error_kind = 'connect' OR error_kind = 'tls' OR error_kind = 'auth' OR error_kind = 'rate_limited' OR error_kind = 'overloaded' OR error_kind = 'http_4xx' OR error_kind = 'http_5xx' OR error_kind = 'unexpected_status' OR error_kind = 'empty' OR error_kind = 'malformed');
ALTER TABLE checks ADD COLUMN dns_ms INTEGER CHECK (dns_ms IS NULL OR dns_ms >= 0);
ALTER TABLE checks ADD COLUMN connect_ms INTEGER CHECK (connect_ms IS NULL OR connect_ms >= 0);
ALTER TABLE checks ADD COLUMN tls_ms INTEGER CHECK (tls_ms IS NULL OR tls_ms >= 0);
ALTER TABLE checks ADD COLUMN first_byte_ms INTEGER CHECK (first_byte_ms IS NULL OR first_byte_ms >= 0);
ALTER TABLE checks ADD COLUMN ttft_ms INTEGER CHECK (ttft_ms IS NULL OR ttft_ms >= 0);
ALTER TABLE current_status ADD COLUMN probe_kind TEXT CHECK (probe_kind IS NULL OR probe_kind = 'reachability' OR probe_kind = 'inference' OR probe_kind = 'stream');
ALTER TABLE current_status ADD COLUMN error_kind TEXT CHECK (error_kind IS NULL OR error_kind = 'timeout' OR error_kind = 'dns' OR error_kind = 'connect' OR error_kind = 'tls' OR error_kind = 'auth' OR error_kind = 'rate_limited' OR error_kind = 'overloaded' OR error_kind = 'http_4xx' OR error_kind = 'http_5xx' OR error_kind = 'unexpected_status' OR error_kind = 'empty' OR error_kind = 'malformed');
PRAGMA user_version = 6;
