// The table of interop/udx-bench-compare.sh, from its results file (or a --raw copy of it):
//
//   node interop/udx-bench-table.js FILE
//
// Each line of FILE is "LABEL RUN L1 L5 L15|JSON": LABEL java or node, RUN the run's number,
// L1 L5 L15 the load average as that invocation started, JSON one figure line of
// `bench --udx` or `udx-bench.js --json`. Prints, in Markdown: the median over the runs of every
// figure for Java and udx-native with the ratio java/node and the goals of issue 13; each run's
// ratios and load; the counters that explain a figure (retransmissions, timeouts); the machine.
'use strict'
const fs = require('fs')
const os = require('os')
const { execSync } = require('child_process')

const file = process.argv[2]
if (!file) {
  process.stderr.write('usage: node udx-bench-table.js FILE\n')
  process.exit(2)
}

const runs = { java: {}, node: {} } // label -> run -> { load, figures: { name: line } }
for (const text of fs.readFileSync(file, 'utf8').split('\n')) {
  if (!text.trim()) continue
  const bar = text.indexOf('|')
  const [label, run, ...load] = text.slice(0, bar).trim().split(/\s+/)
  const line = JSON.parse(text.slice(bar + 1))
  const entry = (runs[label][run] = runs[label][run] || { load: load.join(' '), figures: {} })
  entry.figures[line.figure] = line
}
const runIds = [...new Set([...Object.keys(runs.java), ...Object.keys(runs.node)])].sort((a, b) => a - b)

function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b)
  if (v.length === 0) return null
  const mid = Math.floor(v.length / 2)
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2
}
const perRun = (label, get) => runIds.map((r) => (runs[label][r] ? get(runs[label][r].figures) : undefined))
const at = (f, name, ...path) => {
  let x = f[name]
  for (const p of path) x = x == null ? undefined : x[p]
  return x
}

const ceiling = (f) => at(f, 'udp-ceiling', 'MiBps')
const share = (name) => (f) => {
  const b = at(f, name, 'MiBps')
  const c = ceiling(f)
  return b == null || !c ? undefined : b / c
}
const idleNode = (f) => {
  const m = f['idle-stream-memory']
  return m ? m.heapBytesPerStream + (m.arrayBufferBytesPerStream || 0) : undefined
}

// name, java getter, node getter, goal (ratio bound), higher is better, unit formatting
const rows = [
  ['UDX bulk, one stream (MiB/s)', (f) => at(f, 'udx-bulk', 'MiBps'), (f) => at(f, 'udx-bulk', 'MiBps'), 2, true],
  ['secret stream over UDX, bulk (MiB/s)', (f) => at(f, 'secret-stream-bulk', 'MiBps'), (f) => at(f, 'secret-stream-bulk', 'MiBps'), 2, true],
  ['64-byte ping-pong p50 (µs)', (f) => at(f, 'udx-pingpong', 'p50us'), (f) => at(f, 'udx-pingpong', 'p50us'), 1, false],
  ['64-byte ping-pong p99 (µs)', (f) => at(f, 'udx-pingpong', 'p99us'), (f) => at(f, 'udx-pingpong', 'p99us'), 1, false],
  ['64-byte ping-pong mean (µs)', (f) => at(f, 'udx-pingpong', 'meanUs'), (f) => at(f, 'udx-pingpong', 'meanUs'), null, false],
  ['raw UDP ceiling, 1452-byte datagrams (MiB/s received)', ceiling, ceiling, null, true],
  ['raw UDP ceiling (datagrams/s received)', (f) => at(f, 'udp-ceiling', 'receivedPerSec'), (f) => at(f, 'udp-ceiling', 'receivedPerSec'), null, true],
  ['raw UDP ceiling: loss (%)', (f) => at(f, 'udp-ceiling', 'lossPct'), (f) => at(f, 'udp-ceiling', 'lossPct'), null, false],
  ['UDX bulk / own UDP ceiling', share('udx-bulk'), share('udx-bulk'), null, true],
  ['secret stream bulk / own UDP ceiling', share('secret-stream-bulk'), share('secret-stream-bulk'), null, true],
  ['memory per idle stream (B): Java heap; udx-native V8 heap + array buffers', (f) => at(f, 'idle-stream-memory', 'heapBytesPerStream'), idleNode, null, false],
  ['udx-native RSS per idle stream (B)', () => undefined, (f) => at(f, 'idle-stream-memory', 'rssBytesPerStream'), null, false],
  ['bytes allocated per packet, UDX bulk (Java, both loop threads)', (f) => at(f, 'udx-bulk', 'allocBytesPerPacket', 'total'), () => undefined, null, false],
  ['bytes allocated per packet, secret stream bulk (Java)', (f) => at(f, 'secret-stream-bulk', 'allocBytesPerPacket', 'total'), () => undefined, null, false]
]

const fmt = (v, digits) => {
  if (v === null || v === undefined) return '-'
  if (digits !== undefined) return v.toFixed(digits)
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US')
  if (Math.abs(v) >= 10) return v.toFixed(1)
  return v.toFixed(2)
}

function markdown(header, table) {
  const widths = header.map((_, i) => Math.max(...[header, ...table].map((row) => String(row[i]).length)))
  const line = (row) => '| ' + row.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |'
  console.log(line(header))
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|')
  for (const row of table) console.log(line(row))
}

const table = []
for (const [name, javaGet, nodeGet, goal, higher] of rows) {
  const j = median(perRun('java', javaGet))
  const n = median(perRun('node', nodeGet))
  const ratio = j === null || n === null || n === 0 ? null : j / n
  const goalText = goal === null ? '' : (higher ? '>= ' : '<= ') + goal
  const met = goal === null || ratio === null ? '' : (higher ? ratio >= goal : ratio <= goal) ? 'yes' : 'no'
  const share = name.includes('/ own')
  table.push([name, fmt(j, share ? 2 : undefined), fmt(n, share ? 2 : undefined), ratio === null ? '-' : ratio.toFixed(2), goalText, met])
}
console.log(`Medians over ${runIds.length} run(s); ratio = java / udx-native (above 1 is better for rates, below 1 for latency and memory).\n`)
markdown(['figure', 'Java', 'udx-native', 'ratio', 'goal', 'met?'], table)

console.log('\nEach run (java / udx-native ratios, and the load average as each side started):\n')
const runRows = runIds.map((r) => {
  const j = runs.java[r] ? runs.java[r].figures : {}
  const n = runs.node[r] ? runs.node[r].figures : {}
  const ratio = (get) => {
    const a = get(j)
    const b = get(n)
    return a == null || b == null || !b ? '-' : `${fmt(a)} / ${fmt(b)} = ${(a / b).toFixed(2)}`
  }
  return [
    r,
    runs.java[r] ? runs.java[r].load : '-',
    runs.node[r] ? runs.node[r].load : '-',
    ratio((f) => at(f, 'udx-bulk', 'MiBps')),
    ratio((f) => at(f, 'secret-stream-bulk', 'MiBps')),
    ratio((f) => at(f, 'udx-pingpong', 'p50us')),
    ratio((f) => at(f, 'udx-pingpong', 'p99us')),
    ratio(ceiling)
  ]
})
markdown(['run', 'load (java)', 'load (node)', 'UDX bulk MiB/s', 'secret bulk MiB/s', 'p50 µs', 'p99 µs', 'UDP ceiling MiB/s'], runRows)

console.log('\nSender counters per run (each is the bulk runs of one invocation):\n')
for (const r of runIds) {
  const j = runs.java[r] && runs.java[r].figures['udx-bulk']
  const n = runs.node[r] && runs.node[r].figures['udx-bulk']
  const js = j && j.sender ? j.sender.map((s) => `${s.packets} pkts, ${s.retransmits} rtx, ${s.rtoFirings} RTO, ${s.tailLossProbes} TLP`).join('; ') : '-'
  const ns = n && n.sender ? n.sender.map((s) => `${s.packets} pkts, ${s.retransmits} rtx, ${s.rtoCount} RTO, srtt ${s.srttMs} ms`).join('; ') : '-'
  const jr = j && j.runsMiBps ? j.runsMiBps.join(', ') : '-'
  const nr = n && n.runsMiBps ? n.runsMiBps.join(', ') : '-'
  console.log(`- run ${r}: java udx-bulk runs ${jr} MiB/s (${js}); udx-native runs ${nr} MiB/s (${ns})`)
}

const anyJava = runIds.map((r) => runs.java[r]).find(Boolean)
const javaLine = anyJava && Object.values(anyJava.figures)[0]
const anyNode = runIds.map((r) => runs.node[r]).find(Boolean)
const nodeLine = anyNode && Object.values(anyNode.figures)[0]
let javaVersion = ''
try {
  javaVersion = execSync('java -version 2>&1').toString().split('\n')[0]
} catch {}
console.log(
  `\nmachine: ${os.cpus().length} cores (${os.cpus()[0].model}), ${javaVersion}, node ${process.version}` +
    (nodeLine ? `, udx-native ${nodeLine.udxNative}` : '') +
    (javaLine ? `; Java: loops ${javaLine.loops}, congestion control ${javaLine.congestionControl}` : '') +
    `; load average now ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`
)
