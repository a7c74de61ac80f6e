-- follow: keeps one checkpoint row per source (the newest), since every poll adds one.
-- Parameters: none.
DELETE FROM sources s
WHERE ingested_at < (SELECT max(ingested_at) FROM sources n WHERE n.source = s.source);
