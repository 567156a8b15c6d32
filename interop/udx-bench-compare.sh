#!/usr/bin/env bash
# Runs the Java UDX benchmarks (java -jar app/target/protomux-wakeup.jar bench --udx) and
# udx-native's (node interop/udx-bench.js --json) on this machine in the same run, with the same
# counts, N times (alternating which goes first), and prints the median of each figure side by
# side with the ratio java/node, each throughput's ratio to its own UDP ceiling, and the goals of
# issue 13.
#
#   interop/udx-bench-compare.sh [--runs N] [--bytes N] [--repeat B] [--rounds R] [--seconds S]
#                                [--streams K] [--loops 1|2] [--jar PATH] [--raw FILE]
#
# Defaults: --runs 3 --bytes 268435456 (256 MiB) --repeat 3 --rounds 10000 --seconds 2
# --streams 2000 --loops 2. Each invocation is a fresh process (the Java client and server on a
# loop thread each with --loops 2, as udx-bench.js runs its server in a child process; --loops 1
# puts both on one thread, and then Node runs --same-process). Every bulk figure is already the
# median of --repeat runs inside each invocation; the table shows the median over the --runs
# invocations, and per run the load average as it started. The raw JSON lines go to stderr (and
# to --raw FILE; `node interop/udx-bench-table.js FILE` prints the table again from it). JAVA_OPTS
# is passed to java. A run with the defaults takes about 2.5 minutes on 2 cores.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$root/app/target/protomux-wakeup.jar"
runs=3
bytes=268435456
repeat=3
rounds=10000
seconds=2
streams=2000
loops=2
raw=""
java_opts="${JAVA_OPTS:-}"

while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --bytes) bytes="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --streams) streams="$2"; shift 2 ;;
    --loops) loops="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    --raw) raw="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "error: unknown option $1" >&2; exit 2 ;;
  esac
done

[ -f "$jar" ] || { echo "error: $jar not found: build it first (mvn -B -q install -DskipTests)" >&2; exit 2; }
[ -d "$here/node_modules/udx-native" ] || (cd "$here" && npm ci --no-audit --no-fund >&2)

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
[ -z "$raw" ] || : > "$raw"

common=(--bytes "$bytes" --repeat "$repeat" --rounds "$rounds" --seconds "$seconds" --streams "$streams")
node_mode=()
[ "$loops" = 1 ] && node_mode=(--same-process)

run() { # label, run index, command...
  local label="$1" index="$2"; shift 2
  local load
  load="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '? ? ?')"
  echo "udx-bench-compare: run $index, $label (load average $load)" >&2
  local lines
  lines="$("$@")"
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    echo "$label $index $load|$line" >&2
    echo "$label $index $load|$line" >> "$results"
    [ -z "$raw" ] || echo "$label $index $load|$line" >> "$raw"
  done <<< "$lines"
}

java_run() {
  # shellcheck disable=SC2086
  run java "$1" java $java_opts -jar "$jar" bench --udx "${common[@]}" --loops "$loops"
}
node_run() {
  run node "$1" node "$here/udx-bench.js" --json "${common[@]}" "${node_mode[@]}"
}

for ((r = 1; r <= runs; r++)); do
  if ((r % 2 == 1)); then java_run "$r"; node_run "$r"; else node_run "$r"; java_run "$r"; fi
done

node "$here/udx-bench-table.js" "$results"
