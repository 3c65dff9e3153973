/**
 * RFC 9591 Appendix E conformance: the Ed25519 vector runs through our wrapper (frostCommit,
 * frostSignShare, frostAggregate) with nonces injected from the vector's randomness; the secp256k1
 * vector runs through noble's secp256k1_FROST. Vectors come from TESSERA_FROST_VECTORS_DIR, else
 * TESSERA_VECTORS_DIR/frost, else ../shared/vectors/frost relative to the repository root.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { secp256k1_FROST } from '@noble/curves/secp256k1.js'
import { hexToBytes } from '@noble/hashes/utils.js'
import { afterAll, expect, test } from 'vitest'
import type { KeyShare } from '../dkg/keyShare.ts'
import { encodePoint, mulBase } from '../encoding/points.ts'
import { decodeScalar } from '../encoding/scalars.ts'
import { frostAggregate, frostCommit, frostSignShare } from './frostSign.ts'
import { memoryNonceStore } from './nonceStore.ts'

type Vector = {
  config: { MAX_PARTICIPANTS: string; MIN_PARTICIPANTS: string; name: string }
  inputs: {
    participant_list: number[]
    group_public_key: string
    message: string
    participant_shares: { identifier: number; participant_share: string }[]
  }
  round_one_outputs: {
    outputs: {
      identifier: number
      hiding_nonce_randomness: string
      binding_nonce_randomness: string
      hiding_nonce_commitment: string
      binding_nonce_commitment: string
    }[]
  }
  round_two_outputs: { outputs: { identifier: number; sig_share: string }[] }
  final_output: { sig: string }
}

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..')
const dir =
  process.env.TESSERA_FROST_VECTORS_DIR ??
  (process.env.TESSERA_VECTORS_DIR === undefined
    ? resolve(repoRoot, '../shared/vectors/frost')
    : join(process.env.TESSERA_VECTORS_DIR, 'frost'))

function load(name: string): Vector {
  const path = join(dir, name)
  if (!existsSync(path)) {
    throw new Error(
      `RFC 9591 vector ${path} not found: set TESSERA_FROST_VECTORS_DIR (or TESSERA_VECTORS_DIR) to the vectors directory`,
    )
  }
  return JSON.parse(readFileSync(path, 'utf8')) as Vector
}

let passed = 0
afterAll(() => {
  console.log(`RFC 9591 FROST vectors passed: ${passed} of 2 (from ${dir})`)
})

/** Returns the vector's 32-byte randomness values in order, as commit() asks for them. */
function scriptedRng(values: string[]) {
  const queue = values.map((h) => hexToBytes(h))
  return (length = 32) => {
    const next = queue.shift()
    if (next === undefined || next.length !== length) throw new Error('scripted RNG exhausted')
    return Uint8Array.from(next)
  }
}

test('RFC 9591 E.1 FROST(Ed25519, SHA-512) through the Tessera wrapper', async () => {
  const v = load('rfc9591-ed25519-sha512.json')
  const t = Number(v.config.MIN_PARTICIPANTS)
  const n = Number(v.config.MAX_PARTICIPANTS)
  const xs = v.inputs.participant_shares.map((p) => hexToBytes(p.participant_share))
  const publicShares = xs.map((x) =>
    encodePoint('ed25519', mulBase('ed25519', decodeScalar('ed25519', x, 'x'))),
  )
  const shareOf = (index: number): KeyShare => ({
    v: 1,
    curve: 'ed25519',
    keyId: 'rfc9591',
    epoch: 0,
    index,
    t,
    n,
    secretShare: xs[index - 1] as Uint8Array,
    publicKey: hexToBytes(v.inputs.group_public_key),
    publicShares,
    chainCode: new Uint8Array(32),
    zeroSeeds: {},
  })
  const message = hexToBytes(v.inputs.message)
  const store = memoryNonceStore()
  const commitments = []
  for (const r1 of v.round_one_outputs.outputs) {
    const c = await frostCommit(shareOf(r1.identifier), {
      sessionId: `s${r1.identifier}`,
      store,
      rng: scriptedRng([r1.hiding_nonce_randomness, r1.binding_nonce_randomness]),
    })
    expect(c.hiding).toEqual(hexToBytes(r1.hiding_nonce_commitment))
    expect(c.binding).toEqual(hexToBytes(r1.binding_nonce_commitment))
    commitments.push(c)
  }
  const shares = []
  for (const r2 of v.round_two_outputs.outputs) {
    const s = await frostSignShare(shareOf(r2.identifier), {
      sessionId: `s${r2.identifier}`,
      store,
      commitments,
      message,
    })
    expect(s.share).toEqual(hexToBytes(r2.sig_share))
    shares.push(s)
  }
  const sig = frostAggregate(shareOf(1), { commitments, message }, shares)
  expect(sig).toEqual(hexToBytes(v.final_output.sig))
  passed++
})

test('RFC 9591 E.5 FROST(secp256k1, SHA-256) through noble secp256k1_FROST', () => {
  const v = load('rfc9591-secp256k1-sha256.json')
  const frost = secp256k1_FROST
  const signers = { min: Number(v.config.MIN_PARTICIPANTS), max: Number(v.config.MAX_PARTICIPANTS) }
  const id = (i: number) => frost.Identifier.fromNumber(i)
  const verifyingShares: Record<string, Uint8Array> = {}
  for (const p of v.inputs.participant_shares) {
    verifyingShares[id(p.identifier)] = encodePoint(
      'secp256k1',
      mulBase('secp256k1', decodeScalar('secp256k1', hexToBytes(p.participant_share), 'x')),
    )
  }
  const pub = { signers, commitments: [hexToBytes(v.inputs.group_public_key)], verifyingShares }
  const secretOf = (i: number) => ({
    identifier: id(i),
    signingShare: hexToBytes(
      v.inputs.participant_shares.find((p) => p.identifier === i)?.participant_share ?? '',
    ),
  })
  const message = hexToBytes(v.inputs.message)
  const generated = v.round_one_outputs.outputs.map((r1) => {
    const g = frost.commit(
      secretOf(r1.identifier),
      scriptedRng([r1.hiding_nonce_randomness, r1.binding_nonce_randomness]),
    )
    expect(g.commitments.hiding).toEqual(hexToBytes(r1.hiding_nonce_commitment))
    expect(g.commitments.binding).toEqual(hexToBytes(r1.binding_nonce_commitment))
    return { index: r1.identifier, ...g }
  })
  const list = generated.map((g) => g.commitments)
  const sigShares: Record<string, Uint8Array> = {}
  for (const g of generated) {
    const z = frost.signShare(secretOf(g.index), pub, g.nonces, list, message)
    expect(z).toEqual(
      hexToBytes(
        v.round_two_outputs.outputs.find((o) => o.identifier === g.index)?.sig_share ?? '',
      ),
    )
    sigShares[id(g.index)] = z
  }
  expect(frost.aggregate(pub, list, message, sigShares)).toEqual(hexToBytes(v.final_output.sig))
  passed++
})
