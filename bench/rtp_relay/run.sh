#!/usr/bin/env bash
# RTP relay load: N concurrent G.711 streams (50 packets/s each, 172-byte packets, one
# socket per stream) through one `tandem --role=all` media node, stepping N up; then the
# same generator with no relay in between (the loopback ceiling). For each step it prints
# packets forwarded per second, loss, the p99 latency from send to receive and the relay's
# CPU microseconds per packet; then the most streams relayed with under 0.1% loss and a p99
# under P99_LIMIT_US (default 20 ms: a relay that keeps up adds well under a millisecond;
# one that does not queues packets for hundreds of milliseconds without losing them).
#
#   bench/rtp_relay/run.sh                         # 500..4000 streams, 10 s per step
#   STREAMS="1000 2000" DURATION=20 bench/rtp_relay/run.sh
#   IO=epoll bench/rtp_relay/run.sh                # the relay's packet loop (media.io; io_uring by default)
#
# Runs inside a private network namespace (loopback only), like the tests.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"

STREAMS="${STREAMS:-500 1000 1500 2000 2500 3000 3500 4000}"
STEP_SECONDS="${DURATION:-10}"
P99_LIMIT_US="${P99_LIMIT_US:-20000}"
IO="${IO:-io_uring}"

if [ -z "${TANDEM_BENCH_IN_NETNS:-}" ]; then
  ensure_packages "${BUILD_PACKAGES[@]}" libbenchmark-dev util-linux iproute2
  configure_build build/release -DCMAKE_BUILD_TYPE=Release -DTANDEM_TESTS=OFF -DTANDEM_BENCH=ON
  cmake --build "$REPO_ROOT/build/release" --target tandem tandemctl rtp_load
  exec unshare --net -- env TANDEM_BENCH_IN_NETNS=1 bash -c 'ip link set lo up && exec "$0"' "$0"
fi

bin="$REPO_ROOT/build/release"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)"  # two endpoints and a generator socket per stream

field() { sed -E "s/.*\"$1\":([0-9.e+-]+).*/\1/" <<<"$2"; }

printf 'host: %s cores, %s; relay loop: %s\n' "$(nproc)" "$(uname -r)" "$IO"
printf '%8s %6s %12s %9s %9s %12s %14s\n' streams mode packets/s loss p50_us p99_us relay_cpu_us
best=0
for n in $STREAMS; do
  # A fresh node per step; RTP ports below the ephemeral range, two endpoints per stream.
  "$bin/cmd/tandem/tandem" --role=all --log.level=warn --media.io="$IO" --cluster.drain_timeout=0s \
    --media.rtp.first_port=16384 \
    --media.rtp.last_port=32767 >"$work/tandem.log" 2>&1 &
  tandem=$!
  pids+=($tandem)
  for _ in $(seq 100); do "$bin/cmd/tandemctl/tandemctl" nodes list >/dev/null 2>&1 && break; sleep 0.1; done
  relay="$("$bin/bench/rtp_relay/rtp_load" --streams "$n" --seconds "$STEP_SECONDS" --relay-pid "$tandem")"
  kill "$tandem"; wait "$tandem" 2>/dev/null || true
  direct="$("$bin/bench/rtp_relay/rtp_load" --direct --streams "$n" --seconds "$STEP_SECONDS")"
  for line in "$relay" "$direct"; do
    cpu="-"
    [[ "$line" == *relay_cpu_us_per_packet* ]] && cpu="$(field relay_cpu_us_per_packet "$line")"
    printf '%8s %6s %12s %9.5f %9s %12s %14s\n' "$n" "$(sed -E 's/.*"mode":"([a-z]+)".*/\1/' <<<"$line")" \
      "$(field packets_per_second "$line")" "$(field loss "$line")" \
      "$(field latency_us_p50 "$line")" "$(field latency_us_p99 "$line")" "$cpu"
  done
  if awk -v l="$(field loss "$relay")" -v p="$(field latency_us_p99 "$relay")" -v max="$P99_LIMIT_US" \
      'BEGIN { exit !(l < 0.001 && p < max) }'; then
    best=$n
  fi
done
echo "most streams relayed with < 0.1% loss and p99 < ${P99_LIMIT_US} us: $best ($((best * 50)) packets/s)"
