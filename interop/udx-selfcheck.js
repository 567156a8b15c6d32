// Checks udx-peer.js against itself: starts two udx-peer.js processes (A and B) on 127.0.0.1 and
// drives them over their JSON-line contract, the way the Java tests do.
//
//   node udx-selfcheck.js [--verbose] [--slow] [WORD...]
//
// With WORDs, only the checks whose names contain one of them run. --slow adds the ETIMEDOUT
// check (about 13 s). --verbose echoes every command and event.
//
// Prints one line per check and exits 0 only if every check passed (1 otherwise). Every wait is
// bounded; all traffic stays on 127.0.0.1; both peers are stopped at the end.
'use strict'
const { spawn } = require('child_process')
const crypto = require('crypto')
const path = require('path')
const readline = require('readline')

const verbose = process.argv.includes('--verbose')
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const MiB = 1024 * 1024

class Peer {
  constructor(name, args = []) {
    this.name = name
    this.events = []
    this.waiters = []
    this.texts = new Map() // stream id -> everything its data events carried, as latin1 text
    this.proc = spawn(process.execPath, [path.join(__dirname, 'udx-peer.js'), ...args], { stdio: ['pipe', 'pipe', 'inherit'] })
    this.exited = new Promise((resolve) => this.proc.on('exit', (code) => resolve(code)))
    readline.createInterface({ input: this.proc.stdout }).on('line', (line) => {
      let e
      try {
        e = JSON.parse(line)
      } catch {
        e = { event: 'unparsable', line }
      }
      if (verbose) process.stdout.write(`  ${Date.now() % 100000} ${name} < ${line.length > 200 ? line.slice(0, 200) + '...' : line}\n`)
      this.events.push(e)
      if (e.event === 'data') this.texts.set(e.id, (this.texts.get(e.id) || '') + Buffer.from(e.hex, 'hex').toString('latin1'))
      for (const w of this.waiters.slice()) if (w.test(e)) w.resolve(e)
    })
  }

  // Resolves with the first event (already seen from index `from` on, or still to come) that
  // satisfies `test`; rejects after `ms`.
  wait(test, ms = 5000, what = 'event', from = 0) {
    const seen = this.events.slice(from).find(test)
    if (seen) return Promise.resolve(seen)
    return new Promise((resolve, reject) => {
      const w = {
        test,
        resolve: (e) => {
          clearTimeout(timer)
          this.waiters.splice(this.waiters.indexOf(w), 1)
          resolve(e)
        }
      }
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1)
        reject(new Error(`${this.name}: timed out after ${ms} ms waiting for ${what}`))
      }, ms)
      this.waiters.push(w)
    })
  }

  on(event, fields = {}, ms = 5000, from = 0) {
    const test = (e) => e.event === event && Object.entries(fields).every(([k, v]) => e[k] === v)
    return this.wait(test, ms, event + ' ' + JSON.stringify(fields), from)
  }

  // Sends a command; resolves with its ok event, rejects with its error event.
  cmd(command, ms = 5000) {
    const from = this.events.length
    if (verbose) process.stdout.write(`  ${Date.now() % 100000} ${this.name} > ${JSON.stringify(command)}\n`)
    this.proc.stdin.write(JSON.stringify(command) + '\n')
    return this.wait((e) => (e.event === 'ok' || e.event === 'error') && e.cmd === command.cmd, ms, 'ack of ' + command.cmd, from).then((e) => {
      if (e.event === 'error') throw new Error(`${this.name}: ${command.cmd} failed: ${e.message}`)
      return e
    })
  }

  mark() {
    return this.events.length
  }

  stop() {
    this.proc.stdin.end()
    return this.exited
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message)
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const hexOf = (s) => Buffer.from(s).toString('hex')
const textOf = (peer, id) => peer.texts.get(id) || ''

function patternSha(n, offset = 0) {
  const h = crypto.createHash('sha256')
  const block = Buffer.alloc(251 * 261)
  for (let i = 0; i < block.length; i++) block[i] = i % 251
  let pos = offset
  let left = n
  while (left > 0) {
    const o = pos % 251
    const k = Math.min(left, block.length - o)
    h.update(block.subarray(o, o + k))
    pos += k
    left -= k
  }
  return h.digest('hex')
}

let A, B
let nextId = 100

// Creates stream ids a (on A) and b (on B), connected to each other.
async function pair(optsA = {}, optsB = {}) {
  const a = nextId++
  const b = nextId++
  await A.cmd({ cmd: 'create', id: a, ...optsA })
  await B.cmd({ cmd: 'create', id: b, ...optsB })
  await A.cmd({ cmd: 'connect', id: a, remoteId: b, port: B.port, host: '127.0.0.1' })
  await B.cmd({ cmd: 'connect', id: b, remoteId: a, port: A.port, host: '127.0.0.1' })
  return { a, b }
}

async function bothEnd({ a, b }) {
  const fa = A.mark()
  const fb = B.mark()
  await A.cmd({ cmd: 'end', id: a })
  await B.cmd({ cmd: 'end', id: b })
  const [ca, cb] = await Promise.all([A.on('close', { id: a }, 5000, fa), B.on('close', { id: b }, 5000, fb)])
  assert(ca.error === null && cb.error === null, `close errors ${ca.error} / ${cb.error}`)
}

const CHECKS = {
  async 'small writes both ways'() {
    const p = await pair()
    const ack = await A.cmd({ cmd: 'write', id: p.a, hex: hexOf('hello ') })
    assert(typeof ack.drained === 'boolean', 'write ack has no drained flag')
    await A.cmd({ cmd: 'write', id: p.a, hex: hexOf('from A') })
    await B.wait(() => textOf(B, p.b) === 'hello from A', 5000, 'hello from A')
    await B.cmd({ cmd: 'write', id: p.b, hex: hexOf('hi from B') })
    await A.wait(() => textOf(A, p.a) === 'hi from B', 5000, 'hi from B')
    const f = await A.cmd({ cmd: 'flush', id: p.a })
    assert(f.flushed === true, 'flush not true')
    await bothEnd(p)
  },

  async '10 MiB each way, sha256 checked'() {
    const n = 10 * MiB
    const p = await pair({ count: true }, { count: true })
    const fa = A.mark()
    const fb = B.mark()
    await A.cmd({ cmd: 'writePattern', id: p.a, bytes: n })
    await B.cmd({ cmd: 'writePattern', id: p.b, bytes: n, chunk: 1000 })
    const [wa, wb] = await Promise.all([A.on('written', { id: p.a }, 60000, fa), B.on('written', { id: p.b }, 60000, fb)])
    const expected = patternSha(n)
    assert(wa.sha256 === expected && wb.sha256 === expected, 'written sha256 differs from the pattern')
    await A.cmd({ cmd: 'end', id: p.a })
    await B.cmd({ cmd: 'end', id: p.b })
    const [ra, rb] = await Promise.all([A.on('received', { id: p.a }, 10000, fa), B.on('received', { id: p.b }, 10000, fb)])
    assert(ra.bytes === n && rb.bytes === n, `received ${ra.bytes} / ${rb.bytes} bytes`)
    assert(ra.sha256 === expected && rb.sha256 === expected, 'received sha256 differs')
    const [ca, cb] = await Promise.all([A.on('close', { id: p.a }, 5000, fa), B.on('close', { id: p.b }, 5000, fb)])
    assert(ca.error === null && cb.error === null, 'close with error')
    return `A->B ${wa.ms} ms, B->A ${wb.ms} ms (1000-byte writes) concurrently`
  },

  async 'pattern offset continues across writePattern and digest'() {
    const p = await pair({}, { count: true })
    const fb = B.mark()
    const w1 = await A.cmd({ cmd: 'writePattern', id: p.a, bytes: 1000, chunk: 300 })
    const w2 = await A.cmd({ cmd: 'writePattern', id: p.a, bytes: 5000 })
    assert(w1.offset === 0 && w2.offset === 1000, 'offsets ' + w1.offset + ', ' + w2.offset)
    const second = await A.on('written', { id: p.a, bytes: 5000 }, 5000)
    assert(second.sha256 === patternSha(5000, 1000), 'second writePattern does not continue the pattern')
    let d
    for (let i = 0; i < 50; i++) {
      const m = B.mark()
      await B.cmd({ cmd: 'digest', id: p.b })
      d = await B.on('received', { id: p.b }, 1000, m)
      if (d.bytes === 6000) break
      await sleep(20)
    }
    assert(d.bytes === 6000 && d.sha256 === patternSha(6000), 'digest ' + JSON.stringify(d))
    await bothEnd(p)
    const r = await B.on('received', { id: p.b }, 1000, fb)
    assert(r.bytes === 6000, 'received on end')
  },

  async 'half-close: A ends, then B still writes to A'() {
    const p = await pair()
    const fa = A.mark()
    const fb = B.mark()
    await A.cmd({ cmd: 'write', id: p.a, hex: hexOf('x') })
    await A.cmd({ cmd: 'end', id: p.a })
    await B.on('end', { id: p.b }, 5000, fb)
    await A.on('finish', { id: p.a }, 5000, fa)
    await B.cmd({ cmd: 'write', id: p.b, hex: hexOf('late reply') })
    await A.wait(() => textOf(A, p.a) === 'late reply', 5000, 'late reply')
    assert(!A.events.slice(fa).some((e) => e.event === 'close' && e.id === p.a), 'A closed before B ended')
    await B.cmd({ cmd: 'end', id: p.b })
    await A.on('end', { id: p.a }, 5000, fa)
    const [ca, cb] = await Promise.all([A.on('close', { id: p.a }, 5000, fa), B.on('close', { id: p.b }, 5000, fb)])
    assert(ca.error === null && cb.error === null, 'close with error')
    assert(textOf(B, p.b) === 'x', 'B read ' + textOf(B, p.b))
  },

  async 'destroy A->B: B closes with ECONNRESET'() {
    const p = await pair()
    await A.cmd({ cmd: 'write', id: p.a, hex: hexOf('bye') })
    await B.wait(() => textOf(B, p.b) === 'bye', 5000, 'bye')
    await A.cmd({ cmd: 'destroy', id: p.a })
    const ca = await A.on('close', { id: p.a })
    const cb = await B.on('close', { id: p.b })
    assert(ca.error === null, 'destroying side error ' + ca.error)
    assert(cb.error === 'ECONNRESET', 'B close error ' + cb.error)
  },

  async 'destroy B->A: A closes with ECONNRESET'() {
    const p = await pair()
    await B.cmd({ cmd: 'write', id: p.b, hex: hexOf('bye') })
    await A.wait(() => textOf(A, p.a) === 'bye', 5000, 'bye')
    await B.cmd({ cmd: 'destroy', id: p.b })
    const cb = await B.on('close', { id: p.b })
    const ca = await A.on('close', { id: p.a })
    assert(cb.error === null, 'destroying side error ' + cb.error)
    assert(ca.error === 'ECONNRESET', 'A close error ' + ca.error)
  },

  async 'messages both ways (send, trySend, empty), raw socket datagrams'() {
    const p = await pair()
    const s = await A.cmd({ cmd: 'send', id: p.a, hex: hexOf('datagram-1') })
    assert(s.sent === true, 'send not sent')
    await B.on('message', { id: p.b, hex: hexOf('datagram-1') })
    await A.cmd({ cmd: 'trySend', id: p.a, hex: hexOf('datagram-2') })
    await B.on('message', { id: p.b, hex: hexOf('datagram-2') })
    await A.cmd({ cmd: 'trySend', id: p.a, hex: '' })
    await B.on('message', { id: p.b, hex: '' })
    await B.cmd({ cmd: 'send', id: p.b, hex: hexOf('reply-datagram') })
    await A.on('message', { id: p.a, hex: hexOf('reply-datagram') })
    await B.cmd({ cmd: 'trySend', id: p.b, hex: hexOf('reply-2') })
    await A.on('message', { id: p.a, hex: hexOf('reply-2') })
    // Hostile/foreign input: not UDX, too short, and a UDX header for an unknown id.
    const foreign = ['13000000000000006468742d727063', 'ff01000000', 'ff010000efbeadde00004000000000000000000000']
    for (const f of foreign) {
      const r = await A.cmd({ cmd: 'socketSend', hex: f, port: B.port, host: '127.0.0.1' })
      assert(r.sent === true, 'socketSend not sent')
      const m = await B.on('socket-message', { hex: f })
      assert(m.port === A.port && m.host === '127.0.0.1', 'socket-message source ' + m.host + ':' + m.port)
    }
    // The streams are unharmed.
    await A.cmd({ cmd: 'write', id: p.a, hex: hexOf('still fine') })
    await B.wait(() => textOf(B, p.b) === 'still fine', 5000, 'still fine')
    await bothEnd(p)
  },

  async 'A writes before B created its stream (unknown id, recovered by retransmission)'() {
    const a = nextId++
    const b = nextId++
    const fb = B.mark()
    await A.cmd({ cmd: 'create', id: a })
    await A.cmd({ cmd: 'connect', id: a, remoteId: b, port: B.port })
    await A.cmd({ cmd: 'write', id: a, hex: hexOf('early') })
    const m = await B.wait((e) => e.event === 'socket-message' && e.hex.startsWith('ff0101'), 3000, 'the early DATA as a socket message', fb)
    assert(Buffer.from(m.hex, 'hex').readUInt32LE(4) === b, 'socket message id')
    await sleep(200)
    await B.cmd({ cmd: 'create', id: b })
    await B.cmd({ cmd: 'connect', id: b, remoteId: a, port: A.port })
    await B.wait(() => textOf(B, b) === 'early', 5000, 'the retransmitted "early"')
    await bothEnd({ a, b })
  },

  async 'pre-connect with the default firewall: dropped, then delivered after connect'() {
    const a = nextId++
    const b = nextId++
    const fb = B.mark()
    await B.cmd({ cmd: 'create', id: b, firewall: 'default' })
    await A.cmd({ cmd: 'create', id: a })
    await A.cmd({ cmd: 'connect', id: a, remoteId: b, port: B.port })
    await A.cmd({ cmd: 'write', id: a, hex: hexOf('early') })
    const fw = await B.on('firewall', { id: b }, 3000, fb)
    assert(fw.action === 'drop' && fw.port === A.port && fw.host === '127.0.0.1', 'firewall ' + JSON.stringify(fw))
    await sleep(200)
    assert(textOf(B, b) === '', 'default firewall let data through')
    await B.cmd({ cmd: 'connect', id: b, remoteId: a, port: A.port })
    await B.wait(() => textOf(B, b) === 'early', 5000, 'the retransmitted "early"')
    await bothEnd({ a, b })
  },

  async 'pre-connect with the "connect" firewall (hyperdht pattern), remote id from create'() {
    const a = nextId++
    const b = nextId++
    const fb = B.mark()
    await B.cmd({ cmd: 'create', id: b, firewall: 'connect', remoteId: a })
    await A.cmd({ cmd: 'create', id: a })
    await A.cmd({ cmd: 'connect', id: a, remoteId: b, port: B.port })
    const t0 = Date.now()
    await A.cmd({ cmd: 'write', id: a, hex: hexOf('first') })
    const fw = await B.on('firewall', { id: b }, 3000, fb)
    assert(fw.action === 'connect' && fw.port === A.port, 'firewall ' + JSON.stringify(fw))
    await B.wait(() => textOf(B, b) === 'first', 5000, 'first')
    assert(Date.now() - t0 < 800, 'not delivered at once')
    await B.cmd({ cmd: 'write', id: b, hex: hexOf('second') })
    await A.wait(() => textOf(A, a) === 'second', 5000, 'second')
    await bothEnd({ a, b })
  },

  async 'pre-connect with the "connect" firewall, remote id given later by connect'() {
    const a = nextId++
    const b = nextId++
    const fb = B.mark()
    await B.cmd({ cmd: 'create', id: b, firewall: 'connect' })
    await A.cmd({ cmd: 'create', id: a })
    await A.cmd({ cmd: 'connect', id: a, remoteId: b, port: B.port })
    await A.cmd({ cmd: 'write', id: a, hex: hexOf('first') })
    const fw = await B.on('firewall', { id: b }, 3000, fb)
    assert(fw.action === 'accept', 'firewall ' + JSON.stringify(fw))
    await B.wait(() => textOf(B, b) === 'first', 3000, 'first (accepted before connect)')
    await B.cmd({ cmd: 'connect', id: b, remoteId: a }) // to the address the firewall saw
    await B.cmd({ cmd: 'write', id: b, hex: hexOf('second') })
    await A.wait(() => textOf(A, a) === 'second', 5000, 'second')
    await bothEnd({ a, b })
  },

  async 'changeRemote and setKeepalive'() {
    const p = await pair()
    await A.cmd({ cmd: 'setKeepalive', id: p.a, ms: 50 })
    const f = A.mark()
    const c = await A.cmd({ cmd: 'changeRemote', id: p.a, remoteId: p.b, port: B.port, host: '127.0.0.1' })
    await A.on('remote-changed', { id: p.a }, 3000, f)
    assert(c.immediate === true, 'idle change not immediate')
    // With data in flight the change is deferred until the old packets are acked.
    const f2 = A.mark()
    await A.cmd({ cmd: 'writePattern', id: p.a, bytes: 200000 })
    const c2 = await A.cmd({ cmd: 'changeRemote', id: p.a, remoteId: p.b, port: B.port, host: '127.0.0.1' })
    assert(c2.immediate === false, 'busy change immediate')
    const t0 = Date.now()
    await A.on('remote-changed', { id: p.a }, 3000, f2)
    await A.on('written', { id: p.a }, 5000, f2)
    const deferredMs = Date.now() - t0
    await sleep(150) // heartbeats are running now
    const off = await A.cmd({ cmd: 'setKeepalive', id: p.a, ms: 0 })
    assert(off.applied === 2147483647, 'keepalive off applied as ' + off.applied)
    await sleep(100) // with a plain setKeepalive(0) udx-native would now spin and never answer
    await A.cmd({ cmd: 'write', id: p.a, hex: hexOf('after change') })
    await B.wait(() => textOf(B, p.b).endsWith('after change'), 5000, 'after change')
    await bothEnd(p)
    return 'deferred remote-changed after ' + deferredMs + ' ms'
  },

  async 'wakeup over UDX: A initiator, B responder (connect firewall), lookup/announce both ways'() {
    const cap = 'ab'.repeat(32)
    const a = nextId++
    const b = nextId++
    const fa = A.mark()
    const fb = B.mark()
    await B.cmd({ cmd: 'create', id: b, firewall: 'connect', remoteId: a })
    const wb = await B.cmd({ cmd: 'wakeup', id: b, initiator: false, seed: '02'.repeat(32), capability: cap, active: true, respond: [{ key: 'cd'.repeat(32), length: 7 }] })
    await A.cmd({ cmd: 'create', id: a })
    await A.cmd({ cmd: 'connect', id: a, remoteId: b, port: B.port })
    const wa = await A.cmd({ cmd: 'wakeup', id: a, initiator: true, seed: '01'.repeat(32) })
    const sa = await A.cmd({ cmd: 'session', capability: cap, active: true, respond: [{ key: 'ef'.repeat(32), length: 3 }] })
    assert(sa.topic === wb.topic, 'topics differ')
    const [ha, hb] = await Promise.all([A.on('handshake', { id: a }, 5000, fa), B.on('handshake', { id: b }, 5000, fb)])
    assert(ha.remotePublicKey === wb.publicKey && hb.remotePublicKey === wa.publicKey, 'public keys')
    assert(ha.handshakeHash === hb.handshakeHash && ha.isInitiator && !hb.isInitiator, 'handshake')
    await Promise.all([A.on('peer-add', { topic: sa.topic }, 5000, fa), B.on('peer-add', { topic: sa.topic }, 5000, fb)])
    // A looks up, B answers with its respond list.
    await A.cmd({ cmd: 'lookup', topic: sa.topic, hash: null })
    await B.on('lookup', { topic: sa.topic }, 5000, fb)
    const an = await A.on('announce', { topic: sa.topic }, 5000, fa)
    assert(an.wakeups[0].key === 'cd'.repeat(32) && an.wakeups[0].length === 7, 'announce to A')
    // B looks up, A answers.
    await B.cmd({ cmd: 'lookup', topic: sa.topic, hash: 'aa'.repeat(32) })
    const lk = await A.on('lookup', { topic: sa.topic }, 5000, fa)
    assert(lk.hash === 'aa'.repeat(32), 'lookup hash')
    const bn = await B.on('announce', { topic: sa.topic }, 5000, fb)
    assert(bn.wakeups[0].key === 'ef'.repeat(32) && bn.wakeups[0].length === 3, 'announce to B')
    // An explicit announce, inactive, stats, then the topic goes.
    const f2 = B.mark()
    await A.cmd({ cmd: 'announce', topic: sa.topic, wakeups: [{ key: '11'.repeat(32), length: 9 }] })
    const an2 = await B.on('announce', { topic: sa.topic }, 5000, f2)
    assert(an2.wakeups[0].length === 9, 'explicit announce')
    await A.cmd({ cmd: 'inactive', topic: sa.topic })
    await B.on('peer-inactive', { topic: sa.topic }, 5000, fb)
    await A.cmd({ cmd: 'stats' })
    await A.cmd({ cmd: 'destroy', topic: sa.topic })
    await B.cmd({ cmd: 'destroy', topic: sa.topic })
    // Tear the connection down from A: both secret streams and both UDX streams close.
    await A.cmd({ cmd: 'destroy', id: a })
    await Promise.all([A.on('close', { id: a }, 5000, fa), B.on('close', { id: b }, 5000, fb), A.on('stream-close', { id: a }, 5000, fa), B.on('stream-close', { id: b }, 5000, fb)])
  },

  async 'wakeup over UDX the other way: B initiator, A responder (connect firewall, remote id given later)'() {
    const cap = 'cc'.repeat(32)
    const a = nextId++
    const b = nextId++
    const fa = A.mark()
    const fb = B.mark()
    await A.cmd({ cmd: 'create', id: a, firewall: 'connect' })
    const wa = await A.cmd({ cmd: 'wakeup', id: a, initiator: false, capability: cap, respond: [{ key: '22'.repeat(32), length: 1 }] })
    await A.cmd({ cmd: 'remoteId', id: a, remoteId: b })
    await B.cmd({ cmd: 'create', id: b })
    await B.cmd({ cmd: 'connect', id: b, remoteId: a, port: A.port })
    await B.cmd({ cmd: 'wakeup', id: b, initiator: true, capability: cap, respond: [{ key: '33'.repeat(32), length: 2 }] })
    await A.on('firewall', { id: a, action: 'connect' }, 3000, fa)
    const hb = await B.on('handshake', { id: b }, 5000, fb)
    assert(hb.remotePublicKey === wa.publicKey, 'public key')
    await Promise.all([A.on('peer-add', { topic: wa.topic }, 5000, fa), B.on('peer-add', { topic: wa.topic }, 5000, fb)])
    await B.cmd({ cmd: 'lookup', topic: wa.topic, hash: null })
    const bn = await B.on('announce', { topic: wa.topic }, 5000, fb)
    assert(bn.wakeups[0].key === '22'.repeat(32), 'announce to B')
    await A.cmd({ cmd: 'lookup', topic: wa.topic, hash: null })
    const an = await A.on('announce', { topic: wa.topic }, 5000, fa)
    assert(an.wakeups[0].key === '33'.repeat(32), 'announce to A')
    await B.cmd({ cmd: 'destroy', topic: wa.topic })
    await A.cmd({ cmd: 'destroy', topic: wa.topic })
    await B.cmd({ cmd: 'destroy', id: b })
    await Promise.all([A.on('close', { id: a }, 5000, fa), B.on('close', { id: b }, 5000, fb)])
  },

  async 'dual-stack peer (--host ::) talks to an IPv4 peer'() {
    const C = new Peer('C', ['--host', '::'])
    try {
      const l = await C.on('listening')
      assert(l.host === '::', 'listening host ' + l.host)
      const a = nextId++
      const c = nextId++
      await A.cmd({ cmd: 'create', id: a })
      await C.cmd({ cmd: 'create', id: c })
      await A.cmd({ cmd: 'connect', id: a, remoteId: c, port: l.port })
      await C.cmd({ cmd: 'connect', id: c, remoteId: a, port: A.port, host: '127.0.0.1' })
      await A.cmd({ cmd: 'writePattern', id: a, bytes: 5000 })
      await C.wait(() => textOf(C, c).length === 5000, 5000, '5000 bytes at C')
      await C.cmd({ cmd: 'write', id: c, hex: hexOf('v6 ok') })
      await A.wait(() => textOf(A, a) === 'v6 ok', 5000, 'v6 ok')
      const r = await A.cmd({ cmd: 'socketSend', hex: '00', port: l.port })
      assert(r.sent, 'socketSend')
      const m = await C.on('socket-message', { hex: '00' })
      await A.cmd({ cmd: 'end', id: a })
      await C.cmd({ cmd: 'end', id: c })
      await Promise.all([A.on('close', { id: a }), C.on('close', { id: c })])
      return 'C sees IPv4 senders as ' + m.host
    } finally {
      const code = await C.stop()
      assert(code === 0, 'C exited with ' + code)
    }
  },

  async 'silent peer: the writer closes with ETIMEDOUT (slow, ~13 s; only with --slow)'() {
    if (!process.argv.includes('--slow')) return 'skipped'
    const a = nextId++
    const fb = B.mark()
    await A.cmd({ cmd: 'create', id: a })
    await A.cmd({ cmd: 'connect', id: a, remoteId: 0xdead, port: B.port })
    const t0 = Date.now()
    await A.cmd({ cmd: 'write', id: a, hex: hexOf('anyone?') })
    const c = await A.on('close', { id: a }, 20000)
    assert(c.error === 'ETIMEDOUT', 'close error ' + c.error)
    const copies = B.events.slice(fb).filter((e) => e.event === 'socket-message').length
    return `ETIMEDOUT after ${Date.now() - t0} ms, ${copies} copies of the DATA reached B's socket`
  },

  async 'bad commands are answered with error events and the peer goes on'() {
    const f = A.mark()
    A.proc.stdin.write('not json\n')
    await A.wait((e) => e.event === 'error' && e.cmd === undefined, 2000, 'error for bad JSON', f)
    for (const c of [{ cmd: 'nope' }, { cmd: 'write', id: 999999, hex: '00' }, { cmd: 'create', id: -1 }, { cmd: 'create', id: 5, firewall: 'x' }]) {
      let failed = false
      await A.cmd(c).catch(() => (failed = true))
      assert(failed, JSON.stringify(c) + ' did not fail')
    }
    await A.cmd({ cmd: 'create', id: 7 })
    let failed = false
    await A.cmd({ cmd: 'write', id: 7, hex: '00' }).catch(() => (failed = true))
    assert(failed, 'write on an unconnected stream did not fail')
    await A.cmd({ cmd: 'destroy', id: 7 })
  }
}

async function main() {
  const deadline = setTimeout(() => {
    console.error('selfcheck: overall time limit (180 s) reached')
    for (const peer of [A, B]) if (peer) peer.proc.kill('SIGKILL')
    process.exit(1)
  }, 180000)
  A = new Peer('A')
  B = new Peer('B')
  A.port = (await A.on('listening')).port
  B.port = (await B.on('listening')).port
  let passed = 0
  let failed = 0
  let skipped = 0
  for (const [name, fn] of Object.entries(CHECKS)) {
    if (only.length && !only.some((w) => name.includes(w))) continue
    const t0 = Date.now()
    try {
      const note = await fn()
      if (note === 'skipped') {
        skipped++
        console.log(`skip ${name}`)
        continue
      }
      passed++
      console.log(`ok   ${name} (${Date.now() - t0} ms)${note ? ' - ' + note : ''}`)
    } catch (err) {
      failed++
      console.log(`FAIL ${name}: ${err.message}`)
    }
  }
  const stray = [...A.events.map((e) => ['A', e]), ...B.events.map((e) => ['B', e])].filter(([, e]) => e.event === 'error' && e.cmd === null)
  for (const [who, e] of stray) {
    failed++
    console.log(`FAIL ${who} reported an uncaught error: ${e.message}`)
  }
  const [ea, eb] = await Promise.all([A.stop(), B.stop()])
  if (ea !== 0 || eb !== 0) {
    failed++
    console.log(`FAIL peers exited with ${ea} / ${eb} after stdin closed`)
  }
  clearTimeout(deadline)
  console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''))
  process.exit(failed ? 1 : 0)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
