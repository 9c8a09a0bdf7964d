#!/usr/bin/env bash
# Runs the messaging benchmarks against Redis, moto_server and fauxqs, each started here on a free loopback port
# and stopped at the end. Extra arguments go to BenchmarkDotNet, e.g. --filter '*RequestReply*'.
#
#   bench/Alyx.Messaging.Benchmarks/run.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
work=$(mktemp -d "${TMPDIR:-/tmp}/alyx-bench.XXXXXX")
pids=()

cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  [[ -f $work/redis.pid ]] && kill "$(cat "$work/redis.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_for() {
  local deadline=$((SECONDS + 60))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { echo "service did not start: $*" >&2; return 1; }
    sleep 0.2
  done
}

[[ -d tests/node_modules/fauxqs ]] || (cd tests && npm ci --no-audit --no-fund --silent)

redis_port=$(free_port)
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --daemonize yes \
  --pidfile "$work/redis.pid" --logfile "$work/redis.log" --dir "$work"
wait_for redis-cli -p "$redis_port" ping

moto_port=$(free_port)
moto_server -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
pids+=($!)
wait_for curl -sf "http://127.0.0.1:$moto_port/moto-api/"

fauxqs_port=$(free_port)
node tests/oracles/fauxqs.mjs "$fauxqs_port" >"$work/fauxqs.log" 2>&1 &
pids+=($!)
wait_for curl -sf -X POST -H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: AmazonSQS.ListQueues' \
  -d '{}' "http://127.0.0.1:$fauxqs_port/"

# Static credentials and no metadata probe: nothing here may reach AWS or a metadata address.
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL
export ALYX_TEST_REDIS="127.0.0.1:$redis_port" ALYX_TEST_MOTO="http://127.0.0.1:$moto_port"
export ALYX_TEST_FAUXQS="http://127.0.0.1:$fauxqs_port"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

[[ $# -gt 0 ]] || set -- --filter '*MessengerBenchmarks*'
dotnet run -c Release --project bench/Alyx.Messaging.Benchmarks -- --artifacts "$work/artifacts" "$@"
