-- An empty key table, for an export into a directory that has none of the days being written.
-- Parameters: none.
CREATE OR REPLACE TEMP TABLE lm_exported (source VARCHAR, line BIGINT, ts TIMESTAMPTZ, attrs_hash VARCHAR, copy BIGINT);
