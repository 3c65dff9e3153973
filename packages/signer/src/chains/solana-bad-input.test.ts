/**
 * Solana bad input, per kind, on the signer's side of the session: every request goes through
 * `parseSolanaParams` (@tessera/protocol) before anything else reads it, so malformed base58, an
 * oversized or truncated transaction, trailing bytes, an unknown message version, an instruction
 * whose program index names no account, and a pubkey that is not a required signer are
 * InvalidParamsRpcError (-32602) and never reach the clear-signing description (the approval
 * screen). A well-formed call to a program the decoders do not know is not an error: it is
 * described, blind, with an `UnknownInstruction` warning. Transactions built with @solana/kit.
 */
import { base58, base64 } from '@scure/base'
import {
  address,
  appendTransactionMessageInstruction,
  compileTransaction,
  createNoopSigner,
  createTransactionMessage,
  getTransactionEncoder,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
} from '@solana/kit'
import { getTransferSolInstruction } from '@solana-program/system'
import { describeRequest } from '@tessera/clear-signing'
import { parseSolanaParams } from '@tessera/protocol'
import { InvalidParamsRpcError } from 'viem'
import { describe, expect, test } from 'vitest'

const CHAIN = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1'
const PAYER = base58.encode(new Uint8Array(32).fill(7))
const BLOCKHASH = base58.encode(new Uint8Array(32).fill(3))

function compile(instruction: Parameters<typeof appendTransactionMessageInstruction>[0]) {
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayer(address(PAYER), m),
    (m) =>
      setTransactionMessageLifetimeUsingBlockhash(
        { blockhash: BLOCKHASH as never, lastValidBlockHeight: 10n },
        m,
      ),
    (m) => appendTransactionMessageInstruction(instruction, m),
  )
  return new Uint8Array(getTransactionEncoder().encode(compileTransaction(message)))
}
const transfer = () =>
  compile(
    getTransferSolInstruction({
      source: createNoopSigner(address(PAYER)),
      destination: address(base58.encode(new Uint8Array(32).fill(9))),
      amount: 5n,
    }),
  )
/** Offset of the first instruction's program index in a one-signer v0 transfer (3 keys). */
const PROGRAM_AT = 1 + 64 + 1 + 3 + 1 + 3 * 32 + 32 + 1

/** What the signer does with a request: read it, then describe it for approval. */
function approve(method: string, params: unknown) {
  const read = parseSolanaParams(method, params)
  const description = describeRequest({
    method,
    chainId: CHAIN,
    params: (params as readonly unknown[])[0],
    locale: 'en',
  })
  return { read, description }
}

describe('refused before approval, with -32602', () => {
  const cases: [string, string, () => unknown, string][] = [
    [
      'malformed base58 message',
      'solana_signMessage',
      () => [{ message: 'not-base58!', pubkey: PAYER }],
      '"message" expected base58 of 1 to 2048 bytes',
    ],
    [
      'malformed base58 pubkey',
      'solana_signTransaction',
      () => [{ transaction: base64.encode(transfer()), pubkey: `${PAYER}0` }],
      '"pubkey" expected the base58 of a 32-byte Ed25519 key',
    ],
    [
      'oversized transaction',
      'solana_signTransaction',
      () => [{ transaction: base64.encode(new Uint8Array(1_300)), pubkey: PAYER }],
      '"transaction" expected base64 of at most 1232 bytes',
    ],
    [
      'truncated transaction',
      'solana_signTransaction',
      () => [{ transaction: base64.encode(transfer().subarray(0, 150)), pubkey: PAYER }],
      'malformed transaction (truncated)',
    ],
    [
      'trailing bytes',
      'solana_signTransaction',
      () => [{ transaction: base64.encode(Uint8Array.of(...transfer(), 0)), pubkey: PAYER }],
      'malformed transaction (trailing bytes)',
    ],
    [
      'unknown message version',
      'solana_signTransaction',
      () => {
        const tx = transfer()
        tx[65] = 0x82
        return [{ transaction: base64.encode(tx), pubkey: PAYER }]
      },
      'malformed transaction (unknown message version)',
    ],
    [
      'an instruction naming no program (index out of range)',
      'solana_signTransaction',
      () => {
        const tx = transfer()
        tx[PROGRAM_AT] = 200
        return [{ transaction: base64.encode(tx), pubkey: PAYER }]
      },
      'malformed transaction (an instruction names no program)',
    ],
    [
      'the fee payer as program',
      'solana_signTransaction',
      () => {
        const tx = transfer()
        tx[PROGRAM_AT] = 0
        return [{ transaction: base64.encode(tx), pubkey: PAYER }]
      },
      'malformed transaction (an instruction names no program)',
    ],
    [
      'a pubkey that is not a required signer (foreign input)',
      'solana_signTransaction',
      () => [
        {
          transaction: base64.encode(transfer()),
          pubkey: base58.encode(new Uint8Array(32).fill(9)),
        },
      ],
      '"pubkey" is not a required signer of the transaction',
    ],
  ]
  test.each(cases)('%s', (_, method, params, reason) => {
    let caught: unknown
    try {
      approve(method, params())
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(InvalidParamsRpcError)
    expect(caught).toMatchObject({ code: -32602, details: `${method}: ${reason}.` })
  })

  test('the well-formed transfer passes and is described as a SOL transfer', () => {
    const { read, description } = approve('solana_signTransaction', [
      { transaction: base64.encode(transfer()), pubkey: PAYER },
    ])
    expect(read).toMatchObject({ signerIndex: 0 })
    expect(description.blind).toBe(false)
    expect(description.intent).toContain('SOL')
  })

  test('a program the decoders do not know: described, blind, with a warning (not refused)', () => {
    const tx = compile({
      programAddress: address(base58.encode(new Uint8Array(32).fill(42))),
      accounts: [],
      data: Uint8Array.of(1, 2, 3),
    })
    const params = [{ transaction: base64.encode(tx), pubkey: PAYER }]
    expect(parseSolanaParams('solana_signTransaction', params)).toMatchObject({ signerIndex: 0 })
    const description = describeRequest({
      method: 'solana_signTransaction',
      chainId: CHAIN,
      params: params[0],
    })
    expect(description.blind).toBe(true)
    expect(description.warnings.map((w) => w.code)).toContain('UnknownInstruction')
  })
})
