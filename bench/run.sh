#!/usr/bin/env bash
# Benchmark of the public pages on the large synthetic dataset (issue: "as fast
# as a static site"). Installs wrk and nginx when missing, starts a private
# PostgreSQL cluster, generates the dataset, builds and starts the release
# binary, warms it, and measures with wrk on loopback at 32 connections. The
# overview and the project list are also served from nginx (the very same
# bytes, saved from the portal) and measured in alternation with the portal.
# The server (portal or nginx) runs on core 0, wrk on core 1.
# Writes the table, with machine and date, to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
duration=${BENCH_SECONDS:-10}
rounds=${BENCH_ROUNDS:-3}

need=()
command -v wrk >/dev/null || need+=(wrk)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || need+=(nginx)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

echo "== release build"
cargo build --release --quiet
cargo build --release --quiet --example same_bytes

work=$(mktemp -d /tmp/sachstand-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  scripts/pg-cluster stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT

server=$(scripts/pg-cluster start "$work/pg")
db=${server%/postgres}/bench
psql "$server" -qc "CREATE DATABASE bench"
export DATABASE_URL=$db
target/release/sachstand migrate >/dev/null

echo "== generate (5000 projects, 7000 services, 50000 milestones, 200000 updates, 20 reports, 2000 inquiries)"
gen_start=$(date +%s.%N)
target/release/sachstand generate --projects 5000 --services 7000 --milestones 50000 --updates 200000 --reports 20 --inquiries 2000 --seed 1
gen_seconds=$(echo "$(date +%s.%N) - $gen_start" | bc)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Starts the portal on core 0 and prints "pid port milliseconds-to-first-200".
start_portal() {
  local port; port=$(free_port)
  local t0; t0=$(date +%s%N)
  SACHSTAND_CITY=synthetisch SACHSTAND_BIND=127.0.0.1:$port SACHSTAND_PAGE_CACHE=$1 RUST_LOG=warn \
    taskset -c 0 target/release/sachstand serve >"$work/portal-$1.log" 2>&1 &
  local pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.005; done
  echo "$pid $port $(( ($(date +%s%N) - t0) / 1000000 ))"
}

read -r pid port startup_ms < <(start_portal on)
pids+=("$pid")
base=http://127.0.0.1:$port

pages=(
  "Übersicht|/"
  "Projektliste|/projekte"
  "Projektliste, 2 Filter|/projekte?art=flagship&status=implementation"
  "Projektseite|/projekte/projekt-000042"
  "Online-Dienste|/online-dienste"
  "Online-Dienste, gefiltert|/online-dienste?status=online&reifegrad=3"
  "Dienstseite|/online-dienste/leistung-000042"
  "Suche|/suche?q=Datenplattform"
  "Atom-Feed|/aktuelles.atom"
)

# wrk on core 1; prints "requests/s p50 p99" (latencies in ms).
measure() {
  local out; out=$(taskset -c 1 wrk -t1 -c32 -d"${2:-$duration}"s --latency "$1")
  local rps; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}' <<<"$1"; }
  local p50; p50=$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")")
  local p99; p99=$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
  echo "$rps $p50 $p99"
}

echo "== warm-up"
for entry in "${pages[@]}"; do
  url=$base${entry#*|}
  code=$(curl -s -o /dev/null -w '%{http_code}' "$url")
  [ "$code" = 200 ] || { echo "GET $url answered $code" >&2; exit 1; }
  taskset -c 1 wrk -t1 -c32 -d1s "$url" >/dev/null
done

echo "== portal (page cache on)"
results=()
for entry in "${pages[@]}"; do
  read -r rps p50 p99 < <(measure "$base${entry#*|}")
  printf '%-28s %10s req/s  p50 %6s ms  p99 %6s ms\n' "${entry%%|*}" "$rps" "$p50" "$p99"
  results+=("${entry%%|*}|${entry#*|}|$rps|$p50|$p99")
done

echo "== portal vs minimal axum handler vs nginx, same bytes, alternating ($rounds rounds)"
mkdir -p "$work/www"
curl -s "$base/" >"$work/www/overview.html"
curl -s "$base/projekte" >"$work/www/projekte.html"
nport=$(free_port)
cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  sendfile on;
  server {
    listen 127.0.0.1:$nport;
    root $work/www;
  }
}
NGINX
taskset -c 0 "$nginx_bin" -c "$work/nginx.conf" -p "$work"
for _ in $(seq 1 50); do curl -fs -o /dev/null "http://127.0.0.1:$nport/overview.html" && break; sleep 0.1; done
# The reference: a minimal axum server sending the same bytes from memory, same core, same runtime.
aport=$(free_port)
taskset -c 0 target/release/examples/same_bytes "127.0.0.1:$aport" "/=$work/www/overview.html" "/projekte=$work/www/projekte.html" &
pids+=("$!")
for _ in $(seq 1 50); do curl -fs -o /dev/null "http://127.0.0.1:$aport/" && break; sleep 0.1; done
comparisons=()
for page in "Übersicht|/|overview.html" "Projektliste|/projekte|projekte.html"; do
  IFS='|' read -r label path file <<<"$page"
  portal_sum=0; nginx_sum=0; axum_sum=0; p99s=""; np99s=""; ap99s=""
  for round in $(seq 1 "$rounds"); do
    read -r prps _ pp99 < <(measure "$base$path")
    read -r arps _ ap99 < <(measure "http://127.0.0.1:$aport$path")
    read -r nrps _ np99 < <(measure "http://127.0.0.1:$nport/$file")
    portal_sum=$(echo "$portal_sum + $prps" | bc); nginx_sum=$(echo "$nginx_sum + $nrps" | bc)
    axum_sum=$(echo "$axum_sum + $arps" | bc)
    p99s="$p99s $pp99"; np99s="$np99s $np99"; ap99s="$ap99s $ap99"
    printf '%-14s round %d: portal %10s req/s, axum %10s req/s, nginx %10s req/s\n' "$label" "$round" "$prps" "$arps" "$nrps"
  done
  ratio=$(echo "scale=2; $portal_sum / $nginx_sum" | bc)
  aratio=$(echo "scale=2; $portal_sum / $axum_sum" | bc)
  comparisons+=("$label|$(echo "scale=0; $portal_sum / $rounds" | bc)|$(echo "scale=0; $axum_sum / $rounds" | bc)|$(echo "scale=0; $nginx_sum / $rounds" | bc)|$aratio|$ratio|${p99s# }|${ap99s# }|${np99s# }")
  echo "$label: portal/axum = $aratio, portal/nginx = $ratio"
done

peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
overview_bytes=$(curl -s "$base/" | wc -c)
css_path=$(curl -s "$base/" | grep -o '/static/portal\.[0-9a-f]*\.css' | head -1)
css_bytes=$(curl -s "$base$css_path" | wc -c)
encoding=$(curl -s -o /dev/null -D - -H 'Accept-Encoding: br, gzip' "$base/" | awk -F': ' 'tolower($1)=="content-encoding" {print $2}' | tr -d '\r')
css_cache=$(curl -s -o /dev/null -D - "$base$css_path" | awk -F': ' 'tolower($1)=="cache-control" {print $2}' | tr -d '\r')

echo "== portal without page cache (every request renders from PostgreSQL), for reference"
read -r upid uport _ < <(start_portal off)
pids+=("$upid")
uncached=()
for entry in "${pages[@]}"; do
  url=http://127.0.0.1:$uport${entry#*|}
  taskset -c 1 wrk -t1 -c32 -d1s "$url" >/dev/null
  read -r rps p50 p99 < <(measure "$url" 5)
  printf '%-28s %10s req/s  p50 %6s ms  p99 %6s ms\n' "${entry%%|*}" "$rps" "$p50" "$p99"
  uncached+=("${entry%%|*}|$rps|$p50|$p99")
done

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1024/1024}' /proc/meminfo)
{
  echo "# Benchmarks"
  echo
  echo "Latest run of \`bench/run.sh\` ($(date '+%Y-%m-%d %H:%M %Z')) on $(nproc) cores ($cpu), $mem,"
  echo "Linux $(uname -r), PostgreSQL $(psql "$server" -tAc 'SHOW server_version')."
  echo "Dataset: \`sachstand generate --projects 5000 --services 7000 --milestones 50000 --updates 200000 --reports 20 --inquiries 2000 --seed 1\`,"
  echo "generated in ${gen_seconds%.*}.$(echo "$gen_seconds" | cut -d. -f2 | cut -c1) s (target ≤ 60 s)."
  echo "wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'): \`-t1 -c32 -d${duration}s --latency\` on loopback; the server on core 0, wrk on core 1."
  echo
  echo "## Public pages (page cache on)"
  echo
  echo "| page | address | requests/s | p50 ms | p99 ms |"
  echo "| --- | --- | ---: | ---: | ---: |"
  for r in "${results[@]}"; do IFS='|' read -r l u rps p50 p99 <<<"$r"; echo "| $l | \`$u\` | $rps | $p50 | $p99 |"; done
  echo
  echo "## Cached pages against a minimal axum handler and nginx on the same bytes ($rounds alternating rounds each)"
  echo
  echo "All three on core 0 (the portal and the axum reference with tokio's default runtime, nginx with one worker), wrk on core 1."
  echo "The reference that counts is the minimal axum handler (\`examples/same_bytes.rs\`): ratios against nginx change from machine to machine."
  echo
  echo "| page | portal req/s | axum req/s | nginx req/s | portal/axum (target ≥ 0.95) | portal/nginx | p99 ms portal / axum / nginx per round |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
  for c in "${comparisons[@]}"; do IFS='|' read -r l pr ar nr aratio ratio pp ap np <<<"$c"; echo "| $l | $pr | $ar | $nr | **$aratio** | $ratio | $pp / $ap / $np |"; done
  echo
  echo "## Resources"
  echo
  echo "| measure | value | target |"
  echo "| --- | ---: | ---: |"
  echo "| peak memory of the portal (VmHWM) during the run | $((peak_kb / 1024)) MB | ≤ 150 MB |"
  echo "| start to first 200 on a migrated database | $startup_ms ms | ≤ 1000 ms |"
  echo "| overview HTML + CSS, uncompressed | $(( (overview_bytes + css_bytes) / 1024 )) KB ($overview_bytes + $css_bytes bytes) | ≤ 60 KB |"
  echo "| compression when the client asks (\`Accept-Encoding: br, gzip\`) | $encoding | on |"
  echo "| stylesheet address and caching | \`$css_path\`, \`$css_cache\` | hashed, long-lived |"
  echo
  echo "## Without the page cache (reference: every request queries PostgreSQL and renders)"
  echo
  echo "| page | requests/s | p50 ms | p99 ms |"
  echo "| --- | ---: | ---: | ---: |"
  for r in "${uncached[@]}"; do IFS='|' read -r l rps p50 p99 <<<"$r"; echo "| $l | $rps | $p50 | $p99 |"; done
  echo
  echo "How the cache works and stays correct across instances: [architecture.md](architecture.md#page-cache)."
} >"$root/docs/benchmarks.md"
echo "== written to docs/benchmarks.md"
cat "$root/docs/benchmarks.md"
