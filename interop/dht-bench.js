// The reference's side of `java -jar protomux-wakeup.jar bench --dht`: the HyperDHT / Hyperswarm
// figures of issue 14 (hyperdht 6.34.0, hyperswarm 4.17.2), measured against peers that run
// elsewhere on a testnet, exactly as the Java DhtBenchmarks measures the port. Prints one JSON
// line with impl "node" and the same keys; each phase's start and end on stderr.
//
//   node dht-bench.js --bootstrap HOST:PORT[,HOST:PORT] [--server-key HEX] [--topic HEX]
//                     [--connects N] [--topics T] [--connections C] [--no-warmup]
//
// --server-key: the public key of a dht.createServer() listening on the testnet (the connect
// figures and the connection heap are skipped without it); --topic: a topic a swarm is joined on
// as server (the join figure is skipped without it). Defaults: --connects 10 --topics 200
// --connections 100. Every node here is new HyperDHT({bootstrap, host: '127.0.0.1', port: any})
// on this process's one thread (the Java bench runs its nodes on one loop thread), awaited with
// fullyBootstrapped() before anything is timed.
//
//   connect       one node; N sequential dht.connect(serverKey), each timed from the call to the
//                 stream's 'open', then destroyed. After the first the node has the server's
//                 relay addresses cached (_relayAddressesCache): a reconnect from a running node.
//                 With the process's CPU time (user + system) per timed connect.
//   findPeerFirst, findPeerDone  one node; N sequential dht.findPeer(serverKey), timed to the first
//                 record of the server and to the end of the query.
//   connectFresh  N times: a new node, one timed connect, the node destroyed (a findPeer first).
//   join          N times: a new node and new Hyperswarm({dht, keyPair}); from
//                 swarm.join(topic, {server: false, client: true}) to the first 'connection'.
//   topics        one new node and swarm; T random topics joined (server and client, the default)
//                 until swarm.flush(); heapUsed after a full GC minus the same before, over T.
//   connections   one new node (one untimed connect first); C connections to the server opened
//                 (at most 8 at once) and held; heapUsed after a full GC minus before, over C.
// Warm-up (as the Java bench): first 50 untimed connects on a node of their own, then before each
// timing figure untimed repetitions of it: a fifth of N and at least 10.
// Timings: p50 and p90 by nearest rank, mean, min, max, and every run, in ms.
const HyperDHT = require('hyperdht')
const Hyperswarm = require('hyperswarm')
const b4a = require('b4a')
const crypto = require('crypto')
const fs = require('fs')
const v8 = require('v8')
const vm = require('vm')

const args = process.argv.slice(2)
function opt(name, fallback) {
  const i = args.indexOf('--' + name)
  return i === -1 ? fallback : args[i + 1]
}
function count(name, fallback) {
  const v = opt(name, null)
  if (v === null) return fallback
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0) usage(`--${name} must be a whole number, got "${v}"`)
  return n
}
function key(name) {
  const v = opt(name, null)
  if (v === null) return null
  if (!/^[0-9a-fA-F]{64}$/.test(v)) usage(`--${name} must be 64 hex digits, got "${v}"`)
  return b4a.from(v, 'hex')
}
function usage(message) {
  process.stderr.write('error: ' + message + '\n')
  process.exit(2)
}

const bootstrap = String(opt('bootstrap', ''))
  .split(',')
  .filter(Boolean)
  .map((entry) => {
    const at = entry.lastIndexOf(':')
    return { host: entry.slice(0, at), port: Number(entry.slice(at + 1)) }
  })
if (bootstrap.length === 0) usage('--bootstrap HOST:PORT is required')
const options = {
  serverKey: key('server-key'),
  topic: key('topic'),
  connects: count('connects', 10),
  topics: count('topics', 200),
  connections: count('connections', 100),
  warmup: !args.includes('--no-warmup')
}

const STEP_TIMEOUT = 30000
const IN_FLIGHT = 8
const FIRST_WARMUP = 50
v8.setFlagsFromString('--expose-gc')
const gc = global.gc || vm.runInNewContext('gc')

const warmupCount = () => (options.warmup ? Math.max(10, Math.floor(options.connects / 5)) : 0)
const now = () => process.hrtime.bigint()
const ms = (ns) => Number(ns) / 1e6
const round3 = (x) => Math.round(x * 1000) / 1000

function progress(name) {
  process.stderr.write(`bench: ${name} ...\n`)
  const start = now()
  return () => process.stderr.write(`bench: ${name} done in ${ms(now() - start).toFixed(1)} ms\n`)
}

function timeout(promise, what) {
  let timer
  return Promise.race([
    promise,
    new Promise((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took more than ${STEP_TIMEOUT / 1000} s`)), STEP_TIMEOUT)
    })
  ]).finally(() => clearTimeout(timer))
}

async function node() {
  const dht = new HyperDHT({ bootstrap, host: '127.0.0.1', port: [0, 0] })
  await timeout(dht.fullyBootstrapped(), 'a DHT node bootstrap')
  return dht
}

// One connect to the server, timed to 'open', then destroyed.
async function connectOnce(dht) {
  const start = now()
  const conn = dht.connect(options.serverKey)
  let end
  await timeout(
    new Promise((resolve, reject) => {
      conn.once('open', () => {
        end = now()
        resolve()
      })
      conn.once('error', reject)
      conn.once('close', () => reject(new Error('the connection closed before it opened')))
    }),
    'a connect'
  )
  conn.on('error', () => {})
  conn.destroy()
  return end - start
}

async function warmConnects() {
  const dht = await node()
  try {
    for (let i = 0; i < warmupCount(); i++) await connectOnce(dht)
    const runs = []
    const cpu = process.cpuUsage()
    for (let i = 0; i < options.connects; i++) runs.push(await connectOnce(dht))
    const used = process.cpuUsage(cpu)
    runs.processCpuMsPerConnect = (used.user + used.system) / 1000 / options.connects
    return runs
  } finally {
    await dht.destroy({ force: true })
  }
}

// N sequential dht.findPeer(serverKey) queries on one node: to the first record, and to the end.
async function findPeers() {
  const dht = await node()
  const first = []
  const done = []
  try {
    for (let i = -warmupCount(); i < options.connects; i++) {
      const start = now()
      let t = null
      await timeout(
        (async () => {
          for await (const data of dht.findPeer(options.serverKey)) {
            if (t === null && data.peer) t = now() - start
          }
        })(),
        'a findPeer'
      )
      if (t === null) throw new Error('findPeer found no record')
      if (i >= 0) {
        first.push(t)
        done.push(now() - start)
      }
    }
    return [first, done]
  } finally {
    await dht.destroy({ force: true })
  }
}

async function freshConnects() {
  const runs = []
  for (let i = -warmupCount(); i < options.connects; i++) {
    const dht = await node()
    try {
      const t = await connectOnce(dht)
      if (i >= 0) runs.push(t)
    } finally {
      await dht.destroy({ force: true })
    }
  }
  return runs
}

async function joins() {
  const runs = []
  for (let i = -warmupCount(); i < options.connects; i++) {
    const dht = await node()
    const swarm = new Hyperswarm({ dht, keyPair: HyperDHT.keyPair() })
    try {
      const first = new Promise((resolve) => swarm.once('connection', () => resolve(now())))
      swarm.on('connection', (conn) => conn.on('error', () => {}))
      const start = now()
      swarm.join(options.topic, { server: false, client: true })
      const t = (await timeout(first, "a join's first connection")) - start
      if (i >= 0) runs.push(t)
    } finally {
      await swarm.destroy({ force: true }) // destroys its dht too
    }
  }
  return runs
}

async function heapAfterGc() {
  for (let i = 0; i < 3; i++) {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return process.memoryUsage()
}

async function topicsHeap() {
  const n = options.topics
  const dht = await node()
  const swarm = new Hyperswarm({ dht, keyPair: HyperDHT.keyPair() })
  try {
    const topics = []
    for (let i = 0; i < n; i++) topics.push(crypto.randomBytes(32))
    const before = await heapAfterGc()
    const start = now()
    for (const topic of topics) swarm.join(topic)
    await timeout(swarm.flush(), 'the swarm flush').catch((err) => {
      throw err
    })
    const flushMillis = ms(now() - start)
    const withTopics = await heapAfterGc()
    return {
      count: n,
      flushMillis: round3(flushMillis),
      heapBytesPerTopic: Math.round((withTopics.heapUsed - before.heapUsed) / n),
      arrayBufferBytesPerTopic: Math.round((withTopics.arrayBuffers - before.arrayBuffers) / n)
    }
  } finally {
    await swarm.destroy({ force: true })
  }
}

async function connectionsHeap() {
  const n = options.connections
  const dht = await node()
  const open = []
  try {
    await connectOnce(dht) // caches the server's relay addresses, as a running node has them
    const before = await heapAfterGc()
    const start = now()
    let started = 0
    await timeout(
      new Promise((resolve, reject) => {
        const next = () => {
          if (started >= n) return
          started++
          const conn = dht.connect(options.serverKey)
          conn.on('error', () => {})
          let opened = false
          conn.once('open', () => {
            opened = true
            open.push(conn)
            if (open.length === n) resolve()
            else next()
          })
          conn.once('close', () => {
            if (!opened) reject(new Error('a held connection closed before it opened'))
          })
        }
        for (let i = 0; i < IN_FLIGHT && i < n; i++) next()
      }),
      n + ' connections'
    )
    const openMillis = ms(now() - start)
    const withConns = await heapAfterGc()
    const stillOpen = open.filter((c) => !c.destroyed).length
    return {
      count: n,
      open: stillOpen,
      openMillis: round3(openMillis),
      heapBytesPerConnection: Math.round((withConns.heapUsed - before.heapUsed) / n),
      arrayBufferBytesPerConnection: Math.round((withConns.arrayBuffers - before.arrayBuffers) / n),
      externalBytesPerConnection: Math.round((withConns.external - before.external) / n)
    }
  } finally {
    for (const c of open) c.destroy()
    await dht.destroy({ force: true })
  }
}

function timing(runs) {
  const values = runs.map(ms)
  const sorted = values.slice().sort((a, b) => a - b)
  const rank = (p) => sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))]
  return {
    count: sorted.length,
    p50Ms: round3(rank(50)),
    p90Ms: round3(rank(90)),
    meanMs: round3(values.reduce((a, b) => a + b, 0) / values.length),
    minMs: round3(sorted[0]),
    maxMs: round3(sorted[sorted.length - 1]),
    runsMs: values.map(round3)
  }
}

async function phase(name, fn) {
  const done = progress(name)
  const result = await fn()
  done()
  return result
}

async function main() {
  let load = '?'
  try {
    load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
  } catch {}
  const out = { impl: 'node', node: process.version, load }
  if (options.serverKey && options.warmup) {
    await phase(`warm-up (${FIRST_WARMUP} connects on one node)`, async () => {
      const dht = await node()
      try {
        for (let i = 0; i < FIRST_WARMUP; i++) await connectOnce(dht)
      } finally {
        await dht.destroy({ force: true })
      }
    })
  }
  if (options.serverKey && options.connects > 0) {
    const runs = await phase('connect (one node)', warmConnects)
    out.connect = { ...timing(runs), processCpuMsPerConnect: round3(runs.processCpuMsPerConnect) }
    const [first, done] = await phase('findPeer (one node)', findPeers)
    out.findPeerFirst = timing(first)
    out.findPeerDone = timing(done)
    out.connectFresh = timing(await phase('connect (fresh node each)', freshConnects))
  }
  if (options.topic && options.connects > 0) {
    out.join = timing(await phase('join (fresh node each)', joins))
  }
  if (options.topics > 0) out.topics = await phase('heap per topic', topicsHeap)
  if (options.serverKey && options.connections > 0) {
    out.connections = await phase('heap per connection', connectionsHeap)
  }
  process.stdout.write(JSON.stringify(out) + '\n')
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write('error: bench failed: ' + (err && err.stack) + '\n')
    process.exit(1)
  }
)
