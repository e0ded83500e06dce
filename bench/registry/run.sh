#!/usr/bin/env bash
# The registry benchmark: Registry.Bind and Registry.Lookup through gRPC with N concurrent
# clients, against `tandem --role=registry` with the memory store and with the Redis store.
# Prints one line per run and writes them to bench/results/registry-<time>.json.
#
#   bench/registry/run.sh                 # 64 clients, 10 s per run
#   CLIENTS=128 DURATION=30 bench/registry/run.sh
#
# Runs inside a private network namespace (loopback only), like the tests.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"

CLIENTS="${CLIENTS:-64}"
SECONDS_PER_RUN="${DURATION:-10}"

if [ -z "${TANDEM_BENCH_IN_NETNS:-}" ]; then
  ensure_packages "${BUILD_PACKAGES[@]}" libbenchmark-dev redis-server util-linux iproute2
  configure_build build/release -DCMAKE_BUILD_TYPE=Release -DTANDEM_TESTS=OFF -DTANDEM_BENCH=ON
  cmake --build "$REPO_ROOT/build/release" --target tandem tandemctl registry_load
  exec unshare --net -- env TANDEM_BENCH_IN_NETNS=1 bash -c 'ip link set lo up && exec "$0"' "$0"
fi

bin="$REPO_ROOT/build/release"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

redis-server --port 16379 --bind 127.0.0.1 --save "" --appendonly no --dir "$work" \
  --daemonize no --loglevel warning >"$work/redis.log" 2>&1 &
pids+=($!)

results="$REPO_ROOT/bench/results/registry-$(date -u +%Y%m%dT%H%M%SZ).json"
printf 'host: %s cores, %s\n' "$(nproc)" "$(uname -r)" >&2
for store in memory redis; do
  "$bin/cmd/tandem/tandem" --role=registry --registry.store=$store \
    --registry.redis.address=127.0.0.1:16379 --log.level=warn >"$work/tandem-$store.log" 2>&1 &
  tandem_pid=$!
  pids+=($tandem_pid)
  for _ in $(seq 100); do "$bin/cmd/tandemctl/tandemctl" nodes list >/dev/null 2>&1 && break; sleep 0.1; done
  for op in bind lookup; do
    "$bin/bench/registry/registry_load" --op $op --clients "$CLIENTS" --seconds "$SECONDS_PER_RUN" \
      --warmup 2 --label "$store" | tee -a "$results"
  done
  kill -TERM $tandem_pid
  wait $tandem_pid || die "tandem ($store) did not stop cleanly; see its log: $(cat "$work/tandem-$store.log")"
done
log "results: $results"
