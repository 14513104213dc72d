#!/usr/bin/env bash
# Benchmark of the annual report as a document (issue 13: "a 40-page report with
# charts in under 2 s; the released PDF is then served from storage"). Starts a
# private PostgreSQL cluster, generates the large synthetic dataset with its
# history (as bench/run.sh does), builds the release binary and then:
#  1. typesets a 40-page report of the synthetic city with every table and chart
#     a report can refer to (examples/typeset_report.rs), ten runs on core 0:
#     reading the live figures from PostgreSQL, and typesetting to PDF/UA-1;
#  2. serves a released report's PDF with the page cache off (every request
#     reads the stored bytes from PostgreSQL) and, as the reference, the same
#     bytes from memory by a minimal axum handler (examples/same_bytes.rs):
#     wrk on core 1, 32 connections, the server on core 0.
# Writes docs/benchmarks-documents.md.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${BENCH_SECONDS:-10}

command -v wrk >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
}

echo "== release build"
cargo build --release --quiet
cargo build --release --quiet --example typeset_report --example same_bytes

work=$(mktemp -d /tmp/sachstand-docbench.XXXXXX)
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
db=${socket%/postgres}/bench
psql "$server" -qc "CREATE DATABASE bench"
export DATABASE_URL=$db
target/release/sachstand migrate >/dev/null
echo "== generate (5000 projects, 7000 services, 50000 milestones, 200000 updates, 20 reports, 2000 inquiries)"
target/release/sachstand generate --projects 5000 --services 7000 --milestones 50000 --updates 200000 --reports 20 --inquiries 2000 --seed 1

echo "== typesetting a 40-page report (10 runs, core 0)"
typeset=$(taskset -c 0 target/release/examples/typeset_report "$db" synthetisch 10)
echo "$typeset"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
SACHSTAND_CITY=synthetisch SACHSTAND_BIND=127.0.0.1:$port SACHSTAND_PAGE_CACHE=off RUST_LOG=warn \
  taskset -c 0 target/release/sachstand serve >"$work/portal.log" 2>&1 &
pids+=("$!")
until curl -fs -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.01; done
year=$(psql "${server%/postgres}/bench" -Atc "SELECT max(year) FROM annual_reports r JOIN cities c ON c.id = r.city_id WHERE c.slug = 'synthetisch' AND r.release_state = 'released'")
pdf_url=http://127.0.0.1:$port/berichte/$year.pdf
# The first request typesets and stores the document (it was released by the generator, before storage).
first_ms=$(curl -s -o "$work/report.pdf" -w '%{time_total}' "$pdf_url" | awk '{printf "%.0f", $1 * 1000}')
size=$(stat -c %s "$work/report.pdf")
pages=$(pdfinfo "$work/report.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}' || echo "?")

to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}' <<<"$1"; }
measure() {
  local out; out=$(taskset -c 1 wrk -t1 -c32 -d"${duration}"s --latency "$1")
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")") $(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")") $(awk '/Non-2xx/ {n+=$NF} END {print n+0}' <<<"$out")"
}
echo "== serving the stored PDF ($size bytes, page cache off)"
taskset -c 1 wrk -t1 -c32 -d1s "$pdf_url" >/dev/null
read -r portal_rps portal_p50 portal_p99 portal_errors < <(measure "$pdf_url")
echo "portal: $portal_rps req/s, p50 $portal_p50 ms, p99 $portal_p99 ms, $portal_errors errors"
aport=$(free_port)
taskset -c 0 target/release/examples/same_bytes "127.0.0.1:$aport" "/report.pdf=$work/report.pdf" &
pids+=("$!")
until curl -fs -o /dev/null "http://127.0.0.1:$aport/report.pdf"; do sleep 0.01; done
taskset -c 1 wrk -t1 -c32 -d1s "http://127.0.0.1:$aport/report.pdf" >/dev/null
read -r ref_rps ref_p50 ref_p99 ref_errors < <(measure "http://127.0.0.1:$aport/report.pdf")
echo "axum, same bytes from memory: $ref_rps req/s, p50 $ref_p50 ms, p99 $ref_p99 ms"

{
  echo "# Benchmark: the annual report as a document"
  echo
  echo "Written by \`bench/documents.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); release build."
  echo "Dataset: \`sachstand generate\` with 5,000 projects, 7,000 services, 50,000 milestones and its history since January 2022."
  echo
  echo "## Typesetting a 40-page report with charts (target: under 2 s)"
  echo
  echo "\`examples/typeset_report.rs\` on core 0, ten runs, from the synthetic city's live figures: every"
  echo "section with text, all eight references (three tables of key figures, the milestones, and the"
  echo "charts of projects, milestones and services per month, with their data tables in the appendix)."
  echo
  echo '```'
  echo "$typeset"
  echo '```'
  echo
  echo "## Serving the released PDF from storage"
  echo
  echo "A released report of the synthetic city ($pages pages, $size bytes): its first request typeset and stored it"
  echo "in ${first_ms} ms; afterwards every request reads the stored bytes. wrk \`-t1 -c32 -d${duration}s\` on core 1,"
  echo "the server on core 0, the portal's page cache off (so each request reads PostgreSQL); the reference is a"
  echo "minimal axum handler sending the same bytes from memory, on the same core."
  echo
  echo "| Server | Requests/s | p50 | p99 | Errors |"
  echo "|---|---:|---:|---:|---:|"
  echo "| Portal, stored PDF from PostgreSQL | $portal_rps | $portal_p50 ms | $portal_p99 ms | $portal_errors |"
  echo "| axum, the same bytes from memory | $ref_rps | $ref_p50 ms | $ref_p99 ms | $ref_errors |"
} > docs/benchmarks-documents.md
echo "== written to docs/benchmarks-documents.md"
