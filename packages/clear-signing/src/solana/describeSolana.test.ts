/**
 * Golden tests of Solana: transactions built and serialized with @solana/kit and the
 * @solana-program clients (SPL transferChecked with a priority fee, a SOL transfer, an unlimited
 * SPL approve, an instruction of an unknown program), in base64 and base58; signMessage text and
 * bytes; malformed wire bytes refused with ClearSigningError.
 */

import { base58, base64 } from '@scure/base'
import {
  type Address,
  address,
  appendTransactionMessageInstructions,
  compileTransaction,
  compressTransactionMessageUsingAddressLookupTables,
  createNoopSigner,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  type Instruction,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
} from '@solana/kit'
import { getTransferSolInstruction, SYSTEM_PROGRAM_ADDRESS } from '@solana-program/system'
import {
  ASSOCIATED_TOKEN_PROGRAM_ADDRESS,
  findAssociatedTokenPda,
  getApproveInstruction,
  getTransferCheckedInstruction,
  TOKEN_PROGRAM_ADDRESS,
} from '@solana-program/token'
import { describe, expect, test } from 'vitest'
import { describeRequest } from '../describeRequest.ts'
import { ATA_PROGRAM, SYSTEM_PROGRAM, TOKEN_PROGRAM } from './programs.ts'

const MAINNET = 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp'
const USDC = address('EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v')
const fixed = (byte: number) => address(base58.encode(new Uint8Array(32).fill(byte)))
const ALICE = fixed(7)
const BOB = fixed(9)
const BLOCKHASH = base58.encode(new Uint8Array(32).fill(3))
const alice = createNoopSigner(ALICE)

function wire(instructions: readonly Instruction[]): string {
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(alice, m),
    (m) =>
      setTransactionMessageLifetimeUsingBlockhash(
        { blockhash: BLOCKHASH as never, lastValidBlockHeight: 1n },
        m,
      ),
    (m) => appendTransactionMessageInstructions(instructions, m),
  )
  return getBase64EncodedWireTransaction(compileTransaction(message))
}

const computeBudget = (data: number[]): Instruction => ({
  programAddress: address('ComputeBudget111111111111111111111111111111'),
  data: Uint8Array.from(data),
})

const sign = (transaction: string, locale: 'en' | 'zh-CN' = 'en') =>
  describeRequest({
    method: 'solana_signTransaction',
    params: { transaction },
    chainId: MAINNET,
    locale,
  })

const ata = async (owner: Address) =>
  (await findAssociatedTokenPda({ owner, mint: USDC, tokenProgram: TOKEN_PROGRAM_ADDRESS }))[0]

test('the program ids are the ones @solana-program uses', () => {
  expect([SYSTEM_PROGRAM, TOKEN_PROGRAM, ATA_PROGRAM]).toEqual([
    SYSTEM_PROGRAM_ADDRESS,
    TOKEN_PROGRAM_ADDRESS,
    ASSOCIATED_TOKEN_PROGRAM_ADDRESS,
  ])
})

describe('solana_signTransaction', () => {
  test('SPL transferChecked of 12.5 USDC with a priority fee', async () => {
    const [from, to] = [await ata(ALICE), await ata(BOB)]
    const transaction = wire([
      computeBudget([2, 0x40, 0x0d, 0x03, 0x00]), // SetComputeUnitLimit(200_000)
      computeBudget([3, 0x10, 0x27, 0, 0, 0, 0, 0, 0]), // SetComputeUnitPrice(10_000 µlamports)
      getTransferCheckedInstruction({
        source: from,
        mint: USDC,
        destination: to,
        authority: alice,
        amount: 12_500_000n,
        decimals: 6,
      }),
    ])
    const description = sign(transaction)
    expect(description.kind).toBe('solana.spl.transfer')
    expect(description.intent).toBe(`Send 12.5 USDC to ${to.slice(0, 4)}…${to.slice(-4)}`)
    expect(description.blind).toBe(false)
    expect(description.warnings).toEqual([])
    expect(description.fields.slice(0, 8)).toEqual([
      { label: 'To (token account)', value: { kind: 'address', address: to, chainId: MAINNET } },
      {
        label: 'Amount',
        value: {
          kind: 'amount',
          raw: '12500000',
          decimals: 6,
          symbol: 'USDC',
          formatted: '12.5 USDC',
        },
      },
      {
        label: 'Mint',
        value: { kind: 'address', address: USDC, name: 'USD Coin', chainId: MAINNET },
      },
      {
        label: 'From (token account)',
        value: { kind: 'address', address: from, chainId: MAINNET },
      },
      { label: 'Owner', value: { kind: 'address', address: ALICE, chainId: MAINNET } },
      { label: 'Chain', value: { kind: 'text', text: `Solana (${MAINNET})` } },
      { label: 'Fee payer', value: { kind: 'address', address: ALICE, chainId: MAINNET } },
      // 5000 lamports base + ceil(200_000 × 10_000 / 1e6) = 2000 lamports priority.
      {
        label: 'Fee',
        value: {
          kind: 'amount',
          raw: '7000',
          decimals: 9,
          symbol: 'SOL',
          formatted: '0.000007 SOL',
        },
      },
    ])
    expect(description.fields[8]).toEqual({
      label: 'Programs',
      value: {
        kind: 'tree',
        fields: [
          {
            label: '1',
            value: {
              kind: 'address',
              address: 'ComputeBudget111111111111111111111111111111',
              name: 'Compute Budget Program',
              chainId: MAINNET,
            },
          },
          {
            label: '2',
            value: {
              kind: 'address',
              address: TOKEN_PROGRAM,
              name: 'Token Program',
              chainId: MAINNET,
            },
          },
        ],
      },
    })
    // The same bytes in base58 describe the same.
    expect(sign(base58.encode(base64.decode(transaction)))).toEqual(description)
  })

  test('a SOL transfer, in zh-CN', () => {
    const description = sign(
      wire([
        getTransferSolInstruction({ source: alice, destination: BOB, amount: 1_500_000_000n }),
      ]),
      'zh-CN',
    )
    expect(description.kind).toBe('solana.transfer')
    expect(description.intent).toBe(`向 ${BOB.slice(0, 4)}…${BOB.slice(-4)} 发送 1.5 SOL`)
    expect(description.fields[2]).toEqual({
      label: '数量',
      value: {
        kind: 'amount',
        raw: '1500000000',
        decimals: 9,
        symbol: 'SOL',
        formatted: '1.5 SOL',
      },
    })
  })

  test('a v0 transfer whose recipient comes from an address lookup table says so', () => {
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(alice, m),
      (m) =>
        setTransactionMessageLifetimeUsingBlockhash(
          { blockhash: BLOCKHASH as never, lastValidBlockHeight: 1n },
          m,
        ),
      (m) =>
        appendTransactionMessageInstructions(
          [getTransferSolInstruction({ source: alice, destination: BOB, amount: 2_000_000_000n })],
          m,
        ),
      (m) => compressTransactionMessageUsingAddressLookupTables(m, { [fixed(5)]: [BOB] }),
    )
    const description = sign(getBase64EncodedWireTransaction(compileTransaction(message)))
    expect(description.kind).toBe('solana.transfer')
    expect(description.intent).toBe('Send 2 SOL to an account from a lookup table')
    expect(description.fields[1]).toEqual({
      label: 'To',
      value: { kind: 'text', text: 'an account from a lookup table' },
    })
  })

  test('an unlimited SPL approve (no mint in the instruction) is danger', async () => {
    const description = sign(
      wire([
        getApproveInstruction({
          source: await ata(ALICE),
          delegate: BOB,
          owner: alice,
          amount: 2n ** 64n - 1n,
        }),
      ]),
    )
    expect(description.kind).toBe('solana.spl.approve')
    expect(description.warnings).toEqual([
      {
        code: 'UnlimitedAllowance',
        severity: 'danger',
        message: `${BOB.slice(0, 4)}…${BOB.slice(-4)} may spend all your tokens in this account, now and later, until you revoke it.`,
      },
      {
        code: 'NoMint',
        severity: 'caution',
        message:
          'The token is not named in this instruction: the amount is shown in its smallest unit.',
      },
    ])
  })

  test('an instruction of an unknown program is flagged and the transaction is blind', () => {
    const program = address('JUP6LkbZbjS1jKKwapdHNy74zcZ3tLUZoi5QNyVTaV4')
    const description = sign(
      wire([
        getTransferSolInstruction({ source: alice, destination: BOB, amount: 1n }),
        { programAddress: program, accounts: [], data: Uint8Array.of(0xe5, 0x17, 0xcb, 0x97) },
      ]),
    )
    expect(description.kind).toBe('solana.transaction')
    expect(description.intent).toBe(
      'Sign a Solana transaction with 2 instructions (System Program, JUP6…TaV4)',
    )
    expect(description.blind).toBe(true)
    expect(description.warnings).toEqual([
      {
        code: 'UnknownInstruction',
        severity: 'caution',
        message: 'An instruction for JUP6…TaV4 cannot be decoded: you cannot see what it does.',
      },
    ])
  })

  test('malformed bytes and other chains are refused with ClearSigningError', () => {
    const good = base64.decode(
      wire([getTransferSolInstruction({ source: alice, destination: BOB, amount: 1n })]),
    )
    for (const bytes of [
      good.subarray(0, good.length - 1),
      Uint8Array.of(...good, 0),
      Uint8Array.of(0),
    ]) {
      expect(() => sign(base64.encode(bytes))).toThrow(
        expect.objectContaining({ name: 'ClearSigningError', code: 'MalformedPayload' }),
      )
    }
    expect(() => sign('not base anything!')).toThrow(
      expect.objectContaining({ code: 'InvalidParams' }),
    )
    expect(() =>
      describeRequest({
        method: 'solana_signTransaction',
        params: { transaction: base64.encode(good) },
        chainId: 'eip155:1',
      }),
    ).toThrow(expect.objectContaining({ code: 'UnsupportedChain' }))
  })
})

describe('solana_signMessage', () => {
  test('text is text; bytes are hex with a warning', () => {
    const text = describeRequest({
      method: 'solana_signMessage',
      params: {
        message: base58.encode(new TextEncoder().encode('Sign in to Example')),
        pubkey: ALICE,
      },
      chainId: MAINNET,
    })
    expect(text).toEqual({
      kind: 'solana.message.text',
      intent: 'Sign a message',
      chainId: MAINNET,
      fields: [
        { label: 'Message', value: { kind: 'text', text: 'Sign in to Example' } },
        { label: 'Account', value: { kind: 'address', address: ALICE, chainId: MAINNET } },
      ],
      warnings: [],
      blind: false,
    })
    const bytes = describeRequest({
      method: 'solana_signMessage',
      params: { message: base58.encode(Uint8Array.of(0xff, 0, 1)), pubkey: ALICE },
      chainId: MAINNET,
    })
    expect(bytes.blind).toBe(true)
    expect(bytes.warnings.map((w) => w.code)).toEqual(['BinaryMessage'])
  })

  test('a transaction message passed off as a message is danger', () => {
    const tx = base64.decode(
      wire([getTransferSolInstruction({ source: alice, destination: BOB, amount: 1n })]),
    )
    const message = tx.subarray(65) // drop the signature count and the one empty signature
    const description = describeRequest({
      method: 'solana_signMessage',
      params: { message: base58.encode(message) },
      chainId: MAINNET,
    })
    expect(description.warnings[0]).toMatchObject({
      code: 'TransactionAsMessage',
      severity: 'danger',
    })
  })
})
