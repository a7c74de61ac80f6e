-- A follow session's stream spool (stdin's or a named pipe's) was cut (src/follow/feed.ts,
-- compactSpool): its first $cut bytes, already read, are gone, and the rest is a new file under
-- the same name. Its checkpoint moves with it: the new file's identity and head, its offsets less
-- the bytes cut. The line count stays, so the next poll numbers lines on from where this one
-- stopped. (age-sources.sql has left one row.)
-- Parameters: $spool (VARCHAR, the spool's path), $cut (BIGINT), $identity, $head (VARCHAR).
UPDATE sources
SET identity = $identity,
    head_fingerprint = $head,
    offset_bytes = offset_bytes - $cut,
    size = size - $cut,
    reopen_offset = reopen_offset - $cut
WHERE source = $spool AND offset_bytes >= $cut;
