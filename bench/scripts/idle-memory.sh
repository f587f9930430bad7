#!/usr/bin/env bash
# Measures `./sluice up` idle memory: the JVM's resident set (VmRSS) plus the proportional set size (Pss) of every
# PostgreSQL process of the embedded server, after the platform has been up and idle for a while.
#
#   bench/scripts/idle-memory.sh [SETTLE_SECONDS]    (default 60)
#
# Runs on free ports with its data in a temporary directory, so it never disturbs a `./sluice up` already running on
# the default ports. Prints one line per part and a total in MiB, with the load average.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
settle="${1:-60}"
data="$(mktemp -d /tmp/sluice-idle-XXXXXX)"
log="$data/up.log"

cleanup() {
  if [[ -n "${pid:-}" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$data"
}
trap cleanup EXIT

"$root/sluice" up --data-dir "$data" \
  --set embedded.kafka.port=0 --set embedded.kafka.controller_port=0 --set database.port=0 --set http.port=0 \
  >"$log" 2>&1 &
pid=$!

for _ in $(seq 1 180); do
  grep -q "Sluice is up" "$log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "sluice up exited" >&2; exit 1; }
  sleep 1
done
grep -q "Sluice is up" "$log" || { cat "$log"; echo "sluice up did not start within 180 s" >&2; exit 1; }

# The launcher execs java, so $pid is the JVM.
sleep "$settle"

kib() { awk -v key="$2" '$1 == key":" {print $2; exit}' "$1"; }
jvm_rss=$(kib "/proc/$pid/status" VmRSS)
postmaster=$(head -1 "$data/postgres/postmaster.pid")
pg_pss=0
pg_count=0
for p in "$postmaster" $(pgrep -P "$postmaster"); do
  if [[ -r "/proc/$p/smaps_rollup" ]]; then
    pg_pss=$((pg_pss + $(kib "/proc/$p/smaps_rollup" Pss)))
    pg_count=$((pg_count + 1))
  fi
done

printf 'sluice up idle for %s s (%s); it runs:\n' "$settle" "$(cut -d' ' -f1-3 /proc/loadavg | sed 's/^/load /')"
sed -n '/Sluice is up/,/^$/p' "$log" | grep -E '^  [A-Z]' | sed 's/^/  /'
mib() { awk -v k="$1" 'BEGIN { printf "%7.1f MiB", k / 1024 }'; }
printf '  JVM (pid %s) VmRSS            %s\n' "$pid" "$(mib "$jvm_rss")"
printf '  PostgreSQL (%s processes) Pss  %s\n' "$pg_count" "$(mib "$pg_pss")"
printf '  total                           %s\n' "$(mib $((jvm_rss + pg_pss)))"
