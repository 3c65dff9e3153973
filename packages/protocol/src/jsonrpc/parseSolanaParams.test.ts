/**
 * `parseSolanaParams`: a system transfer built byte by byte (legacy and v0) reads back with its
 * message and signer slot; properties: no input throws anything but InvalidParamsRpcError; then
 * each refusal with its exact message.
 */
import { base58, base64 } from '@scure/base'
import fc from 'fast-check'
import { InvalidParamsRpcError } from 'viem'
import { describe, expect, test } from 'vitest'
import { parseSolanaParams } from './parseSolanaParams.ts'

const key = (byte: number) => new Uint8Array(32).fill(byte)
const PAYER = key(7)
const SYSTEM = new Uint8Array(32)
const TO = key(9)

/** Legacy (or v0) transfer: [payer (signer, writable), to (writable), system program]. */
function transfer(version: 'legacy' | 0 = 'legacy', extra: number[] = []): Uint8Array {
  const data = [2, 0, 0, 0, ...new Array(8).fill(0).map((_, i) => (i === 0 ? 100 : 0))]
  const message = [
    ...(version === 0 ? [0x80] : []),
    1,
    0,
    1,
    3,
    ...PAYER,
    ...TO,
    ...SYSTEM,
    ...key(3),
    1,
    2,
    2,
    0,
    1,
    data.length,
    ...data,
    ...(version === 0 ? [0] : []),
    ...extra,
  ]
  return Uint8Array.from([1, ...new Array(64).fill(0), ...message])
}
const tx = (bytes: Uint8Array, pubkey = base58.encode(PAYER)) => [
  { transaction: base64.encode(bytes), pubkey },
]

describe('known answers', () => {
  test('a legacy transfer: message bytes after the signature slots, signer 0', () => {
    const bytes = transfer()
    const parsed = parseSolanaParams('solana_signTransaction', tx(bytes))
    expect(parsed).toMatchObject({ method: 'solana_signTransaction', signerIndex: 0 })
    if (parsed.method !== 'solana_signTransaction') throw new Error('unreachable')
    expect(parsed.message).toEqual(bytes.subarray(65))
    expect(parsed.publicKey).toEqual(PAYER)
  })

  test('a v0 transfer reads too', () => {
    expect(parseSolanaParams('solana_signTransaction', tx(transfer(0)))).toMatchObject({
      signerIndex: 0,
    })
  })

  test('a message', () => {
    const message = new TextEncoder().encode('Sign in to Example')
    expect(
      parseSolanaParams('solana_signMessage', [
        { message: base58.encode(message), pubkey: base58.encode(PAYER) },
      ]),
    ).toEqual({
      method: 'solana_signMessage',
      pubkey: base58.encode(PAYER),
      publicKey: PAYER,
      message,
    })
  })
})

describe('properties', () => {
  test('any params: parsed, or InvalidParamsRpcError (nothing else is thrown)', () => {
    const good = transfer()
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.uint8Array({ maxLength: 1300 }).map((b) => tx(b)),
          // Mutations of a good transaction: one byte changed or the tail cut.
          fc
            .tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 }), fc.boolean())
            .map(([at, value, cut]) => {
              const bytes = cut ? good.slice(0, at) : good.slice()
              if (!cut) bytes[at] = value
              return tx(bytes)
            }),
        ),
        fc.constantFrom('solana_signMessage', 'solana_signTransaction'),
        (params, method) => {
          try {
            parseSolanaParams(method, params)
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidParamsRpcError)
          }
        },
      ),
      { numRuns: 1_000 },
    )
  })
})

describe('refusals', () => {
  const refused = (method: string, params: unknown, details: string) => {
    let caught: unknown
    try {
      parseSolanaParams(method, params)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(InvalidParamsRpcError)
    expect(caught).toMatchObject({ code: -32602, details })
  }

  test('shape', () => {
    refused('solana_signIn', [], 'solana: not a Solana session method.')
    refused(
      'solana_signMessage',
      {},
      'solana_signMessage: expected params as an array of 1 object.',
    )
    refused(
      'solana_signMessage',
      [{ message: '2', pubkey: base58.encode(PAYER), extra: 1 }],
      'solana_signMessage: expected exactly { message, pubkey }.',
    )
  })

  test('malformed base58: bad alphabet, non-canonical, wrong key length', () => {
    const pubkey = base58.encode(PAYER)
    refused(
      'solana_signMessage',
      [{ message: 'abc0', pubkey }],
      'solana_signMessage: "message" expected base58 of 1 to 2048 bytes.',
    )
    refused(
      'solana_signMessage',
      [{ message: 'abc', pubkey: `${pubkey}l` }],
      'solana_signMessage: "pubkey" expected the base58 of a 32-byte Ed25519 key.',
    )
    refused(
      'solana_signMessage',
      [{ message: 'abc', pubkey: base58.encode(key(1).subarray(0, 31)) }],
      'solana_signMessage: "pubkey" expected the base58 of a 32-byte Ed25519 key.',
    )
    refused(
      'solana_signMessage',
      [{ message: '2'.repeat(2_800), pubkey }],
      'solana_signMessage: "message" expected base58 of 1 to 2048 bytes.',
    )
  })

  test('oversized and non-canonical transactions', () => {
    const big = new Uint8Array(1233)
    refused(
      'solana_signTransaction',
      tx(big),
      'solana_signTransaction: "transaction" expected base64 of at most 1232 bytes.',
    )
    refused(
      'solana_signTransaction',
      [{ transaction: `${base64.encode(transfer())}\n`, pubkey: base58.encode(PAYER) }],
      'solana_signTransaction: "transaction" expected canonical padded base64.',
    )
  })

  test('structure: trailing bytes, unknown version, program out of range, foreign signer', () => {
    refused(
      'solana_signTransaction',
      tx(transfer('legacy', [0])),
      'solana_signTransaction: malformed transaction (trailing bytes).',
    )
    const v1 = transfer(0)
    v1[65] = 0x81
    refused(
      'solana_signTransaction',
      tx(v1),
      'solana_signTransaction: malformed transaction (unknown message version).',
    )
    const noProgram = transfer()
    // The instruction's program index (after header, 3 keys, blockhash and the count) → 9.
    noProgram[65 + 3 + 1 + 96 + 32 + 1] = 9
    refused(
      'solana_signTransaction',
      tx(noProgram),
      'solana_signTransaction: malformed transaction (an instruction names no program).',
    )
    refused(
      'solana_signTransaction',
      tx(transfer(), base58.encode(TO)),
      'solana_signTransaction: "pubkey" is not a required signer of the transaction.',
    )
  })
})
