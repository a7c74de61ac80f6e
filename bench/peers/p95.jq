# jq baseline: the p95 of LLM-call latency_ms, interpolated like numpy's default (linear).
# Run as: jq -nR -f p95.jq FILE   (-R and fromjson? skip malformed lines instead of stopping)
[inputs | fromjson? | objects | select(.model != null and .latency_ms != null) | .latency_ms]
| sort
| length as $n
| (($n - 1) * 0.95) as $pos
| ($pos | floor) as $lo
| if $n == 0 then null
  elif $lo + 1 < $n then .[$lo] + (.[$lo + 1] - .[$lo]) * ($pos - $lo)
  else .[$lo] end
