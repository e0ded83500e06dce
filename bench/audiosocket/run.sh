#!/usr/bin/env bash
# AudioSocket bridge load: N RTP <-> AudioSocket bridges through one `tandem --role=all`,
# a phone feeding each and an echoing AudioSocket service answering; N stepped up. For
# each step it prints the frames the service received per second against those expected,
# the pacing jitter of the node's 20 ms frames (p50, p99) and the node's CPU; then the most
# bridges held with every frame delivered and a p99 jitter under JITTER_LIMIT_US (2 ms).
#
#   bench/audiosocket/run.sh                      # 250..2000 bridges, 10 s per step
#   BRIDGES="500 1000" DURATION=20 bench/audiosocket/run.sh
#   IO=epoll bench/audiosocket/run.sh             # the node's packet loop (media.io; io_uring by default)
#
# Runs inside a private network namespace (loopback only), like the tests.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"

BRIDGES="${BRIDGES:-250 500 1000 1500 2000}"
STEP_SECONDS="${DURATION:-10}"
JITTER_LIMIT_US="${JITTER_LIMIT_US:-2000}"

if [ -z "${TANDEM_BENCH_IN_NETNS:-}" ]; then
  ensure_packages "${BUILD_PACKAGES[@]}" libbenchmark-dev util-linux iproute2
  configure_build build/release -DCMAKE_BUILD_TYPE=Release -DTANDEM_TESTS=OFF -DTANDEM_BENCH=ON
  cmake --build "$REPO_ROOT/build/release" --target tandem tandemctl audiosocket_load
  exec unshare --net -- env TANDEM_BENCH_IN_NETNS=1 bash -c 'ip link set lo up && exec "$0"' "$0"
fi

bin="$REPO_ROOT/build/release"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)"

field() { sed -E "s/.*\"$1\":([0-9.e+-]+).*/\1/" <<<"$2"; }

printf 'host: %s cores, %s\n' "$(nproc)" "$(uname -r)"
printf '%8s %12s %12s %10s %10s %22s\n' bridges frames/s expected p50_us p99_us core%_per_1000_bridges
best=0
for n in $BRIDGES; do
  "$bin/cmd/tandem/tandem" --role=all --log.level=warn --media.io="${IO:-io_uring}" \
    --cluster.drain_timeout=0s --media.rtp.first_port=16384 \
    --media.rtp.last_port=32767 >"$work/tandem.log" 2>&1 &
  tandem=$!
  pids+=($tandem)
  for _ in $(seq 100); do "$bin/cmd/tandemctl/tandemctl" nodes list >/dev/null 2>&1 && break; sleep 0.1; done
  line="$("$bin/bench/audiosocket/audiosocket_load" --bridges "$n" --seconds "$STEP_SECONDS" --relay-pid "$tandem")"
  kill "$tandem"; wait "$tandem" 2>/dev/null || true
  frames="$(field service_frames_per_second "$line")"
  expected="$(field expected_frames_per_second "$line")"
  p99="$(field pacing_jitter_us_p99 "$line")"
  printf '%8s %12s %12s %10s %10s %22s\n' "$n" "$frames" "$expected" \
    "$(field pacing_jitter_us_p50 "$line")" "$p99" "$(field relay_core_percent_per_1000_bridges "$line")"
  # Every frame delivered (within 1%: the first and last interval of a step are cut) and
  # the jitter limit held.
  if awk -v f="$frames" -v e="$expected" -v p="$p99" -v max="$JITTER_LIMIT_US" \
      'BEGIN { exit !(f >= 0.99 * e && p < max) }'; then
    best=$n
  fi
done
echo "most bridges held with p99 pacing jitter < ${JITTER_LIMIT_US} us: $best"
