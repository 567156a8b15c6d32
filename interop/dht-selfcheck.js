// Checks dht-testnet.js and dht-peer.js against themselves, JS <-> JS, the way the Java tests will
// drive them: each script is spawned and spoken to over its JSON-line contract.
//
//   node dht-selfcheck.js [--verbose] [--mode open|quick] [WORD...]
//
// For each node configuration ("open": dht-peer.js --open, i.e. firewalled: false; "quick":
// --quick-firewall false, the firewalled ephemeral default path) it starts a fresh 5-node testnet
// and runs:
//   server-client  a server (fixed seed) and a client: connect by key, both see the connection
//                  with each other's key, a protomux-wakeup session on both, lookup and announce
//                  cross over, dht-announce / dht-lookup of a topic, connecting to an unknown key
//                  gives connect-error PEER_NOT_FOUND
//   swarm          two swarm peers join one topic (server+client): exactly one connection per
//                  pair on both sides; a wakeup session on the swarm connection
//   join-peer      two swarm peers joinPeer each other at the same moment: after things settle
//                  each side keeps exactly one connection to the other, and both keep the same one
//   autobase       an Autobase app (dht-peer.js autobase) and a plain swarm peer that joins the
//                  base's discovery key and opens protomux-wakeup with the capability Autobase
//                  uses (the base key): each sees the other as an active wakeup peer, the peer's
//                  announce reaches Autobase's wakeup session (wakeup-announce, wakeup-stats)
// and checks that every script exits 0 once its stdin closes. The two configurations run in
// parallel (each with its own testnet). WORDs select checks by name. Exits 0 only if everything
// passed; every wait is bounded, the whole run is capped at 90 s; loopback only.
'use strict'
const { spawn } = require('child_process')
const crypto = require('crypto')
const path = require('path')
const readline = require('readline')

const argv = process.argv.slice(2)
const verbose = argv.includes('--verbose')
const modeArg = argv.includes('--mode') ? argv[argv.indexOf('--mode') + 1] : null
const only = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--mode')
const MODES = { open: ['--open'], quick: ['--quick-firewall', 'false'] }

const procs = new Set()

class Peer {
  constructor(name, script, args = []) {
    this.name = name
    this.events = []
    this.waiters = []
    this.proc = spawn(process.execPath, [path.join(__dirname, script), ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
    procs.add(this.proc)
    this.stderr = ''
    this.proc.stderr.on('data', (d) => {
      this.stderr += d
      if (verbose) process.stdout.write(`  ${name} stderr: ${d}`)
    })
    this.exited = new Promise((resolve) =>
      this.proc.on('exit', (code) => {
        procs.delete(this.proc)
        resolve(code)
      })
    )
    readline.createInterface({ input: this.proc.stdout }).on('line', (line) => {
      let e
      try {
        e = JSON.parse(line)
      } catch {
        e = { event: 'unparsable', line }
      }
      if (verbose) process.stdout.write(`  ${Date.now() % 100000} ${name} < ${line.length > 240 ? line.slice(0, 240) + '...' : line}\n`)
      this.events.push(e)
      for (const w of this.waiters.slice()) if (w.test(e)) w.resolve(e)
    })
  }

  wait(test, ms = 10000, what = 'event', from = 0) {
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
        reject(new Error(`${this.name}: timed out after ${ms} ms waiting for ${what}` + (this.stderr ? '; stderr: ' + this.stderr.slice(-500) : '')))
      }, ms)
      this.waiters.push(w)
    })
  }

  on(event, fields = {}, ms = 10000, from = 0) {
    const test = (e) => e.event === event && Object.entries(fields).every(([k, v]) => e[k] === v)
    return this.wait(test, ms, event + ' ' + JSON.stringify(fields), from)
  }

  cmd(command, ms = 10000) {
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

  // Closes stdin; resolves with the exit code, or rejects if the process does not exit in time.
  async stop(ms = 5000) {
    this.proc.stdin.end()
    const code = await Promise.race([this.exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), ms))])
    if (code === 'timeout') {
      this.proc.kill('SIGKILL')
      throw new Error(`${this.name} did not exit within ${ms} ms after stdin closed`)
    }
    if (code !== 0) throw new Error(`${this.name} exited with ${code} after stdin closed`)
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message)
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const rand = () => crypto.randomBytes(32).toString('hex')

function uncaught(peer) {
  const e = peer.events.find((x) => x.event === 'error' && !x.cmd)
  if (e) throw new Error(`${peer.name} reported an error: ${e.message}`)
}

// Starts peers, runs `fn(peers)`, stops them all (checking their exit) even when fn fails.
async function withPeers(specs, fn) {
  const peers = specs.map(([name, script, args]) => new Peer(name, script, args))
  let failure = null
  let result
  try {
    result = await fn(...peers)
    for (const p of peers) uncaught(p)
  } catch (err) {
    failure = err
  }
  const stops = await Promise.allSettled(peers.map((p) => p.stop()))
  if (failure) throw failure
  for (const s of stops) if (s.status === 'rejected') throw s.reason
  return result
}

function checks(mode, bootstrap) {
  const node = ['--bootstrap', bootstrap, ...MODES[mode]]
  const n = (name) => `${mode}:${name}`
  return {
    async 'server-client'() {
      const seed = rand()
      await withPeers(
        [
          [n('server'), 'dht-peer.js', ['server', ...node, '--seed', seed]],
          [n('client'), 'dht-peer.js', ['client', ...node]]
        ],
        async (server, client) => {
          const { publicKey } = await server.on('listening', {}, 15000)
          const ready = await client.on('ready')
          const sready = await server.on('ready')
          for (const r of [ready, sready]) {
            // open: the node knows it is reachable; quick: it stays firewalled (and ephemeral)
            const want = mode === 'open' ? { firewalled: false } : { firewalled: true, ephemeral: true }
            for (const [k, v] of Object.entries(want)) assert(r[k] === v, `${r.role}: ${k} is ${r[k]}`)
          }
          const cap = rand()
          const { topic } = await server.cmd({ cmd: 'session', capability: cap, active: true })
          await client.cmd({ cmd: 'session', capability: cap, active: true })
          await client.cmd({ cmd: 'connect', publicKey })
          const c = await client.on('connection', { initiator: true }, 15000)
          assert(c.remotePublicKey === publicKey, 'client connected to the wrong key')
          const s = await server.on('connection', { initiator: false })
          assert(s.remotePublicKey === ready.publicKey, 'server saw the wrong client key')
          assert(s.handshakeHash === c.handshakeHash, 'handshake hashes differ')
          assert(c.remoteHost === '127.0.0.1' && c.remotePort > 0, 'client connection has no remote address')
          await server.on('peer-add', { topic, remotePublicKey: ready.publicKey })
          await client.on('peer-add', { topic, remotePublicKey: publicKey })
          await client.cmd({ cmd: 'lookup', topic, hash: null })
          await server.on('lookup', { topic, remotePublicKey: ready.publicKey })
          const key = rand()
          await server.cmd({ cmd: 'announce', topic, wakeups: [{ key, length: 7 }] })
          const a = await client.on('announce', { topic })
          assert(a.wakeups.length === 1 && a.wakeups[0].key === key && a.wakeups[0].length === 7, 'announce content differs')
          // the DHT-level commands: the client announces a topic, the server finds it
          const t = rand()
          await client.cmd({ cmd: 'dht-announce', topic: t }, 15000)
          const found = await server.cmd({ cmd: 'dht-lookup', topic: t }, 15000)
          assert(found.peers.some((p) => p.publicKey === ready.publicKey), 'dht-lookup did not find the announce')
          await client.cmd({ cmd: 'connect', publicKey: rand() })
          const err = await client.on('connect-error', {}, 20000)
          assert(err.code === 'PEER_NOT_FOUND', 'unknown key gave ' + err.code)
        }
      )
    },

    async swarm() {
      const topic = rand()
      await withPeers(
        [
          [n('swarmA'), 'dht-peer.js', ['swarm', ...node]],
          [n('swarmB'), 'dht-peer.js', ['swarm', ...node]]
        ],
        async (a, b) => {
          const ka = (await a.on('ready')).publicKey
          const kb = (await b.on('ready')).publicKey
          const cap = rand()
          const { topic: wt } = await a.cmd({ cmd: 'session', capability: cap })
          await b.cmd({ cmd: 'session', capability: cap })
          await a.cmd({ cmd: 'join', topic, server: true, client: true }, 20000)
          await b.cmd({ cmd: 'join', topic, server: true, client: true }, 20000)
          await Promise.all([a.cmd({ cmd: 'flush' }, 20000), b.cmd({ cmd: 'flush' }, 20000)])
          const ca = await a.on('connection', { remotePublicKey: kb }, 15000)
          const cb = await b.on('connection', { remotePublicKey: ka }, 15000)
          assert(ca.initiator !== cb.initiator, 'both sides claim the same direction')
          const client = ca.initiator ? ca : cb
          assert(client.client === true && client.topics.includes(topic), 'the dialling side lacks client/topics PeerInfo')
          await a.on('peer-add', { topic: wt, remotePublicKey: kb })
          await b.on('peer-add', { topic: wt, remotePublicKey: ka })
          await sleep(1000)
          for (const [p, other] of [[a, kb], [b, ka]]) {
            const m = p.mark()
            await p.cmd({ cmd: 'connections' })
            const e = await p.on('connections', {}, 5000, m)
            assert(e.swarm[other] === 1 && e.total === 1 && e.live[other] === 1, `${p.name}: connections ${JSON.stringify(e)}`)
          }
        }
      )
    },

    async 'join-peer'() {
      return withPeers(
        [
          [n('peerA'), 'dht-peer.js', ['swarm', ...node]],
          [n('peerB'), 'dht-peer.js', ['swarm', ...node]]
        ],
        async (a, b) => {
          const ka = (await a.on('ready')).publicKey
          const kb = (await b.on('ready')).publicKey
          // both must be listening (announced under H(key)) before the other can find them
          await Promise.all([a.cmd({ cmd: 'join', topic: rand(), client: false }, 20000), b.cmd({ cmd: 'join', topic: rand(), client: false }, 20000)])
          a.proc.stdin.write(JSON.stringify({ cmd: 'join-peer', publicKey: kb }) + '\n')
          b.proc.stdin.write(JSON.stringify({ cmd: 'join-peer', publicKey: ka }) + '\n')
          await a.on('connection', { remotePublicKey: kb }, 15000)
          await b.on('connection', { remotePublicKey: ka }, 15000)
          await sleep(2500)
          const seen = []
          for (const [p, other] of [[a, kb], [b, ka]]) {
            const m = p.mark()
            await p.cmd({ cmd: 'connections' })
            const e = await p.on('connections', {}, 5000, m)
            assert(e.swarm[other] === 1 && e.live[other] === 1, `${p.name}: connections ${JSON.stringify(e)}`)
            seen.push(e)
          }
          const [ea, eb] = seen
          assert(ea.kept[kb][0].handshakeHash === eb.kept[ka][0].handshakeHash, 'the two sides kept different connections')
          // the rule of HYPERDHT.md 4.4 (when neither was established): the larger key dials
          const larger = Buffer.compare(Buffer.from(ka, 'hex'), Buffer.from(kb, 'hex')) > 0 ? 'A' : 'B'
          const aInit = ea.kept[kb][0].initiator
          const kept = (p, other) => p.events.filter((e) => e.event === 'connection' && e.remotePublicKey === other)
          const closed = (p, other) => p.events.filter((e) => e.event === 'connection-close' && e.remotePublicKey === other)
          return (
            `kept the connection dialled by ${aInit ? 'A' : 'B'} (larger key: ${larger}); ` +
            `connections emitted A ${kept(a, kb).length} (closed ${closed(a, kb).length}), B ${kept(b, ka).length} (closed ${closed(b, ka).length})`
          )
        }
      )
    },

    async autobase() {
      await withPeers(
        [
          [n('autobase'), 'dht-peer.js', ['autobase', ...node]],
          [n('wakeup'), 'dht-peer.js', ['swarm', ...node]]
        ],
        async (base, peer) => {
          const info = await base.on('autobase', {}, 20000)
          const kbase = (await base.on('ready')).publicKey
          const kpeer = (await peer.on('ready')).publicKey
          assert(info.wakeupCapability === info.key, 'wakeup capability is not the base key')
          assert(info.wakeupTopic === info.discoveryKey, 'wakeup topic is not the discovery key')
          await base.on('joined', { topic: info.discoveryKey }, 20000)
          const { topic } = await peer.cmd({ cmd: 'session', capability: info.key, active: true })
          assert(topic === info.discoveryKey, 'protomux-wakeup derives another topic from the base key')
          await peer.cmd({ cmd: 'join', topic: info.discoveryKey }, 20000)
          await peer.on('connection', { remotePublicKey: kbase }, 15000)
          const pa = await peer.on('peer-add', { topic, remotePublicKey: kbase }, 10000)
          assert(pa.active === true, 'Autobase is not an active wakeup peer')
          await base.on('wakeup-peer', { change: 'add', remotePublicKey: kpeer, active: true }, 10000)
          const key = rand()
          await peer.cmd({ cmd: 'announce', topic, wakeups: [{ key, length: 1 }] })
          const ann = await base.on('wakeup-announce', { remotePublicKey: kpeer }, 10000)
          assert(ann.wakeups[0].key === key && ann.wakeups[0].length === 1, 'announce content differs')
          const m = base.mark()
          await base.cmd({ cmd: 'wakeup-stats' })
          const st = await base.on('wakeup-stats', {}, 5000, m)
          assert(st.peers.some((p) => p.remotePublicKey === kpeer && p.active), 'wakeup-stats lacks the active peer')
          assert(st.announces.some((x) => x.wakeups[0].key === key), 'wakeup-stats lacks the announce')
          await peer.cmd({ cmd: 'inactive', topic })
          await base.on('wakeup-peer', { change: 'inactive', remotePublicKey: kpeer }, 10000)
        }
      )
    }
  }
}

async function runMode(mode) {
  const t0 = Date.now()
  const results = []
  const testnet = new Peer(mode + ':testnet', 'dht-testnet.js', ['--size', '5'])
  try {
    const tn = await testnet.on('testnet', {}, 20000)
    assert(tn.nodes.length === 5 && tn.nodes[0].ephemeral && tn.nodes.slice(1).every((x) => !x.ephemeral), 'testnet nodes: ' + JSON.stringify(tn.nodes))
    const bootstrap = tn.bootstrap.map((b) => b.host + ':' + b.port).join(',')
    results.push([`${mode}:testnet`, null, Date.now() - t0])
    for (const [name, fn] of Object.entries(checks(mode, bootstrap))) {
      if (only.length && !only.some((w) => name.includes(w))) continue
      const t = Date.now()
      try {
        const note = await fn()
        results.push([`${mode}:${name}`, null, Date.now() - t, note])
      } catch (err) {
        results.push([`${mode}:${name}`, err, Date.now() - t])
      }
    }
  } catch (err) {
    results.push([`${mode}:testnet`, err, Date.now() - t0])
  }
  try {
    await testnet.stop()
  } catch (err) {
    results.push([`${mode}:testnet-exit`, err, 0])
  }
  return results
}

async function main() {
  const t0 = Date.now()
  const deadline = setTimeout(() => {
    console.error('dht-selfcheck: overall time limit (90 s) reached')
    for (const p of procs) p.kill('SIGKILL')
    process.exit(1)
  }, 90000)
  const modes = modeArg ? [modeArg] : Object.keys(MODES)
  const all = (await Promise.all(modes.map(runMode))).flat()
  let failed = 0
  for (const [name, err, ms, note] of all) {
    if (err) failed++
    console.log(err ? `FAIL ${name} (${ms} ms): ${err.message}` : `ok   ${name} (${ms} ms)${note ? ' - ' + note : ''}`)
  }
  clearTimeout(deadline)
  console.log(`${all.length - failed} passed, ${failed} failed in ${Date.now() - t0} ms`)
  process.exit(failed ? 1 : 0)
}

main().catch((err) => {
  console.error(err)
  for (const p of procs) p.kill('SIGKILL')
  process.exit(1)
})
