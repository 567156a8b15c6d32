// What the interop scripts share: their command line, JSON-line events, and TCP setup.
const net = require('net')
const NoiseSecretStream = require('@hyperswarm/secret-stream')
const b4a = require('b4a')

const args = process.argv.slice(2)

function opt(name, fallback) {
  const i = args.indexOf('--' + name)
  return i === -1 ? fallback : args[i + 1]
}

const hex = (b) => (b ? b4a.toString(b, 'hex') : null)
const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n')

function keyPair() {
  const seed = opt('seed', null)
  return NoiseSecretStream.keyPair(seed ? b4a.from(seed, 'hex') : undefined)
}

// Runs `serve(socket, isInitiator)` for each connection: `listen` accepts, `connect` dials once.
function start(script, kp, serve) {
  const mode = args[0]
  if (mode === 'listen') {
    const server = net.createServer((socket) => serve(socket, false))
    server.listen(Number(opt('port', 0)), opt('host', '127.0.0.1'), () => {
      emit({ event: 'listening', port: server.address().port, publicKey: hex(kp.publicKey) })
    })
  } else if (mode === 'connect') {
    const socket = net.connect(Number(opt('port')), opt('host', '127.0.0.1'))
    socket.on('error', (err) => emit({ event: 'socket-error', message: err.message }))
    serve(socket, true)
  } else {
    process.stderr.write('usage: ' + script + ' listen|connect [--host H] [--port N] [--seed HEX]\n')
    process.exit(2)
  }
}

// Reports a secret stream's handshake, errors and close as events.
function report(stream, isInitiator) {
  stream.on('error', (err) => emit({ event: 'stream-error', message: err.message }))
  stream.on('close', () => emit({ event: 'stream-close' }))
  stream.on('open', () => {
    emit({
      event: 'handshake',
      isInitiator,
      publicKey: hex(stream.publicKey),
      remotePublicKey: hex(stream.remotePublicKey),
      handshakeHash: hex(stream.handshakeHash)
    })
  })
}

module.exports = { opt, hex, emit, keyPair, start, report }
