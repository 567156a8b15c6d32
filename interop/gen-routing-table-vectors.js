#!/usr/bin/env node
// Generates domain/src/test/resources/dht/routing-table-vectors.json from the real
// kademlia-routing-table 1.0.6 (the one dht-rpc 6.27.0 uses), for RoutingTableVectorsTest.
//
// Rerun (from the repository root):
//   NODE_PATH=/tmp/jsnet/node_modules node interop/gen-routing-table-vectors.js \
//     > domain/src/test/resources/dht/routing-table-vectors.json
// (/tmp/jsnet/node_modules: any directory where `npm install kademlia-routing-table@1.0.6` was run.)
//
// Deterministic (seeded xorshift32). Each case: a random table id and k, then a list of
// operations on ids "around" the table id (sharing a prefix of a chosen length, so rows fill up
// and refuse), re-adds of ids already held, removes, gets and closest(target, count); every
// operation records the reference's answer and the table size after it.
'use strict'
const RoutingTable = require('kademlia-routing-table')

let seed = 0x2545f491
function rnd () {
  seed ^= seed << 13; seed >>>= 0
  seed ^= seed >>> 17
  seed ^= seed << 5; seed >>>= 0
  return seed
}
function pick (n) { return rnd() % n }
function randomId () {
  const b = Buffer.alloc(32)
  for (let i = 0; i < 32; i++) b[i] = rnd() & 0xff
  return b
}
// An id that shares exactly `prefix` leading bits with `id` (prefix 256: the id itself).
function near (id, prefix) {
  if (prefix >= 256) return Buffer.from(id)
  const b = randomId()
  const byte = prefix >> 3
  const bit = 7 - (prefix & 7)
  for (let i = 0; i < byte; i++) b[i] = id[i]
  const keepMask = (0xff << (bit + 1)) & 0xff
  let v = (id[byte] & keepMask) | (b[byte] & ((1 << bit) - 1))
  v |= (~id[byte]) & (1 << bit)
  b[byte] = v
  return b
}
function prefixLength () {
  const r = pick(100)
  if (r < 60) return pick(4)
  if (r < 90) return pick(16)
  if (r < 98) return pick(256)
  return 256
}
const hex = (b) => b.toString('hex')

const cases = []
for (let c = 0; c < 40; c++) {
  const id = randomId()
  const k = c % 3 === 0 ? 20 : 2 + pick(6)
  const table = new RoutingTable(id, { k })
  const pool = []
  const ops = []
  // Every id a case mentions is listed once in `ids`; operations name ids by index there.
  const ids = []
  const index = new Map()
  const ref = (b) => {
    const h = hex(b)
    if (!index.has(h)) { index.set(h, ids.length); ids.push(h) }
    return index.get(h)
  }
  const count = 50 + pick(250)
  for (let i = 0; i < count; i++) {
    const r = pick(100)
    if (r < 55 || pool.length === 0) {
      const nid = near(id, prefixLength())
      pool.push(nid)
      const ok = table.add({ id: nid })
      ops.push({ op: 'add', id: ref(nid), result: ok, size: table.size })
    } else if (r < 62) {
      const nid = pool[pick(pool.length)]
      const ok = table.add({ id: nid })
      ops.push({ op: 'add', id: ref(nid), result: ok, size: table.size })
    } else if (r < 75) {
      const nid = pick(4) === 0 ? near(id, prefixLength()) : pool[pick(pool.length)]
      const ok = table.remove(nid)
      ops.push({ op: 'remove', id: ref(nid), result: ok, size: table.size })
    } else if (r < 85) {
      const nid = pick(4) === 0 ? near(id, prefixLength()) : pool[pick(pool.length)]
      const node = table.get(nid)
      ops.push({ op: 'get', id: ref(nid), result: node !== null, size: table.size })
    } else {
      const target = pick(3) === 0 ? randomId() : pick(2) === 0 ? pool[pick(pool.length)] : near(id, prefixLength())
      const n = 1 + pick(40)
      const closest = table.closest(target, n).map((x) => ref(x.id))
      ops.push({ op: 'closest', id: ref(target), count: n, result: closest, size: table.size })
    }
  }
  ops.push({ op: 'toArray', result: table.toArray().map((x) => ref(x.id)), size: table.size })
  cases.push({ id: hex(id), k, ids, ops })
}

process.stdout.write(JSON.stringify({
  source: 'kademlia-routing-table@1.0.6 via interop/gen-routing-table-vectors.js',
  cases
}) + '\n')
