// One hyperdht 6.34.0 storage node for the serving benchmark (dht-serve-bench-compare.sh): the
// JavaScript side of what `java -cp protomux-wakeup.jar io.protomux.wakeup.cli.bench.DhtServeNode`
// is on the Java side, with the same lines in and out.
//
//   node dht-serve-node.js [--host 127.0.0.1] [--port P] [--echo]
//
// The node is HyperDHT.bootstrapper(P, host): the first node of a new network, persistent at once
// with the id of its address (dht-rpc's bootstrapper), storing and routing like any other. Without
// --port a free UDP port is picked first. Prints
//   {"event":"listening","host":H,"port":P,"id":HEX}
// Commands, one JSON object per line on stdin, each answered with {"event":"ok","cmd":NAME,...}:
//   {"cmd":"heap"}  three full GCs, then "heapUsed" and "arrayBuffers" (process.memoryUsage()),
//                   "table" (nodes in the routing table) and "records" (peer records stored)
//   {"cmd":"cpu"}   "cpuMillis": user + system CPU time of the process so far
// When stdin ends the node is destroyed and the process exits 0.
const dgram = require('dgram')
const v8 = require('v8')
const vm = require('vm')
const HyperDHT = require('hyperdht')
const { opt, hex, emit, commands } = require('./lib/harness')

v8.setFlagsFromString('--expose-gc')
const gc = global.gc || vm.runInNewContext('gc')

const host = opt('host', '127.0.0.1')

function freePort() {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4')
    socket.once('error', reject)
    socket.bind(0, host, () => {
      const port = socket.address().port
      socket.close(() => resolve(port))
    })
  })
}

// --echo: no node, the floor under one: each request answered with the smallest reply its tid
// allows (type, flags, tid, the requester's address; 10 bytes), nothing decoded, on a plain
// dgram socket; the same as DhtServeNode --echo.
function echo() {
  const socket = dgram.createSocket('udp4')
  socket.on('message', (buf, rinfo) => {
    if (buf.length < 4) return
    const reply = Buffer.alloc(10)
    reply[0] = 0x13
    reply[2] = buf[2]
    reply[3] = buf[3]
    rinfo.address.split('.').forEach((octet, i) => (reply[4 + i] = Number(octet)))
    reply.writeUInt16LE(rinfo.port, 8)
    socket.send(reply, rinfo.port, rinfo.address)
  })
  socket.bind(0, host, () => emit({ event: 'listening', host, port: socket.address().port, id: null }))
  process.stdin.on('end', () => process.exit(0))
  process.stdin.resume()
}

async function main() {
  if (process.argv.includes('--echo')) return echo()
  const port = opt('port', null) ? Number(opt('port', null)) : await freePort()
  const node = HyperDHT.bootstrapper(port, host, { host })
  await node.ready()
  emit({ event: 'listening', host, port: node.address().port, id: node.id ? hex(node.id) : null })

  commands(
    (command) => {
      switch (command.cmd) {
        case 'heap': {
          for (let i = 0; i < 3; i++) gc()
          const memory = process.memoryUsage()
          const persistent = node._persistent
          return {
            heapUsed: memory.heapUsed,
            arrayBuffers: memory.arrayBuffers,
            table: node.toArray().length,
            records: persistent ? persistent.records.size : 0
          }
        }
        case 'cpu': {
          const cpu = process.cpuUsage()
          return { cpuMillis: (cpu.user + cpu.system) / 1000 }
        }
        default:
          throw new Error('unknown command ' + command.cmd)
      }
    },
    async () => {
      const timer = setTimeout(() => process.exit(0), 2000)
      await node.destroy()
      clearTimeout(timer)
      process.exit(0)
    }
  )
}

main().catch((err) => {
  emit({ event: 'error', cmd: null, message: err.message })
  process.exit(1)
})
