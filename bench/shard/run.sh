#!/usr/bin/env bash
# Measures one shard host with 1,000 guilds against the Discord emulator, everything on loopback:
#   - resident memory (VmRSS, and the peak VmHWM) once the guilds have arrived, and again after a burst of events;
#   - dispatch-to-handler latency: the time from the gateway handing an event over to a plugin handler starting on
#     it, which the host reports as the DispatchLatency metric (a mean per status interval).
#
#   bench/shard/run.sh [EVENTS]      # EVENTS MESSAGE_CREATE dispatches, default 2000
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
events=${1:-2000}
work=$(mktemp -d "${TMPDIR:-/tmp}/alyx-shard-bench.XXXXXX")
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -f $work/redis.pid ]] && kill "$(cat "$work/redis.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

wait_for() {
  local seconds=$1; shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { echo "timed out waiting for: $*" >&2; exit 1; }
    sleep 0.2
  done
}

cd "$root"
dotnet build -c Release Alyx.Cli >/dev/null
dotnet build -c Release Alyx.Shard >/dev/null
dotnet build -c Release samples/Alyx.Samples.Ping >/dev/null

redis_port=$(free_port)
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --daemonize yes \
  --pidfile "$work/redis.pid" --logfile "$work/redis.log" --dir "$work"
wait_for 20 redis-cli -p "$redis_port" ping

emulator_port=$(free_port)
dotnet Alyx.Cli/bin/Release/net10.0/alyx.dll emulator --port "$emulator_port" --guilds 1000 --shards 1 >"$work/emulator.log" 2>&1 &
pids+=($!)
wait_for 60 curl -sf "http://127.0.0.1:$emulator_port/api/v10/gateway"

mkdir -p "$work/plugins/Alyx.Samples.Ping"
cp samples/Alyx.Samples.Ping/bin/Release/net10.0/* "$work/plugins/Alyx.Samples.Ping/"

ALYX_CLUSTER=bench ALYX_SHARD_SET=0 ALYX_SHARD_ID=0 ALYX_SHARD_COUNT=1 ALYX_TOKEN=emulator-token \
ALYX_DISCORD_REST_URL="http://127.0.0.1:$emulator_port/api/v10/" ALYX_REDIS="127.0.0.1:$redis_port" \
ALYX_INTENTS=33281 ALYX_STATUS_INTERVAL_MS=1000 ALYX_PLUGINS_PATH="$work/plugins" ALYX_TASK_ID=bench \
Logging__LogLevel__Default=Warning \
  dotnet Alyx.Shard/bin/Release/net10.0/Alyx.Shard.dll >"$work/metrics.jsonl" 2>"$work/host.log" &
host=$!
pids+=($host)
wait_for 120 grep -q '"Guilds":1000' "$work/metrics.jsonl"
sleep 5
rss_ready=$(awk '/VmRSS/ {print $2}' "/proc/$host/status")

# One guild id serves all events: with one shard, every guild belongs to shard 0.
url="http://127.0.0.1:$emulator_port/_emulator/guilds/175928847299117063/dispatch/MESSAGE_CREATE"
lines_before=$(wc -l <"$work/metrics.jsonl")
start=$(date +%s.%N)
seq 1 "$events" | xargs -P 4 -I{} curl -s -o /dev/null -X POST "$url" \
  -d '{"id":"{}","channel_id":"2","guild_id":"175928847299117063","author":{"id":"4","username":"bench"},"content":"hello"}'
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
sleep 3
rss_after=$(awk '/VmRSS/ {print $2}' "/proc/$host/status")
rss_peak=$(awk '/VmHWM/ {print $2}' "/proc/$host/status")

tail -n +"$((lines_before + 1))" "$work/metrics.jsonl" | python3 -c '
import json, sys
means = [json.loads(l)["DispatchLatency"] for l in sys.stdin if "\"DispatchLatency\"" in l]
events = None
print(f"dispatch-to-handler latency, mean of {len(means)} one-second intervals: {sum(means)/len(means):.3f} ms; highest interval mean: {max(means):.3f} ms")
'
received=$(tail -n +"$((lines_before + 1))" "$work/metrics.jsonl" | python3 -c '
import json, sys
print(sum(json.loads(l).get("EventsReceived", 0) for l in sys.stdin))')
echo "events sent: $events in ${elapsed}s; events the host counted: $received"
echo "RSS with 1000 guilds ready: $((rss_ready / 1024)) MiB; after the burst: $((rss_after / 1024)) MiB; peak (VmHWM): $((rss_peak / 1024)) MiB"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
