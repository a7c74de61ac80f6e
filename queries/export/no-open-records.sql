-- An empty lm_open, for a database whose checkpoints keep no last record (made before reopen_line).
-- Parameters: none.
CREATE OR REPLACE TEMP TABLE lm_open (source VARCHAR, first_line BIGINT, last_line BIGINT);
