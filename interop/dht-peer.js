// A HyperDHT 6.34.0 / Hyperswarm 4.17.2 / Autobase peer for the Java interop tests, driven by JSON
// commands on stdin (one object per line); events go to stdout as JSON lines.
//
//   node dht-peer.js server|client|swarm|autobase --bootstrap HOST:PORT[,HOST:PORT]
//        [--seed HEX] [--host 127.0.0.1] [--port P] [--open|--firewalled]
//        [--quick-firewall false] [--ephemeral true|false]
//        autobase only: [--base-key HEX] [--replicate base|store]
//
// The node is new HyperDHT({ bootstrap, host, port, firewalled?, quickFirewall?, ephemeral? }):
// --open = firewalled: false (OPEN path); --quick-firewall false = the firewalled, ephemeral
// default path without the bootstrap-time probe (see lib/dht.js). --seed fixes the key pair
// (HyperDHT.keyPair(seed)) the role listens/connects/joins with. --port defaults to any free port.
// Once the node is bootstrapped and the role set up (after the role's setup events "listening" /
// "autobase", see below):
//   {"event":"ready","role":R,"publicKey":HEX,"options":{...},"address":{host,family,port},
//    "firewalled":bool,"ephemeral":bool}
// Commands are read from the start; any sent before "ready" wait for it. Not ready within 30 s:
// {"event":"error","message":...} and exit 1.
//
// Every command is acknowledged with {"event":"ok","cmd":NAME,...} once done (commands marked
// async: when their promise settles; later commands do not wait for them), or answered with
// {"event":"error","cmd":NAME,"message":...} (the peer goes on).
//
// Connections (every role) print
//   {"event":"connection","remotePublicKey","publicKey","initiator","remoteHost","remotePort",
//    "handshakeHash","streamId","remoteStreamId", + swarm/autobase: "client","topics":[HEX]}
//   {"event":"connection-close","remotePublicKey","initiator","handshakeHash"}
//   {"event":"connection-error","remotePublicKey","code","message"}  (after the connection opened)
//
// Commands of every role:
//   {"cmd":"info"}   ok with publicKey, address, remoteAddress, firewalled, ephemeral, id
//   {"cmd":"dht-lookup","topic":HEX}       (async) ok with "peers":[{publicKey,relayAddresses,from}]
//   {"cmd":"dht-announce","topic":HEX,"relayAddresses":[{host,port}]?}  (async) dht.announce(topic, keyPair)
//   {"cmd":"dht-unannounce","topic":HEX}   (async)
//   {"cmd":"disconnect","remotePublicKey":HEX?}  destroys the connections to that key (all without)
//   {"cmd":"immutable-put","value":HEX} / {"cmd":"immutable-get","hash":HEX}             (async)
//   {"cmd":"mutable-put","value":HEX,"seq":N} / {"cmd":"mutable-get","publicKey":HEX}    (async)
//   {"cmd":"find-peer","publicKey":HEX}      (async) ok with "found":[{publicKey,relayAddresses,from}]
//
// server, client and swarm run a protomux-wakeup 2.9.0 swarm (lib/wakeup.js) on every connection,
// with the commands and events of wakeup-peer.js: session, lookup, announce, active, inactive,
// destroy (with "topic"), stats, peers; events peer-add, peer-remove, peer-active, peer-inactive,
// lookup, announce, wakeup (each with "topic" and "remotePublicKey").
//
// server: dht.createServer() listening on the key pair at once:
//   {"event":"listening","publicKey":HEX}   (after server.listen() resolved, i.e. announced)
//
// client:
//   {"cmd":"connect","publicKey":HEX,"relayAddresses":[{host,port}]?}
//       dht.connect(key, {keyPair}); ok at once, then {"event":"connection",...,"initiator":true}
//       on open, or {"event":"connect-error","publicKey":HEX,"code":..,"message":..}
//
// swarm: new Hyperswarm({ dht, keyPair })
//   {"cmd":"join","topic":HEX,"server":bool?,"client":bool?}   (async; both default true)
//       swarm.join; prints {"event":"joined","topic":HEX,"publicKey":HEX} after
//       discovery.flushed(), then ok
//   {"cmd":"leave","topic":HEX}                                (async) swarm.leave
//   {"cmd":"flush"}            (async) swarm.flush(), prints {"event":"flushed"}, then ok
//   {"cmd":"join-peer","publicKey":HEX} / {"cmd":"leave-peer","publicKey":HEX}
//   {"cmd":"connections"}
//       prints {"event":"connections","swarm":{HEX:n},"kept":{HEX:[{handshakeHash,initiator}]},
//       "live":{HEX:n},"total":N,"opening":M}:
//       "swarm" = swarm.connections (the opened ones hyperswarm keeps) by remote key, "kept" =
//       those connections' handshake hashes and directions (the same hash on both sides = the
//       same connection), "live" =
//       every secret stream this process saw emitted and not closed yet, "opening" = connections
//       hyperswarm is still setting up; then ok
//   also {"event":"ban","publicKey":HEX,"message":..} when the swarm bans a peer
//
// autobase: an Autobase app on Hyperswarm, as an app runs it: corestore in a temp dir (removed at
//   exit), new Autobase(store, --base-key or null, {valueEncoding: 'json', open: a "view" core,
//   apply: append each value to the view}), new Hyperswarm({ dht, keyPair }),
//   swarm.on('connection', c => base.replicate(c)), swarm.join(base.discoveryKey).
//   base.replicate(c) is store.replicate(c) plus base.wakeupProtocol.addStream(c)
//   (autobase/index.js:291-295); store.replicate(c) alone (--replicate store) runs hypercore
//   replication only: corestore and hypercore never touch protomux-wakeup, so Autobase's wakeup
//   session then sees no peers.
//   Prints {"event":"autobase","key":HEX,"discoveryKey":HEX,"wakeupCapability":HEX,
//           "wakeupTopic":HEX,"localKey":HEX,"writable":bool}
//   then {"event":"joined",...} when the discovery key is flushed.
//   Wakeup capability (autobase 7.28.1, index.js:376-380 and 518-525): Autobase's _open sets
//     this.wakeupCapability = (await handlers.wakeupCapability) || { key: this.key,
//                                                                  discoveryKey: this.discoveryKey }
//     this.setWakeup(cap.key, cap.discoveryKey) ->
//       this.wakeupSession = this.wakeupProtocol.session(cap.key, new WakeupHandler(this, dk))
//   with this.key = the bootstrap core's key and this.discoveryKey = that core's discovery key
//   (index.js:355-356). So the protomux-wakeup capability is the Autobase key itself (32 bytes),
//   and the topic (the "wakeup" protocol channel id) is the base's discovery key =
//   hypercore-crypto discoveryKey(key) = the hash protomux-wakeup would derive itself
//   (protomux-wakeup index.js:39), which is also the topic the app joins on Hyperswarm. A Java peer
//   opens session(capability = key) and proves hash([NS_INITIATOR|NS_RESPONDER, key,
//   handshakeHash]) as protomux-wakeup does.
//   Events of Autobase's own wakeup session (hooked into base.wakeupSession.handlers, Autobase's
//   behaviour unchanged):
//     {"event":"wakeup-peer","change":"add"|"remove"|"active"|"inactive","remotePublicKey":HEX,"active":bool}
//     {"event":"wakeup-announce","remotePublicKey":HEX,"wakeups":[{key,length}]}
//     {"event":"wakeup-lookup","remotePublicKey":HEX,"hash":HEX|null}
//     {"event":"wakeup-unknown-topic","topic":HEX,"remotePublicKey":HEX}  (ProtomuxWakeup's
//         onwakeup: a remote opened a wakeup topic this Autobase has no session for)
//   Commands:
//     {"cmd":"wakeup-stats"}  prints {"event":"wakeup-stats","topic":HEX,"active":bool,
//         "peers":[{remotePublicKey,active}],"pending":N,"announces":[{remotePublicKey,wakeups}],
//         "lookups":[{remotePublicKey,hash}],"stats":{protomux-wakeup stats}}, then ok
//     {"cmd":"wakeup-lookup","hash":HEX?}  base.wakeupSession.broadcastLookup({hash})
//     {"cmd":"append","value":JSON}        (async) base.append(value); ok with "length" (local core)
//     {"cmd":"leave","topic":HEX} / {"cmd":"flush"} / {"cmd":"connections"} as for swarm
//
// When stdin ends (or on SIGTERM) everything is destroyed and the process exits 0 (at most ~3 s).
const b4a = require('b4a')
const { args, opt, hex, emit, commands, shutdown } = require('./lib/harness')
const { createWakeup } = require('./lib/wakeup')
const { HyperDHT, nodeOptions, describeOptions, keyPair: makeKeyPair, connectionFields, createConnections, dhtCommand } =
  require('./lib/dht')

const role = args[0]
if (!['server', 'client', 'swarm', 'autobase'].includes(role)) {
  process.stderr.write('usage: dht-peer.js server|client|swarm|autobase --bootstrap HOST:PORT [options]\n')
  process.exit(2)
}

const options = nodeOptions()
const dht = new HyperDHT(options)
const kp = makeKeyPair()
const connections = createConnections()
const cleanups = [] // run in reverse order at exit

let closing = false
function close() {
  if (closing) return
  closing = true
  shutdown(async () => {
    for (const c of cleanups.reverse()) {
      try {
        await c()
      } catch {}
    }
    await dht.destroy({ force: true })
  })
}
process.once('SIGTERM', close)
process.once('SIGINT', close)

const roles = { server, client, swarm, autobase }

// Commands are read from the start; those that arrive before "ready" wait for it.
const startup = setTimeout(() => {
  emit({ event: 'error', message: 'not ready within 30 s' })
  process.exit(1)
}, 30000)
const started = dht
  .ready()
  .then(() => roles[role]())
  .then(
    (run) => {
      clearTimeout(startup)
      emit({
        event: 'ready',
        role,
        publicKey: hex(kp.publicKey),
        options: describeOptions(options),
        address: dht.address(),
        firewalled: dht.firewalled,
        ephemeral: dht.ephemeral
      })
      return run
    },
    (err) => {
      if (closing) return new Promise(() => {}) // stdin closed while starting: shutdown() exits 0
      emit({ event: 'error', message: err.message })
      process.exit(1)
    }
  )

commands((command) =>
  started.then((run) => {
    const r = dhtCommand(dht, kp, connections, command)
    return r !== null ? r : run(command)
  }), close)

function onConnection(conn, extra = {}) {
  connections.add(conn)
  emit({ event: 'connection', ...connectionFields(conn), ...extra })
}

function peerInfoFields(info) {
  if (!info) return {}
  return { client: info.client, topics: (info.topics || []).map(hex) }
}

async function server() {
  const wakeup = createWakeup()
  const srv = dht.createServer((conn) => {
    onConnection(conn)
    wakeup.addStream(conn)
  })
  cleanups.push(() => srv.close())
  await srv.listen(kp)
  emit({ event: 'listening', publicKey: hex(kp.publicKey) })
  return wakeup.run
}

async function client() {
  const wakeup = createWakeup()
  return (command) => {
    if (command.cmd !== 'connect') return wakeup.run(command)
    const publicKey = b4a.from(command.publicKey, 'hex')
    const conn = dht.connect(publicKey, { keyPair: kp, relayAddresses: command.relayAddresses })
    let opened = false
    let failed = false
    const onerror = (err) => {
      if (opened || failed) return
      failed = true
      emit({ event: 'connect-error', publicKey: command.publicKey, code: err.code || null, message: err.message })
    }
    conn.on('error', onerror)
    conn.on('close', () => {
      if (!opened) onerror(new Error('closed before it opened'))
    })
    conn.once('open', () => {
      opened = true
      conn.removeListener('error', onerror)
      onConnection(conn)
    })
    wakeup.addStream(conn)
    return {}
  }
}

// Hyperswarm on our DHT node; `onconn(conn, info)` replicates or runs wakeup. Returns the swarm
// and the commands every swarm role has (leave, flush, connections, join-peer, leave-peer).
function makeSwarm(onconn) {
  const Hyperswarm = require('hyperswarm')
  const swarm = new Hyperswarm({ dht, keyPair: kp })
  cleanups.push(() => swarm.destroy({ force: true }))
  swarm.on('connection', (conn, info) => {
    onConnection(conn, peerInfoFields(info))
    onconn(conn, info)
  })
  swarm.on('ban', (info, err) => emit({ event: 'ban', publicKey: hex(info.publicKey), message: err && err.message }))

  async function join(topic, opts) {
    const discovery = swarm.join(topic, opts)
    await discovery.flushed()
    emit({ event: 'joined', topic: hex(topic), publicKey: hex(kp.publicKey) })
    return { topic: hex(topic) }
  }

  function run(command) {
    switch (command.cmd) {
      case 'join':
        return join(b4a.from(command.topic, 'hex'), {
          server: command.server !== false,
          client: command.client !== false
        })
      case 'leave':
        return swarm.leave(b4a.from(command.topic, 'hex')).then(() => ({}))
      case 'flush':
        return swarm.flush().then((result) => {
          emit({ event: 'flushed', result })
          return {}
        })
      case 'join-peer':
        swarm.joinPeer(b4a.from(command.publicKey, 'hex'))
        return {}
      case 'leave-peer':
        swarm.leavePeer(b4a.from(command.publicKey, 'hex'))
        return {}
      case 'connections': {
        const counts = {}
        const kept = {}
        for (const conn of swarm.connections) {
          const k = hex(conn.remotePublicKey)
          counts[k] = (counts[k] || 0) + 1
          if (!kept[k]) kept[k] = []
          kept[k].push({ handshakeHash: hex(conn.handshakeHash), initiator: conn.isInitiator })
        }
        emit({
          event: 'connections',
          swarm: counts,
          kept,
          live: connections.counts(),
          total: swarm.connections.size,
          opening: swarm.connecting
        })
        return {}
      }
      default:
        return null
    }
  }
  return { swarm, join, run }
}

async function swarm() {
  const wakeup = createWakeup()
  const s = makeSwarm((conn) => wakeup.addStream(conn))
  return (command) => {
    const r = s.run(command)
    return r !== null ? r : wakeup.run(command)
  }
}

async function autobase() {
  const fs = require('fs')
  const os = require('os')
  const path = require('path')
  const Corestore = require('corestore')
  const Autobase = require('autobase')

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dht-peer-autobase-'))
  const store = new Corestore(dir)
  const baseKey = opt('base-key', null)
  const replicate = opt('replicate', 'base')

  const base = new Autobase(store, baseKey ? b4a.from(baseKey, 'hex') : null, {
    valueEncoding: 'json',
    open: (s) => s.get('view', { valueEncoding: 'json' }),
    apply: async (nodes, view) => {
      for (const node of nodes) await view.append(node.value)
    }
  })
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
  cleanups.push(() => store.close())
  cleanups.push(() => base.close())

  // What Autobase's wakeup session saw, for wakeup-stats.
  const announces = []
  const lookups = []
  const remote = (peer) => hex(peer.stream.remotePublicKey)

  // Wraps the handlers of the session Autobase opened (its WakeupHandler: onpeeractive, onlookup,
  // onannounce; the other callbacks it leaves undefined): each callback first prints an event,
  // then runs Autobase's own code unchanged.
  function hook(session) {
    const h = session.handlers
    const wrap = (name, report) => {
      const own = h[name]
      h[name] = function (...a) {
        report(...a)
        if (own) return own.apply(h, a)
      }
    }
    const change = (c) => (peer) => emit({ event: 'wakeup-peer', change: c, remotePublicKey: remote(peer), active: peer.active })
    wrap('onpeeradd', change('add'))
    wrap('onpeerremove', change('remove'))
    wrap('onpeeractive', change('active'))
    wrap('onpeerinactive', change('inactive'))
    wrap('onannounce', (list, peer) => {
      const wakeups = list.map((w) => ({ key: hex(w.key), length: w.length }))
      announces.push({ remotePublicKey: remote(peer), wakeups })
      emit({ event: 'wakeup-announce', remotePublicKey: remote(peer), wakeups })
    })
    wrap('onlookup', (req, peer) => {
      lookups.push({ remotePublicKey: remote(peer), hash: hex(req.hash) })
      emit({ event: 'wakeup-lookup', remotePublicKey: remote(peer), hash: hex(req.hash) })
    })
  }
  // setWakeup runs inside base.ready() (and again if the app changes the capability): hook every
  // session it opens.
  const setWakeup = base.setWakeup
  base.setWakeup = function (...a) {
    const r = setWakeup.apply(base, a)
    hook(base.wakeupSession)
    return r
  }
  const onwakeup = base.wakeupProtocol.onwakeup
  base.wakeupProtocol.onwakeup = (id, mux) => {
    emit({ event: 'wakeup-unknown-topic', topic: hex(id), remotePublicKey: hex(mux && mux.stream && mux.stream.remotePublicKey) })
    return onwakeup(id, mux)
  }

  await base.ready()

  const s = makeSwarm((conn) => {
    if (replicate === 'store') store.replicate(conn)
    else base.replicate(conn)
  })

  emit({
    event: 'autobase',
    key: hex(base.key),
    discoveryKey: hex(base.discoveryKey),
    wakeupCapability: hex(base.wakeupCapability.key),
    wakeupTopic: hex(base.wakeupSession.topic.id),
    localKey: hex(base.local.key),
    writable: base.writable
  })
  s.join(base.discoveryKey).catch((err) => emit({ event: 'error', cmd: 'join', message: err.message }))

  return (command) => {
    switch (command.cmd) {
      case 'wakeup-stats': {
        const session = base.wakeupSession
        emit({
          event: 'wakeup-stats',
          topic: hex(session.topic.id),
          active: session.topic.isActive,
          peers: session.peers.map((p) => ({ remotePublicKey: remote(p), active: p.active })),
          pending: session.topic.pendingPeers.length,
          announces,
          lookups,
          stats: base.wakeupProtocol.stats
        })
        return {}
      }
      case 'wakeup-lookup':
        base.wakeupSession.broadcastLookup({ hash: command.hash ? b4a.from(command.hash, 'hex') : null })
        return {}
      case 'append':
        return base.append(command.value).then(() => ({ length: base.local.length }))
      case 'join':
        throw new Error('the autobase role joins its discovery key by itself')
      default: {
        const r = s.run(command)
        if (r === null) throw new Error('unknown command ' + command.cmd)
        return r
      }
    }
  }
}
