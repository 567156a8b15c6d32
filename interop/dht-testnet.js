// A local HyperDHT 6.34.0 network for the Java interop tests (hyperdht/testnet's createTestnet).
//
//   node dht-testnet.js [--size N] [--host 127.0.0.1] [--port P|0|default] [--bootstrap H:P,...]
//
// Starts N nodes (default 5) in this process, each `ephemeral: false, firewalled: false` exactly
// as createTestnet makes them. The first one has nobody to bootstrap from, so it stays ephemeral
// (it routes and relays handshakes, stores nothing); the other N-1 bootstrap from it and become
// persistent storage nodes (HYPERDHT.md 5.1). Once every node is fully bootstrapped it prints one
// line:
//   {"event":"testnet","bootstrap":[{"host":H,"port":P}],
//    "nodes":[{"host":H,"port":P,"id":HEX|null,"ephemeral":bool,"firewalled":bool}, ...]}
// (bootstrap = the first node; "id" is the node's routing id, null while ephemeral). Then it stays
// alive until stdin closes (or SIGTERM), destroys the testnet and exits 0.
// Command (optional, one JSON object per line on stdin): {"cmd":"nodes"} prints the "testnet" line
// again with the nodes' current state (ok follows).
//
// Ports. hyperdht binds its server socket to the first free port of 49737..49741 unless told
// otherwise, then to a random one, so tests that run one after another (or side by side) would
// keep landing on the same ports, and a stale peer of an earlier run could still reach them. By
// default (--port 0) every node therefore binds a random port: the testnet is built with
// createTestnet(1, ...) once per node, each time with `port: [0, 0]` (an empty dht-rpc port range,
// which means "any port") and, after the first, `bootstrap: <first node>`; each call creates the
// node exactly as createTestnet(N) would (same options), only the port differs.
// --port P: the first node tries P..P+4, then any port; the others random.
// --port default: plain createTestnet(N): hyperdht's 49737 range for every node.
// --bootstrap H:P[,H:P]: join an existing network (a Java dht-node, say) instead of starting one:
// every node bootstraps from those, as createTestnet(N, {bootstrap}) does ("bootstrap" in the
// printed line is then that list).
// --host other than 127.0.0.1 makes createTestnet bind 0.0.0.0 (and announce that host); the
// interop tests keep the default.
const createTestnet = require('hyperdht/testnet')
const { opt, hex, emit, commands, shutdown } = require('./lib/harness')

const size = Number(opt('size', 5))
const host = opt('host', '127.0.0.1')
const portArg = opt('port', '0')
const joinArg = opt('bootstrap', null)
const join = joinArg
  ? joinArg.split(',').map((hp) => {
      const i = hp.lastIndexOf(':')
      return { host: hp.slice(0, i), port: Number(hp.slice(i + 1)) }
    })
  : null

function describe(node) {
  const addr = node.address()
  return {
    host: addr.host,
    port: addr.port,
    id: node.ephemeral ? null : hex(node.id),
    ephemeral: node.ephemeral,
    firewalled: node.firewalled
  }
}

async function build() {
  if (join) {
    const t = await createTestnet(1, { host, port: [0, 0], bootstrap: join })
    while (t.nodes.length < size) {
      const more = await createTestnet(1, { host, port: [0, 0], bootstrap: join })
      t.nodes.push(...more.nodes)
    }
    return t
  }
  if (portArg === 'default') return createTestnet(size, { host })
  const port = Number(portArg)
  const first = await createTestnet(1, { host, port: port === 0 ? [0, 0] : port })
  const nodes = first.nodes
  const bootstrap = first.bootstrap
  while (nodes.length < size) {
    const t = await createTestnet(1, { host, port: [0, 0], bootstrap })
    nodes.push(...t.nodes)
  }
  return first // its destroy() closes every node in `nodes`, the first one last
}

let closing = false

function close() {
  if (closing) return
  closing = true
  shutdown(() => built.then((t) => t.destroy()))
}

process.once('SIGTERM', close)
process.once('SIGINT', close)

const startup = setTimeout(() => {
  emit({ event: 'error', message: 'testnet not ready within 30 s' })
  process.exit(1)
}, 30000)

const built = build().then(
  (t) => {
    clearTimeout(startup)
    if (!closing) emit({ event: 'testnet', bootstrap: t.bootstrap, nodes: t.nodes.map(describe) })
    return t
  },
  (err) => {
    emit({ event: 'error', message: err.message })
    process.exit(1)
  }
)

// Read from the start (stdin closing while the nodes start also ends the process); commands
// wait for the testnet.
commands(
  (command) =>
    built.then((t) => {
      if (command.cmd !== 'nodes') throw new Error('unknown command ' + command.cmd)
      emit({ event: 'testnet', bootstrap: t.bootstrap, nodes: t.nodes.map(describe) })
      return {}
    }),
  close
)
