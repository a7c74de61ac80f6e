-- For `logmeter formats --explain`: how many records of one source have a value in each canonical
-- column (one count per column of `events`, in table order). Parameters: $source (VARCHAR).
SELECT count(COLUMNS(*)) FROM events WHERE source = $source;
