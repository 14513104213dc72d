#!/usr/bin/env bash
# Benchmark of the public pages on the large synthetic dataset (issue: "as fast
# as a static site"). Installs wrk and nginx when missing, starts a private
# PostgreSQL cluster, generates the dataset, builds and starts the release
# binary, warms it, and measures with wrk on loopback at 32 connections:
#  1. every page type from the page cache;
#  2. the cached overview and project list against a minimal axum handler and
#     nginx sending the very same bytes, alternating, three rounds;
#  3. the mixed load: random addresses over every project, service, list page,
#     filter and 400 search terms, while a writer changes a random project
#     through SQL once a second (cold, then warm);
#  4. every page type with the page cache off.
# Clients ask for Brotli (`Accept-Encoding: gzip, deflate, br`) as browsers
# do; pages are stored Brotli-compressed. The server (portal, axum or nginx)
# runs on core 0, wrk on core 1; PostgreSQL is not pinned. Besides requests/s
# the server's CPU time per request is reported (from /proc; steadier than
# throughput on a shared machine). Writes the tables, with machine and date,
# to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
duration=${BENCH_SECONDS:-10}
rounds=${BENCH_ROUNDS:-3}
mixed_seconds=${BENCH_MIXED_SECONDS:-20}
accept="Accept-Encoding: gzip, deflate, br"

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
# The portal reaches PostgreSQL through its Unix socket, as on one host (and as
# the embedded default does): per statement cheaper than loopback TCP.
socket=$(scripts/pg-cluster socket-url "$work/pg")
db=${socket%/postgres}/bench
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
  "API: Projektliste|/api/v1/projects"
  "API: Projekt|/api/v1/projects/projekt-000042"
  "CSV: Projekte, 2 Filter|/projekte.csv?art=flagship&status=implementation"
  # Dated views (issue 12: p99 ≤ 50 ms at 32 connections), a fixed day within the generated history.
  "Übersicht, Stand 30.06.2025|/?stand=2025-06-30"
  "Projektliste, Stand 30.06.2025|/projekte?stand=2025-06-30"
  "Projektseite, Stand 30.06.2025|/projekte/projekt-000042?stand=2025-06-30"
)

# CPU time (user + system, in clock ticks) the process has used so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)

to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}' <<<"$1"; }

# wrk on core 1 against the server with pid $2 (CPU time measured when given);
# prints "requests/s p50 p99 cpu-µs-per-request errors" (latencies in ms).
measure() {
  local url=$1 pid=${2:-} seconds=${3:-$duration} script=${4:-}
  local before=0; [ -n "$pid" ] && before=$(cpu_ticks "$pid")
  local args=(-t1 -c32 -d"${seconds}"s --latency -H "$accept")
  [ -n "$script" ] && args+=(-s "$script")
  local out; out=$(taskset -c 1 wrk "${args[@]}" "$url")
  local rps; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  local p50; p50=$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")")
  local p99; p99=$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
  local requests; requests=$(awk '/requests in/ {print $1}' <<<"$out")
  local errors; errors=$(awk '/Non-2xx/ {n+=$NF} /Socket errors/ {gsub(/[^0-9 ]/," "); for(i=1;i<=NF;i++) n+=$i} END {print n+0}' <<<"$out")
  local cpu="-"
  if [ -n "$pid" ]; then
    cpu=$(echo "scale=1; ($(cpu_ticks "$pid") - $before) * 1000000 / $ticks_per_second / $requests" | bc)
  fi
  echo "$rps $p50 $p99 $cpu $errors $requests"
}

# CPU time (clock ticks) of the PostgreSQL cluster: the postmaster's live
# children (backends, background processes) and those that have ended.
pg_pid=$(head -1 "$work/pg/data/postmaster.pid")
pg_ticks() {
  local sum; sum=$(awk '{print $16 + $17}' "/proc/$pg_pid/stat")
  for child in $(pgrep -P "$pg_pid"); do
    sum=$(( sum + $(awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null || echo 0) ))
  done
  echo "$sum"
}

echo "== warm-up"
for entry in "${pages[@]}"; do
  url=$base${entry#*|}
  code=$(curl -s -o /dev/null -w '%{http_code}' "$url")
  [ "$code" = 200 ] || { echo "GET $url answered $code" >&2; exit 1; }
  taskset -c 1 wrk -t1 -c32 -d1s -H "$accept" "$url" >/dev/null
done

echo "== portal (page cache on)"
results=()
for entry in "${pages[@]}"; do
  read -r rps p50 p99 cpu _ < <(measure "$base${entry#*|}" "$pid")
  printf '%-28s %10s req/s  p50 %6s ms  p99 %6s ms  %6s µs CPU/request\n' "${entry%%|*}" "$rps" "$p50" "$p99" "$cpu"
  results+=("${entry%%|*}|${entry#*|}|$rps|$p50|$p99|$cpu")
done

echo "== portal vs minimal axum handler vs nginx, same bytes, alternating ($rounds rounds)"
mkdir -p "$work/www"
# The bytes the portal sends a browser: its stored, Brotli-compressed pages.
curl -s -H "$accept" "$base/" >"$work/www/overview.html.br"
curl -s -H "$accept" "$base/projekte" >"$work/www/projekte.html.br"
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
    location ~ \.br\$ { add_header Content-Encoding br; }
  }
}
NGINX
taskset -c 0 "$nginx_bin" -c "$work/nginx.conf" -p "$work"
for _ in $(seq 1 50); do curl -fs -o /dev/null "http://127.0.0.1:$nport/overview.html.br" && break; sleep 0.1; done
# The reference: a minimal axum server sending the same bytes from memory, same core, same runtime.
aport=$(free_port)
taskset -c 0 target/release/examples/same_bytes "127.0.0.1:$aport" "/=$work/www/overview.html.br" "/projekte=$work/www/projekte.html.br" &
apid=$!
pids+=("$apid")
for _ in $(seq 1 50); do curl -fs -o /dev/null "http://127.0.0.1:$aport/" && break; sleep 0.1; done
comparisons=()
for page in "Übersicht|/|overview.html.br" "Projektliste|/projekte|projekte.html.br"; do
  IFS='|' read -r label path file <<<"$page"
  portal_sum=0; nginx_sum=0; axum_sum=0; p99s=""; np99s=""; ap99s=""; pcpus=""; acpus=""
  for round in $(seq 1 "$rounds"); do
    read -r prps _ pp99 pcpu _ < <(measure "$base$path" "$pid")
    read -r arps _ ap99 acpu _ < <(measure "http://127.0.0.1:$aport$path" "$apid")
    read -r nrps _ np99 _ _ < <(measure "http://127.0.0.1:$nport/$file")
    portal_sum=$(echo "$portal_sum + $prps" | bc); nginx_sum=$(echo "$nginx_sum + $nrps" | bc)
    axum_sum=$(echo "$axum_sum + $arps" | bc)
    p99s="$p99s $pp99"; np99s="$np99s $np99"; ap99s="$ap99s $ap99"; pcpus="$pcpus $pcpu"; acpus="$acpus $acpu"
    printf '%-14s round %d: portal %10s req/s (%s µs CPU), axum %10s req/s (%s µs CPU), nginx %10s req/s\n' "$label" "$round" "$prps" "$pcpu" "$arps" "$acpu" "$nrps"
  done
  ratio=$(echo "scale=2; $portal_sum / $nginx_sum" | bc)
  aratio=$(echo "scale=2; $portal_sum / $axum_sum" | bc)
  pcpu_sum=$(echo "${pcpus# }" | tr ' ' '+' | bc); acpu_sum=$(echo "${acpus# }" | tr ' ' '+' | bc)
  cratio=$(echo "scale=2; $acpu_sum / $pcpu_sum" | bc)
  comparisons+=("$label|$(echo "scale=0; $portal_sum / $rounds" | bc)|$(echo "scale=0; $axum_sum / $rounds" | bc)|$(echo "scale=0; $nginx_sum / $rounds" | bc)|$aratio|$cratio|$ratio|${p99s# }|${ap99s# }|${np99s# }|${pcpus# }|${acpus# }")
  echo "$label: portal/axum = $aratio (by CPU per request: $cratio), portal/nginx = $ratio"
done

echo "== a client without Brotli (curl, a probe): the stored page is decompressed per request"
read -r irps ip50 ip99 icpu _ < <(accept="Accept-Encoding: identity" measure "$base/" "$pid")
echo "Übersicht, identity: $irps req/s, p99 $ip99 ms, $icpu µs CPU/request"

echo "== mixed load: every public address at random, a change through SQL every second"
psql "$db" -tAc "
  SELECT '/projekte/' || p.slug FROM projects p JOIN cities c ON c.id = p.city_id
   WHERE c.slug = 'synthetisch' AND p.archived_at IS NULL
  UNION ALL
  SELECT '/online-dienste/' || s.slug FROM services s JOIN cities c ON c.id = s.city_id
   WHERE c.slug = 'synthetisch' AND s.archived_at IS NULL" >"$work/addresses"
{
  for n in $(seq 1 50); do echo "/projekte?seite=$n"; done
  for n in $(seq 1 30); do echo "/online-dienste?seite=$n"; done
  for art in quick_win flagship strategic; do
    for status in idea implementation completed; do echo "/projekte?art=$art&status=$status"; done
  done
  for n in 1 2 3 4 5; do echo "/projekte?handlungsfeld=bereich-$n"; done
  for status in online planned; do for level in 1 2 3 4; do echo "/online-dienste?status=$status&reifegrad=$level"; done; done
  for page in / /meilensteine /aktuelles /aktuelles.atom /handlungsfelder /strategie /organisation /berichte /anfragen; do echo "$page"; done
  # Open data: API lists and their downloads, as a data portal's harvester asks for them.
  for n in $(seq 1 10); do echo "/api/v1/projects?seite=$n"; echo "/api/v1/services?seite=$n"; done
  for art in quick_win flagship strategic; do echo "/projekte.csv?art=$art&status=implementation"; echo "/api/v1/projects?art=$art"; done
} >>"$work/addresses"
# 400 search terms: the words of titles and names, then whole project titles.
psql "$db" -tAc "
  (SELECT word FROM ts_stat('SELECT to_tsvector(''simple'', title) FROM projects UNION ALL SELECT to_tsvector(''simple'', name) FROM services')
    WHERE length(word) > 3 AND word !~ '^[0-9]+$' ORDER BY ndoc DESC LIMIT 100)
  UNION ALL
  (SELECT title FROM projects ORDER BY md5(slug) LIMIT 300)" |
  python3 -c 'import sys, urllib.parse; [print("/suche?q=" + urllib.parse.quote_plus(l.strip())) for l in sys.stdin if l.strip()]' >>"$work/addresses"
address_count=$(wc -l <"$work/addresses")
echo "$address_count addresses"
# Every address must be a page (a 400 or 404 would flatter the figures).
grep -v '^/projekte/\|^/online-dienste/' "$work/addresses" | while read -r path; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base$path")
  [ "$code" = 200 ] || { echo "GET $path answered $code" >&2; exit 1; }
done
writer() {
  local ids; ids=$(psql "$db" -tAc "SELECT count(*) FROM projects")
  while true; do
    psql "$db" -qc "UPDATE projects SET progress_override = CASE WHEN progress_override IS NULL THEN 50 END
                    WHERE id = (SELECT id FROM projects ORDER BY id OFFSET floor(random() * $ids) LIMIT 1)" >/dev/null
    sleep 1
  done
}
# A fresh portal, so that the first run starts with an empty cache.
read -r mpid mport _ < <(start_portal on)
pids+=("$mpid")
writer & wpid=$!
pids+=("$wpid")
mixed=()
for phase in cold warm; do
  if [ "$phase" = warm ]; then
    # Every address once (a crawler's pass), so that "warm" means every page was rendered since the start.
    sed "s#^#http://127.0.0.1:$mport#" "$work/addresses" |
      xargs -P 4 -n 100 sh -c 'curl -s -H "$0" "$@" >/dev/null' "$accept" || true
  fi
  read -r rps p50 p99 cpu errors _ < <(ADDRESSES="$work/addresses" measure "http://127.0.0.1:$mport" "$mpid" "$mixed_seconds" bench/mixed.lua)
  printf 'mixed load, %s: %10s req/s  p50 %6s ms  p99 %6s ms  %6s µs CPU/request  %s errors\n' "$phase" "$rps" "$p50" "$p99" "$cpu" "$errors"
  mixed+=("$phase|$rps|$p50|$p99|$cpu|$errors")
done
kill "$wpid" 2>/dev/null || true
changes_made=$(psql "$db" -tAc "SELECT count(*) FROM projects WHERE progress_override IS NOT NULL")
mixed_peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$mpid/status")
mixed_rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$mpid/status")
kill "$mpid" 2>/dev/null || true

peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
overview_bytes=$(curl -s "$base/" | wc -c)
overview_br_bytes=$(curl -s -H "$accept" "$base/" | wc -c)
css_path=$(curl -s "$base/" | grep -o '/static/portal\.[0-9a-f]*\.css' | head -1)
css_bytes=$(curl -s "$base$css_path" | wc -c)
encoding=$(curl -s -o /dev/null -D - -H 'Accept-Encoding: br, gzip' "$base/" | awk -F': ' 'tolower($1)=="content-encoding" {print $2}' | tr -d '\r')
css_cache=$(curl -s -o /dev/null -D - "$base$css_path" | awk -F': ' 'tolower($1)=="cache-control" {print $2}' | tr -d '\r')

echo "== portal without page cache (every request renders from PostgreSQL), for reference"
read -r upid uport _ < <(start_portal off)
pids+=("$upid")
uncached=()
for entry in "${pages[@]}" "Meilensteine|/meilensteine"; do
  url=http://127.0.0.1:$uport${entry#*|}
  taskset -c 1 wrk -t1 -c32 -d1s -H "$accept" "$url" >/dev/null
  pg_before=$(pg_ticks)
  read -r rps p50 p99 cpu uerrors requests < <(measure "$url" "$upid" 5)
  pg_cpu=$(echo "scale=1; ($(pg_ticks) - $pg_before) * 1000000 / $ticks_per_second / $requests" | bc)
  printf '%-28s %10s req/s  p50 %6s ms  p99 %6s ms  %6s µs portal, %6s µs PostgreSQL CPU/request  %s errors\n' "${entry%%|*}" "$rps" "$p50" "$p99" "$cpu" "$pg_cpu" "$uerrors"
  uncached+=("${entry%%|*}|${entry#*|}|$rps|$p50|$p99|$cpu|$pg_cpu|$uerrors")
done

echo "== dated pages of a random past day each (page cache off: every request renders a day of its own)"
# Every day from the one after the measured project's first version (before it, its page is a 404) to yesterday.
first_day=$(psql "$db" -tAc "SELECT (min(lower(v.valid)) AT TIME ZONE 'Europe/Berlin')::date + 1 FROM projects_versions v
                             JOIN projects p ON p.id = v.id WHERE p.slug = 'projekt-000042'")
python3 -c 'import datetime as d, sys; t=d.date.today(); x=d.date.fromisoformat(sys.argv[1])
while x < t: print(x.isoformat()); x += d.timedelta(days=1)' "$first_day" >"$work/days"
for entry in "Übersicht, zufälliger Stand|/?stand=" "Projektliste, zufälliger Stand|/projekte?stand=" \
             "Projektseite, zufälliger Stand|/projekte/projekt-000042?stand="; do
  prefix=${entry#*|}
  sed "s#^#$prefix#" "$work/days" >"$work/dated-addresses"
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$uport$(head -1 "$work/dated-addresses")")
  [ "$code" = 200 ] || { echo "GET $prefix… answered $code" >&2; exit 1; }
  pg_before=$(pg_ticks)
  read -r rps p50 p99 cpu uerrors requests < <(ADDRESSES="$work/dated-addresses" measure "http://127.0.0.1:$uport" "$upid" 5 bench/mixed.lua)
  pg_cpu=$(echo "scale=1; ($(pg_ticks) - $pg_before) * 1000000 / $ticks_per_second / $requests" | bc)
  printf '%-28s %10s req/s  p50 %6s ms  p99 %6s ms  %6s µs portal, %6s µs PostgreSQL CPU/request  %s errors\n' "${entry%%|*}" "$rps" "$p50" "$p99" "$cpu" "$pg_cpu" "$uerrors"
  uncached+=("${entry%%|*}|${prefix}(1 of $(wc -l <"$work/days") days)|$rps|$p50|$p99|$cpu|$pg_cpu|$uerrors")
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
  echo "wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'): \`-t1 -c32 -d${duration}s --latency\` on loopback; the server on core 0, wrk on core 1; PostgreSQL unpinned, reached by the portal through its Unix socket."
  echo
  echo "Clients send \`$accept\`, as browsers do. CPU µs/request: the server process's user + system time divided by the requests answered."
  echo
  echo "## Targets of issue 10"
  echo
  echo "| measure | result | target |"
  echo "| --- | --- | --- |"
  for m in "${mixed[@]}"; do IFS='|' read -r phase rps p50 p99 cpu errors <<<"$m"; echo "| mixed load ($phase cache), $address_count addresses, a change every second | $rps req/s, p50 $p50 ms, **p99 $p99 ms**, $errors errors | ≥ 10,000 req/s, p99 ≤ 25 ms, 0 errors |"; done
  for r in "${uncached[@]}"; do IFS='|' read -r l u rps p50 p99 cpu pg_cpu errs <<<"$r"; echo "| $l, uncached | $rps req/s, **p99 $p99 ms**, $errs errors | p99 ≤ 25 ms |"; done
  for c in "${comparisons[@]}"; do IFS='|' read -r l pr ar nr aratio cratio ratio _ <<<"$c"; echo "| cached $l vs minimal axum handler, same bytes | **$aratio ×** by requests/s, $cratio × by CPU per request | ≥ 0.95 × |"; done
  for c in "${comparisons[@]}"; do IFS='|' read -r l pr ar nr aratio cratio ratio _ <<<"$c"; echo "| cached $l vs nginx (1 worker, same core) | $ratio × | reported |"; done
  echo "| peak memory after the mixed load (VmHWM / VmRSS) | $((mixed_peak_kb / 1024)) MB / $((mixed_rss_kb / 1024)) MB | ≤ 150 MB |"
  echo
  echo "## Public pages (page cache on)"
  echo
  echo "| page | address | requests/s | p50 ms | p99 ms | CPU µs/request |"
  echo "| --- | --- | ---: | ---: | ---: | ---: |"
  for r in "${results[@]}"; do IFS='|' read -r l u rps p50 p99 cpu <<<"$r"; echo "| $l | \`$u\` | $rps | $p50 | $p99 | $cpu |"; done
  echo
  echo "A client that does not take Brotli (curl, a monitoring probe) gets the stored page decompressed on the fly: overview $irps req/s, p99 $ip99 ms, $icpu µs CPU/request."
  echo
  echo "## Cached pages against a minimal axum handler and nginx on the same bytes ($rounds alternating rounds each)"
  echo
  echo "All three on core 0 (the portal and the axum reference with tokio's default runtime, nginx with one worker), wrk on core 1;"
  echo "all three send the portal's stored Brotli bytes with \`content-encoding: br\`."
  echo "The reference that counts is the minimal axum handler (\`examples/same_bytes.rs\`): ratios against nginx change from machine to machine."
  echo "Throughput on this shared machine varies by ±15 % from run to run; CPU time per request varies less."
  echo
  echo "| page | portal req/s | axum req/s | nginx req/s | portal/axum req/s (target ≥ 0.95) | axum/portal CPU per request | portal/nginx | p99 ms portal / axum / nginx per round | CPU µs/request portal / axum per round |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"
  for c in "${comparisons[@]}"; do IFS='|' read -r l pr ar nr aratio cratio ratio pp ap np pc ac <<<"$c"; echo "| $l | $pr | $ar | $nr | **$aratio** | **$cratio** | $ratio | $pp / $ap / $np | $pc / $ac |"; done
  echo
  echo "## Mixed load"
  echo
  echo "$address_count addresses (every project and service page, $(grep -c '^/projekte?\|^/online-dienste?' "$work/addresses") list pages and filters, the overview and other pages, $(grep -c '^/suche' "$work/addresses") search terms), drawn at random by \`bench/mixed.lua\`;"
  echo "a writer changes a random project through \`psql\` once a second ($changes_made changes in total). The portal is fresh (empty cache) for the cold run; then every address is fetched once, and the warm run follows. ${mixed_seconds} s each."
  echo
  echo "| run | requests/s | p50 ms | p99 ms | CPU µs/request | errors |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  for m in "${mixed[@]}"; do IFS='|' read -r phase rps p50 p99 cpu errors <<<"$m"; echo "| $phase | $rps | $p50 | $p99 | $cpu | $errors |"; done
  echo
  echo "## Resources"
  echo
  echo "| measure | value | target |"
  echo "| --- | ---: | ---: |"
  echo "| peak memory of the portal (VmHWM) during the cached runs | $((peak_kb / 1024)) MB | ≤ 150 MB |"
  echo "| peak memory of the portal after the mixed load over every address | $((mixed_peak_kb / 1024)) MB | ≤ 150 MB |"
  echo "| start to first 200 on a migrated database | $startup_ms ms | ≤ 1000 ms |"
  echo "| overview HTML + CSS, uncompressed | $(( (overview_bytes + css_bytes) / 1024 )) KB ($overview_bytes + $css_bytes bytes) | ≤ 60 KB |"
  echo "| overview as stored and sent (Brotli) | $overview_br_bytes bytes | |"
  echo "| compression when the client asks (\`Accept-Encoding: br, gzip\`) | $encoding | on |"
  echo "| stylesheet address and caching | \`$css_path\`, \`$css_cache\` | hashed, long-lived |"
  echo
  echo "## Without the page cache (every request queries PostgreSQL and renders)"
  echo
  echo "The portal (on core 0) and PostgreSQL (unpinned, sharing both cores with the portal and wrk) each report their CPU time per request."
  echo
  echo "Targets for the dated pages (\`?stand=\`, issue 12): p99 ≤ 50 ms at 32 connections, with the generated"
  echo "multi-year history ($(psql "$db" -tAc "SELECT count(*) FROM audit_log") audit rows, $(psql "$db" -tAc "SELECT (SELECT count(*) FROM projects_versions) + (SELECT count(*) FROM milestones_versions) + (SELECT count(*) FROM services_versions)") versions of projects, milestones and services)."
  echo
  echo "| page | address | requests/s | p50 ms | p99 ms | portal CPU µs/request | PostgreSQL CPU µs/request | errors |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  for r in "${uncached[@]}"; do IFS='|' read -r l u rps p50 p99 cpu pg_cpu errs <<<"$r"; echo "| $l | \`$u\` | $rps | $p50 | $p99 | $cpu | $pg_cpu | $errs |"; done
  echo
  echo "How the cache works and stays correct across instances: [architecture.md](architecture.md#page-cache)."
} >"$root/docs/benchmarks.md"
echo "== written to docs/benchmarks.md"
cat "$root/docs/benchmarks.md"
