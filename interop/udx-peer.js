// A udx-native 1.21.3 peer for the Java interop tests: one UDX socket, streams on it, all driven
// by JSON commands on stdin (one object per line); events go to stdout as JSON lines.
//
//   node udx-peer.js [--host 127.0.0.1|::] [--port N] [--seed HEX]
//
// Binds one UDX socket (default 127.0.0.1, port 0; "::" is dual-stack) and prints
//   {"event":"listening","host":H,"port":N}
// --seed fixes the default Noise key pair of the "wakeup" command.
//
// Commands. Each is acknowledged with {"event":"ok","cmd":NAME,...} once it has been done, or
// answered with {"event":"error","cmd":NAME,"message":...} (the peer goes on). Commands marked
// (async) are acknowledged when their promise settles; later commands do not wait for them, so
// their ok may come after the ok of a later command.
//
//   {"cmd":"create","id":N,"firewall":"default"|"connect"|"accept","remoteId":M?,"count":bool?}
//       (firewall defaults to "default"; N is a u32, unique among the live streams: a closed
//       stream's id can be used again once its "close" event is out)
//       udx.createStream(N) with a firewall callback (called by libudx for packets that reach the
//       stream while it is not connected, or on another socket):
//         "default": drop the packet, as udx-native's own default firewall does;
//         "connect": hyperdht's pattern: connect the stream to the packet's source address with
//                    remote id M ("remoteId" here, or from an earlier "connect"/"remoteId"
//                    command) and accept; without a remote id yet, accept, remember the address
//                    and leave the connecting to a later {"cmd":"connect","id":N,"remoteId":M};
//         "accept":  accept without connecting (libudx delivers the data, defers its ACK).
//       Every call prints {"event":"firewall","id":N,"port":P,"host":H,"action":"drop"|"connect"|"accept"}.
//       "count":true: no "data" events; instead {"event":"received","id":N,"bytes":K,"sha256":HEX}
//       on 'end' and on "digest" (bytes and sha256 of everything read so far).
//   {"cmd":"connect","id":N,"remoteId":M,"port":P?,"host":H?}
//       stream.connect(socket, M, P, H); host defaults to 127.0.0.1; port/host may be left out
//       after a "connect"-firewall learned the peer's address (it is used then).
//   {"cmd":"remoteId","id":N,"remoteId":M}   sets the remote id a "connect" firewall will use
//   {"cmd":"write","id":N,"hex":HEX}
//       stream.write(bytes). Acknowledged IMMEDIATELY after write() returned (udx-native's
//       streamx write has no per-write callback), with "drained": write()'s return value. Use
//       "flush" to wait until the peer has acknowledged everything written.
//   {"cmd":"flush","id":N}        (async) ok with "flushed": stream.flush()'s result, once every
//       byte written so far is acked by the peer (error if the stream closes first)
//   {"cmd":"writePattern","id":N,"bytes":K,"chunk":C?}
//       writes K bytes of the pattern byte i = i % 251, i counted from the first pattern byte this
//       stream ever wrote, in writes of C bytes (default 65536), waiting for 'drain' whenever
//       write() returns false. ok at once (with "offset": the pattern position it starts at);
//       when every write is acked by the peer (stream.flush()):
//       {"event":"written","id":N,"bytes":K,"sha256":HEX,"ms":T} (sha256 of these K bytes; T
//       from the command to the last ack). If the stream closes first:
//       {"event":"error","cmd":"writePattern","id":N,"message":...}.
//   {"cmd":"end","id":N}  stream.end()       {"cmd":"destroy","id":N}  stream.destroy()
//   {"cmd":"send","id":N,"hex":HEX}  (async) await stream.send(bytes) (a MESSAGE); ok with "sent"
//   {"cmd":"trySend","id":N,"hex":HEX}        stream.trySend(bytes)
//   {"cmd":"changeRemote","id":N,"remoteId":M,"port":P,"host":H?}
//       stream.changeRemote(socket, M, P, H); ok at once with "immediate": true when nothing was
//       in flight ({"event":"remote-changed"} was then printed before the ok), else false and
//       "remote-changed" follows once the peer has acked everything sent before the change.
//       Quirk: in the same turn as the ACK of the last data (e.g. where a flush just resolved)
//       libudx still counts the last packet as pending, defers, and "remote-changed" then waits
//       for the ack of the next packet sent, however long that takes.
//   {"cmd":"setKeepalive","id":N,"ms":K}      stream.setKeepalive(K); ok with "applied": the value
//       passed to udx-native, which is 2147483647 for K = 0 after a non-zero K (libudx spins on
//       setKeepalive(0) once its heartbeat timer runs; see the code)
//   {"cmd":"digest","id":N}                   prints "received" (count mode only)
//   {"cmd":"info","id":N}                     ok with "stream": udx-native's stream.toJSON()
//   {"cmd":"socketSend","hex":HEX,"port":P,"host":H?}  (async) a raw datagram from the UDX
//       socket (await socket.send); ok with "sent"
//   {"cmd":"wakeup","id":N,"initiator":bool,"seed":HEX?, "capability":HEX?, ...session options}
//       wraps UDX stream N in NoiseSecretStream(initiator, stream, {keyPair}) (keyPair from
//       "seed", else from --seed, else random) and adds it to the protomux-wakeup swarm, exactly
//       as wakeup-peer.js does with a TCP socket. With "capability", also runs the "session"
//       command with the same fields first (then the ok carries its "topic"). ok with
//       "publicKey". The UDX stream then prints no "data" and "message" events (the secret
//       stream reads them); "end", "finish" and "close" still come.
//       The stream must be connected before the secret stream first writes: an initiator's at
//       once (checked), a responder's when the first handshake message arrives (firewall
//       "connect" with a remote id, or a "connect" command before). udx-native throws on a write
//       to an unconnected stream (it surfaces as an uncaught error event, see below).
//   session, lookup, announce, active, inactive, stats, and {"cmd":"destroy","topic":HEX}:
//       exactly as in wakeup-peer.js ("destroy" with "topic" destroys sessions, with "id" a stream).
//
// Events (besides ok/error/listening/firewall/written/received above):
//   {"event":"data","id":N,"hex":HEX}            stream 'data' (not in count or wakeup mode)
//   {"event":"end","id":N}                       stream 'end' (the peer's END was read)
//   {"event":"finish","id":N}                    stream 'finish' (our end() was flushed to udx)
//   {"event":"close","id":N,"error":CODE|null}   stream 'close'; CODE is the stream error's code
//                                                (ECONNRESET, ETIMEDOUT, ...) or its message
//   {"event":"message","id":N,"hex":HEX}         stream 'message' (a MESSAGE datagram)
//   {"event":"remote-changed","id":N}
//   {"event":"socket-message","hex":HEX,"port":P,"host":H}   socket 'message' (not UDX, or an
//                                                unknown/closed stream id)
//   wakeup mode, as wakeup-peer.js, with "id":N added to the stream ones: handshake, stream-error,
//   stream-close; and peer-add, peer-remove, peer-active, peer-inactive, lookup, announce, wakeup.
//   {"event":"error","cmd":null,"message":"uncaught: ..."}  an exception nothing else caught
//
// When stdin ends, every stream is destroyed, the socket closed and the process exits 0.
const crypto = require('crypto')
const UDX = require('udx-native')
const NoiseSecretStream = require('@hyperswarm/secret-stream')
const b4a = require('b4a')
const { opt, hex, emit, keyPair: makeKeyPair, report, commands } = require('./lib/harness')
const { createWakeup, COMMANDS: WAKEUP_COMMANDS } = require('./lib/wakeup')

const defaultKeyPair = makeKeyPair()
const wakeup = createWakeup()

const udx = new UDX()
const socket = udx.createSocket()
socket.bind(Number(opt('port', 0)), opt('host', '127.0.0.1'))
socket.on('message', (buf, addr) => emit({ event: 'socket-message', hex: hex(buf), port: addr.port, host: addr.host }))

const streams = new Map() // id -> record
const KEEPALIVE_OFF = 2147483647

// The pattern byte i = i % 251 as one immutable table: bytes [p, p + n) of the pattern are
// table.subarray(p % 251, p % 251 + n), written without copying.
let table = b4a.alloc(0)
function patternSlice(pos, n) {
  if (table.length < 251 + n) {
    table = b4a.alloc(251 + Math.max(n, 65536))
    for (let i = 0; i < table.length; i++) table[i] = i % 251
  }
  const o = pos % 251
  return table.subarray(o, o + n)
}

const bytes = (h) => b4a.from(h || '', 'hex')
const host = (h) => h || '127.0.0.1'

function record(id) {
  const r = streams.get(id)
  if (!r) throw new Error('no stream ' + id)
  return r
}

function connected(r) {
  if (!r.stream.connected) throw new Error('stream ' + r.id + ' is not connected')
  return r
}

function create(command) {
  const id = command.id
  if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) throw new Error('id must be a u32')
  const old = streams.get(id)
  if (old && !old.closed) throw new Error('stream ' + id + ' exists (an id can be used again after its close event)')
  const mode = command.firewall || 'default'
  if (!['default', 'connect', 'accept'].includes(mode)) throw new Error('unknown firewall ' + mode)
  const r = {
    id,
    stream: null,
    remoteId: Number.isInteger(command.remoteId) ? command.remoteId : null,
    learned: null, // the source address a "connect" firewall saw before it had a remote id
    count: command.count === true,
    received: 0,
    hash: crypto.createHash('sha256'),
    patternPos: 0,
    keepalive: 0,
    wrapped: false,
    closed: false,
    error: null,
    closedPromise: null
  }
  const firewall = (sock, port, h) => {
    let action = mode === 'default' ? 'drop' : 'accept'
    if (mode === 'connect' && !r.stream.connected) {
      if (r.remoteId !== null) {
        r.stream.connect(sock, r.remoteId, port, h)
        action = 'connect'
      } else {
        r.learned = { port, host: h }
      }
    }
    emit({ event: 'firewall', id, port, host: h, action })
    return action === 'drop'
  }
  const stream = udx.createStream(id, { firewall })
  r.stream = stream
  r.closedPromise = new Promise((resolve) => stream.once('close', resolve))
  stream.on('data', (data) => {
    if (r.wrapped) return
    r.received += data.byteLength
    if (r.count) r.hash.update(data)
    else emit({ event: 'data', id, hex: hex(data) })
  })
  stream.on('end', () => {
    if (r.count && !r.wrapped) emitReceived(r)
    emit({ event: 'end', id })
  })
  stream.on('finish', () => emit({ event: 'finish', id }))
  stream.on('error', (err) => {
    r.error = err.code || err.message
  })
  stream.on('close', () => {
    r.closed = true
    emit({ event: 'close', id, error: r.error })
  })
  stream.on('message', (m) => {
    if (!r.wrapped) emit({ event: 'message', id, hex: hex(m) })
  })
  stream.on('remote-changed', () => emit({ event: 'remote-changed', id }))
  streams.set(id, r)
  return {}
}

function emitReceived(r) {
  emit({ event: 'received', id: r.id, bytes: r.received, sha256: r.hash.copy().digest('hex') })
}

// Resolves with `promise`'s value, or rejects if the stream closes first.
function beforeClose(r, promise, what) {
  const closed = r.closedPromise.then(() => {
    throw new Error('stream ' + r.id + ' closed (' + (r.error || 'no error') + ') before ' + what)
  })
  return Promise.race([promise, closed])
}

function writePattern(r, total, chunk) {
  const start = process.hrtime.bigint()
  const digest = crypto.createHash('sha256')
  const stream = r.stream
  const offset = r.patternPos
  let left = total
  const pump = () => {
    while (left > 0 && !stream.destroying) {
      const n = Math.min(chunk, left)
      const buf = patternSlice(r.patternPos, n)
      digest.update(buf)
      r.patternPos += n
      left -= n
      if (stream.write(buf) === false) {
        if (left > 0) stream.once('drain', pump)
        else finish()
        return
      }
    }
    finish()
  }
  const finish = () => {
    beforeClose(r, stream.flush(), 'all writes were acknowledged').then(
      (flushed) => {
        if (flushed === false) throw new Error('flush failed on stream ' + r.id)
        const ms = Number(process.hrtime.bigint() - start) / 1e6
        emit({ event: 'written', id: r.id, bytes: total, sha256: digest.digest('hex'), ms: Math.round(ms * 10) / 10 })
      }
    ).catch((err) => emit({ event: 'error', cmd: 'writePattern', id: r.id, message: err.message }))
  }
  pump()
  return offset
}

function startWakeup(command) {
  const r = record(command.id)
  const initiator = command.initiator === true
  if (initiator) connected(r)
  if (r.wrapped) throw new Error('stream ' + r.id + ' already runs wakeup')
  const kp = command.seed ? NoiseSecretStream.keyPair(bytes(command.seed)) : defaultKeyPair
  const result = command.capability ? wakeup.run({ ...command, cmd: 'session' }) : {}
  r.wrapped = true
  const secret = new NoiseSecretStream(initiator, r.stream, { keyPair: kp })
  report(secret, initiator, { id: r.id })
  wakeup.addStream(secret)
  return { ...result, publicKey: hex(kp.publicKey) }
}

function run(command) {
  switch (command.cmd) {
    case 'create':
      return create(command)
    case 'connect': {
      const r = record(command.id)
      if (!Number.isInteger(command.remoteId)) throw new Error('remoteId must be a u32')
      r.remoteId = command.remoteId
      let port = command.port
      let h = command.host
      if (port === undefined && r.learned) ({ port, host: h } = r.learned)
      r.stream.connect(socket, command.remoteId, port, host(h))
      return {}
    }
    case 'remoteId':
      record(command.id).remoteId = command.remoteId
      return {}
    case 'write': {
      const r = connected(record(command.id))
      return { drained: r.stream.write(bytes(command.hex)) }
    }
    case 'flush': {
      const r = record(command.id)
      return beforeClose(r, r.stream.flush(), 'the flush').then((flushed) => ({ flushed }))
    }
    case 'writePattern': {
      const r = connected(record(command.id))
      const total = command.bytes
      const chunk = command.chunk || 65536
      if (!Number.isInteger(total) || total < 0) throw new Error('bytes must be a whole number')
      if (!Number.isInteger(chunk) || chunk < 1) throw new Error('chunk must be a positive whole number')
      return { offset: writePattern(r, total, chunk) }
    }
    case 'end':
      record(command.id).stream.end()
      return {}
    case 'destroy':
      if (command.topic !== undefined) return wakeup.run(command)
      record(command.id).stream.destroy()
      return {}
    case 'send': {
      const r = connected(record(command.id))
      return r.stream.send(bytes(command.hex)).then((sent) => ({ sent }))
    }
    case 'trySend':
      connected(record(command.id)).stream.trySend(bytes(command.hex))
      return {}
    case 'changeRemote': {
      const r = record(command.id)
      // udx-native returns null instead of a promise when the change was immediate
      // ('remote-changed' has then fired already); the promise rejects if the stream closes first.
      const changing = r.stream.changeRemote(socket, command.remoteId, command.port, host(command.host))
      if (changing) changing.catch(() => {})
      return { immediate: !changing }
    }
    case 'setKeepalive': {
      // libudx re-arms its keepalive timer with the current interval every time it fires, even
      // when that is 0: setKeepalive(0) once a heartbeat timer is running spins sending
      // HEARTBEATs in a tight loop and starves the event loop for good. So "off" after "on" is
      // done as the longest interval libuv takes (about 24.8 days), and reported as "applied".
      const r = record(command.id)
      const ms = command.ms
      if (!Number.isInteger(ms) || ms < 0) throw new Error('ms must be a whole number')
      const applied = ms === 0 && r.keepalive > 0 ? KEEPALIVE_OFF : ms
      r.stream.setKeepalive(applied)
      r.keepalive = ms
      return { applied }
    }
    case 'digest': {
      const r = record(command.id)
      if (!r.count) throw new Error('stream ' + r.id + ' is not in count mode')
      emitReceived(r)
      return {}
    }
    case 'info':
      return { stream: record(command.id).stream.toJSON() }
    case 'socketSend':
      return socket.send(bytes(command.hex), command.port, host(command.host)).then((sent) => ({ sent }))
    case 'wakeup':
      return startWakeup(command)
    default:
      if (WAKEUP_COMMANDS.has(command.cmd)) return wakeup.run(command)
      throw new Error('unknown command ' + command.cmd)
  }
}

process.on('uncaughtException', (err) => emit({ event: 'error', cmd: null, message: 'uncaught: ' + (err && err.message) }))
process.on('unhandledRejection', (err) => emit({ event: 'error', cmd: null, message: 'uncaught: ' + (err && err.message) }))

commands(run, async () => {
  wakeup.swarm.destroy()
  for (const r of streams.values()) if (!r.closed) r.stream.destroy()
  const timer = setTimeout(() => process.exit(0), 1000)
  await socket.close()
  clearTimeout(timer)
  process.exit(0)
})

const address = socket.address()
emit({ event: 'listening', host: address.host, port: address.port })
