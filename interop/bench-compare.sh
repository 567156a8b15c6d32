#!/usr/bin/env bash
# Runs the Java benchmarks (java -jar app/target/protomux-wakeup.jar bench) and the reference's
# (node interop/bench.js) on this machine, one after the other with the same counts, and prints
# every figure side by side with the ratio java/node.
#
#   interop/bench-compare.sh [--handshakes N] [--messages N] [--roundtrips N]
#                            [--topics "T1 T2 ..."] [--loops "1 2"] [--repeat R] [--jar PATH]
#
# Defaults: --handshakes 5000 --messages 100000 --roundtrips 2000 --topics "10000 50000"
# --loops "1 2" --repeat 1. Every target is judged for each --loops value; one loop thread is the
# like-for-like setting, since node runs both peers on its one thread. Each topic count runs in a
# fresh process per implementation (so its heap figure is its own). With --repeat R every run is
# repeated R times and the best figure of each is kept (highest rate, lowest latency/time/heap),
# which filters out the noise of a shared machine. The raw JSON lines go to stderr.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$root/app/target/protomux-wakeup.jar"
handshakes=5000
messages=100000
roundtrips=2000
topics="10000 50000"
loops="1 2"
repeat=1
java_opts="${JAVA_OPTS:-}"

while [ $# -gt 0 ]; do
  case "$1" in
    --handshakes) handshakes="$2"; shift 2 ;;
    --messages) messages="$2"; shift 2 ;;
    --roundtrips) roundtrips="$2"; shift 2 ;;
    --topics) topics="$2"; shift 2 ;;
    --loops) loops="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "error: unknown option $1" >&2; exit 2 ;;
  esac
done

[ -f "$jar" ] || { echo "error: $jar not found: build it first (mvn -B -q install -DskipTests)" >&2; exit 2; }
[ -d "$here/node_modules/protomux-wakeup" ] || (cd "$here" && npm ci --no-audit --no-fund >&2)

results="$(mktemp)"
trap 'rm -f "$results"' EXIT

run() { # label, command...
  local label="$1"; shift
  local line
  line="$("$@")"
  echo "$label $line" >&2
  echo "$label $line" >> "$results"
}

main_args=(--handshakes "$handshakes" --messages "$messages" --roundtrips "$roundtrips" --topics 0)
for ((r = 0; r < repeat; r++)); do
  for l in $loops; do
    # shellcheck disable=SC2086
    run "java$l" java $java_opts -jar "$jar" bench "${main_args[@]}" --loops "$l"
  done
  run node node "$here/bench.js" "${main_args[@]}"
  for t in $topics; do
    for l in $loops; do
      # shellcheck disable=SC2086
      run "java$l" java $java_opts -jar "$jar" bench --handshakes 0 --messages 0 --roundtrips 0 --topics "$t" --loops "$l"
    done
    run node node "$here/bench.js" --handshakes 0 --messages 0 --roundtrips 0 --topics "$t"
  done
done

LOOPS="$loops" node - "$results" <<'EOF'
const fs = require('fs')
const os = require('os')
const { execSync } = require('child_process')
const lines = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n')
const runs = {} // label -> list of parsed objects
for (const line of lines) {
  const space = line.indexOf(' ')
  const label = line.slice(0, space)
  ;(runs[label] = runs[label] || []).push(JSON.parse(line.slice(space + 1)))
}
const javaLabels = process.env.LOOPS.split(/\s+/).filter(Boolean).map((l) => 'java' + l)
// best of the repeats: max for rates, min for the rest
function best(label, get, higherIsBetter) {
  const values = (runs[label] || []).map(get).filter((v) => typeof v === 'number')
  if (values.length === 0) return null
  return higherIsBetter ? Math.max(...values) : Math.min(...values)
}
const topicCounts = [...new Set((runs.node || []).filter((r) => r.topics).map((r) => r.topics.count))]
const rows = [
  ['handshakes/s', (r) => r.handshakesPerSec, true, 1, '>= 1'],
  ['announces/s', (r) => r.announcesPerSec, true, 2, '>= 2'],
  ['lookup round trip p50 (us)', (r) => r.lookupRoundTrip && r.lookupRoundTrip.p50us, false, null, ''],
  ['lookup round trip p99 (us)', (r) => r.lookupRoundTrip && r.lookupRoundTrip.p99us, false, 1, '<= 1'],
  ['lookup round trip mean (us)', (r) => r.lookupRoundTrip && r.lookupRoundTrip.meanUs, false, null, '']
]
for (const t of topicCounts) {
  const pick = (f) => (r) => (r.topics && r.topics.count === t ? f(r.topics) : undefined)
  rows.push([`${t} topics: open (ms)`, pick((x) => x.openMillis), false, t === 10000 ? 0.5 : null, t === 10000 ? '<= 0.5' : ''])
  rows.push([`${t} topics: heap/topic/side (B)`, pick((x) => x.heapBytesPerTopic), false, t === 10000 ? 0.5 : null, t === 10000 ? '<= 0.5' : ''])
}
const fmt = (v) => (v === null ? '-' : v >= 100 ? Math.round(v).toLocaleString('en-US') : String(v))
const header = ['figure', ...javaLabels.map((l) => `java (${l.slice(4)} loop${l.endsWith('1') ? '' : 's'})`), 'node', ...javaLabels.map((l) => `java${l.slice(4)}/node`), 'target']
const table = [header]
for (const [name, get, higher, target, targetText] of rows) {
  const node = best('node', get, higher)
  const javas = javaLabels.map((l) => best(l, get, higher))
  const ratios = javas.map((j) => (j === null || node === null || node === 0 ? '-' : (j / node).toFixed(2)))
  let verdict = targetText
  if (target !== null && targetText) {
    const verdicts = javas.map((j, i) => {
      const r = j === null || node === null ? null : j / node
      const met = r === null ? null : higher ? r >= target : r <= target
      return met === null ? null : `${met ? 'met' : 'NOT met'} (${javaLabels[i].slice(4)})`
    })
    verdict += ' ' + verdicts.filter(Boolean).join(', ')
  }
  table.push([name, ...javas.map(fmt), fmt(node), ...ratios, verdict])
}
const widths = header.map((_, i) => Math.max(...table.map((row) => String(row[i]).length)))
const line = (row) => '| ' + row.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |'
console.log(line(header))
console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|')
for (const row of table.slice(1)) console.log(line(row))
// Per side only with a loop thread per swarm; on one loop both figures are the two sides' sum.
const allocLabel = javaLabels.find((l) => l !== 'java1') || javaLabels[0]
const alloc = (runs[allocLabel] || []).find((r) => r.allocBytesPerAnnounce)
if (alloc) console.log(`\njava (${allocLabel.slice(4)} loops): bytes allocated per announce: sender ${alloc.allocBytesPerAnnounce.sender}, receiver ${alloc.allocBytesPerAnnounce.receiver}`)
let javaVersion = ''
try { javaVersion = execSync('java -version 2>&1').toString().split('\n')[0] } catch {}
console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0].model}), ${javaVersion}, node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`)
console.log('ratios are java/node: above 1 is better for rates, below 1 for latency, time and heap')
EOF
