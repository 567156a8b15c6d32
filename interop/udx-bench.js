// Benchmarks of udx-native 1.21.3 on loopback (127.0.0.1), on this machine, as the reference
// figures a Java UDX port can be compared with.
//
//   node udx-bench.js [--bytes N] [--repeat B] [--rounds R] [--seconds S] [--streams K] [--json]
//                     [--same-process] [--only a,b,...]
//   node udx-bench.js --serve [--port N]          the measured-against side alone (see below)
//   node udx-bench.js --client --port N --udp-port M [options]   the measuring side alone
//
// By default the measuring side (the client) runs in this process and the other side (the
// server) in a child process (`--serve`), each with its own event loop and core, as two peers
// on one machine would be; --same-process runs both on this one event loop instead. Figures, one
// per line (a JSON object each with --json, else a line of text):
//   udx-bulk            one UDX stream, client -> server, N bytes (default 256 MiB) in 64 KiB
//                       writes honouring backpressure, then end; timed from the first write until
//                       the server's byte count (sent when it read the END) is back: MiB/s,
//                       the median of B runs (default 3), each on a new stream; with --json
//                       also the sender's counters per run (packets, retransmits, cwnd at the
//                       end, and the datagrams its socket received meanwhile: the ACKs).
//   secret-stream-bulk  the same through @hyperswarm/secret-stream 6.9.2 on both ends (timed
//                       after the Noise handshake).
//   udx-pingpong        R (default 10000) sequential round trips of a 64-byte write on one raw
//                       UDX stream echoed by the server, after an untimed warm-up of
//                       max(1000, R/5): p50/p99/mean/max in microseconds.
//   udp-ceiling         node dgram, client -> server, 1452-byte datagrams as fast as the sender
//                       can for S seconds (default 2; at most 256 sends outstanding); what
//                       arrives is counted by the server on its clock (first to last arrival):
//                       datagrams/s and MiB/s of payload, and the loss.
//   idle-stream-memory  K (default 2000) connected, idle udx streams in this process (K/2 pairs
//                       over two sockets): V8 heap, array buffers and RSS per stream, after a
//                       full GC, against the same without them. Measured first, before the rest.
// Each bulk figure first runs once untimed with min(N, 32 MiB). --only picks figures by name.
//
// The server (--serve, for a Java counterpart later): binds one UDX socket on 127.0.0.1 (--port,
// default 0) and one UDP socket, and prints {"event":"listening","port":UDX,"udpPort":UDP}. On
// the UDX socket it keeps three streams, each with a firewall that connects it to the source of
// the first packet that reaches it, with remote id = its id + 100, and each created anew
// when it closes:
//   id 1, sink:        the first byte read is answered with one byte (the "hello"); then it
//                      counts bytes; on END it writes the count as a u64 LE (8 bytes) and ends.
//   id 2, secret sink: the same protocol without the hello, inside a secret stream (responder,
//                      random key pair) on stream 2.
//   id 3, echo:        writes back every chunk it reads; ends when the peer ends.
// On the UDP socket it counts datagrams; a 4-byte datagram "DONE" is answered (to its sender)
// with 24 bytes: u64 LE datagrams, u64 LE bytes, u64 LE microseconds from the first to the last
// counted datagram; then the counters restart. The client uses ids 101, 102, 103. The server
// exits when its stdin ends.
'use strict'
const dgram = require('dgram')
const v8 = require('v8')
const vm = require('vm')
const { spawn } = require('child_process')
const readline = require('readline')
const UDX = require('udx-native')
const NoiseSecretStream = require('@hyperswarm/secret-stream')

const HOST = '127.0.0.1'
const MiB = 1024 * 1024
const CHUNK = 64 * 1024
const DATAGRAM = 1452
const LIMIT_MS = 120000 // any one benchmark step that takes longer fails
const UDX_VERSION = require('udx-native/package.json').version

const args = process.argv.slice(2)
const flag = (name) => args.includes('--' + name)
function number(name, fallback) {
  const i = args.indexOf('--' + name)
  if (i === -1) return fallback
  const n = Number(args[i + 1])
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`error: --${name} must be a non-negative number, got "${args[i + 1]}"\n`)
    process.exit(2)
  }
  return n
}
function list(name) {
  const i = args.indexOf('--' + name)
  return i === -1 ? null : String(args[i + 1]).split(',')
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const noop = () => {}
const f1 = (x) => Math.round(x * 10) / 10

function within(promise, what, ms = LIMIT_MS) {
  let timer
  const limit = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(what + ' took longer than ' + ms + ' ms')), ms)
  })
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer))
}

const CHUNK_BUF = Buffer.alloc(CHUNK)
for (let i = 0; i < CHUNK; i++) CHUNK_BUF[i] = i % 251

function u64(n) {
  const b = Buffer.alloc(8)
  b.writeBigUInt64LE(BigInt(n))
  return b
}

// ---------------------------------------------------------------------------------------------
// Server.

function serve(port) {
  const udx = new UDX()
  const socket = udx.createSocket()
  socket.bind(port, HOST)
  socket.on('message', noop)
  const keyPair = NoiseSecretStream.keyPair()
  let stopping = false

  const make = (id, setup) => {
    if (stopping) return
    let stream = null
    const firewall = (sock, p, host) => {
      if (!stream.connected) stream.connect(sock, id + 100, p, host)
      return false
    }
    stream = udx.createStream(id, { firewall })
    stream.on('error', noop)
    stream.on('close', () => setImmediate(make, id, setup))
    setup(stream)
  }

  make(1, (stream) => {
    let hello = true
    let count = 0
    stream.on('data', (data) => {
      if (hello) {
        hello = false
        stream.write(Buffer.from([1]))
        data = data.subarray(1)
      }
      count += data.byteLength
    })
    stream.on('end', () => {
      stream.write(u64(count))
      stream.end()
    })
  })

  make(2, (stream) => {
    const secret = new NoiseSecretStream(false, stream, { keyPair })
    secret.on('error', noop)
    let count = 0
    secret.on('data', (data) => {
      count += data.byteLength
    })
    secret.on('end', () => {
      secret.write(u64(count))
      secret.end()
    })
  })

  make(3, (stream) => {
    stream.on('data', (data) => stream.write(data))
    stream.on('end', () => stream.end())
  })

  const udp = dgram.createSocket('udp4')
  let got = 0
  let bytes = 0
  let first = 0n
  let last = 0n
  udp.on('message', (msg, rinfo) => {
    if (msg.length === 4 && msg.toString() === 'DONE') {
      const reply = Buffer.concat([u64(got), u64(bytes), u64(got > 1 ? (last - first) / 1000n : 0n)])
      udp.send(reply, rinfo.port, rinfo.address)
      got = bytes = 0
      return
    }
    const now = process.hrtime.bigint()
    if (got === 0) first = now
    last = now
    got++
    bytes += msg.length
  })
  udp.bind(0, HOST)

  const ready = new Promise((resolve) => udp.once('listening', resolve)).then(() => ({ port: socket.address().port, udpPort: udp.address().port }))
  const stop = async () => {
    stopping = true
    for (const s of [...socket.streams]) s.destroy()
    udp.close()
    await within(socket.close(), 'closing the server socket', 2000).catch(noop)
  }
  return { ready, stop }
}

// ---------------------------------------------------------------------------------------------
// Client.

class Client {
  constructor(port, udpPort) {
    this.port = port
    this.udpPort = udpPort
    this.udx = new UDX()
    this.socket = this.udx.createSocket()
    this.socket.bind(0, HOST)
    this.socket.on('message', noop)
  }

  stream(serverId) {
    const s = this.udx.createStream(serverId + 100)
    s.on('error', noop)
    s.connect(this.socket, serverId, this.port, HOST)
    s.closed = new Promise((resolve) => s.once('close', resolve))
    return s
  }

  // Writes `total` bytes to `w` in CHUNK writes, waiting for 'drain' whenever write() says so.
  static async pump(w, total) {
    let left = total
    while (left > 0) {
      const n = Math.min(CHUNK, left)
      left -= n
      if (w.write(n === CHUNK ? CHUNK_BUF : CHUNK_BUF.subarray(0, n)) === false && left > 0) {
        await new Promise((resolve) => w.once('drain', resolve))
      }
    }
    w.end()
  }

  // Reads from `r` until `n` bytes have arrived (after `skip` bytes), and resolves with them.
  static collect(r, n, skip = 0) {
    const parts = []
    let have = 0
    return new Promise((resolve, reject) => {
      const ondata = (data) => {
        parts.push(data)
        have += data.byteLength
        if (have >= skip + n) {
          r.off('data', ondata)
          resolve(Buffer.concat(parts).subarray(skip, skip + n))
        }
      }
      r.on('data', ondata)
      r.once('close', () => reject(new Error('stream closed after ' + have + ' bytes')))
    })
  }

  async udxBulk(total) {
    const s = this.stream(1)
    const hello = Client.collect(s, 1)
    s.write(Buffer.from([0]))
    await within(hello, 'the sink hello')
    const count = Client.collect(s, 8)
    const received = this.socket.packetsReceived
    const start = process.hrtime.bigint()
    Client.pump(s, total)
    const n = Number((await within(count, 'udx bulk')).readBigUInt64LE(0))
    const ns = Number(process.hrtime.bigint() - start)
    if (n !== total) throw new Error('the sink counted ' + n + ' of ' + total + ' bytes')
    // acksReceived: datagrams the client's socket received meanwhile (the ACKs, and the count)
    this.last = { packets: s.packetsTransmitted, retransmits: s.retransmits, fastRecoveries: s.fastRecoveries, rtoCount: s.rtoCount, mtu: s.mtu, srttMs: s.rtt, cwnd: s.cwnd, acksReceived: this.socket.packetsReceived - received }
    await within(s.closed, 'closing the bulk stream', 15000)
    await sleep(30)
    return ns
  }

  async secretBulk(total) {
    const s = this.stream(2)
    const secret = new NoiseSecretStream(true, s, { keyPair: NoiseSecretStream.keyPair() })
    secret.on('error', noop)
    await within(new Promise((resolve) => secret.once('open', resolve)), 'the secret-stream handshake')
    const count = Client.collect(secret, 8)
    const start = process.hrtime.bigint()
    Client.pump(secret, total)
    const n = Number((await within(count, 'secret-stream bulk')).readBigUInt64LE(0))
    const ns = Number(process.hrtime.bigint() - start)
    if (n !== total) throw new Error('the secret sink counted ' + n + ' of ' + total + ' bytes')
    await within(s.closed, 'closing the secret stream', 15000)
    await sleep(30)
    return ns
  }

  async pingpong(rounds, warm) {
    const s = this.stream(3)
    const msg = Buffer.alloc(64, 0x5a)
    const latencies = new Float64Array(rounds)
    let have = 0
    let want = 0
    let wake = null
    s.on('data', (data) => {
      have += data.byteLength
      if (have >= want && wake) {
        const w = wake
        wake = null
        w()
      }
    })
    const once = () => {
      want += 64
      const p = new Promise((resolve) => (wake = resolve))
      s.write(msg)
      return p
    }
    await within(once(), 'the first echo') // may wait for a retransmission if the server was late
    for (let i = 0; i < warm; i++) await once()
    const run = async () => {
      for (let i = 0; i < rounds; i++) {
        const t0 = process.hrtime.bigint()
        await once()
        latencies[i] = Number(process.hrtime.bigint() - t0) / 1000
      }
    }
    await within(run(), 'the ping-pong rounds')
    s.end()
    await within(s.closed, 'closing the echo stream', 15000)
    return Array.from(latencies).sort((x, y) => x - y)
  }

  async udpCeiling(seconds) {
    const udp = dgram.createSocket('udp4')
    await new Promise((resolve) => udp.bind(0, HOST, resolve))
    const payload = Buffer.alloc(DATAGRAM, 0xa5)
    let sent = 0
    let errors = 0
    let outstanding = 0
    const endAt = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9))
    const start = process.hrtime.bigint()
    await new Promise((resolve) => {
      const ondone = (err) => {
        outstanding--
        if (err) errors++
        else sent++
        fill()
      }
      let finished = false
      const fill = () => {
        if (finished) return
        if (process.hrtime.bigint() >= endAt) {
          if (outstanding === 0) {
            finished = true
            resolve()
          }
          return
        }
        while (outstanding < 256) {
          outstanding++
          udp.send(payload, this.udpPort, HOST, ondone)
        }
      }
      fill()
    })
    const sendNs = Number(process.hrtime.bigint() - start)
    const reply = new Promise((resolve) => udp.once('message', resolve))
    let answer = null
    for (let i = 0; i < 20 && !answer; i++) {
      udp.send(Buffer.from('DONE'), this.udpPort, HOST)
      answer = await Promise.race([reply, sleep(100).then(() => null)])
    }
    udp.close()
    if (!answer) throw new Error('the server did not answer DONE')
    return {
      sent,
      sendErrors: errors,
      sendNs,
      received: Number(answer.readBigUInt64LE(0)),
      receivedBytes: Number(answer.readBigUInt64LE(8)),
      spanUs: Number(answer.readBigUInt64LE(16))
    }
  }

  close() {
    return within(this.socket.close(), 'closing the client socket', 5000).catch(noop)
  }
}

// ---------------------------------------------------------------------------------------------
// Idle stream memory, in this process.

v8.setFlagsFromString('--expose-gc')
const gc = global.gc || vm.runInNewContext('gc')

async function usedMemoryAfterGc() {
  for (let i = 0; i < 3; i++) {
    gc()
    await sleep(50)
  }
  const m = process.memoryUsage()
  return { heap: m.heapUsed, arrayBuffers: m.arrayBuffers, rss: m.rss }
}

async function idleStreamMemory(count) {
  const pairs = Math.max(1, Math.floor(count / 2))
  const before = await usedMemoryAfterGc()
  let udx = new UDX()
  let a = udx.createSocket()
  let b = udx.createSocket()
  a.bind(0, HOST)
  b.bind(0, HOST)
  let streams = []
  for (let i = 0; i < pairs; i++) {
    const x = udx.createStream(2 * i + 1)
    const y = udx.createStream(2 * i + 2)
    x.connect(a, 2 * i + 2, b.address().port, HOST)
    y.connect(b, 2 * i + 1, a.address().port, HOST)
    streams.push(x, y)
  }
  const withStreams = await usedMemoryAfterGc()
  for (const s of streams) s.destroy()
  await sleep(100)
  await Promise.all([a.close(), b.close()])
  streams = a = b = udx = null
  const after = await usedMemoryAfterGc()
  const n = 2 * pairs
  return {
    streams: n,
    heapBytesPerStream: Math.round((withStreams.heap - after.heap) / n),
    arrayBufferBytesPerStream: Math.round((withStreams.arrayBuffers - after.arrayBuffers) / n),
    rssBytesPerStream: Math.round((withStreams.rss - before.rss) / n),
    note: 'heap and array buffers: with the streams minus after they were destroyed and collected; rss: with the streams minus before (RSS is not returned promptly). udx-native gives every stream a 66 KiB receive buffer (65536 + 2048 bytes) up front.'
  }
}

// ---------------------------------------------------------------------------------------------
// Output.

const json = flag('json')
const base = { impl: 'node', node: process.version, udxNative: UDX_VERSION }

function report(figure, fields, text) {
  if (json) process.stdout.write(JSON.stringify({ figure, ...fields, ...base }) + '\n')
  else process.stdout.write(figure.padEnd(20) + text + '\n')
}

function percentile(sorted, p) {
  const rank = Math.ceil((p / 100) * sorted.length) - 1
  return sorted[Math.max(0, Math.min(sorted.length - 1, rank))]
}

// Starts the server as a child process (`--serve`) and resolves with its ports and a stop().
function child() {
  const proc = spawn(process.execPath, [__filename, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] })
  const exited = new Promise((resolve) => proc.once('exit', resolve))
  const ready = new Promise((resolve, reject) => {
    readline.createInterface({ input: proc.stdout }).once('line', (line) => resolve(JSON.parse(line)))
    proc.once('exit', (code) => reject(new Error('the server exited with ' + code)))
  })
  const stop = async () => {
    proc.stdin.end()
    const code = await Promise.race([exited, sleep(3000).then(() => 'timeout')])
    if (code === 'timeout') proc.kill('SIGKILL')
  }
  return { ready: within(ready, 'starting the server', 10000), stop }
}

async function main() {
  if (flag('serve')) {
    const server = serve(number('port', 0))
    const ports = await server.ready
    process.stdout.write(JSON.stringify({ event: 'listening', ...ports }) + '\n')
    process.stdin.resume()
    process.stdin.on('end', async () => {
      await server.stop()
      process.exit(0)
    })
    return
  }

  const total = Math.floor(number('bytes', 256 * MiB))
  const rounds = Math.max(1, Math.floor(number('rounds', 10000)))
  const seconds = number('seconds', 2)
  const streams = Math.floor(number('streams', 2000))
  const repeat = Math.max(1, Math.floor(number('repeat', 3)))
  const only = list('only')
  const want = (name) => !only || only.includes(name)

  // First, while this process is still small: memory per idle stream.
  if (want('idle-stream-memory') && streams > 0) {
    const m = await idleStreamMemory(streams)
    report('idle-stream-memory', m, `${m.heapBytesPerStream} B V8 heap + ${m.arrayBufferBytesPerStream} B array buffers per stream, RSS +${m.rssBytesPerStream} B (${m.streams} streams)`)
  }

  let server = null
  let ports
  let processes
  if (flag('client')) {
    ports = { port: number('port', 0), udpPort: number('udp-port', 0) }
    if (!ports.port) throw new Error('--client needs --port (and --udp-port for udp-ceiling)')
    processes = 'external server'
  } else if (flag('same-process')) {
    server = serve(0)
    ports = await server.ready
    processes = 1
  } else {
    server = child()
    ports = await server.ready
    processes = 2
  }
  const client = new Client(ports.port, ports.udpPort)
  const warmBytes = Math.min(total, 32 * MiB)

  // Bulk: an untimed warm-up, then `repeat` timed runs; the figure is the median run.
  const bulk = async (name, run) => {
    await run(warmBytes)
    const runs = []
    const senders = []
    for (let i = 0; i < repeat; i++) {
      client.last = null
      runs.push(total / MiB / ((await run(total)) / 1e9))
      if (client.last) senders.push(client.last)
    }
    const sorted = runs.slice().sort((x, y) => x - y)
    const median = sorted[Math.floor((sorted.length - 1) / 2)]
    const fields = { bytes: total, MiBps: f1(median), runsMiBps: runs.map(f1), msMedian: f1((total / MiB / median) * 1000), processes }
    if (senders.length) fields.sender = senders // per run: the sending UDX stream's counters at the end
    report(name, fields, `${f1(median)} MiB/s median of ${repeat} (runs ${runs.map(f1).join(', ')}; ${total} bytes each, ${typeof processes === 'number' ? processes + ' process(es)' : processes})`)
  }
  if (want('udx-bulk')) await bulk('udx-bulk', (n) => client.udxBulk(n))
  if (want('secret-stream-bulk')) await bulk('secret-stream-bulk', (n) => client.secretBulk(n))
  if (want('udx-pingpong')) {
    const warm = Math.max(1000, Math.floor(rounds / 5))
    const l = await client.pingpong(rounds, warm)
    const fields = {
      rounds,
      warmup: warm,
      messageBytes: 64,
      p50us: f1(percentile(l, 50)),
      p99us: f1(percentile(l, 99)),
      meanUs: f1(l.reduce((s, x) => s + x, 0) / l.length),
      maxUs: f1(l[l.length - 1]),
      processes
    }
    report('udx-pingpong', fields, `p50 ${fields.p50us} us, p99 ${fields.p99us} us, mean ${fields.meanUs} us, max ${fields.maxUs} us (${rounds} rounds of 64 bytes)`)
  }
  if (want('udp-ceiling') && ports.udpPort) {
    const u = await within(client.udpCeiling(seconds), 'the UDP ceiling')
    // Over the server's span from first to last arrival, but never shorter than the sending:
    // on one event loop (--same-process) the receiver barely runs while the sender sends.
    const perSec = u.received / Math.max(u.spanUs / 1e6, u.sendNs / 1e9)
    const fields = {
      datagramBytes: DATAGRAM,
      seconds,
      sent: u.sent,
      sentPerSec: Math.round(u.sent / (u.sendNs / 1e9)),
      received: u.received,
      receivedPerSec: Math.round(perSec),
      MiBps: f1((perSec * DATAGRAM) / MiB),
      lossPct: u.sent ? f1((100 * (u.sent - u.received)) / u.sent) : 0,
      processes
    }
    report('udp-ceiling', fields, `${fields.receivedPerSec} datagrams/s received = ${fields.MiBps} MiB/s (${fields.sentPerSec}/s sent, ${fields.lossPct} % lost, ${DATAGRAM}-byte datagrams)`)
  }
  await client.close()
  if (server) await server.stop()
  process.exit(0)
}

main().catch((err) => {
  process.stderr.write('error: ' + (err && err.stack ? err.stack : err) + '\n')
  process.exit(1)
})
