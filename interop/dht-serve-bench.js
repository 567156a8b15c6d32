// The serving benchmark's driver (run it through dht-serve-bench-compare.sh): a Java DHT node
// (io.protomux.wakeup.cli.bench.DhtServeNode) and a JavaScript one (dht-serve-node.js, hyperdht
// 6.34.0) measured one after the other by the same load generator (io.protomux.wakeup.cli.bench.
// DhtLoad), the node pinned to CPU 0 and the generator to CPU 1 (taskset).
//
//   node dht-serve-bench.js --jar app/target/protomux-wakeup.jar [--repeat 1] [--seconds 5]
//        [--warmup 2] [--records 10000] [--rate 20000] [--raw FILE]
//
// For each node, in order (the order alternates between repeats):
//   1. fill-table: loopback sockets whose ids fill the node's table 20 per distance, half of them,
//      heap, then the other half, heap: heap per table entry = the difference over the entries;
//   2. announce: 2,000 signed peer records (20 keys per topic), heap, --records more, heap: heap
//      per stored record likewise;
//   3. closed-loop load for PING, FIND_NODE and LOOKUP (16 sockets, 256 in flight): replies per
//      second and latency (the table now full, FIND_NODE and LOOKUP answer with 20 closer nodes);
//   4. open-loop load at --rate requests per second for each command: latency at the same load;
//   5. the node's CPU time;
//   6. the floor: an echo server on the same runtime's socket path (--echo), PINGs closed-loop.
// Prints a table (median over the repeats, ratio java/node) and the goals; raw lines to stderr or
// --raw FILE.
const { spawn } = require('child_process')
const fs = require('fs')
const path = require('path')
const readline = require('readline')
const { opt } = require('./lib/harness')

const jar = path.resolve(opt('jar', path.join(__dirname, '..', 'app', 'target', 'protomux-wakeup.jar')))
const repeat = Number(opt('repeat', 1))
const seconds = opt('seconds', '5')
const warmup = opt('warmup', '2')
const records = opt('records', '10000')
const rate = opt('rate', '20000')
const rawFile = opt('raw', null)
const COMMANDS = ['ping', 'find_node', 'lookup']

if (!fs.existsSync(jar)) throw new Error('no jar at ' + jar + ': build it first (mvn -B -q install -DskipTests)')

const raw = rawFile ? fs.createWriteStream(rawFile) : process.stderr
const log = (line) => raw.write(line + '\n')

function pinned(cpu, command, args) {
  return spawn('taskset', ['-c', String(cpu), command, ...args], { stdio: ['pipe', 'pipe', 'inherit'] })
}

// A child whose stdout is JSON lines: next() resolves with the next line's object.
function lines(child, what) {
  const queue = []
  const waiting = []
  let ended = false
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    let value
    try {
      value = JSON.parse(line)
    } catch {
      log(what + ' (not JSON): ' + line)
      return
    }
    log(what + ': ' + line)
    if (waiting.length) waiting.shift().resolve(value)
    else queue.push(value)
  })
  child.on('exit', (code) => {
    ended = true
    for (const w of waiting.splice(0)) w.reject(new Error(what + ' exited with ' + code))
  })
  return {
    next(timeoutMs = 120000) {
      if (queue.length) return Promise.resolve(queue.shift())
      if (ended) return Promise.reject(new Error(what + ' has exited'))
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(what + ': no line within ' + timeoutMs + ' ms')), timeoutMs)
        waiting.push({
          resolve: (v) => { clearTimeout(timer); resolve(v) },
          reject: (e) => { clearTimeout(timer); reject(e) }
        })
      })
    }
  }
}

// Ends the child's stdin (every node exits on that) and waits, killing it after 10 s.
async function stop(child) {
  child.stdin.end()
  const timer = setTimeout(() => child.kill('SIGKILL'), 10000)
  await exited(child)
  clearTimeout(timer)
}

function exited(child) {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', resolve)))
}

async function generator(args) {
  const child = pinned(1, 'java', ['-cp', jar, 'io.protomux.wakeup.cli.bench.DhtLoad', ...args])
  const out = lines(child, 'load')
  const result = await out.next(300000)
  child.stdin.end()
  await exited(child)
  return result
}

// The floor under a node on this machine: an echo server (--echo) on the same runtime's socket
// path, answering PINGs with 10 bytes and nothing decoded.
async function echoFloor(impl) {
  const server =
    impl === 'java'
      ? pinned(0, 'java', ['-cp', jar, 'io.protomux.wakeup.cli.bench.DhtServeNode', '--echo'])
      : pinned(0, 'node', [path.join(__dirname, 'dht-serve-node.js'), '--echo'])
  const out = lines(server, impl + ' echo')
  try {
    const listening = await out.next(60000)
    return await generator(['load', '--target', '127.0.0.1:' + listening.port, '--command', 'ping', '--seconds', seconds, '--warmup', warmup])
  } finally {
    await stop(server)
  }
}

async function measure(impl) {
  const server =
    impl === 'java'
      ? pinned(0, 'java', ['-Xms256m', '-Xmx1g', '-cp', jar, 'io.protomux.wakeup.cli.bench.DhtServeNode', '--serving-limits', 'none'])
      : pinned(0, 'node', [path.join(__dirname, 'dht-serve-node.js')])
  const out = lines(server, impl + ' node')
  const ask = async (cmd) => {
    server.stdin.write(JSON.stringify({ cmd }) + '\n')
    const reply = await out.next()
    if (reply.event !== 'ok') throw new Error(impl + ' node: ' + JSON.stringify(reply))
    return reply
  }
  try {
    const listening = await out.next(60000)
    const target = '127.0.0.1:' + listening.port
    const result = { impl }
    // Each heap figure is a difference between two steps of the same kind, so that what a node
    // sets up on first use (code paths, caches, V8's inline caches and the JVM's method handles)
    // is in neither: half the table entries, then the other half; 2,000 records, then --records.
    const fill = pinned(1, 'java', ['-cp', jar, 'io.protomux.wakeup.cli.bench.DhtLoad', 'fill-table', '--target', target, '--id', listening.id])
    const fillOut = lines(fill, 'fill-table')
    await fillOut.next(120000)
    const h0 = await ask('heap')
    fill.stdin.write('go on\n')
    const filled = await fillOut.next(120000)
    const h1 = await ask('heap')
    fill.stdin.end()
    await fillOut.next(30000)
    await exited(fill)
    result.tableEntries = h1.table - h0.table
    result.heapPerTableEntry = (h1.heapUsed - h0.heapUsed) / result.tableEntries
    result.fillSockets = filled.sockets

    await generator(['announce', '--target', target, '--id', listening.id, '--first', '0', '--records', '2000'])
    const h2 = await ask('heap')
    const announced = await generator(['announce', '--target', target, '--id', listening.id, '--first', '2000', '--records', records])
    const h3 = await ask('heap')
    result.recordsStored = h3.records - h2.records
    result.announceErrors = announced.errors
    result.heapPerRecord = (h3.heapUsed - h2.heapUsed) / result.recordsStored
    result.tableAfterAnnounce = h3.table

    for (const command of COMMANDS) {
      result[command] = await generator(['load', '--target', target, '--command', command, '--seconds', seconds, '--warmup', warmup])
    }
    for (const command of COMMANDS) {
      result[command + 'AtRate'] = await generator(['load', '--target', target, '--command', command, '--seconds', seconds, '--warmup', warmup, '--rate', rate])
    }
    result.cpuMillis = (await ask('cpu')).cpuMillis
    return result
  } finally {
    await stop(server)
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

async function main() {
  const runs = { java: [], node: [] }
  for (let r = 0; r < repeat; r++) {
    const order = r % 2 === 0 ? ['java', 'node'] : ['node', 'java']
    for (const impl of order) {
      const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]
      log(`run ${r + 1}/${repeat}: ${impl} (load ${load})`)
      const result = await measure(impl)
      result.echo = await echoFloor(impl)
      log(JSON.stringify(result))
      runs[impl].push(result)
    }
  }
  const rows = []
  const row = (name, pick, goal, digits = 0) => {
    const java = median(runs.java.map(pick))
    const node = median(runs.node.map(pick))
    rows.push([name, java.toFixed(digits), node.toFixed(digits), (java / node).toFixed(2), goal])
  }
  for (const command of COMMANDS) {
    row(`${command}: replies/s, 256 in flight`, (x) => x[command].repliesPerSec, '>= 2')
    row(`${command}: p99 us at saturation`, (x) => x[command].p99us, "")
    row(`${command}: p50 us at ${rate}/s`, (x) => x[command + "AtRate"].p50us, "")
    row(`${command}: p99 us at ${rate}/s`, (x) => x[command + 'AtRate'].p99us, '<= 1')
  }
  row('echo floor: replies/s (socket path only)', (x) => x.echo.repliesPerSec, '')
  row('ping replies/s as a share of the echo floor', (x) => x.ping.repliesPerSec / x.echo.repliesPerSec, '', 2)
  row('heap per table entry (B)', (x) => x.heapPerTableEntry, '<= 0.5')
  row('heap per stored record (B)', (x) => x.heapPerRecord, '<= 0.5')
  row('table entries added', (x) => x.tableEntries, '')
  row('records stored', (x) => x.recordsStored, '')
  const width = [44, 12, 12, 7, 12]
  const print = (cells) => console.log(cells.map((c, i) => String(c).padEnd(width[i])).join(' '))
  print(['figure', 'java', 'node', 'ratio', 'goal'])
  rows.forEach(print)
  for (const command of COMMANDS) {
    const j = runs.java.map((x) => x[command])
    const n = runs.node.map((x) => x[command])
    console.log(`${command}: lost java ${j.map((x) => x.lost)} node ${n.map((x) => x.lost)}; closer nodes per reply java ${j.map((x) => x.meanCloserNodes.toFixed(1))} node ${n.map((x) => x.meanCloserNodes.toFixed(1))}; reply bytes java ${j.map((x) => x.meanReplyBytes.toFixed(0))} node ${n.map((x) => x.meanReplyBytes.toFixed(0))}`)
  }
  if (rawFile) raw.end()
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
