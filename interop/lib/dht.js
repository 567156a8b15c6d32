// What the HyperDHT interop scripts share: the node options from the command line, the
// connection events, and the DHT-level commands (info, dht-lookup, dht-announce, dht-unannounce,
// disconnect). Used by dht-peer.js.
const HyperDHT = require('hyperdht')
const b4a = require('b4a')
const { args, opt, flag, hex, emit } = require('./harness')

// --bootstrap HOST:PORT, repeatable, or comma-separated.
function bootstrapList() {
  const list = []
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '--bootstrap') continue
    for (const entry of String(args[i + 1] || '').split(',')) {
      if (!entry) continue
      const at = entry.lastIndexOf(':')
      list.push({ host: entry.slice(0, at), port: Number(entry.slice(at + 1)) })
    }
  }
  return list
}

// The HyperDHT options this process runs with:
//   bootstrap   from --bootstrap (required: there is no public network on loopback)
//   host        --host, default 127.0.0.1 (the sockets bind there; loopback only)
//   port        --port P (hyperdht tries P..P+4, then any); default any free port ([0, 0]), so
//               a peer never sits in 49737..49741 where a Java node or a testnet may want to be
//   firewalled  --open: false (the OPEN path: the node says it is reachable, and is);
//               --firewalled: true (hyperdht's default anyway)
//   quickFirewall --quick-firewall false: skip the bootstrap-time firewall probe, so the node
//               stays firewalled and ephemeral (the default "behind a NAT" path)
//   ephemeral   --ephemeral true|false (default: hyperdht's adaptive behaviour)
function nodeOptions() {
  const bootstrap = bootstrapList()
  if (bootstrap.length === 0) throw new Error('--bootstrap HOST:PORT is required')
  const options = { bootstrap, host: opt('host', '127.0.0.1') }
  const port = opt('port', null)
  options.port = port === null ? [0, 0] : Number(port)
  if (flag('open')) options.firewalled = false
  if (flag('firewalled')) options.firewalled = true
  const quick = opt('quick-firewall', null)
  if (quick !== null) options.quickFirewall = quick !== 'false'
  const ephemeral = opt('ephemeral', null)
  if (ephemeral !== null) options.ephemeral = ephemeral !== 'false'
  return options
}

function describeOptions(options) {
  const out = { ...options }
  if (Array.isArray(out.port)) out.port = 0
  return out
}

function keyPair() {
  const seed = opt('seed', null)
  return HyperDHT.keyPair(seed ? b4a.from(seed, 'hex') : undefined)
}

// The fields every "connection" event carries.
function connectionFields(conn) {
  const raw = conn.rawStream
  return {
    remotePublicKey: hex(conn.remotePublicKey),
    publicKey: hex(conn.publicKey),
    initiator: conn.isInitiator,
    remoteHost: raw ? raw.remoteHost : null,
    remotePort: raw ? raw.remotePort : null,
    handshakeHash: hex(conn.handshakeHash),
    streamId: raw ? raw.id : null,
    remoteStreamId: raw ? raw.remoteId : null
  }
}

// Live connections by remote key, and their close/error events:
//   {"event":"connection-close","remotePublicKey":HEX,"initiator":bool,"handshakeHash":HEX}
//   {"event":"connection-error","remotePublicKey":HEX,"code":..,"message":..}
function createConnections() {
  const live = new Map() // remote key hex -> Set(conn)
  function add(conn) {
    const key = hex(conn.remotePublicKey)
    if (!live.has(key)) live.set(key, new Set())
    live.get(key).add(conn)
    conn.on('error', (err) =>
      emit({ event: 'connection-error', remotePublicKey: key, code: err.code || null, message: err.message })
    )
    conn.on('close', () => {
      const set = live.get(key)
      if (set) {
        set.delete(conn)
        if (set.size === 0) live.delete(key)
      }
      emit({ event: 'connection-close', remotePublicKey: key, initiator: conn.isInitiator, handshakeHash: hex(conn.handshakeHash) })
    })
  }
  function counts() {
    const out = {}
    for (const [key, set] of live) out[key] = set.size
    return out
  }
  function destroy(remotePublicKey) {
    let n = 0
    for (const [key, set] of live) {
      if (remotePublicKey && key !== remotePublicKey) continue
      for (const conn of set) {
        conn.destroy()
        n++
      }
    }
    return n
  }
  return { live, add, counts, destroy }
}

// DHT-level commands, or null when `command` is not one of them. Storage: immutable-put {value},
// immutable-get {hash}, mutable-put {value, seq} (under the peer's key pair), mutable-get
// {publicKey, seq?}, find-peer {publicKey}; values in hex.
function dhtCommand(dht, kp, connections, command) {
  switch (command.cmd) {
    case 'info':
      return {
        publicKey: hex(kp.publicKey),
        address: dht.address(),
        remoteAddress: dht.remoteAddress(),
        firewalled: dht.firewalled,
        ephemeral: dht.ephemeral,
        id: dht.ephemeral ? null : hex(dht.id)
      }
    case 'dht-lookup':
      return (async () => {
        const peers = []
        for await (const reply of dht.lookup(b4a.from(command.topic, 'hex'))) {
          for (const p of reply.peers) {
            peers.push({
              publicKey: hex(p.publicKey),
              relayAddresses: p.relayAddresses,
              from: { host: reply.from.host, port: reply.from.port }
            })
          }
        }
        return { topic: command.topic, peers }
      })()
    case 'dht-announce':
      return dht
        .announce(b4a.from(command.topic, 'hex'), kp, command.relayAddresses || [])
        .finished()
        .then(() => ({ topic: command.topic }))
    case 'dht-unannounce':
      return dht.unannounce(b4a.from(command.topic, 'hex'), kp).then(() => ({ topic: command.topic }))
    case 'immutable-put':
      return dht
        .immutablePut(b4a.from(command.value, 'hex'))
        .then((r) => ({ hash: hex(r.hash), closestNodes: r.closestNodes.length }))
    case 'immutable-get':
      return dht.immutableGet(b4a.from(command.hash, 'hex')).then((r) =>
        r === null ? { value: null } : { value: hex(r.value), from: r.from }
      )
    case 'mutable-put':
      return dht
        .mutablePut(kp, b4a.from(command.value, 'hex'), { seq: command.seq })
        .then((r) => ({ publicKey: hex(r.publicKey), seq: r.seq, closestNodes: r.closestNodes.length }))
    case 'mutable-get':
      return dht
        .mutableGet(b4a.from(command.publicKey, 'hex'), { seq: command.seq || 0, latest: true })
        .then((r) => (r === null ? { value: null } : { value: hex(r.value), seq: r.seq, from: r.from }))
    case 'find-peer':
      return (async () => {
        const found = []
        for await (const reply of dht.findPeer(b4a.from(command.publicKey, 'hex'))) {
          found.push({
            publicKey: hex(reply.peer.publicKey),
            relayAddresses: reply.peer.relayAddresses,
            from: { host: reply.from.host, port: reply.from.port }
          })
        }
        return { found }
      })()
    case 'disconnect':
      return { destroyed: connections.destroy(command.remotePublicKey || null) }
    default:
      return null
  }
}

module.exports = { HyperDHT, nodeOptions, describeOptions, keyPair, connectionFields, createConnections, dhtCommand }
