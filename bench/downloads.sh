#!/usr/bin/env bash
# Open data at scale (issue 11): on the large synthetic dataset, the time and
# size of every list download (CSV and JSON, the whole list), of the API's
# largest page, and the portal's peak memory (VmHWM) after each, against the
# budget of 150 MB. The archive /daten/sachstand.zip comes first, so that its
# peak is its own: the first fetch builds it, the second is served from its file. The portal runs from the release build on core 0, with the
# page cache on (downloads longer than 2,000 rows are streamed, not stored).
# Writes docs/benchmarks-downloads.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

echo "== release build"
cargo build --release --quiet

work=$(mktemp -d /tmp/sachstand-downloads.XXXXXX)
chmod 755 "$work"
portal=""
cleanup() {
  [ -n "$portal" ] && kill "$portal" 2>/dev/null || true
  scripts/pg-cluster stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT

server=$(scripts/pg-cluster start "$work/pg")
socket=$(scripts/pg-cluster socket-url "$work/pg")
psql "$server" -qc "CREATE DATABASE bench"
export DATABASE_URL=${socket%/postgres}/bench
target/release/sachstand migrate >/dev/null
sizes=(--projects 5000 --services 7000 --milestones 50000 --updates 200000 --reports 20 --inquiries 2000 --seed 1)
echo "== generate ${sizes[*]}"
target/release/sachstand generate "${sizes[@]}" >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SACHSTAND_CITY=synthetisch SACHSTAND_BIND=127.0.0.1:$port RUST_LOG=warn \
  taskset -c 0 target/release/sachstand serve >"$work/portal.log" 2>&1 &
portal=$!
for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
hwm() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$portal/status"; }
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$portal/status"; }

rows=""
start_hwm=$(hwm)
for path in /api/v1/projects?pro_seite=100 /daten/sachstand.zip /projekte.json /projekte.csv /online-dienste.json /online-dienste.csv \
  /meilensteine.json /meilensteine.csv /anfragen.json /aktuelles.json /aktuelles.csv; do
  # As a browser asks (compressed), and a second time (stored or streamed again).
  read -r code time size < <(curl -s -o /dev/null -H 'Accept-Encoding: gzip, deflate, br' \
    -w '%{http_code} %{time_total} %{size_download}\n' "http://127.0.0.1:$port$path")
  read -r _ time2 _ < <(curl -s -o /dev/null -H 'Accept-Encoding: gzip, deflate, br' \
    -w '%{http_code} %{time_total} %{size_download}\n' "http://127.0.0.1:$port$path")
  plain=$(curl -s "http://127.0.0.1:$port$path" | wc -c)
  echo "$path: $code, ${time}s then ${time2}s, $size bytes sent ($plain uncompressed), VmHWM $(hwm) MB"
  rows+="| \`$path\` | $code | $(printf '%.2f' "$time") | $(printf '%.2f' "$time2") | $plain | $size | $(hwm) |"$'\n'
done

cat > docs/benchmarks-downloads.md <<MD
# Open data at scale: downloads and memory

Latest run of \`bench/downloads.sh\` ($(date -u '+%Y-%m-%d %H:%M UTC')) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),
PostgreSQL $(psql "$server" -Atc 'SHOW server_version'). Dataset: \`sachstand generate ${sizes[*]}\`.
The portal (release build, page cache on) runs on core 0; each address is fetched twice with curl
(\`Accept-Encoding: gzip, deflate, br\`), then once uncompressed for its size. Lists of up to 2,000 rows are
one answer that the page cache stores; longer ones are streamed in chunks of 1,000 rows.
The archive \`/daten/sachstand.zip\` (every dataset as CSV and JSON, deflated) is built on its first fetch
and then served from its file.

| address | status | first s | second s | bytes (uncompressed) | bytes sent | portal VmHWM after, MB |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
$rows
Peak memory before the first download: ${start_hwm} MB; after all of them: $(hwm) MB (VmRSS $(rss) MB). Budget: 150 MB.
MD
echo "== written to docs/benchmarks-downloads.md"
