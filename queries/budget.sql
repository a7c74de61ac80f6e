-- budget: spend against a budget for the current budget period: spent, remaining, burn rate, reset
--
-- Columns: budget, unit, period_start, period_end (the next reset), now, spent, remaining,
-- burn_rate_per_hour, projected_exhaustion, exhausts_before_reset, time_to_reset (as text,
-- e.g. 04:23:00), time_to_reset_s, unpriced_calls. The period is the one that contains `now`;
-- spend is counted from its start to `now`, whatever --since says. spent is the cost of usage
-- records in the budget's unit (USD, or credits at $budget_units_per_usd per dollar), or their
-- tokens when the budget counts tokens. The burn rate is spent over the hours elapsed in the
-- period; projected_exhaustion is when the remainder runs out at that rate, or, once spent, the
-- time of the call that exhausted it.
--
-- @by none
-- @bucket optional
-- @source priced_events
-- @param $budget_amount         the budget per period, in its unit
-- @param $budget_unit           the unit's name as the user gave it (USD, Diem, credits, tokens)
-- @param $budget_period         the period as an interval: '1 day', '7 days' or '1 month'
-- @param $budget_reset_offset   the reset's offset from the period's natural start (UTC midnight;
--                               Monday; the 1st), as an interval, e.g. '6 hours'
-- @param $budget_units_per_usd  units per US dollar for cost budgets (1 for USD)
-- @param $budget_measure        'cost' or 'tokens'
WITH
cfg AS (
  SELECT CAST($budget_amount AS DOUBLE) AS amount,
         CAST($budget_unit AS VARCHAR) AS unit,
         CAST($budget_period AS INTERVAL) AS period,
         CAST($budget_reset_offset AS INTERVAL) AS reset_offset,
         CAST($budget_units_per_usd AS DOUBLE) AS units_per_usd,
         CAST($budget_measure AS VARCHAR) AS measure
),
win AS (
  SELECT c.*,
         s.now,
         time_bucket(c.period, s.now - c.reset_offset) + c.reset_offset AS period_start,
         time_bucket(c.period, s.now - c.reset_offset) + c.reset_offset + c.period AS period_end
  FROM cfg AS c, span AS s
  WHERE s.now IS NOT NULL
),
spend AS (
  SELECT u.ts,
         CASE WHEN w.measure = 'tokens' THEN coalesce(u.tokens_in, 0) + coalesce(u.tokens_out, 0)
              ELSE u.cost_usd * w.units_per_usd END AS amount,
         u.cost_usd IS NULL AND w.measure <> 'tokens' AS unpriced
  FROM scoped AS u, win AS w
  WHERE u.is_usage AND u.ts >= w.period_start AND u.ts <= w.now
),
running AS (
  SELECT ts, sum(coalesce(amount, 0)) OVER (ORDER BY ts ROWS UNBOUNDED PRECEDING) AS spent_so_far FROM spend
),
totals AS (
  SELECT w.*,
         (SELECT coalesce(lm_exact_sum(amount), 0) FROM spend) AS spent,
         (SELECT count(*) FILTER (WHERE unpriced) FROM spend) AS unpriced_calls,
         (SELECT min(ts) FROM running WHERE spent_so_far >= w.amount) AS exhausted_at,
         (epoch_us(w.now) - epoch_us(w.period_start)) / 3.6e9 AS hours
  FROM win AS w
),
rated AS (
  SELECT *, CASE WHEN hours > 0 THEN spent / hours END AS burn_rate_per_hour FROM totals
)
SELECT amount AS budget,
       unit,
       period_start,
       period_end,
       now,
       spent,
       amount - spent AS remaining,
       burn_rate_per_hour,
       CASE
         WHEN spent >= amount THEN exhausted_at
         WHEN burn_rate_per_hour > 0 THEN now + to_microseconds(CAST(round((amount - spent) / burn_rate_per_hour * 3.6e9) AS BIGINT))
       END AS projected_exhaustion,
       CASE
         WHEN spent >= amount THEN true
         WHEN burn_rate_per_hour > 0 THEN now + to_microseconds(CAST(round((amount - spent) / burn_rate_per_hour * 3.6e9) AS BIGINT)) < period_end
         ELSE false
       END AS exhausts_before_reset,
       CAST(period_end - now AS VARCHAR) AS time_to_reset,
       (epoch_us(period_end) - epoch_us(now)) / 1e6 AS time_to_reset_s,
       unpriced_calls
FROM rated

-- @section balance: the remaining budget over the current period, per bucket (hourly by default)
--
-- Columns: bucket_start, spent (in the bucket), spent_total (since the period's start, up to the
-- bucket's end), remaining (budget minus spent_total). From the period's start up to `now`.
WITH
cfg AS (
  SELECT CAST($budget_amount AS DOUBLE) AS amount,
         CAST($budget_period AS INTERVAL) AS period,
         CAST($budget_reset_offset AS INTERVAL) AS reset_offset,
         CAST($budget_units_per_usd AS DOUBLE) AS units_per_usd,
         CAST($budget_measure AS VARCHAR) AS measure
),
win AS (
  SELECT c.*, s.now, coalesce(a.bucket, INTERVAL 1 hour) AS step,
         time_bucket(c.period, s.now - c.reset_offset) + c.reset_offset AS period_start
  FROM cfg AS c, span AS s, args AS a
  WHERE s.now IS NOT NULL
),
steps AS (
  SELECT unnest(generate_series(time_bucket(w.step, w.period_start), w.now, w.step)) AS bucket_start FROM win AS w
),
spend AS (
  SELECT time_bucket(w.step, u.ts) AS bucket_start,
         lm_exact_sum(CASE WHEN w.measure = 'tokens' THEN coalesce(u.tokens_in, 0) + coalesce(u.tokens_out, 0)
                  ELSE coalesce(u.cost_usd * w.units_per_usd, 0) END) AS spent
  FROM scoped AS u, win AS w
  WHERE u.is_usage AND u.ts >= w.period_start AND u.ts <= w.now
  GROUP BY 1
)
SELECT s.bucket_start,
       coalesce(p.spent, 0) AS spent,
       sum(coalesce(p.spent, 0)) OVER (ORDER BY s.bucket_start) AS spent_total,
       (SELECT amount FROM cfg) - sum(coalesce(p.spent, 0)) OVER (ORDER BY s.bucket_start) AS remaining
FROM steps AS s
LEFT JOIN spend AS p ON p.bucket_start = s.bucket_start
ORDER BY s.bucket_start
