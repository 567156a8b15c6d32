// The command line of the Java app (`java -jar protomux-wakeup.jar listen|connect ...`), on the
// pinned reference stack: the same options, the same JSON lines on stdout, the same exit codes.
// The app's process tests run it against the Java command line, both ways round.
//
//   node cli.js listen  [--host H] [--port N] --capability HEX... [OPTIONS]
//   node cli.js connect [--host H] --port N --capability HEX... [OPTIONS]
//
// See app/README-section.md, "The command line", for the contract. In short:
// - a listener answers every lookup with its --announce list, if it has one;
// - a connecting node announces its --announce list to each new peer right after peer-add, then
//   sends a lookup if --lookup is given;
// - events go to stdout, one JSON object per line; diagnostics to stderr as one "error: ..." line;
// - exit 0 once --exit-on is met (that line is the last one printed; the connections are then
//   ended in an orderly way), or for connect without --exit-on once the peer closed in an orderly
//   way, or on SIGTERM/SIGINT (the connections ended in order); 1 for a timeout or a
//   failed/broken/closed connection; 2 for a bad command line.
// - every peer event ends with "remotePublicKey".
// The Java command line's secrets files and variables, -v, --metrics-port and --version are not
// here: the process tests give the reference only options both have.
// `demo` is Java-only.
'use strict'

const net = require('net')
const NoiseSecretStream = require('@hyperswarm/secret-stream')
const WakeupSwarm = require('protomux-wakeup')
const b4a = require('b4a')

const DEFAULT_HOST = '127.0.0.1'
const DEFAULT_CONNECT_TIMEOUT_MS = 10000
// Long enough for a peer on loopback to answer our end with its own, short enough not to hang an
// exit on a peer that never does (as the Java command line).
const CLOSE_GRACE_MS = 1000
const EXIT_EVENTS = ['peer-add', 'peer-remove', 'lookup', 'announce']

const USAGE = `usage: node cli.js COMMAND [OPTIONS]

commands:
  listen    accept TCP connections and run wakeup sessions on each
  connect   dial one peer and run wakeup sessions over that connection

options:
  --host HOST              address to listen on or dial (default 127.0.0.1)
  --port N                 listen: port, 0 for any free one (default); connect: required
  --capability HEX         32-byte capability, 64 hex digits; repeatable, one session each
  --discovery-key HEX      topic id of every session instead of the capability's
  --announce HEX:LENGTH    a log this node announces; repeatable
  --inactive               sessions start inactive
  --lookup                 connect: send a lookup to every new peer
  --hash HEX               the hash of that lookup
  --seed HEX               32-byte seed of the node's key pair (default: random)
  --exit-on EVENT          exit 0 once EVENT (peer-add, peer-remove, lookup, announce)
                           was seen on the topic of every session
  --timeout-ms N           exit 1 if still running after N ms
                           (connect: 10000; listen: none)

Events are printed on stdout, one JSON object per line; diagnostics go to stderr.
Exit code: 0 done, 1 failed or timed out, 2 bad command line.
`

class UsageError extends Error {}

// ---------------------------------------------------------------------------------------------
// The command line

const FLAGS = new Set(['--inactive', '--lookup'])
const REPEATABLE = new Set(['--capability', '--announce'])
const SECRET = new Set(['--capability', '--seed'])
const ALLOWED = {
  listen: new Set([
    '--host', '--port', '--capability', '--discovery-key', '--announce', '--inactive', '--seed',
    '--exit-on', '--timeout-ms'
  ]),
  connect: new Set([
    '--host', '--port', '--capability', '--discovery-key', '--announce', '--inactive', '--lookup',
    '--hash', '--seed', '--exit-on', '--timeout-ms'
  ])
}
const MAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER

function parse(args) {
  if (args.length === 0) throw new UsageError('no command given: use listen or connect (or --help)')
  const word = args[0]
  if (word === '--help' || word === '-h') return { command: 'help' }
  if (word === 'demo') throw new UsageError('demo is not available in the Node command line')
  if (!ALLOWED[word]) {
    if (word.startsWith('-')) {
      throw new UsageError('the command comes first: listen or connect, got ' + word)
    }
    throw new UsageError('unknown command "' + word + '": use listen or connect')
  }
  const options = {
    command: word,
    host: DEFAULT_HOST,
    port: null,
    capabilities: [],
    discoveryKey: null,
    announce: [],
    inactive: false,
    lookup: false,
    hash: null,
    seed: null,
    exitOn: null,
    timeoutMs: null
  }
  const seen = new Set()
  for (let i = 1; i < args.length; i++) {
    const arg = args[i]
    let name = arg
    let value = null
    const equals = arg.indexOf('=')
    if (arg.startsWith('--') && equals > 0) {
      name = arg.slice(0, equals)
      value = arg.slice(equals + 1)
    }
    if (!name.startsWith('--')) throw new UsageError('unexpected argument "' + arg + '"')
    if (!ALLOWED.listen.has(name) && !ALLOWED.connect.has(name)) {
      throw new UsageError('unknown option ' + name)
    }
    if (!ALLOWED[word].has(name)) throw new UsageError(word + ' does not take ' + name)
    if (seen.has(name) && !REPEATABLE.has(name)) {
      throw new UsageError(name + ' is given more than once')
    }
    seen.add(name)
    if (FLAGS.has(name)) {
      if (value !== null) throw new UsageError(name + ' takes no value')
    } else if (value === null) {
      if (i + 1 === args.length) throw new UsageError(name + ' needs a value')
      value = args[++i]
    }
    switch (name) {
      case '--host':
        if (value.trim() === '') throw new UsageError('--host must not be empty')
        options.host = value
        break
      case '--port':
        options.port = port(value)
        break
      case '--capability':
        options.capabilities.push(hex32(name, value))
        break
      case '--discovery-key':
        options.discoveryKey = hex32(name, value)
        break
      case '--announce':
        options.announce.push(wakeup(value))
        break
      case '--inactive':
        options.inactive = true
        break
      case '--lookup':
        options.lookup = true
        break
      case '--hash':
        options.hash = hex32(name, value)
        break
      case '--seed':
        options.seed = hex32(name, value)
        break
      case '--exit-on':
        if (!EXIT_EVENTS.includes(value)) {
          throw new UsageError(
            '--exit-on must be one of ' + EXIT_EVENTS.join(', ') + ', got "' + value + '"'
          )
        }
        options.exitOn = value
        break
      case '--timeout-ms':
        options.timeoutMs = timeout(value)
        break
    }
  }
  if (options.capabilities.length === 0) {
    throw new UsageError(word + ' needs at least one --capability')
  }
  if (word === 'connect') {
    if (options.port === null) throw new UsageError('connect needs --port')
    if (options.port === 0) throw new UsageError('connect needs a --port from 1 to 65535, got 0')
  }
  if (options.hash !== null && !options.lookup) throw new UsageError('--hash needs --lookup')
  if (options.port === null) options.port = 0
  if (options.timeoutMs === null) {
    options.timeoutMs = word === 'listen' ? 0 : DEFAULT_CONNECT_TIMEOUT_MS
  }
  return options
}

function port(value) {
  const n = /^[0-9]+$/.test(value) ? Number(value) : -1
  if (n < 0 || n > 65535) {
    throw new UsageError('--port must be a number from 0 to 65535, got "' + value + '"')
  }
  return n
}

function timeout(value) {
  const n = /^[0-9]+$/.test(value) ? Number(value) : 0
  if (!(n > 0) || !Number.isSafeInteger(n)) {
    throw new UsageError(
      '--timeout-ms must be a positive whole number of milliseconds, got "' + value + '"'
    )
  }
  return n
}

function wakeup(value) {
  const colon = value.lastIndexOf(':')
  if (colon < 0) {
    throw new UsageError('--announce needs KEY:LENGTH (64 hex digits, a colon, a number)')
  }
  const key = hex32('--announce', value.slice(0, colon))
  const text = value.slice(colon + 1)
  const length = /^[0-9]+$/.test(text) ? Number(text) : -1
  if (length < 0 || length > MAX_SAFE_INTEGER) {
    throw new UsageError(
      '--announce length must be a whole number from 0 to ' + MAX_SAFE_INTEGER + ', got "' +
        text + '"'
    )
  }
  return { key, length }
}

// 64 hex digits as 32 bytes; the message shows a public value but never a secret one.
function hex32(option, value) {
  const shown = SECRET.has(option) ? '' : ' "' + value + '"'
  if (value.length !== 64) {
    throw new UsageError(
      option + ' needs 64 hex digits (32 bytes), got ' + value.length + ' characters' + shown
    )
  }
  const bad = value.search(/[^0-9a-fA-F]/)
  if (bad >= 0) {
    throw new UsageError(
      option + ' needs hex digits, found another character at position ' + (bad + 1) + shown
    )
  }
  return b4a.from(value.toLowerCase(), 'hex')
}

// ---------------------------------------------------------------------------------------------
// Output

const hex = (b) => b4a.toString(b, 'hex')

let muted = false
let exitCondition = null // (event) => void, set by --exit-on

function emit(event) {
  if (!muted) process.stdout.write(JSON.stringify(event) + '\n')
  if (exitCondition) exitCondition(event)
}

// Every peer event names the remote, as the last field (fields are only ever appended).
const remote = (peer) => hex(peer.stream.remotePublicKey)

function wakeupsJson(list) {
  return list.map((w) => ({ key: hex(w.key), length: w.length }))
}

// ---------------------------------------------------------------------------------------------
// Running

let options
try {
  options = parse(process.argv.slice(2))
} catch (err) {
  if (!(err instanceof UsageError)) throw err
  process.stderr.write('error: ' + err.message + '\n')
  process.exit(2)
}
if (options.command === 'help') {
  process.stdout.write(USAGE)
  process.exit(0)
}

const keyPair = NoiseSecretStream.keyPair(options.seed || undefined)
const swarm = new WakeupSwarm((id) => emit({ event: 'wakeup', topic: hex(id) }))
const streams = new Set()
const topics = new Set()
let server = null
let timer = null
let finishing = false

// The role's handlers: print every event, then act as the role says.
function reportingHandlers() {
  const isListener = options.command === 'listen'
  const lookupAnswer = isListener ? options.announce : []
  const greeting = isListener ? [] : options.announce
  const greetingLookup = !isListener && options.lookup ? { hash: options.hash } : null
  return {
    onpeeradd(peer, session) {
      emit({ event: 'peer-add', topic: hex(peer.topic.id), remotePublicKey: remote(peer) })
      if (greeting.length > 0) session.announce(peer, greeting)
      if (greetingLookup) session.lookup(peer, greetingLookup)
    },
    onpeerremove(peer) {
      emit({ event: 'peer-remove', topic: hex(peer.topic.id), remotePublicKey: remote(peer) })
    },
    onpeeractive(peer) {
      emit({ event: 'peer-active', topic: hex(peer.topic.id), remotePublicKey: remote(peer) })
    },
    onpeerinactive(peer) {
      emit({ event: 'peer-inactive', topic: hex(peer.topic.id), remotePublicKey: remote(peer) })
    },
    onlookup(req, peer, session) {
      emit({
        event: 'lookup',
        topic: hex(peer.topic.id),
        hash: req.hash ? hex(req.hash) : null,
        remotePublicKey: remote(peer)
      })
      if (lookupAnswer.length > 0) session.announce(peer, lookupAnswer)
    },
    onannounce(list, peer) {
      emit({
        event: 'announce',
        topic: hex(peer.topic.id),
        wakeups: wakeupsJson(list),
        remotePublicKey: remote(peer)
      })
    }
  }
}

function openSessions() {
  const reporting = reportingHandlers()
  for (const capability of options.capabilities) {
    const base = { active: !options.inactive }
    if (options.discoveryKey) base.discoveryKey = options.discoveryKey
    // Sessions sharing a topic would report each event once per session: one speaks for all.
    const topicKnown = swarm.getSessions(capability, base).length > 0
    const session = swarm.session(capability, topicKnown ? base : { ...base, ...reporting })
    topics.add(hex(session.topic.id))
  }
}

function watchExitOn() {
  if (!options.exitOn) return
  const waiting = new Set(topics)
  let met = false
  exitCondition = (event) => {
    if (met || event.event !== options.exitOn || !waiting.delete(event.topic)) return
    if (waiting.size > 0) return
    met = true
    // At once: a line printed after this would depend on timing.
    muted = true
    finish(0, null)
  }
}

function track(stream) {
  streams.add(stream)
  stream.on('close', () => streams.delete(stream))
}

// Ends the run: stops printing, ends every stream and waits a moment for the peers to end
// theirs (so they see an orderly close), then tears the swarm down and exits.
function finish(code, message) {
  if (finishing) return
  finishing = true
  muted = true
  if (timer) clearTimeout(timer)
  // After the handler that got us here has done its part (a greeting, an answer).
  setImmediate(async () => {
    if (server) server.close()
    const closings = [...streams].map(
      (stream) =>
        new Promise((resolve) => {
          if (stream.destroyed) return resolve()
          stream.once('close', resolve)
          stream.end()
        })
    )
    await Promise.race([
      Promise.all(closings),
      new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS))
    ])
    try {
      swarm.destroy()
    } catch {
      // Nothing left to tear down.
    }
    for (const stream of streams) stream.destroy()
    if (message !== null) process.stderr.write('error: ' + message + '\n')
    process.exit(code)
  })
}

function describe(err) {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'Connection refused'
    case 'ECONNRESET':
      return 'Connection reset'
    case 'ETIMEDOUT':
      return 'Connection timed out'
    case 'EHOSTUNREACH':
      return 'No route to host'
    case 'ENETUNREACH':
      return 'Network is unreachable'
    case 'EADDRINUSE':
      return 'Address already in use'
    case 'EADDRNOTAVAIL':
      return 'Cannot assign requested address'
    case 'EACCES':
      return 'Permission denied'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unknown host ' + options.host
    default:
      return err.message
  }
}

function listen() {
  server = net.createServer((socket) => {
    if (finishing) return socket.destroy()
    const stream = new NoiseSecretStream(false, socket, { keyPair })
    stream.on('error', () => {}) // one broken connection does not end the listener
    track(stream)
    swarm.addStream(stream)
  })
  server.once('error', (err) => {
    // An address in use or not ours is a bad --host or --port, not a failure of the run.
    process.stderr.write(
      'error: cannot listen on ' + options.host + ':' + options.port + ': ' + describe(err) + '\n'
    )
    process.exit(2)
  })
  server.listen(options.port, options.host, () => {
    const address = server.address()
    emit({
      event: 'listening',
      host: address.address,
      port: address.port,
      publicKey: hex(keyPair.publicKey)
    })
  })
}

function connect() {
  const target = options.host + ':' + options.port
  const socket = net.connect(options.port, options.host)
  let connected = false
  let opened = false
  let failure = null
  socket.on('connect', () => {
    connected = true
  })
  const stream = new NoiseSecretStream(true, socket, { keyPair })
  track(stream)
  stream.on('open', () => {
    opened = true
  })
  stream.on('error', (err) => {
    if (failure === null) failure = err
  })
  stream.on('close', () => {
    // Behind what the close sets off (its peer-remove lines, and an --exit-on they meet), so
    // that a met condition wins.
    setImmediate(() => {
      if (!connected) {
        finish(1, 'cannot connect to ' + target + ': ' + describe(failure || new Error('closed')))
      } else if (!opened) {
        finish(
          1,
          'the connection closed during the handshake' + (failure ? ': ' + describe(failure) : '')
        )
      } else if (failure !== null) {
        finish(1, 'the connection broke: ' + describe(failure))
      } else if (options.exitOn) {
        finish(1, 'the connection closed before every topic saw ' + options.exitOn)
      } else {
        finish(0, null)
      }
    })
  })
  swarm.addStream(stream)
}

openSessions()
watchExitOn()
// As the Java command line: a stop signal ends the run like a met --exit-on, in order.
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => finish(0, null))
if (options.timeoutMs > 0) {
  const ms = options.timeoutMs
  timer = setTimeout(() => finish(1, 'timed out after ' + ms + ' ms'), ms)
}
if (options.command === 'listen') listen()
else connect()
