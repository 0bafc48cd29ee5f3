#!/usr/bin/env bash
# The runaways of a playground, natively at the default limits (release build): how long
# each takes to end in an error, the process's peak memory (`/usr/bin/time`), and the error.
# The session's memory budget is 256 MB; a peak under it plus a fixed overhead is the target.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/psjobs
[ -x /usr/bin/time ] || { echo "bench-limits: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
runaways=(
  '$s = "x"; while ($true) { $s += $s }'
  '$s = "x" * 1000000; while ($true) { $s = "$s$s" }'
  '$a = @(); while ($true) { $a += 1..100000 }'
  '$h = @{}; $i = 0; while ($true) { $h["k$i"] = "v" * 100000; $i++ }'
  '$h = @{}; $i = 0; while ($true) { $h[$i] = $i; $i++ }'
  '$list = foreach ($i in 1..50000000) { "item number $i" }'
  '$j = Start-Job { while ($true) { "x" } } | Wait-Job; $j.State'
  '1..20 | % { Start-Job { while ($true) { "x" * 1000 } } } | Wait-Job | Select-Object -First 1 State'
)
printf '%-8s %-10s %-34s %s\n' seconds "peak MB" "ends with" script
for script in "${runaways[@]}"; do
  out=$( { /usr/bin/time -f '@@ %e %M' timeout 120 "$bin" -Command "$script" 2>&1; } 2>&1 || true)
  read -r secs kb < <(grep '^@@' <<<"$out" | tail -1 | cut -c4-)
  ends=$(grep -oE 'FullyQualifiedErrorId : [A-Za-z]+|^(Failed|Completed|Running)' <<<"$out" | tail -1 | sed 's/FullyQualifiedErrorId : //')
  printf '%-8s %-10s %-34s %s\n' "$secs" "$((kb / 1024))" "${ends:-?}" "$script"
done
