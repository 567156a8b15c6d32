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
//   {"cmd":"peers","topic":HEX}   ok with "peers":[{"remotePublicKey","active"}] and "pending":N
// Every command is acknowledged with {"event":"ok","cmd":...} once done. Events go to stdout as
// JSON lines: listening, handshake, peer-add, peer-remove, peer-active, peer-inactive, lookup,
// announce, wakeup (a remote opened a topic with no session here), stream-close. Every event of
// a wakeup peer carries its "topic" and the stream's "remotePublicKey".
// The swarm and the commands live in lib/wakeup.js (udx-peer.js runs the same over UDX).
const NoiseSecretStream = require('@hyperswarm/secret-stream')
const { keyPair: makeKeyPair, start, report, commands } = require('./lib/harness')
const { createWakeup } = require('./lib/wakeup')

const keyPair = makeKeyPair()
const wakeup = createWakeup()

// stdin closing ends the process (the Java side kills it anyway)
commands(wakeup.run, () => process.exit(0))

function serve(socket, isInitiator) {
  const stream = new NoiseSecretStream(isInitiator, socket, { keyPair })
  report(stream, isInitiator)
  wakeup.addStream(stream)
}

start('wakeup-peer.js', keyPair, serve)
