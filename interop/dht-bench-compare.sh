#!/usr/bin/env bash
# The HyperDHT figures of issue 14, Java against the reference in the same run: starts one JS
# testnet of 5 nodes (dht-testnet.js), a JS createServer (dht-peer.js server) and a JS swarm
# joined on a random topic as server only (dht-peer.js swarm), then runs
#   java -jar app/target/protomux-wakeup.jar bench --dht ...   and   node interop/dht-bench.js ...
# against those same three, with the same counts, R times each (alternating which goes first),
# and prints the median over the runs of each figure side by side with the ratio java/node and
# the goals (connect and join <= 1x the reference). The raw JSON lines, each prefixed with its
# label, run and the load average as it started, go to stderr (and to --raw FILE).
#
#   interop/dht-bench-compare.sh [--repeat R] [--connects N] [--topics T] [--connections C]
#                                [--jar PATH] [--raw FILE]
#
# Defaults: --repeat 3 --connects 20 --topics 200 --connections 100. JAVA_OPTS is passed to java.
# The targets and the testnet keep running for the whole comparison (their CPU is shared with
# whichever bench runs); everything is stopped at exit. About 1 minute per repeat on 2 cores.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$root/app/target/protomux-wakeup.jar"
repeat=3
connects=20
topics=200
connections=100
raw=""
java_opts="${JAVA_OPTS:-}"

while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) repeat="$2"; shift 2 ;;
    --connects) connects="$2"; shift 2 ;;
    --topics) topics="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    --raw) raw="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "error: unknown option $1" >&2; exit 2 ;;
  esac
done

[ -f "$jar" ] || { echo "error: $jar not found: build it first (mvn -B -q install -DskipTests)" >&2; exit 2; }
[ -d "$here/node_modules/hyperswarm" ] || (cd "$here" && npm ci --no-audit --no-fund >&2)

work="$(mktemp -d)"
pids=()
cleanup() {
  # Closing a helper's stdin (its holder process) makes it shut down; then wait for it.
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
[ -z "$raw" ] || : > "$raw"

# start NAME SCRIPT ARGS...: runs node SCRIPT with stdin from a FIFO held open by a `sleep`
# (killed at exit, which ends the helper's stdin) and stdout in $work/NAME.out.
start() {
  local name="$1"; shift
  mkfifo "$work/$name.in"
  node "$@" < "$work/$name.in" > "$work/$name.out" 2> "$work/$name.err" &
  sleep 100000 > "$work/$name.in" &
  pids+=($!)
}
# await NAME EVENT: the first line of NAME's output with "event":"EVENT" (30 s at most).
await() {
  local line
  for _ in $(seq 1 300); do
    line="$(grep -m1 "\"event\":\"$2\"" "$work/$1.out" 2>/dev/null || true)"
    if [ -n "$line" ]; then echo "$line"; return 0; fi
    if grep -q '"event":"error"' "$work/$1.out" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "error: $1 did not print $2:" >&2
  cat "$work/$1.out" "$work/$1.err" >&2
  exit 1
}
field() { # JSON-LINE EXPRESSION
  node -e 'const o = JSON.parse(process.argv[1]); console.log(eval(process.argv[2]))' "$1" "$2"
}

start testnet "$here/dht-testnet.js" --size 5
bootstrap="$(field "$(await testnet testnet)" 'o.bootstrap.map(b => b.host + ":" + b.port).join(",")')"
start server "$here/dht-peer.js" server --bootstrap "$bootstrap"
start swarm "$here/dht-peer.js" swarm --bootstrap "$bootstrap"
server_key="$(field "$(await server listening)" 'o.publicKey')"
topic="$(node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))')"
await swarm ready > /dev/null
# The swarm's stdin is the FIFO: a second writer for the one command (the holder keeps it open).
echo "{\"cmd\":\"join\",\"topic\":\"$topic\",\"server\":true,\"client\":false}" > "$work/swarm.in"
await swarm joined > /dev/null
echo "dht-bench-compare: testnet $bootstrap, server $server_key, topic $topic" >&2

results="$work/results"
: > "$results"
common=(--bootstrap "$bootstrap" --server-key "$server_key" --topic "$topic"
  --connects "$connects" --topics "$topics" --connections "$connections")

run() { # label, run index, command...
  local label="$1" index="$2"; shift 2
  local load line
  load="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '? ? ?')"
  echo "dht-bench-compare: run $index, $label (load average $load)" >&2
  line="$("$@" | tail -n 1)"
  echo "$label $index $load|$line" >&2
  echo "$label $index $load|$line" >> "$results"
  [ -z "$raw" ] || echo "$label $index $load|$line" >> "$raw"
}
java_run() {
  # shellcheck disable=SC2086
  run java "$1" java $java_opts -jar "$jar" bench --dht "${common[@]}"
}
node_run() { run node "$1" node "$here/dht-bench.js" "${common[@]}"; }

for ((r = 1; r <= repeat; r++)); do
  if ((r % 2 == 1)); then java_run "$r"; node_run "$r"; else node_run "$r"; java_run "$r"; fi
done

node - "$results" <<'EOF'
const fs = require('fs')
const rows = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((l) => {
  const [head, json] = [l.slice(0, l.indexOf('|')), l.slice(l.indexOf('|') + 1)]
  const [label, run, ...load] = head.split(' ')
  return { label, run: Number(run), load: load.join(' '), o: JSON.parse(json) }
})
const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b)
  if (s.length === 0) return null
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const get = (o, path) => path.split('.').reduce((v, k) => (v == null ? undefined : v[k]), o)
const figures = [
  ['connect (one node), p50 ms', 'connect.p50Ms', 'lower', '<= 1'],
  ['connect (one node), p90 ms', 'connect.p90Ms', 'lower', '<= 1'],
  ['connect (one node), process CPU per connect ms', 'connect.processCpuMsPerConnect', 'lower', ''],
  ['findPeer to first record, p50 ms', 'findPeerFirst.p50Ms', 'lower', ''],
  ['findPeer to end of query, p50 ms', 'findPeerDone.p50Ms', 'lower', ''],
  ['connect (fresh node), p50 ms', 'connectFresh.p50Ms', 'lower', '<= 1'],
  ['connect (fresh node), p90 ms', 'connectFresh.p90Ms', 'lower', '<= 1'],
  ['join to first connection, p50 ms', 'join.p50Ms', 'lower', '<= 1'],
  ['join to first connection, p90 ms', 'join.p90Ms', 'lower', '<= 1'],
  ['heap per joined topic (B)', 'topics.heapBytesPerTopic', 'lower', ''],
  ['topics: join until flushed (ms)', 'topics.flushMillis', 'lower', ''],
  ['heap per open connection (B)', 'connections.heapBytesPerConnection', 'lower', ''],
  ['node: array buffers per connection (B)', 'connections.arrayBufferBytesPerConnection', 'lower', ''],
  ['connections: open all (ms)', 'connections.openMillis', 'lower', '']
]
const fmt = (x) => (x == null ? '' : Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2))
const runs = Math.max(...rows.map((r) => r.run))
const out = []
out.push(`median of ${runs} run(s) each; loads: ` + rows.map((r) => `${r.label}#${r.run} ${r.load}`).join(', '))
out.push('')
out.push('| figure | java | node | ratio java/node | per run | goal |')
out.push('|---|---:|---:|---:|---|---|')
for (const [name, path, , goal] of figures) {
  const j = median(rows.filter((r) => r.label === 'java').map((r) => get(r.o, path)))
  const n = median(rows.filter((r) => r.label === 'node').map((r) => get(r.o, path)))
  if (j == null && n == null) continue
  const ratio = j != null && n ? j / n : null
  const per = []
  for (let i = 1; i <= runs; i++) {
    const a = get((rows.find((r) => r.label === 'java' && r.run === i) || {}).o, path)
    const b = get((rows.find((r) => r.label === 'node' && r.run === i) || {}).o, path)
    if (typeof a === 'number' && b) per.push((a / b).toFixed(2))
  }
  // judged on the ratio as shown (two decimals)
  const verdict = goal && ratio != null ? (Number(ratio.toFixed(2)) <= 1 ? 'met' : 'missed') : ''
  out.push(`| ${name} | ${fmt(j)} | ${fmt(n)} | ${ratio == null ? '' : ratio.toFixed(2)} | ${per.join(' / ')} | ${goal ? goal + ': ' + verdict : ''} |`)
}
console.log(out.join('\n'))
EOF
