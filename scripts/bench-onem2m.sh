#!/usr/bin/env bash
# RETRIEVE and CREATE throughput of the oneM2M HTTP binding, measured with wrk (Debian's
# `wrk` package) against a release build of `dmgate serve` on loopback. Usage:
#   scripts/bench-onem2m.sh [seconds per run, default 10]
# Prints one line per run: operation, connections, requests/s, p50, p99, non-2xx answers.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS="${1:-10}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release -q -p dmgate
DATA="$(mktemp -d)"
PORT=18080
CWMP=17547
./target/release/dmgate serve --data-dir "$DATA" --onem2m-listen "127.0.0.1:$PORT" \
  --cwmp-listen "127.0.0.1:$CWMP" --log warn &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA" "$LUA"' EXIT
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
CSE="http://127.0.0.1:$PORT"
H=(-H 'X-M2M-Origin: CAdmin' -H 'X-M2M-RI: bench' -H 'X-M2M-RVI: 3')
curl -sf -o /dev/null -X POST "$CSE/cse-in" "${H[@]}" -H 'Content-Type: application/json;ty=14' \
  -d '{"m2m:nod": {"rn": "bench-node", "ni": "urn:dev:ops:00D09E-BENCH-1"}}'
curl -sf -o /dev/null -X POST "$CSE/cse-in/bench-node" "${H[@]}" -H 'Content-Type: application/json;ty=13' \
  -d '{"m2m:dvi": {"rn": "deviceInfo", "mgd": 1007, "dlb": "bench", "man": "Acme", "mod": "IGD", "dty": "gateway", "fwv": "1.2.3", "swv": "4.5.6"}}'

LUA="$(mktemp --suffix=.lua)"
cat > "$LUA" <<'LUA'
wrk.method = "POST"
wrk.headers["X-M2M-Origin"] = "CAdmin"
wrk.headers["X-M2M-RI"] = "bench"
wrk.headers["X-M2M-RVI"] = "3"
wrk.headers["Content-Type"] = "application/json;ty=13"
wrk.body = '{"m2m:mem": {"mgd": 1003, "mma": 1048576, "mmt": 4194304}}'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f %.2f %.2f\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
GETLUA="$(mktemp --suffix=.lua)"
sed -e 's/^wrk.method = "POST"/wrk.method = "GET"/' -e '/Content-Type/d' -e '/wrk.body/d' "$LUA" > "$GETLUA"

run() { # label url script connections
  local out
  out=$(wrk -t "$(( $4 < 2 ? 1 : 2 ))" -c "$4" -d "${SECS}s" --latency -s "$3" "$2" 2>&1)
  local errors
  errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  echo "$out" | awk -v label="$1" -v c="$4" -v e="${errors:-0}" \
    '/^RESULT/ {printf "%-34s c=%-3s %9s req/s  p50 %6s ms  p99 %6s ms  non-2xx %s\n", label, c, $2, $3, $4, e}'
}
echo "dmgate $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, ${SECS}s per run"
for c in 1 8 64; do
  run "baseline: GET on the CWMP port (405)" "http://127.0.0.1:$CWMP/" "$GETLUA" "$c"
  run "RETRIEVE <mgmtObj> deviceInfo" "$CSE/cse-in/bench-node/deviceInfo" "$GETLUA" "$c"
  run "CREATE <mgmtObj> memory" "$CSE/cse-in/bench-node" "$LUA" "$c"
done
rm -f "$GETLUA"
echo "peak RSS of the server: $(awk '/VmHWM/ {print $2, $3}' /proc/$SERVER/status)"
