// Generates secretstream-libsodium.json: crypto_secretstream_xchacha20poly1305 vectors from the
// real libsodium (sodium-native), for cases secretstream.json does not cover.
//
//   mkdir /tmp/ss && cd /tmp/ss && npm install sodium-native@5.1.0 sodium-javascript@0.8.0
//   NODE_PATH=/tmp/ss/node_modules node /path/to/secretstream-libsodium.js > secretstream-libsodium.json
//
// Everything is deterministic (no randombytes), so re-running gives the same file.
'use strict'
const native = require('sodium-native')
const js = require('sodium-javascript')

const TAG = { message: 0, push: 1, rekey: 2, final: 3 }
const ABYTES = native.crypto_secretstream_xchacha20poly1305_ABYTES

function derive (label, length) {
  const out = Buffer.alloc(length)
  native.crypto_generichash(out, Buffer.from('secretstream-libsodium ' + label))
  return out
}

function plaintext (index, length) {
  const out = Buffer.alloc(length)
  for (let i = 0; i < length; i++) out[i] = (index * 31 + i * 7) & 0xff
  return out
}

// The state is k[32] || counter[4, LE] || inonce[8] || pad[8] in both implementations; writing
// the counter directly is the only way to reach a wrap without pushing 2^32 messages.
function setCounter (state, counter) {
  state.writeUInt32LE(counter >>> 0, 32)
}

// Runs the steps with one sodium binding; returns the push outputs, checking that pull inverts
// them.
function run (sodium, key, header, startCounter, steps) {
  const push = Buffer.alloc(sodium.crypto_secretstream_xchacha20poly1305_STATEBYTES)
  const pull = Buffer.alloc(sodium.crypto_secretstream_xchacha20poly1305_STATEBYTES)
  // init_push draws a random header; init_pull's derivation from a chosen header is the same, so
  // initialising both states with init_pull gives a push state for that header.
  sodium.crypto_secretstream_xchacha20poly1305_init_pull(push, header, key)
  sodium.crypto_secretstream_xchacha20poly1305_init_pull(pull, header, key)
  if (startCounter !== null) {
    setCounter(push, startCounter)
    setCounter(pull, startCounter)
  }
  const out = []
  for (const step of steps) {
    if (step.op === 'rekey') {
      sodium.crypto_secretstream_xchacha20poly1305_rekey(push)
      sodium.crypto_secretstream_xchacha20poly1305_rekey(pull)
      out.push(null)
      continue
    }
    const c = Buffer.alloc(step.plaintext.length + ABYTES)
    const tagArg = sodium === native ? step.tag : new Uint8Array([step.tag])
    sodium.crypto_secretstream_xchacha20poly1305_push(push, c, step.plaintext, null, tagArg)
    const m = Buffer.alloc(step.plaintext.length)
    // sodium-javascript tests the pulled tag with `tag & REKEY`, which only works on a plain
    // Uint8Array (a Buffer converts to NaN), so give it one.
    const tag = sodium === native ? Buffer.alloc(1) : new Uint8Array(1)
    sodium.crypto_secretstream_xchacha20poly1305_pull(pull, m, tag, c, null)
    if (!m.equals(step.plaintext) || tag[0] !== step.tag) throw new Error('pull did not invert push')
    out.push(c)
  }
  return out
}

function pushes (spec) {
  return spec.map(([tag, length], i) => ({ op: 'push', tag, plaintext: plaintext(i, length) }))
}

const cases = [
  {
    name: 'mixed tags',
    startCounter: null,
    steps: pushes([
      [TAG.message, 0], [TAG.push, 1], [TAG.message, 15], [TAG.rekey, 16], [TAG.message, 17],
      [TAG.push, 63], [TAG.rekey, 64], [TAG.rekey, 65], [TAG.message, 127], [TAG.final, 128],
      [TAG.message, 129], [TAG.push, 1000], [TAG.final, 0], [TAG.message, 4097]
    ])
  },
  {
    name: 'explicit rekey',
    startCounter: null,
    steps: [
      ...pushes([[TAG.message, 5], [TAG.message, 33]]),
      { op: 'rekey' },
      ...pushes([[TAG.message, 0], [TAG.push, 48]]),
      { op: 'rekey' },
      { op: 'rekey' },
      ...pushes([[TAG.rekey, 7], [TAG.message, 100]]),
      { op: 'rekey' },
      ...pushes([[TAG.final, 3]])
    ]
  },
  {
    name: 'counter wrap',
    startCounter: 0xfffffffd,
    steps: pushes([
      [TAG.message, 10], [TAG.message, 11], [TAG.message, 12], [TAG.message, 13],
      [TAG.push, 14], [TAG.message, 15]
    ])
  },
  {
    name: 'counter wrap with a rekey tag just before it',
    startCounter: 0xfffffffe,
    steps: pushes([[TAG.message, 20], [TAG.rekey, 21], [TAG.message, 22]])
  }
]

const output = {
  note: 'crypto_secretstream_xchacha20poly1305 vectors made by secretstream-libsodium.js with ' +
    'sodium-native ' + require('sodium-native/package.json').version + ' (native libsodium) on ' +
    'node ' + process.version + '. Each case initialises from key and header (init_pull, which ' +
    'derives the same state init_push would for that header), optionally overwrites the 32-bit ' +
    'counter in the state buffer with startCounter, then runs the steps: "push" pushes plaintext ' +
    'with tag and must yield ciphertext; "rekey" calls crypto_secretstream_xchacha20poly1305_rekey ' +
    'on both sides. No additional data. Every ciphertext was pulled back with libsodium. ' +
    'sodium-javascript 0.8.0 agrees on the cases listed in sodiumJavascriptAgrees; it disagrees ' +
    'once the counter wraps because it carries the counter increment into the inner nonce.',
  cases: []
}
output.sodiumJavascriptAgrees = []

cases.forEach((c, index) => {
  const key = derive('key ' + index, 32)
  const header = derive('header ' + index, 24)
  const nativeOut = run(native, key, header, c.startCounter, c.steps)
  let jsOut
  try {
    jsOut = run(js, key, header, c.startCounter, c.steps)
  } catch {
    jsOut = []
  }
  if (nativeOut.every((x, i) => x === null ? jsOut[i] === null : (jsOut[i] !== undefined && x.equals(jsOut[i])))) {
    output.sodiumJavascriptAgrees.push(c.name)
  }
  output.cases.push({
    name: c.name,
    key: key.toString('hex'),
    header: header.toString('hex'),
    startCounter: c.startCounter,
    steps: c.steps.map((s, i) => s.op === 'rekey'
      ? { op: 'rekey' }
      : { op: 'push', tag: s.tag, plaintext: s.plaintext.toString('hex'), ciphertext: nativeOut[i].toString('hex') })
  })
})

process.stdout.write(JSON.stringify(output, null, 2) + '\n')
