#!/usr/bin/env bash
# Call load: SIPp uac -> `tandem --role=all` -> SIPp uas. The uas registers as bob, and
# each call dials bob (the demo dialplan's Dial(SIP/${EXTEN})): two channel actors, two
# media endpoints bridged on the node's media role, a registry lookup, an outbound INVITE
# and its 200 before the caller's 200, then BYE on both legs. No RTP is sent.
# LEGS=1 calls extension 600 (Answer, Echo) instead: one leg, one endpoint.
#
# Rate mode (default): the call rate is stepped up, DURATION seconds each; per step the
# calls placed, the failures, the p99 time from INVITE to 200 and tandem's CPU time per
# call; then the highest rate with fewer than 0.1% failures and a p99 under P99_LIMIT_MS.
#   bench/call_load/run.sh
#   RATES="200 400 800" DURATION=10 bench/call_load/run.sh
#
# Hold mode: CALLS calls are set up and held open, with registry, MEDIA_NODES (default 3)
# media nodes and signaling in processes of their own; it prints how many legs were up at
# once and the signaling node's resident memory per call leg.
#   MODE=hold CALLS=5000 bench/call_load/run.sh    # SETTLE=35: seconds before measuring
#
# Runs inside a private network namespace (loopback only), like the tests.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
source "$(dirname "$0")/../common/sipp_steps.sh"

MODE="${MODE:-rate}"
LEGS="${LEGS:-2}"
RATES="${RATES:-100 200 400 600 800 1000 1200 1500}"
STEP_SECONDS="${DURATION:-10}"
CALLS="${CALLS:-4000}"
P99_LIMIT_MS="${P99_LIMIT_MS:-200}"

if [ -z "${TANDEM_BENCH_IN_NETNS:-}" ]; then
  ensure_packages "${BUILD_PACKAGES[@]}" sip-tester curl util-linux iproute2
  configure_build build/release -DCMAKE_BUILD_TYPE=Release -DTANDEM_TESTS=OFF -DTANDEM_BENCH=ON
  cmake --build "$REPO_ROOT/build/release" --target tandem tandemctl
  exec unshare --net -- env TANDEM_BENCH_IN_NETNS=1 bash -c 'ip link set lo up && exec "$0"' "$0"
fi

work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)"  # two sockets per media endpoint

bin="$REPO_ROOT/build/release"
common=(--log.level=warn --cluster.drain_timeout=0s)
signaling=(--signaling.calls.auth=off --signaling.registrar.auth=off --signaling.ban.failures=0
           --signaling.sip.udp_receive_buffer=33554432)
media=(--media.rtp.first_port=16384 --media.rtp.last_port=32767)
if [ "$MODE" = hold ]; then
  # One role per process, so that the signaling node's memory is its own.
  "$bin/cmd/tandem/tandem" --role=registry "${common[@]}" --grpc.listen=127.0.0.1:50051 \
    --http.listen=127.0.0.1:9464 >"$work/registry.log" 2>&1 &
  pids+=($!)
  # Media nodes on loopback addresses of their own (127.0.0.1, .2, ...), each with its
  # own range of RTP ports: more endpoints than one address has ports for, and than one
  # process may open sockets for (two per endpoint). Held calls send no RTP, so the media
  # timeout is off.
  for i in $(seq "${MEDIA_NODES:-3}"); do
    "$bin/cmd/tandem/tandem" --role=media "${common[@]}" --media.rtp.host="127.0.0.$i" \
      --media.rtp.timeout=0s \
      --media.rtp.first_port=10000 --media.rtp.last_port=32767 \
      --cluster.registry_address=127.0.0.1:50051 --grpc.listen="127.0.0.1:$((50060 + i))" \
      --http.listen="127.0.0.1:$((9470 + i))" >"$work/media$i.log" 2>&1 &
    pids+=($!)
  done
  "$bin/cmd/tandem/tandem" --role=signaling "${common[@]}" "${signaling[@]}" \
    --cluster.registry_address=127.0.0.1:50051 --grpc.listen=127.0.0.1:50053 \
    --http.listen=127.0.0.1:9466 >"$work/tandem.log" 2>&1 &
  tandem=$!
  metrics_port=9466
else
  "$bin/cmd/tandem/tandem" --role=all "${common[@]}" "${signaling[@]}" "${media[@]}" \
    >"$work/tandem.log" 2>&1 &
  tandem=$!
  metrics_port=9464
fi
pids+=($tandem)
for _ in $(seq 100); do "$bin/cmd/tandemctl/tandemctl" nodes list 2>/dev/null | grep -q media && break; sleep 0.1; done
sleep 1.5  # the signaling role polls the directory for media nodes every second

callee=600
if [ "$LEGS" = 2 ]; then
  callee=bob
  scenarios="$REPO_ROOT/tests/interop/sipp"
  (cd "$work" && sipp -sf "$scenarios/callee-answer.xml" -t u1 -i 127.0.0.1 -p 5080 \
      -mi 127.0.0.1 -mp 41000 -buff_size 8388608 -nostdin > "$work/uas.out" 2>&1) &
  pids+=($!)
  (cd "$work" && sipp 127.0.0.1:5060 -sf "$scenarios/register-callee.xml" -t u1 -i 127.0.0.1 \
      -p 5071 -s bob -key contact_port 5080 -m 1 -nostdin -timeout 10 -timeout_error \
      > "$work/register.out" 2>&1) || { echo "bob did not register:" >&2; cat "$work/register.out" >&2; exit 1; }
fi

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
live_channels() {
  curl -s "127.0.0.1:$metrics_port/metrics" | awk '/^tandem_channels\{/ {sum += $2} END {print sum + 0}'
}
printf 'host: %s cores, %s\n' "$(nproc)" "$(uname -r)" >&2

if [ "$MODE" = hold ]; then
  heap_bytes() { curl -s "127.0.0.1:$metrics_port/metrics" | awk '/^tandem_heap_bytes_in_use / {print $2}'; }
  before=$(rss_kb "$tandem")
  heap_before=$(heap_bytes)
  (cd "$work" && sipp 127.0.0.1:5060 -sf "$REPO_ROOT/bench/call_load/call-short.xml" -t u1 \
      -i 127.0.0.1 -p 5070 -mi 127.0.0.1 -mp 40000 -s "$callee" -r 500 -m "$CALLS" -l "$CALLS" -d 600000 \
      -buff_size 8388608 -nostdin > "$work/sipp.out" 2>&1) &
  sipp=$!
  pids+=($sipp)
  up=0
  for _ in $(seq 120); do
    up=$(live_channels)
    [ "$up" -ge $((CALLS * LEGS)) ] && break
    sleep 1
  done
  # The setup's INVITE transactions end 64*T1 (32 s) after their 2xx (RFC 6026): what is
  # left after that is what a call costs while it lasts.
  sleep "${SETTLE:-35}"
  after=$(rss_kb "$tandem")
  heap_after=$(heap_bytes)
  echo "call legs held open: $up ($LEGS per call, $CALLS calls)"
  echo "signaling node resident memory: $before kB before, $after kB with the calls up"
  awk -v a="$after" -v b="$before" -v n="$up" \
    'BEGIN {if (n > 0) printf "signaling node resident memory per call leg: %.1f kB\n", (a - b) / n}'
  # The heap in use is the live state (channel actors, dialogs, the call maps); resident
  # memory also keeps the pages the setup's transactions freed.
  awk -v a="$heap_after" -v b="$heap_before" -v n="$up" \
    'BEGIN {if (n > 0) printf "signaling node heap in use per call leg (channel actor, channel, dialog, call maps): %.2f kB\n", (a - b) / n / 1000}'
  exit 0
fi

best=0
printf '%8s %8s %8s %9s %10s %12s\n' rate/s calls failed failed% p99_ms cpu_us/call
for rate in $RATES; do
  calls=$((rate * STEP_SECONDS))
  before=$(cpu_ticks "$tandem")
  (cd "$work" && timeout $((STEP_SECONDS * 3 + 30)) sipp 127.0.0.1:5060 \
      -sf "$REPO_ROOT/bench/call_load/call-short.xml" -t u1 -i 127.0.0.1 -p 5070 \
      -mi 127.0.0.1 -mp 40000 -s "$callee" -r "$rate" -m "$calls" -l $((rate * 4)) -d 0 \
      -buff_size 8388608 -nostdin -recv_timeout 5000 -trace_stat -stf "$work/stat.csv" -fd 1 \
      -trace_rtt -rtt_freq 1 > "$work/sipp.out" 2>&1) || true
  after=$(cpu_ticks "$tandem")
  read_sipp_step "$work"
  if report_sipp_step "$rate" "$calls" $((after - before)); then best=$rate; fi
  # Let the node settle (endpoints released) before the next step.
  for _ in $(seq 30); do [ "$(live_channels)" -eq 0 ] && break; sleep 1; done
done
echo "highest call rate sustained (< 0.1% failures, p99 INVITE to 200 < ${P99_LIMIT_MS} ms): $best calls/s"
