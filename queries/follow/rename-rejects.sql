-- follow: rejected lines read from a stream's spool file are shown as read from the stream: stdin
-- ('-'), or the named pipe's path as the user gave it.
-- Parameters: $spool (VARCHAR), $name (VARCHAR).
UPDATE rejects SET source = $name WHERE source = $spool;
