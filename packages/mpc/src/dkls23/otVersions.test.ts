/**
 * DKLs23 signing under both OT parameter sets (docs/THRESHOLD.md#security-parameters): stored v1
 * pair states keep signing with their own parameters, v2 states (new setups) sign in under
 * 100,000 bytes, and two parties whose states differ in version fail with a clear Malformed
 * naming both versions, before any size or consistency check.
 */

import { secp256k1 } from '@noble/curves/secp256k1.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { expectMpcError } from '../ot/testing/expectMpcError.ts'
import { payloadBytes, type Round1Payload, type SignMessage } from './messages.ts'
import { dealKey, dealPairs, presign, sign } from './testing/harness.ts'

const { shares, privateKey } = dealKey(2, 3)
const publicKey = secp256k1.getPublicKey(privateKey, true)

async function signWith(
  pairs: ReturnType<typeof dealPairs>,
  tamper?: Parameters<typeof sign>[0]['tamper'],
) {
  const transcript: SignMessage[] = []
  const messageHash = randomBytes(32)
  const sigs = await sign({
    shares,
    signers: [1, 2],
    pairs,
    messageHash,
    transcript,
    ...(tamper === undefined ? {} : { tamper }),
  })
  const sig = sigs.get(1)
  expect(sig).toBeDefined()
  expect(
    secp256k1.verify((sig as { compact: Uint8Array }).compact, messageHash, publicKey, {
      prehash: false,
    }),
  ).toBe(true)
  return transcript.reduce((n, m) => n + payloadBytes(m.payload), 0)
}

describe('OT parameter sets in signing', () => {
  test('v1 pair states (stored before k = 2) keep signing under k = 1, λ_s = 128: 140,136 bytes', async () => {
    expect(await signWith(dealPairs(3, 0, 1))).toBe(140_136)
  })

  test('v2 pair states sign under k = 2, λ_s = 80 in 98,152 bytes', async () => {
    expect(await signWith(dealPairs(3, 0, 2))).toBe(98_152)
  })

  test('a round-1 message without otVersion (a peer predating the tag) is read as v1', async () => {
    const strip = (round: number, messages: SignMessage[]) =>
      round !== 1
        ? messages
        : messages.map((m) => {
            const { otVersion: _, ...rest } = m.payload as Round1Payload
            return { ...m, payload: rest } as SignMessage
          })
    expect(await signWith(dealPairs(3, 0, 1), strip)).toBe(140_136)
    expectMpcError(
      () =>
        presign({
          shares,
          signers: [1, 2],
          pairs: dealPairs(3, 0, 2),
          messageHash: randomBytes(32),
          tamper: strip,
        }),
      {
        code: 'Malformed',
        culprit: 2,
        message:
          'dkls23: party 2 signs with OT parameter set v1, our pair state toward it is v2: the pair must run its OT setup again',
      },
    )
  })

  test('a v1 state on one side and a v2 state on the other → Malformed naming both versions', () => {
    const one = dealPairs(3, 0, 1)
    const two = dealPairs(3, 0, 2)
    const mixed = { 1: { 2: one[1]?.[2] }, 2: { 1: two[2]?.[1] } } as ReturnType<typeof dealPairs>
    expectMpcError(
      () => presign({ shares, signers: [1, 2], pairs: mixed, messageHash: randomBytes(32) }),
      {
        code: 'Malformed',
        culprit: 2,
        message:
          'dkls23: party 2 signs with OT parameter set v2, our pair state toward it is v1: the pair must run its OT setup again',
      },
    )
    const reversed = { 1: { 2: two[1]?.[2] }, 2: { 1: one[2]?.[1] } } as ReturnType<
      typeof dealPairs
    >
    expectMpcError(
      () => presign({ shares, signers: [1, 2], pairs: reversed, messageHash: randomBytes(32) }),
      {
        code: 'Malformed',
        culprit: 2,
        message:
          'dkls23: party 2 signs with OT parameter set v1, our pair state toward it is v2: the pair must run its OT setup again',
      },
    )
  })

  test('an unknown otVersion is Malformed, not a size error', () => {
    const bump = (round: number, messages: SignMessage[]) =>
      round !== 1
        ? messages
        : messages.map(
            (m) =>
              ({
                ...m,
                payload: { ...(m.payload as Round1Payload), otVersion: 3 },
              }) as unknown as SignMessage,
          )
    expectMpcError(
      () =>
        presign({
          shares,
          signers: [1, 2],
          pairs: dealPairs(3),
          messageHash: randomBytes(32),
          tamper: bump,
        }),
      {
        code: 'Malformed',
        culprit: 2,
        message:
          'dkls23: party 2 signs with OT parameter set v3, our pair state toward it is v2: the pair must run its OT setup again',
      },
    )
  })

  test('v1 states keep their checks: a tampered OTE message or ã is a Ban of the pair', () => {
    const flipIn = (round: 1 | 2, field: 'u' | 'aTilde') => (r: number, messages: SignMessage[]) =>
      r !== round
        ? messages
        : messages.map((m) => {
            if (m.from !== 2) return m
            const p = m.payload as unknown as Record<string, Record<string, Uint8Array>>
            const key = round === 1 ? 'ote' : 'vole'
            const inner = { ...p[key] }
            const bytes = (inner[field] as Uint8Array).slice()
            bytes[100] = (bytes[100] as number) ^ 1
            inner[field] = bytes
            return { ...m, payload: { ...p, [key]: inner } } as unknown as SignMessage
          })
    for (const [round, field, message] of [
      [1, 'u', 'OT extension: consistency check failed for the receiver 2'],
      [2, 'aTilde', 'vOLE: consistency check failed for the sender 2'],
    ] as const) {
      const pairs = dealPairs(3, 0, 1)
      expectMpcError(
        () =>
          presign({
            shares,
            signers: [1, 2],
            pairs,
            messageHash: randomBytes(32),
            tamper: flipIn(round, field),
          }),
        { code: 'Ban', culprit: 2, pair: [1, 2], message },
      )
      expect(pairs[1]?.[2]?.banned).toBe(true)
    }
  })
})
