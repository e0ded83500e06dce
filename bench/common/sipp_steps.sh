# Shared by the SIPp load benchmarks (register_load, call_load). Sourced, not run.

# CPU time a process has used, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Reads what one SIPp step left in DIR (stat.csv from -trace_stat, *_rtt.csv from
# -trace_rtt), sets ok, failed and p99 (ms, "-" when none) and removes the files.
read_sipp_step() {
  local dir=$1 last header
  last=$(tail -n 1 "$dir/stat.csv")
  header=$(head -n 1 "$dir/stat.csv")
  column() { echo "$header" | tr ';' '\n' | grep -n -x "$1" | cut -d: -f1; }
  ok=$(echo "$last" | cut -d';' -f"$(column 'SuccessfulCall(C)')")
  failed=$(echo "$last" | cut -d';' -f"$(column 'FailedCall(C)')")
  p99=$(cat "$dir"/*_rtt.csv 2>/dev/null | awk -F';' '$2 ~ /^[0-9.]+$/ {print $2}' | sort -n \
      | awk '{v[NR]=$1} END {i=int(NR*0.99); if (i < 1) i=1; if (NR) print v[i]; else print "-"}')
  rm -f "$dir"/*_rtt.csv "$dir/stat.csv"
}

# Prints one step's row (rate, attempts, failures, p99, CPU µs per success, from the
# ticks the node used) and succeeds when it was sustained: under 0.1% failures and a p99
# under P99_LIMIT_MS.
report_sipp_step() {
  local rate=$1 attempts=$2 ticks=$3 cpu_us percent
  cpu_us=$(( ticks * 1000000 / $(getconf CLK_TCK) / (ok > 0 ? ok : 1) ))
  percent=$(awk -v f="$failed" -v c="$attempts" 'BEGIN {printf "%.3f", 100 * f / c}')
  printf '%8s %8s %8s %9s %10s %12s\n' "$rate" "$attempts" "$failed" "$percent" "$p99" "$cpu_us"
  awk -v f="$failed" -v c="$attempts" -v o="$ok" -v p="$p99" -v l="$P99_LIMIT_MS" \
    'BEGIN {exit !(f * 1000 < c && o > 0 && p != "-" && p + 0 < l + 0)}'
}
