-- summary: rejected lines by reason, bad input first (empty lines are counted but are not bad input).
-- Returns: reason, count. Parameters: none (rejects carry no time).
SELECT reason, count(*) AS count FROM rejects GROUP BY reason ORDER BY reason = 'empty', count DESC, reason;
