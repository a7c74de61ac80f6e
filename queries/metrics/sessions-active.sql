-- sessions-active: the sessions active at `now` (begun, not ended, and not idle for longer than
-- $session_idle), counted as the overview counts them (the prelude's active_sessions)
--
-- Columns: active_sessions. `logmeter metrics` exports it as sessions_active. Running the overview
-- for this one number computed every headline number over every event too (39 s of a 30-day
-- database's metrics); this reads only the records of the last idle time and the session records.
--
-- @by none
-- @bucket none
SELECT count(*) AS active_sessions FROM active_sessions
