// What the interop scripts share: their command line, JSON-line events, and TCP setup.
const net = require('net')
const NoiseSecretStream = require('@hyperswarm/secret-stream')
const b4a = require('b4a')

const args = process.argv.slice(2)

function opt(name, fallback) {
  const i = args.indexOf('--' + name)
  return i === -1 ? fallback : args[i + 1]
}

// True when the bare switch --NAME is on the command line.
function flag(name) {
  return args.includes('--' + name)
}

// Runs `cleanup()` (may return a promise) and exits 0; exits anyway after `ms` if it hangs.
function shutdown(cleanup, ms = 3000) {
  const timer = setTimeout(() => process.exit(0), ms)
  timer.unref()
  Promise.resolve()
    .then(cleanup)
    .catch((err) => process.stderr.write('shutdown: ' + (err && err.stack) + '\n'))
    .then(() => process.exit(0))
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

// Reports a secret stream's handshake, errors and close as events; `extra` (for example the UDX
// stream id in udx-peer.js) is added to each of them.
function report(stream, isInitiator, extra = {}) {
  stream.on('error', (err) => emit({ event: 'stream-error', ...extra, message: err.message }))
  stream.on('close', () => emit({ event: 'stream-close', ...extra }))
  stream.on('open', () => {
    emit({
      event: 'handshake',
      ...extra,
      isInitiator,
      publicKey: hex(stream.publicKey),
      remotePublicKey: hex(stream.remotePublicKey),
      handshakeHash: hex(stream.handshakeHash)
    })
  })
}

// Reads JSON commands, one per line on stdin, and acknowledges each. `run(command)` returns the
// extra fields of the {"event":"ok","cmd":...} line, or a promise of them (then the ok line is
// printed once it resolves; later lines do not wait for it). A thrown error or a rejected promise
// prints {"event":"error","cmd":...,"message":...} instead. `onclose` runs when stdin ends.
function commands(run, onclose) {
  const readline = require('readline')
  const fail = (command, err) => emit({ event: 'error', cmd: command && command.cmd, message: err.message })
  const rl = readline.createInterface({ input: process.stdin })
  rl.on('line', (line) => {
    if (!line.trim()) return
    let command
    try {
      command = JSON.parse(line)
      const result = run(command)
      if (result && typeof result.then === 'function') {
        result.then((r) => emit({ event: 'ok', cmd: command.cmd, ...r }), (err) => fail(command, err))
      } else {
        emit({ event: 'ok', cmd: command.cmd, ...result })
      }
    } catch (err) {
      fail(command, err)
    }
  })
  if (onclose) rl.on('close', onclose)
}

module.exports = { args, opt, flag, hex, emit, keyPair, start, report, commands, shutdown }
