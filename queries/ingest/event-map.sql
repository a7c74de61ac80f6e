-- The configured event names for this ingest: lm_event_map(event, kind, op), event in lower case,
-- filled through the appender from logmeter.yml's kinds and ops and from message patterns that set
-- a kind. The projection left-joins it, so an empty map changes nothing. Parameters: none.
CREATE OR REPLACE TEMP TABLE lm_event_map (event VARCHAR PRIMARY KEY, kind VARCHAR, op VARCHAR);
