-- The rows already in the Parquet directory for the days about to be written, as keys, so that an
-- export appends only rows that are not there yet. (source, line) alone does not name a row: after
-- a rotation a name holds the rows of two files on the same lines, and a record without a time has
-- ts NULL. So the key adds a hash of the record as logged (attrs) and, for rows equal in all of
-- these, which copy it is: the keys count as a multiset, and two equal rows are both exported.
-- Parameters: $existing (VARCHAR[]: Parquet files of those days; not empty).
CREATE OR REPLACE TEMP TABLE lm_exported AS
SELECT source, line, ts, md5(attrs::VARCHAR) AS attrs_hash,
       row_number() OVER (PARTITION BY source, line, ts, md5(attrs::VARCHAR)) AS copy
FROM read_parquet($existing, hive_partitioning = true, hive_types = {'day': VARCHAR, 'kind': VARCHAR}, union_by_name = true);
