-- The rows already in the Parquet directory for the days about to be written, as (source, line, ts)
-- keys, so that an export appends only rows that are not there yet.
-- Parameters: $existing (VARCHAR[]: Parquet files of those days; not empty).
CREATE OR REPLACE TEMP TABLE lm_exported AS
SELECT source, line, ts
FROM read_parquet($existing, hive_partitioning = true, hive_types = {'day': VARCHAR, 'kind': VARCHAR}, union_by_name = true);
