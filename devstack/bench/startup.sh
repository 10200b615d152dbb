#!/usr/bin/env bash
# Measures the local stack: a cold start (nothing built, no local data, nothing unpacked; the Maven repository
# warm), a restart on kept data, and the memory of each component. Prints a Markdown table for
# docs/benchmarks.md, then one line per figure starting with "BENCHMARK " with its goal (what ./ates bench stack
# collects), the starts with the whole machine's CPU time they took. Needs the default ports free; stops the stack
# at the end.
#   devstack/bench/startup.sh [--keep-cache]    (--keep-cache: leave ~/.cache/ates as it is)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
data="${ATES_DATA:-$root/.devstack}"

./ates stop >/dev/null 2>&1 || true
./mvnw -B -q clean >/dev/null
rm -rf "$data"
if [ "${1:-}" != "--keep-cache" ]; then
  rm -rf "${ATES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ates}"
fi

# CPU time of the whole machine, every core, in ticks of 10 ms: /proc/stat's first line without idle and iowait
busy() { awk 'NR == 1 { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

t0=$(date +%s%N)
c0=$(busy)
./ates start --detach > /tmp/ates-bench-cold.log 2>&1
t1=$(date +%s%N)
c1=$(busy)
cold=$(( (t1 - t0) / 1000000000 ))

# memory once everything has settled: PSS of each component's whole process tree (shared pages split fairly)
sleep 20
pss_tree() { # kB
  local pid=$1 total=0 p
  for p in $pid $(pgrep -P "$pid" 2>/dev/null) $(for c in $(pgrep -P "$pid" 2>/dev/null); do pgrep -P "$c"; done); do
    [ -r /proc/$p/smaps_rollup ] || continue
    total=$(( total + $(awk '/^Pss:/ {print $2}' /proc/$p/smaps_rollup) ))
  done
  echo $total
}
echo "| component | PSS (MB) |"
echo "|---|---:|"
sum=0
for f in "$data"/run/*.pid; do
  name=$(basename "$f" .pid)
  kb=$(pss_tree "$(cat "$f")")
  sum=$(( sum + kb ))
  printf '| %s | %d |\n' "$name" $(( kb / 1024 ))
done
printf '| **total** | **%d** |\n' $(( sum / 1024 ))

./ates stop >/dev/null
t2=$(date +%s%N)
c2=$(busy)
./ates start --detach > /tmp/ates-bench-restart.log 2>&1
t3=$(date +%s%N)
c3=$(busy)
restart=$(( (t3 - t2) / 1000000000 ))
./ates stop >/dev/null

echo
echo "cold start, build included: ${cold} s   (per component: /tmp/ates-bench-cold.log)"
echo "restart on kept data (the build check included; nothing changed): ${restart} s   (per component: /tmp/ates-bench-restart.log)"
grep -E "ready in|built in|up in" /tmp/ates-bench-cold.log | sed 's/^/  cold   /' || true
grep -E "ready in|built in|up in" /tmp/ates-bench-restart.log | sed 's/^/  warm   /' || true

met() { if [ "$1" -lt "$2" ]; then echo met; else echo "NOT met"; fi; }
echo
echo "BENCHMARK stack cold start, build included: ${cold} s (goal < 180 s: $(met "$cold" 180));" \
  "CPU: whole machine $(( (c1 - c0) / 100 )) s"
echo "BENCHMARK stack restart on kept data: ${restart} s (goal < 60 s: $(met "$restart" 60));" \
  "CPU: whole machine $(( (c3 - c2) / 100 )) s"
echo "BENCHMARK stack memory: $(( sum / 1024 )) MB PSS (goal < 2,560 MB: $(met $(( sum / 1024 )) 2560))"
