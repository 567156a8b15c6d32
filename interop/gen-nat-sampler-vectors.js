#!/usr/bin/env node
// Generates domain/src/test/resources/dht/nat-sampler-vectors.json from the real nat-sampler
// 1.0.1 (the one dht-rpc 6.27.0 uses), for NatSamplerVectorsTest.
//
// Rerun (from the repository root):
//   NODE_PATH=/tmp/jsnet/node_modules node interop/gen-nat-sampler-vectors.js \
//     > domain/src/test/resources/dht/nat-sampler-vectors.json
// (/tmp/jsnet/node_modules: any directory where `npm install nat-sampler@1.0.1` was run.)
//
// Deterministic: sequences come from a seeded xorshift32, so the output is the same every run.
// Few hosts and ports per sequence so entries gain hits; lengths past 16 samples wrap the ring;
// some sequences keep the host and randomize the port (randomized detection), some switch
// address mid-way (the ring forgetting old entries).
'use strict'
const NatSampler = require('nat-sampler')

let seed = 0x9e3779b9
function rnd () {
  seed ^= seed << 13; seed >>>= 0
  seed ^= seed >>> 17
  seed ^= seed << 5; seed >>>= 0
  return seed
}
function pick (n) { return rnd() % n }

const sequences = []
for (let s = 0; s < 300; s++) {
  const style = s % 5
  const hostCount = 1 + pick(3)
  const portCount = 1 + pick(4)
  const hosts = []
  for (let i = 0; i < hostCount; i++) hosts.push('10.' + pick(4) + '.0.' + (1 + pick(3)))
  const ports = []
  for (let i = 0; i < portCount; i++) ports.push(49737 + pick(5))
  const length = 1 + pick(60)
  const sampler = new NatSampler()
  const steps = []
  for (let i = 0; i < length; i++) {
    let host, port
    if (style === 0) { // mostly one address, some noise
      host = pick(4) === 0 ? hosts[pick(hostCount)] : hosts[0]
      port = pick(4) === 0 ? ports[pick(portCount)] : ports[0]
    } else if (style === 1) { // one host, random port (a port-randomizing NAT)
      host = hosts[0]
      port = 1024 + pick(60000)
    } else if (style === 2) { // switch address half-way
      const second = i >= (length >> 1)
      host = second ? hosts[hostCount - 1] : hosts[0]
      port = second ? ports[portCount - 1] : ports[0]
    } else if (style === 3) { // uniform over the few hosts and ports
      host = hosts[pick(hostCount)]
      port = ports[pick(portCount)]
    } else { // alternating pattern, hits in the look-back of four
      host = hosts[i % hostCount]
      port = ports[(i >> 1) % portCount]
    }
    const hits = sampler.add(host, port)
    // [added host, added port, returned hits, sampler.host, sampler.port, sampler.size]
    steps.push([host, port, hits, sampler.host, sampler.port, sampler.size])
  }
  sequences.push(steps)
}

process.stdout.write(JSON.stringify({
  source: 'nat-sampler@1.0.1 via interop/gen-nat-sampler-vectors.js',
  sequences
}) + '\n')
