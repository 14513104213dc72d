#!/usr/bin/env bash
# Benchmark of many cities on one installation (issue 14): 20 synthetic cities
# of 250 projects and 350 services each, served by one `sachstand serve` and
# chosen by the Host header. For every city, its overview, project list and a
# project page are measured with the page cache on and off. The reference, in
# the same run and under the same conditions, is one installation holding only
# one city of the same size: the figures "hold for every city" when each city's
# figures with 20 loaded stay near the single city's.
#
# wrk -t1 -c32 on loopback; the portal on core 0, wrk on core 1, PostgreSQL
# unpinned and reached through its Unix socket (as bench/run.sh). Clients ask
# for Brotli as browsers do. Writes docs/benchmarks-cities.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cities=${BENCH_CITIES:-20}
seconds=${BENCH_SECONDS:-3}
accept="Accept-Encoding: gzip, deflate, br"
sizes=(--projects 250 --services 350 --milestones 2500 --updates 10000 --reports 5 --inquiries 100)

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

echo "== release build"
cargo build --release --quiet

work=$(mktemp -d /tmp/sachstand-cities.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  scripts/pg-cluster stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT

server=$(scripts/pg-cluster start "$work/pg")
socket=$(scripts/pg-cluster socket-url "$work/pg")
psql "$server" -qc "CREATE DATABASE one" -c "CREATE DATABASE many"

city() { printf 'stadt%02d' "$1"; }

echo "== generate: 1 city (reference), then $cities cities, each ${sizes[*]}"
gen_start=$(date +%s)
DATABASE_URL=${socket%/postgres}/one target/release/sachstand generate "${sizes[@]}" --seed 1 \
  --city "$(city 1)" --host "$(city 1).localhost" >/dev/null
for i in $(seq 1 "$cities"); do
  DATABASE_URL=${socket%/postgres}/many target/release/sachstand generate "${sizes[@]}" --seed "$i" \
    --city "$(city "$i")" --host "$(city "$i").localhost" >/dev/null
  printf '.'
done
echo " $(( $(date +%s) - gen_start )) s"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}' <<<"$1"; }

# Starts the portal over database $1 with the page cache $2 on core 0; prints "pid port".
start_portal() {
  local port; port=$(free_port)
  DATABASE_URL=${socket%/postgres}/$1 SACHSTAND_CITY="$(city 1)" SACHSTAND_BIND=127.0.0.1:$port \
    SACHSTAND_PAGE_CACHE=$2 RUST_LOG=warn taskset -c 0 target/release/sachstand serve >"$work/portal-$1-$2.log" 2>&1 &
  local pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.01; done
  echo "$pid $port"
}

# wrk on core 1 for host $1 and address $2 on port $3; prints "requests/s p99-ms errors".
measure() {
  local out; out=$(taskset -c 1 wrk -t1 -c32 -d"${seconds}"s --latency -H "$accept" -H "Host: $1.localhost" "http://127.0.0.1:$3$2")
  local rps; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  local p99; p99=$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
  local errors; errors=$(awk '/Non-2xx/ {n+=$NF} /Socket errors/ {gsub(/[^0-9 ]/," "); for(i=1;i<=NF;i++) n+=$i} END {print n+0}' <<<"$out")
  echo "$rps $p99 $errors"
}

pages=("Übersicht|/" "Projektliste|/projekte" "Projektseite|/projekte/projekt-000042")
results="$work/results.txt"
: >"$results"

for cache in on off; do
  for db in one many; do
    read -r pid port < <(start_portal "$db" "$cache")
    pids+=("$pid")
    n=1; [ "$db" = many ] && n=$cities
    echo "== $db, page cache $cache"
    for i in $(seq 1 "$n"); do
      c=$(city "$i")
      for entry in "${pages[@]}"; do
        # Warm: the page is rendered (and, with the cache on, stored) once.
        curl -fs -o /dev/null -H "$accept" -H "Host: $c.localhost" "http://127.0.0.1:$port${entry#*|}"
        read -r rps p99 errors < <(measure "$c" "${entry#*|}" "$port")
        echo "$db $cache $c ${entry%%|*}|$rps $p99 $errors" >>"$results"
        printf '%s %-12s %-22s %10s req/s  p99 %7s ms  %s errors\n' "$cache" "$c" "${entry%%|*}" "$rps" "$p99" "$errors"
      done
    done
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    echo "$db $cache rss|$rss" >>"$results"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
done

# The table: per page and cache mode, the single city, then min / median / max over the 20 cities.
report=docs/benchmarks-cities.md
{
  echo "# Benchmark: $cities cities on one installation"
  echo
  echo "Latest run of \`bench/cities.sh\` ($(date -u '+%Y-%m-%d %H:%M UTC')) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), PostgreSQL $(psql "$server" -Atc 'SHOW server_version')."
  echo "Each city: \`sachstand generate ${sizes[*]} --city stadtNN --host stadtNN.localhost\`;"
  echo "the reference installation holds only \`stadt01\`, the other all $cities (same sizes, other seeds)."
  echo "wrk \`-t1 -c32 -d${seconds}s\` with \`Host: stadtNN.localhost\` and \`Accept-Encoding: gzip, deflate, br\`; the portal on core 0, wrk on core 1, PostgreSQL unpinned."
  echo
  echo "| page | page cache | 1 city: req/s, p99 ms | $cities cities: req/s min / median / max | $cities cities: p99 ms min / median / max | errors |"
  echo "| --- | --- | ---: | ---: | ---: | ---: |"
  for entry in "${pages[@]}"; do
    name=${entry%%|*}
    for cache in on off; do
      ref=$(grep "^one $cache stadt01 $name|" "$results" | cut -d'|' -f2)
      stats=$(grep "^many $cache stadt[0-9]* $name|" "$results" | cut -d'|' -f2 | python3 -c '
import sys, statistics
rows = [l.split() for l in sys.stdin if l.strip()]
rps = sorted(float(r[0]) for r in rows); p99 = sorted(float(r[1]) for r in rows); err = sum(int(r[2]) for r in rows)
f = lambda v: f"{min(v):.0f} / {statistics.median(v):.0f} / {max(v):.0f}"
g = lambda v: f"{min(v):.2f} / {statistics.median(v):.2f} / {max(v):.2f}"
print(f"{f(rps)} | {g(p99)} | {err}")')
      read -r ref_rps ref_p99 _ <<<"$ref"
      echo "| $name | $cache | $ref_rps, $ref_p99 | $stats |"
    done
  done
  echo
  for cache in on off; do
    echo "Memory (VmRSS after the run), page cache $cache: 1 city $(grep "^one $cache rss|" "$results" | cut -d'|' -f2) kB, $cities cities $(grep "^many $cache rss|" "$results" | cut -d'|' -f2) kB."
    echo
  done
} >"$report"
cat "$report"
