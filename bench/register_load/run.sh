#!/usr/bin/env bash
# Registration load: SIPp REGISTERs with digest auth (401, then the authenticated REGISTER)
# against `tandem --role=all` with bindings in Redis, the rate stepped up. For each step it
# prints the calls placed, the failures, the p99 time from first REGISTER to 200, and
# tandem's CPU time per registration; then the highest rate sustained: fewer than 0.1%
# failures and a p99 under P99_LIMIT_MS (default 100 ms, well below SIP's 500 ms T1 at
# which clients start retransmitting, so a backlog does not pass for throughput).
#
#   bench/register_load/run.sh                          # 2000..20000/s, 10 s per step
#   RATES="4000 8000 12000" DURATION=20 bench/register_load/run.sh
#
# Runs inside a private network namespace (loopback only), like the tests.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
source "$(dirname "$0")/../common/sipp_steps.sh"

RATES="${RATES:-2000 4000 6000 8000 10000 12000 14000 16000 18000 20000}"
STEP_SECONDS="${DURATION:-10}"
USERS="${USERS:-10000}"
P99_LIMIT_MS="${P99_LIMIT_MS:-100}"

if [ -z "${TANDEM_BENCH_IN_NETNS:-}" ]; then
  ensure_packages "${BUILD_PACKAGES[@]}" redis-server sip-tester util-linux iproute2
  configure_build build/release -DCMAKE_BUILD_TYPE=Release -DTANDEM_TESTS=OFF -DTANDEM_BENCH=ON
  cmake --build "$REPO_ROOT/build/release" --target tandem tandemctl
  exec unshare --net -- env TANDEM_BENCH_IN_NETNS=1 bash -c 'ip link set lo up && exec "$0"' "$0"
fi

work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# USERS accounts: the same in tandem's configuration and in SIPp's CSV.
{
  echo "signaling:"
  echo "  users:"
  for i in $(seq -w 1 "$USERS"); do echo "    - {name: u$i, password: pw$i}"; done
} > "$work/tandem.yaml"
{
  echo "SEQUENTIAL"
  for i in $(seq -w 1 "$USERS"); do echo "u$i;[authentication username=u$i password=pw$i]"; done
} > "$work/users.csv"

redis-server --port 16379 --bind 127.0.0.1 --save "" --appendonly no --dir "$work" \
  --daemonize no --loglevel warning >"$work/redis.log" 2>&1 &
pids+=($!)
"$REPO_ROOT/build/release/cmd/tandem/tandem" --config "$work/tandem.yaml" --role=all \
  --registry.store=redis --registry.redis.address=127.0.0.1:16379 \
  --signaling.auth.algorithms=MD5,SHA-256 --signaling.ban.failures=0 \
  --log.level=warn >"$work/tandem.log" 2>&1 &
tandem=$!
pids+=($tandem)
for _ in $(seq 100); do "$REPO_ROOT/build/release/cmd/tandemctl/tandemctl" nodes list >/dev/null 2>&1 && break; sleep 0.1; done

best=0
printf 'host: %s cores, %s\n' "$(nproc)" "$(uname -r)" >&2
printf '%8s %8s %8s %9s %10s %12s\n' rate/s calls failed failed% p99_ms cpu_us/reg
for rate in $RATES; do
  calls=$((rate * STEP_SECONDS))
  before=$(cpu_ticks "$tandem")
  (cd "$work" && timeout $((STEP_SECONDS * 3 + 30)) sipp 127.0.0.1:5060 -sf "$REPO_ROOT/bench/register_load/register-digest-load.xml" \
      -inf "$work/users.csv" -t u1 -i 127.0.0.1 -p 5070 -r "$rate" -rp 1000 -m "$calls" -l $((rate * 4)) \
      -buff_size 8388608 -nostdin -recv_timeout 5000 -trace_stat -stf "$work/stat.csv" -fd 1 \
      -trace_rtt -rtt_freq 1 > "$work/sipp.out" 2>&1) || true
  after=$(cpu_ticks "$tandem")
  read_sipp_step "$work"
  if report_sipp_step "$rate" "$calls" $((after - before)); then best=$rate; fi
done
echo "highest rate sustained (< 0.1% failures, p99 < ${P99_LIMIT_MS} ms): $best registrations/s"
