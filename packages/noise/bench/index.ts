/**
 * Noise benchmark: handshakes per second (IK, XX, both sides in one process) next to the bare
 * X25519 + hash work an IK handshake needs, and transport seal+open throughput next to raw
 * ChaCha20-Poly1305 — all measured in the same run. Prints a table, then one JSON line.
 * Run: `pnpm bench` in packages/noise.
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js'
import { x25519 } from '@noble/curves/ed25519.js'
import { blake2s } from '@noble/hashes/blake2.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import {
  createHandshake,
  createTransport,
  generateKeyPair,
  type HandshakeState,
  type KeyPair,
  parseProtocolName,
} from '../src/index.ts'
import { measure, round } from './measure.ts'

const IK = 'Noise_IK_25519_ChaChaPoly_BLAKE2s'
const XX = 'Noise_XX_25519_ChaChaPoly_BLAKE2s'
const initiatorStatic = generateKeyPair()
const responderStatic = generateKeyPair()

function handshake(protocolName: string, preShared: boolean): void {
  const initiator = createHandshake({
    protocolName,
    initiator: true,
    staticKeyPair: initiatorStatic,
    ...(preShared ? { remoteStaticKey: responderStatic.publicKey } : {}),
  })
  const responder = createHandshake({
    protocolName,
    initiator: false,
    staticKeyPair: responderStatic,
  })
  run(initiator, responder)
}

function run(initiator: HandshakeState, responder: HandshakeState): void {
  while (!initiator.isComplete) {
    const [writer, reader] = initiator.isMyTurn ? [initiator, responder] : [responder, initiator]
    reader.readMessage(writer.writeMessage())
  }
  initiator.split()
  responder.split()
}

/** Counts the primitive calls one IK handshake makes (both sides), by wrapping the functions. */
function countIkWork() {
  const { dh, hash } = parseProtocolName(IK)
  const counts = { keyPairs: 0, dh: 0, hash: 0, hkdf2: 0, hkdf3: 0 }
  const original = {
    generateKeyPair: dh.generateKeyPair,
    dh: dh.dh,
    hash: hash.hash,
    hkdf: hash.hkdf,
  }
  const mutableDh = dh as { -readonly [K in keyof typeof dh]: (typeof dh)[K] }
  const mutableHash = hash as { -readonly [K in keyof typeof hash]: (typeof hash)[K] }
  mutableDh.generateKeyPair = (random) => {
    counts.keyPairs++
    return original.generateKeyPair(random)
  }
  mutableDh.dh = (privateKey, publicKey) => {
    counts.dh++
    return original.dh(privateKey, publicKey)
  }
  mutableHash.hash = (data) => {
    counts.hash++
    return original.hash(data)
  }
  mutableHash.hkdf = (ck, ikm, outputs) => {
    if (outputs === 2) counts.hkdf2++
    else counts.hkdf3++
    return original.hkdf(ck, ikm, outputs)
  }
  try {
    handshake(IK, true)
  } finally {
    Object.assign(mutableDh, { generateKeyPair: original.generateKeyPair, dh: original.dh })
    Object.assign(mutableHash, { hash: original.hash, hkdf: original.hkdf })
  }
  return counts
}

/** The same primitive work, called directly on noble, with nothing of ours around it. */
function bareIkWork(counts: ReturnType<typeof countIkWork>, peer: KeyPair): () => void {
  const input = new Uint8Array(64)
  const ck = new Uint8Array(32)
  return () => {
    for (let i = 0; i < counts.keyPairs; i++) x25519.getPublicKey(peer.privateKey)
    for (let i = 0; i < counts.dh; i++)
      x25519.getSharedSecret(peer.privateKey, responderStatic.publicKey)
    for (let i = 0; i < counts.hash; i++) blake2s(input)
    for (let i = 0; i < counts.hkdf2; i++) hkdf(blake2s, input.subarray(0, 32), ck, undefined, 64)
    for (let i = 0; i < counts.hkdf3; i++) hkdf(blake2s, input.subarray(0, 32), ck, undefined, 96)
  }
}

function transportThroughput(size: number) {
  const initiator = createHandshake({
    protocolName: IK,
    initiator: true,
    staticKeyPair: initiatorStatic,
    remoteStaticKey: responderStatic.publicKey,
  })
  const responder = createHandshake({
    protocolName: IK,
    initiator: false,
    staticKeyPair: responderStatic,
  })
  responder.readMessage(initiator.writeMessage())
  initiator.readMessage(responder.writeMessage())
  const sender = createTransport(initiator.split())
  const receiver = createTransport(responder.split())
  const plaintext = new Uint8Array(size).fill(7)
  const ad = new Uint8Array(32)
  const perBatch = size > 4096 ? 20 : 400
  const ours = measure(
    () => {
      const sealed = sender.seal(plaintext, ad)
      receiver.open(sealed.nonce, sealed.ciphertext, ad)
    },
    { perBatch },
  )
  const key = new Uint8Array(32).fill(1)
  let counter = 0n
  const raw = measure(
    () => {
      const nonce = new Uint8Array(12)
      new DataView(nonce.buffer).setBigUint64(4, counter++, true)
      const ciphertext = chacha20poly1305(key, nonce, ad).encrypt(plaintext)
      chacha20poly1305(key, nonce, ad).decrypt(ciphertext)
    },
    { perBatch },
  )
  const mbps = (ms: number) => size / 1e6 / (ms / 1000)
  return {
    ours: mbps(ours.medianMs),
    raw: mbps(raw.medianMs),
    oursIqr: ours.iqrMs,
    rawIqr: raw.iqrMs,
  }
}

const counts = countIkWork()
const ik = measure(() => handshake(IK, true))
const bare = measure(bareIkWork(counts, generateKeyPair()))
const xx = measure(() => handshake(XX, false))
const t1k = transportThroughput(1024)
// Noise caps a message at 65535 bytes, so the largest plaintext is 65519 bytes (64 KiB − 17).
const t64k = transportThroughput(65519)

const rows: [string, string, string, string][] = [
  [
    'IK handshake (both sides)',
    `${round(ik.medianMs, 3)} ms`,
    `±${round(ik.iqrMs, 3)} IQR`,
    `${round(1000 / ik.medianMs, 1)}/s`,
  ],
  [
    `  bare work: ${counts.keyPairs} keygen + ${counts.dh} DH + ${counts.hash} hash + ${counts.hkdf2 + counts.hkdf3} HKDF`,
    `${round(bare.medianMs, 3)} ms`,
    `±${round(bare.iqrMs, 3)} IQR`,
    `ratio ${round(ik.medianMs / bare.medianMs, 3)}×`,
  ],
  [
    'XX handshake (both sides)',
    `${round(xx.medianMs, 3)} ms`,
    `±${round(xx.iqrMs, 3)} IQR`,
    `${round(1000 / xx.medianMs, 1)}/s`,
  ],
  [
    'transport seal+open 1 KiB',
    `${round(t1k.ours)} MB/s`,
    `raw ${round(t1k.raw)} MB/s`,
    `ratio ${round(t1k.ours / t1k.raw, 3)}`,
  ],
  [
    'transport seal+open 64 KiB',
    `${round(t64k.ours)} MB/s`,
    `raw ${round(t64k.raw)} MB/s`,
    `ratio ${round(t64k.ours / t64k.raw, 3)}`,
  ],
]
const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]?.length ?? 0)))
console.log(`@tessera/noise bench — Node ${process.version}, medians of 15 batches`)
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  '))
console.log(
  JSON.stringify({
    ikHandshakesPerSec: round(1000 / ik.medianMs, 1),
    xxHandshakesPerSec: round(1000 / xx.medianMs, 1),
    transport1kMBps: round(t1k.ours),
    transport64kMBps: round(t64k.ours),
    rawChachaMBps: round(t64k.raw),
    rawChacha1kMBps: round(t1k.raw),
    ikBareWorkMs: round(bare.medianMs, 3),
    ikVsBareRatio: round(ik.medianMs / bare.medianMs, 3),
  }),
)
