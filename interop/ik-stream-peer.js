// A reference peer for the Java interop tests: the Noise IK handshake as hyperdht runs it
// (noise-handshake + noise-curve-ed, prologue given), then @hyperswarm/secret-stream started from
// the handshake's result over TCP, with no handshake on the connection.
//
//   node ik-stream-peer.js
//
// Commands, one JSON object per line on stdin (each answered {"event":"ok","cmd":...}):
//   {"cmd":"init","role":"initiator"|"responder","seed":HEX,"prologue":HEX,"remotePublicKey":HEX}
//       -> publicKey                       (remotePublicKey only for the initiator)
//   {"cmd":"send","payload":HEX}  -> message
//   {"cmd":"recv","message":HEX}  -> payload, remotePublicKey, and once complete handshakeHash
//   {"cmd":"listen","keepAlive":MS}  -> port: the next connection gets the secret stream
// Per connection: every non-empty message is echoed back; when the remote ends, Node ends too.
// Events: open, message {data}, end, stream-error {message}, stream-close.
const net = require('net')
const NoiseSecretStream = require('@hyperswarm/secret-stream')
const NoiseHandshake = require('noise-handshake')
const curve = require('noise-curve-ed')
const b4a = require('b4a')
const { hex, emit, commands } = require('./lib/harness')

let handshake = null
let keyPair = null
let server = null

const unhex = (s) => b4a.from(s, 'hex')

function result() {
  if (!handshake || !handshake.complete) throw new Error('handshake not complete')
  return {
    tx: b4a.from(handshake.tx),
    rx: b4a.from(handshake.rx),
    hash: b4a.from(handshake.hash),
    publicKey: keyPair.publicKey,
    remotePublicKey: b4a.from(handshake.rs)
  }
}

function serve(socket, keepAlive) {
  const hs = result()
  const stream = new NoiseSecretStream(handshake.initiator, socket, { handshake: hs, keepAlive })
  stream.on('connect', () => emit({ event: 'open', handshakeHash: hex(stream.handshakeHash) }))
  stream.on('data', (data) => {
    emit({ event: 'message', data: hex(data) })
    if (data.byteLength > 0) stream.write(data)
  })
  stream.on('end', () => {
    emit({ event: 'end' })
    stream.end()
  })
  stream.on('error', (err) => emit({ event: 'stream-error', message: err.message }))
  stream.on('close', () => emit({ event: 'stream-close' }))
}

commands(
  (command) => {
    switch (command.cmd) {
      case 'init': {
        const initiator = command.role === 'initiator'
        keyPair = NoiseSecretStream.keyPair(unhex(command.seed))
        handshake = new NoiseHandshake('IK', initiator, keyPair, { curve })
        handshake.initialise(unhex(command.prologue), initiator ? unhex(command.remotePublicKey) : undefined)
        return { publicKey: hex(keyPair.publicKey) }
      }
      case 'send':
        return { message: hex(handshake.send(unhex(command.payload))) }
      case 'recv': {
        const payload = handshake.recv(unhex(command.message))
        return {
          payload: hex(payload),
          remotePublicKey: hex(handshake.rs),
          handshakeHash: handshake.complete ? hex(handshake.hash) : null
        }
      }
      case 'listen':
        return new Promise((resolve, reject) => {
          server = net.createServer((socket) => serve(socket, command.keepAlive || 0))
          server.on('error', reject)
          server.listen(0, '127.0.0.1', () => resolve({ port: server.address().port }))
        })
      default:
        throw new Error('unknown command ' + command.cmd)
    }
  },
  () => process.exit(0)
)
