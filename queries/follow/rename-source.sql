-- follow: records read from the stdin spool file are shown as read from stdin ('-').
-- Parameters: $spool (VARCHAR), $name (VARCHAR).
UPDATE events SET source = $name WHERE source = $spool;
