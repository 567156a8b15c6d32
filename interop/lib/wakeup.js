// The protomux-wakeup side of the interop peers: one WakeupSwarm, its sessions by topic, and the
// JSON commands that drive them (session, lookup, announce, active, inactive, destroy, stats).
// Shared by wakeup-peer.js (secret streams over TCP) and udx-peer.js (secret streams over UDX).
const WakeupSwarm = require('protomux-wakeup')
const b4a = require('b4a')
const { hex, emit } = require('./harness')

const COMMANDS = new Set(['session', 'lookup', 'announce', 'active', 'inactive', 'destroy', 'stats', 'peers'])

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
      emit({ event: 'peer-remove', topic: hex(peer.topic.id), remotePublicKey: hex(peer.stream.remotePublicKey) })
    },
    onpeeractive(peer) {
      emit({ event: 'peer-active', topic: hex(peer.topic.id), remotePublicKey: hex(peer.stream.remotePublicKey) })
    },
    onpeerinactive(peer) {
      emit({ event: 'peer-inactive', topic: hex(peer.topic.id), remotePublicKey: hex(peer.stream.remotePublicKey) })
    },
    onlookup(req, peer, session) {
      emit({ event: 'lookup', topic: hex(peer.topic.id), remotePublicKey: hex(peer.stream.remotePublicKey), hash: hex(req.hash) })
      if (respond) session.announce(peer, wakeups(respond))
    },
    onannounce(list, peer) {
      emit({
        event: 'announce',
        topic: hex(peer.topic.id),
        remotePublicKey: hex(peer.stream.remotePublicKey),
        wakeups: list.map((w) => ({ key: hex(w.key), length: w.length }))
      })
    }
  }
}

// A swarm plus `run(command)`, which performs one wakeup command and returns the fields of its
// "ok" event (throws on a bad command); `addStream(secretStream)` joins a connection.
function createWakeup() {
  const swarm = new WakeupSwarm((id, mux) =>
    emit({ event: 'wakeup', topic: hex(id), remotePublicKey: hex(mux && mux.stream && mux.stream.remotePublicKey) })
  )
  const sessions = new Map() // topic hex -> [session]

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
      case 'peers':
        // the topic's opened peers (capability checked) and pending ones (channel not open yet)
        return {
          peers: first().peers.map((p) => ({ remotePublicKey: hex(p.stream.remotePublicKey), active: p.active })),
          pending: first().topic.pendingPeers.length
        }
      default:
        throw new Error('unknown command ' + command.cmd)
    }
  }

  return { swarm, sessions, run, addStream: (stream) => swarm.addStream(stream), commands: COMMANDS }
}

module.exports = { createWakeup, COMMANDS }
