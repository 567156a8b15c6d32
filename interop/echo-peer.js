// A reference peer for the Java interop tests: @hyperswarm/secret-stream + protomux over TCP.
//
//   node echo-peer.js listen [--port N] [--seed HEX]
//   node echo-peer.js connect --port N [--host H] [--seed HEX]
//
// Behaviour, per connection:
// - channels of protocol "echo" opened by the remote are accepted (any id); every message of
//   type 0 is sent back on the same channel, except the 5-byte text "close", on which Node closes
//   the channel itself;
// - once the handshake is done, Node opens its own channel "node-echo" (id 0x01) and echoes on it
//   in the same way, so the remote can test a channel Node initiated;
// - any other protocol is left unpaired, so protomux rejects it.
// Events go to stdout as JSON lines; the Java tests read them.
const NoiseSecretStream = require('@hyperswarm/secret-stream')
const Protomux = require('protomux')
const c = require('compact-encoding')
const b4a = require('b4a')
const { hex, emit, keyPair: makeKeyPair, start, report } = require('./lib/harness')

const keyPair = makeKeyPair()

function serve(socket, isInitiator) {
  const stream = new NoiseSecretStream(isInitiator, socket, { keyPair })
  report(stream, isInitiator)
  stream.on('open', () => openEcho(mux, 'node-echo', b4a.from([1])))
  const mux = Protomux.from(stream)
  mux.pair({ protocol: 'echo' }, (id) => openEcho(mux, 'echo', id))
}

function openEcho(mux, protocol, id) {
  const channel = mux.createChannel({
    protocol,
    id,
    handshake: c.buffer,
    onopen(handshake) {
      emit({ event: 'open', protocol, id: hex(id), handshake: hex(handshake) })
    },
    onclose(isRemote) {
      emit({ event: 'close', protocol, id: hex(id), isRemote })
    }
  })
  if (channel === null) return
  const echo = channel.addMessage({
    encoding: c.raw,
    onmessage(data) {
      emit({ event: 'message', protocol, id: hex(id), length: data.byteLength })
      if (data.byteLength === 5 && b4a.toString(data) === 'close') {
        channel.close()
        return
      }
      echo.send(data)
    }
  })
  channel.open(b4a.from('node:' + protocol))
}

start('echo-peer.js', keyPair, serve)
