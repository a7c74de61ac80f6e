-- The rows already in the Parquet directory for the days about to be written, as keys, so that an
-- export appends only rows that are not there yet. A row is its line, its time and a hash of the
-- record as logged (attrs); (line, ts) alone does not name it: after a rotation a name holds the
-- rows of two files on the same lines, and a record without a time has ts NULL. For rows equal in
-- all of these the key adds which copy it is: the keys count as a multiset, and two equal rows are
-- both exported. The source is left out: the name a row is stored under changes when `ingest
-- --full` reads a path spelled another way (./app.log, /abs/app.log) or a rotated file under its
-- new name (app.log.1), and a row already written under its old name must not be written again.
-- Parameters: $existing (VARCHAR[]: Parquet files of those days; not empty).
CREATE OR REPLACE TEMP TABLE lm_exported AS
SELECT line, ts, md5(attrs::VARCHAR) AS attrs_hash,
       row_number() OVER (PARTITION BY line, ts, md5(attrs::VARCHAR)) AS copy
FROM read_parquet($existing, hive_partitioning = true, hive_types = {'day': VARCHAR, 'kind': VARCHAR}, union_by_name = true);
