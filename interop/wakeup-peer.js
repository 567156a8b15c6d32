// A protomux-wakeup 2.9.0 peer for the Java interop tests, driven by JSON commands on stdin.
//
//   node wakeup-peer.js listen [--port N] [--seed HEX]
//   node wakeup-peer.js connect --port N [--host H] [--seed HEX]
//
// Commands (one JSON object per line on stdin):
//   {"cmd":"session","capability":HEX,"active":true,"discoveryKey":HEX?,"respond":[{"key":HEX,"length":N}]?}
//       joins a topic; with "respond", every lookup on it is answered with that announce
//   {"cmd":"lookup","topic":HEX,"hash":HEX|null}      broadcastLookup on the topic's first session
//   {"cmd":"announce","topic":HEX,"wakeups":[...]}     announce to every joined peer of the topic
//   {"cmd":"active","topic":HEX} / {"cmd":"inactive","topic":HEX}
//   {"cmd":"destroy","topic":HEX}                      destroys the topic's sessions
//   {"cmd":"stats"}                                    prints {"event":"stats",...}
// Every command is acknowledged with {"event":"ok","cmd":...} once done. Events go to stdout as
// JSON lines: listening, handshake, peer-add, peer-remove, peer-active, peer-inactive, lookup,
// announce, wakeup (a remote opened a topic with no session here), stream-close.
const readline = require('readline')
const NoiseSecretStream = require('@hyperswarm/secret-stream')
const WakeupSwarm = require('protomux-wakeup')
const b4a = require('b4a')
const { hex, emit, keyPair: makeKeyPair, start, report } = require('./lib/harness')

const keyPair = makeKeyPair()

const swarm = new WakeupSwarm((id) => emit({ event: 'wakeup', topic: hex(id) }))
const sessions = new Map() // topic hex -> [session]

function wakeups(list) {
  return list.map((w) => ({ key: b4a.from(w.key, 'hex'), length: w.length }))
}

function handlers(respond) {
  return {
    active: undefined,
    onpeeradd(peer) {
      emit({ event: 'peer-add', topic: hex(peer.topic.id), remotePublicKey: hex(peer.stream.remotePublicKey), active: peer.active })
    },
    onpeerremove(peer) {
      emit({ event: 'peer-remove', topic: hex(peer.topic.id) })
    },
    onpeeractive(peer) {
      emit({ event: 'peer-active', topic: hex(peer.topic.id) })
    },
    onpeerinactive(peer) {
      emit({ event: 'peer-inactive', topic: hex(peer.topic.id) })
    },
    onlookup(req, peer, session) {
      emit({ event: 'lookup', topic: hex(peer.topic.id), hash: hex(req.hash) })
      if (respond) session.announce(peer, wakeups(respond))
    },
    onannounce(list, peer) {
      emit({
        event: 'announce',
        topic: hex(peer.topic.id),
        wakeups: list.map((w) => ({ key: hex(w.key), length: w.length }))
      })
    }
  }
}

function run(command) {
  const first = () => {
    const list = sessions.get(command.topic)
    if (!list || list.length === 0) throw new Error('no session for topic ' + command.topic)
    return list[0]
  }
  switch (command.cmd) {
    case 'session': {
      const h = handlers(command.respond)
      h.active = command.active !== false
      if (command.discoveryKey) h.discoveryKey = b4a.from(command.discoveryKey, 'hex')
      const session = swarm.session(b4a.from(command.capability, 'hex'), h)
      const topic = hex(session.topic.id)
      if (!sessions.has(topic)) sessions.set(topic, [])
      sessions.get(topic).push(session)
      return { topic }
    }
    case 'lookup':
      first().broadcastLookup({ hash: command.hash ? b4a.from(command.hash, 'hex') : null })
      return {}
    case 'announce': {
      const session = first()
      for (const peer of session.peers) session.announce(peer, wakeups(command.wakeups))
      return {}
    }
    case 'active':
      first().active()
      return {}
    case 'inactive':
      first().inactive()
      return {}
    case 'destroy':
      for (const s of sessions.get(command.topic) || []) s.destroy()
      sessions.delete(command.topic)
      return {}
    case 'stats':
      emit({ event: 'stats', stats: swarm.stats })
      return {}
    default:
      throw new Error('unknown command ' + command.cmd)
  }
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.trim()) return
  let command
  try {
    command = JSON.parse(line)
    const result = run(command)
    emit({ event: 'ok', cmd: command.cmd, ...result })
  } catch (err) {
    emit({ event: 'error', cmd: command && command.cmd, message: err.message })
  }
})

function serve(socket, isInitiator) {
  const stream = new NoiseSecretStream(isInitiator, socket, { keyPair })
  report(stream, isInitiator)
  swarm.addStream(stream)
}

start('wakeup-peer.js', keyPair, serve)
