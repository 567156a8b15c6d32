// The reference stack's side of `java -jar protomux-wakeup.jar bench`: the same benchmarks over
// @hyperswarm/secret-stream + protomux + protomux-wakeup on Node, both peers in this one process
// (and so on its one thread) over loopback TCP. Prints one JSON line with impl "node".
//
//   node bench.js [--handshakes N] [--messages N] [--roundtrips N] [--topics T] [--no-warmup]
//
// - handshakes: N sequential connections, each counted when the dialing side's onpeeradd fires for
//   the one shared topic (then the dialer destroys the stream and dials again);
// - announces: one connection, one topic, N announces of one wakeup each, sent in chunks of 1000
//   per event-loop turn (setImmediate; pausing while more than 50,000 are unreceived), timed from
//   the first send until the receiver's onannounce has seen all N;
// - round trips: N sequential lookups, each answered with an announce; latency from the lookup's
//   send to the answer's onannounce;
// - topics: T sessions on each side, then one connection; time from the dial until every peer is
//   added on both sides, and the memory retained per topic per side (V8 heap plus array buffers
//   after a full GC with the pair alive, minus the same once it is closed, over 2T).
// Each benchmark first runs an untimed warm-up of a fifth of its count, and at least 200
// handshakes, 100,000 announces, 1,000 round trips or 2,000 topics (the topics' on a pair of
// swarms of its own), exactly as the Java version does. Defaults: 200, 100000, 2000, 0 (0 skips a benchmark).
const net = require('net')
const v8 = require('v8')
const vm = require('vm')
const NoiseSecretStream = require('@hyperswarm/secret-stream')
const WakeupSwarm = require('protomux-wakeup')
const b4a = require('b4a')

const HOST = '127.0.0.1'
const CHUNK = 1000
const WINDOW = 50000 // announces sent but not yet received above which the sender waits
const LOG = b4a.alloc(32, 0xab)

function option(name, fallback) {
  const args = process.argv.slice(2)
  const i = args.indexOf('--' + name)
  if (i === -1) return fallback
  const n = Number(args[i + 1])
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`error: --${name} must be a whole number, got "${args[i + 1]}"\n`)
    process.exit(2)
  }
  return n
}

const noWarmup = process.argv.includes('--no-warmup')
const options = {
  handshakes: option('handshakes', 200),
  messages: option('messages', 100000),
  roundtrips: option('roundtrips', 2000),
  topics: option('topics', 0)
}

v8.setFlagsFromString('--expose-gc')
const gc = global.gc || vm.runInNewContext('gc')

// Untimed warm-up before each benchmark: a fifth of its count, and at least this much (the same
// numbers as BenchCommand's).
const MIN_WARMUP = { handshakes: 5000, announces: 100000, roundtrips: 20000, topics: 50000 }
const warmup = (count, floor) => (noWarmup ? 0 : Math.max(floor, Math.floor(count / 5)))
const noop = () => {}

// The same capabilities as BenchCommand.capability(name, index).
function capability(name, index) {
  const bytes = b4a.alloc(32)
  bytes.write(name.slice(0, 24), 0, 'ascii')
  bytes.writeUInt32BE(index >>> 0, 28)
  return bytes
}

// The listening side a and the dialing side b.
function pair() {
  const a = { swarm: new WakeupSwarm(), keyPair: NoiseSecretStream.keyPair() }
  const b = { swarm: new WakeupSwarm(), keyPair: NoiseSecretStream.keyPair() }
  const streams = new Set()
  const track = (stream) => {
    streams.add(stream)
    stream.on('close', () => streams.delete(stream))
  }
  const server = net.createServer((socket) => {
    socket.on('error', noop)
    const stream = new NoiseSecretStream(false, socket, { keyPair: a.keyPair })
    stream.on('error', noop)
    track(stream)
    a.swarm.addStream(stream)
  })
  const dial = () => {
    const socket = net.connect(server.address().port, HOST)
    socket.on('error', noop)
    const stream = new NoiseSecretStream(true, socket, { keyPair: b.keyPair })
    stream.on('error', noop)
    track(stream)
    b.swarm.addStream(stream)
    return stream
  }
  const close = () => {
    a.swarm.destroy()
    b.swarm.destroy()
    for (const stream of streams) stream.destroy()
    server.close()
  }
  return new Promise((resolve) => server.listen(0, HOST, () => resolve({ a, b, dial, close })))
}

async function handshakes(p, count) {
  const cap = capability('handshake', 0)
  let waiting = null
  p.a.swarm.session(cap, {})
  p.b.swarm.session(cap, {
    onpeeradd(peer) {
      if (waiting) waiting(peer)
    }
  })
  const warm = warmup(count, MIN_WARMUP.handshakes)
  let start = 0n
  for (let i = 0; i < warm + count; i++) {
    if (i === warm) start = process.hrtime.bigint()
    const added = new Promise((resolve) => {
      waiting = resolve
    })
    p.dial()
    const peer = await added
    waiting = null
    peer.stream.destroy()
  }
  const elapsed = Number(process.hrtime.bigint() - start)
  return count / (elapsed / 1e9)
}

async function connectMain(p) {
  const announceCap = capability('announce', 0)
  const roundTripCap = capability('roundtrip', 0)
  const counter = { seen: 0, expected: 0, done: null }
  const trips = { peer: null, session: null, latencies: null, done: 0, sentAt: 0n, finished: null }
  let announcerPeer = null
  const added = []
  const expectAdd = () => {
    let resolve
    added.push(new Promise((r) => (resolve = r)))
    return resolve
  }
  const receiverAdded = expectAdd()
  const announcerAdded = expectAdd()
  const answererAdded = expectAdd()
  const askerAdded = expectAdd()

  p.a.swarm.session(announceCap, {
    onpeeradd: receiverAdded,
    onannounce() {
      if (++counter.seen === counter.expected) counter.done(process.hrtime.bigint())
    }
  })
  const announcer = p.b.swarm.session(announceCap, {
    onpeeradd(peer) {
      announcerPeer = peer
      announcerAdded()
    }
  })
  const answer = [{ key: LOG, length: 1 }]
  p.a.swarm.session(roundTripCap, {
    onpeeradd: answererAdded,
    onlookup(req, peer, session) {
      session.announce(peer, answer)
    }
  })
  p.b.swarm.session(roundTripCap, {
    onpeeradd(peer, session) {
      trips.peer = peer
      trips.session = session
      askerAdded()
    },
    onannounce() {
      const now = process.hrtime.bigint()
      trips.latencies[trips.done++] = Number(now - trips.sentAt)
      if (trips.done === trips.latencies.length) {
        trips.finished(trips.latencies)
        return
      }
      trips.sentAt = process.hrtime.bigint()
      trips.session.lookup(trips.peer, { hash: null })
    }
  })
  p.dial()
  await Promise.all(added)
  return { announcer, announcerPeer: () => announcerPeer, counter, trips }
}

function sendAnnounces(main, count) {
  if (count === 0) return Promise.resolve(0)
  const received = new Promise((resolve) => {
    main.counter.seen = 0
    main.counter.expected = count
    main.counter.done = resolve
  })
  const peer = main.announcerPeer()
  const start = process.hrtime.bigint()
  const chunk = (from) => {
    if (from - main.counter.seen > WINDOW) return setTimeout(chunk, 1, from)
    const to = Math.min(count, from + CHUNK)
    for (let i = from; i < to; i++) main.announcer.announce(peer, [{ key: LOG, length: i }])
    if (to < count) setImmediate(chunk, to)
  }
  chunk(0)
  return received.then((end) => Number(end - start))
}

async function announces(main, count) {
  await sendAnnounces(main, warmup(count, MIN_WARMUP.announces))
  const elapsed = await sendAnnounces(main, count)
  return count / (elapsed / 1e9)
}

function runRoundtrips(main, count) {
  if (count === 0) return Promise.resolve([])
  const trips = main.trips
  return new Promise((resolve) => {
    trips.latencies = new Array(count)
    trips.done = 0
    trips.finished = resolve
    trips.sentAt = process.hrtime.bigint()
    trips.session.lookup(trips.peer, { hash: null })
  })
}

async function roundtrips(main, count) {
  await runRoundtrips(main, warmup(count, MIN_WARMUP.roundtrips))
  const latencies = await runRoundtrips(main, count)
  return latencies.sort((x, y) => x - y)
}

function percentile(sorted, p) {
  const rank = Math.ceil((p / 100) * sorted.length) - 1
  return sorted[Math.max(0, Math.min(sorted.length - 1, rank))]
}

async function usedMemoryAfterGc() {
  for (let i = 0; i < 3; i++) {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const m = process.memoryUsage()
  return { heap: m.heapUsed, arrayBuffers: m.arrayBuffers }
}

// Opens `count` topics on a new pair. The memory they hold is measured after the run, as the
// memory in use after a full GC with the pair alive minus the same once it is closed (as the Java
// version measures it).
async function topics(count, measureMemory) {
  let p = await pair()
  let caps = []
  for (let i = 0; i < count; i++) caps.push(capability('topic', i))
  let remaining = 2 * count
  let allAdded
  const done = new Promise((resolve) => (allAdded = resolve))
  const handlers = {
    onpeeradd() {
      if (--remaining === 0) allAdded(process.hrtime.bigint())
    }
  }
  for (const side of [p.a, p.b]) {
    for (const cap of caps) side.swarm.session(cap, handlers)
  }
  caps = null
  const start = process.hrtime.bigint()
  p.dial()
  const end = await done
  const openMillis = Number(end - start) / 1e6
  if (!measureMemory) {
    p.close()
    return { openMillis }
  }
  const withPair = await usedMemoryAfterGc()
  p.close()
  p = null
  await new Promise((resolve) => setTimeout(resolve, 100)) // let the sockets close
  const without = await usedMemoryAfterGc()
  const heap = withPair.heap - without.heap
  const total = heap + (withPair.arrayBuffers - without.arrayBuffers)
  return {
    openMillis,
    heapBytesPerTopic: Math.round(total / (2 * count)),
    v8HeapBytesPerTopic: Math.round(heap / (2 * count))
  }
}

const f1 = (x) => Math.round(x * 10) / 10

async function main() {
  const out = { impl: 'node', node: process.version }
  if (options.handshakes > 0 || options.messages > 0 || options.roundtrips > 0) {
    const p = await pair()
    if (options.handshakes > 0) {
      out.handshakes = options.handshakes
      out.handshakesPerSec = f1(await handshakes(p, options.handshakes))
    }
    if (options.messages > 0 || options.roundtrips > 0) {
      const m = await connectMain(p)
      if (options.messages > 0) {
        out.messages = options.messages
        out.announcesPerSec = f1(await announces(m, options.messages))
      }
      if (options.roundtrips > 0) {
        const latencies = await roundtrips(m, options.roundtrips)
        out.roundtrips = options.roundtrips
        out.lookupRoundTrip = {
          p50us: f1(percentile(latencies, 50) / 1000),
          p99us: f1(percentile(latencies, 99) / 1000),
          meanUs: f1(latencies.reduce((s, x) => s + x, 0) / latencies.length / 1000),
          maxUs: f1(latencies[latencies.length - 1] / 1000)
        }
      }
    }
    p.close()
  }
  if (options.topics > 0) {
    // The warm-up: the same benchmark with a fifth of the topics on a pair of its own, gone
    // before the measured pair's memory baseline is taken.
    if (!noWarmup) await topics(warmup(options.topics, MIN_WARMUP.topics), false)
    const t = await topics(options.topics, true)
    out.topics = { count: options.topics, openMillis: f1(t.openMillis), heapBytesPerTopic: t.heapBytesPerTopic, v8HeapBytesPerTopic: t.v8HeapBytesPerTopic }
  }
  process.stdout.write(JSON.stringify(out) + '\n')
  process.exit(0)
}

main().catch((err) => {
  process.stderr.write('error: ' + (err && err.stack ? err.stack : err) + '\n')
  process.exit(1)
})
