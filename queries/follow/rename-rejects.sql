-- follow: rejected lines read from the stdin spool file are shown as read from stdin ('-').
-- Parameters: $spool (VARCHAR), $name (VARCHAR).
UPDATE rejects SET source = $name WHERE source = $spool;
