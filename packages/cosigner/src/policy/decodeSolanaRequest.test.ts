/**
 * Solana requests decoded from the bytes FROST signs (decodeSolanaRequest.ts): a transaction
 * message yields its programs, System/SPL recipients and the lamports it moves, and must name a
 * `solana:` chain; a text message must be text (a transaction message declared as a message is
 * refused); the policy applies `chains`, `recipients`, `contracts` and `dailyLimits` to
 * transactions and only `methods` to messages; documents naming `ed25519_sign` allow both.
 */
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { base58 } from '@scure/base'
import { describe, expect, test } from 'vitest'
import { PolicyDeniedError } from '../errors.ts'
import { decodeSigningRequest } from './decodeRequest.ts'
import { evaluateStaticRules } from './evaluatePolicy.ts'
import { DEFAULT_POLICY, type Policy, parsePolicy } from './policy.ts'

const DEVNET = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1'
const MAINNET = 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp'
const SYSTEM = new Uint8Array(32)
const TOKEN = base58.decode('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA')
const key = (fill: number) => new Uint8Array(32).fill(fill)
const FROM = key(1)
const TO = key(2)
const DEST_TOKEN_ACCOUNT = key(3)
const MINT = key(4)
const b58 = (k: Uint8Array) => base58.encode(k)

const le = (value: bigint | number, bytes: number): number[] => {
  const out: number[] = []
  let v = BigInt(value)
  for (let i = 0; i < bytes; i++) {
    out.push(Number(v & 0xffn))
    v >>= 8n
  }
  return out
}

type Ix = { program: number; accounts: number[]; data: number[] }

/** A message (legacy, or v0 with one lookup table of `lookup` writable accounts). */
function message(keys: Uint8Array[], instructions: Ix[], v0?: { lookup: number }): Uint8Array {
  const out: number[] = []
  if (v0) out.push(0x80)
  out.push(1, 0, 1, keys.length)
  for (const k of keys) out.push(...k)
  out.push(...key(9))
  out.push(instructions.length)
  for (const ix of instructions)
    out.push(ix.program, ix.accounts.length, ...ix.accounts, ix.data.length, ...ix.data)
  if (v0) {
    out.push(1, ...key(8), v0.lookup, ...Array.from({ length: v0.lookup }, (_, i) => i), 0)
  }
  return Uint8Array.from(out)
}

const systemTransfer = (lamports: bigint, to = 1): Ix => ({
  program: 2,
  accounts: [0, to],
  data: [...le(2, 4), ...le(lamports, 8)],
})

/** FROM pays `lamports` to TO and, with SPL Token, sends a token transfer to DEST. */
const transfer = (lamports: bigint) => message([FROM, TO, SYSTEM], [systemTransfer(lamports)])
const tokenTransfer = () =>
  message(
    [FROM, DEST_TOKEN_ACCOUNT, key(5), MINT, TOKEN],
    [{ program: 4, accounts: [2, 3, 1, 0], data: [12, ...le(1000, 8), 6] }],
  )

const hex = (bytes: Uint8Array) => `0x${bytesToHex(bytes)}`
const asTx = (bytes: Uint8Array, chainId = DEVNET) =>
  decodeSigningRequest({ method: 'solana_signTransaction', chainId, payload: hex(bytes) })
const asMessage = (bytes: Uint8Array) =>
  decodeSigningRequest({ method: 'solana_signMessage', payload: hex(bytes) })

const rule = (policy: Policy, bytes: Uint8Array, chainId = DEVNET): string | undefined => {
  try {
    evaluateStaticRules(parsePolicy(policy), asTx(bytes, chainId), 0)
    return undefined
  } catch (error) {
    if (error instanceof PolicyDeniedError) return error.rule
    throw error
  }
}

describe('Solana transactions', () => {
  test('a System transfer: its recipient, program and lamports, for the audit too', () => {
    expect(asTx(transfer(5_000n))).toMatchObject({
      method: 'solana_signTransaction',
      chainId: DEVNET,
      digest: undefined,
      value: 5_000n,
      recipients: [b58(TO)],
      contracts: [b58(SYSTEM)],
      summary: {
        chainId: DEVNET,
        version: 'legacy',
        feePayer: b58(FROM),
        programs: b58(SYSTEM),
        lamports: '5000',
        recipients: b58(TO),
        transfers: '1',
      },
    })
  })

  test('an SPL TransferChecked: the destination token account, no lamports', () => {
    const decoded = asTx(tokenTransfer())
    expect(decoded.recipients).toEqual([b58(DEST_TOKEN_ACCOUNT)])
    expect(decoded.contracts).toEqual([b58(TOKEN)])
    expect(decoded.value).toBe(0n)
  })

  test('SPL amounts: the Checked forms name their mint, the plain ones do not', () => {
    expect(asTx(tokenTransfer()).tokens).toEqual([
      { call: 'TransferChecked', grant: false, token: b58(MINT), amount: 1000n },
    ])
    const grants = message(
      [FROM, DEST_TOKEN_ACCOUNT, key(5), MINT, TOKEN],
      [
        { program: 4, accounts: [2, 3, 1, 0], data: [13, ...le(7, 8), 6] },
        { program: 4, accounts: [2, 1, 0], data: [4, ...le(8, 8)] },
        { program: 4, accounts: [2, 1, 0], data: [3, ...le(9, 8), 0xff] },
        // Too short to name an amount: fails on chain, so nothing to count.
        { program: 4, accounts: [2, 1, 0], data: [3, 1, 2] },
      ],
    )
    expect(asTx(grants).tokens).toEqual([
      { call: 'ApproveChecked', grant: true, token: b58(MINT), amount: 7n },
      { call: 'Approve', grant: true, token: undefined, amount: 8n },
      { call: 'Transfer', grant: false, token: undefined, amount: 9n },
    ])
    // A mint loaded from an address lookup table cannot be read.
    const v0 = message(
      [FROM, DEST_TOKEN_ACCOUNT, TOKEN],
      [{ program: 2, accounts: [1, 3, 1, 0], data: [12, ...le(5, 8), 6] }],
      { lookup: 1 },
    )
    expect(asTx(v0).tokens).toEqual([
      { call: 'TransferChecked', grant: false, token: undefined, amount: 5n },
    ])
    expect(asTx(transfer(5n)).tokens).toBeUndefined()
  })

  test('SPL instructions that may hand tokens over uncounted are unlisted movements; harmless ones are not', () => {
    const tx = message(
      [FROM, DEST_TOKEN_ACCOUNT, key(5), MINT, TOKEN],
      [
        // SetAuthority (6): a new owner of the token account takes its whole balance.
        { program: 4, accounts: [1, 0], data: [6, 2, 1, ...new Array(32).fill(7)] },
        // CloseAccount (9): a wrapped-SOL account's lamports go to the destination.
        { program: 4, accounts: [1, 2, 0], data: [9] },
        // Token-2022's TransferFeeExtension (26) / TransferCheckedWithFee (1).
        { program: 4, accounts: [1, 3, 2, 0], data: [26, 1, ...le(5, 8), 6, ...le(1, 8)] },
        { program: 4, accounts: [1, 0], data: [] },
        // Burn (8), Revoke (5), SyncNative (17), InitializeAccount3 (18): nothing handed over.
        { program: 4, accounts: [1, 3, 0], data: [8, ...le(4, 8)] },
        { program: 4, accounts: [1, 0], data: [5] },
        { program: 4, accounts: [1], data: [17] },
        { program: 4, accounts: [1, 3], data: [18, ...new Array(32).fill(1)] },
      ],
    )
    expect(asTx(tx).tokens).toEqual([
      { call: 'unlisted', grant: true, token: undefined, amount: 0n, op: 6 },
      { call: 'unlisted', grant: true, token: undefined, amount: 0n, op: 9 },
      { call: 'unlisted', grant: true, token: undefined, amount: 0n, op: 26 },
      { call: 'unlisted', grant: true, token: undefined, amount: 0n, op: undefined },
    ])
  })

  test('a v0 transfer to an account from a lookup table is marked unreadable', () => {
    const v0 = message([FROM, SYSTEM], [{ ...systemTransfer(7n, 2), program: 1 }], { lookup: 1 })
    const decoded = asTx(v0)
    expect(decoded.hiddenRecipients).toBe(1)
    expect(decoded.value).toBe(7n)
    expect(rule({ methods: ['solana_signTransaction'] }, v0)).toBeUndefined()
    expect(rule({ methods: ['solana_signTransaction'], recipients: { deny: [b58(TO)] } }, v0)).toBe(
      'recipients',
    )
  })

  test('bytes that are not a transaction message, or no solana chain, are refused', () => {
    expect(() => asTx(utf8ToBytes('hello'))).toThrow(
      'signing request rejected: solana_signTransaction payload is not a Solana transaction message',
    )
    expect(() => asTx(Uint8Array.of(...transfer(1n), 0))).toThrow(
      'is not a Solana transaction message',
    )
    expect(() =>
      decodeSigningRequest({ method: 'solana_signTransaction', payload: hex(transfer(1n)) }),
    ).toThrow(
      'signing request rejected: solana_signTransaction must name its solana:<genesis hash> chain',
    )
    expect(() => asTx(transfer(1n), 'eip155:1')).toThrow(
      'must name its solana:<genesis hash> chain',
    )
    expect(() =>
      decodeSigningRequest({ method: 'solana_signTransaction', chainId: DEVNET, payload: 'zz' }),
    ).toThrow('solana_signTransaction payload must be the signed bytes as hex')
  })

  test('chains, recipients, contracts: allow and deny as for EVM', () => {
    const methods = ['solana_signTransaction'] as Policy['methods']
    const tx = transfer(1n)
    expect(rule({ methods, chains: [DEVNET] }, tx)).toBeUndefined()
    expect(rule({ methods, chains: [DEVNET] }, tx, MAINNET)).toBe('chains')
    expect(rule({ methods, recipients: { deny: [b58(TO)] } }, tx)).toBe('recipients.deny')
    expect(rule({ methods, recipients: { allow: [b58(key(7))] } }, tx)).toBe('recipients.allow')
    expect(rule({ methods, recipients: { allow: [b58(TO)] } }, tx)).toBeUndefined()
    expect(rule({ methods, contracts: { deny: [b58(SYSTEM)] } }, tx)).toBe('contracts.deny')
    expect(rule({ methods, contracts: { allow: [b58(SYSTEM)] } }, tokenTransfer())).toBe(
      'contracts.allow',
    )
    expect(
      rule({ methods, recipients: { deny: [b58(DEST_TOKEN_ACCOUNT)] } }, tokenTransfer()),
    ).toBe('recipients.deny')
    expect(rule({ methods: ['solana_signMessage'] }, tx)).toBe('methods')
    // The older name of both Solana methods still allows them.
    expect(rule({ methods: ['ed25519_sign'] }, tx)).toBeUndefined()
  })

  test('a policy document takes solana chains and base58 addresses, and refuses bad ones', () => {
    expect(
      parsePolicy({
        methods: ['solana_signTransaction'],
        chains: [DEVNET],
        dailyLimits: { [DEVNET]: '1000000000' },
        recipients: { deny: [b58(TO)] },
      }),
    ).toEqual({
      methods: ['solana_signTransaction'],
      chains: [DEVNET],
      dailyLimits: { [DEVNET]: '1000000000' },
      recipients: { deny: [b58(TO)] },
    })
    expect(() => parsePolicy({ methods: [], recipients: { deny: ['1111'] } })).toThrow(
      'policy field "recipients.deny[0]" is not an address (0x hex, or a Solana base58 key)',
    )
    expect(() => parsePolicy({ methods: [], chains: ['solana:short'] })).toThrow(
      'policy field "chains[0]" is not an eip155, cfx or solana chain id',
    )
  })
})

describe('Solana messages', () => {
  test('text is signed as a message: methods apply, chains and lists do not', () => {
    const decoded = asMessage(utf8ToBytes('Sign in to Demo\nnonce: 1'))
    expect(decoded).toMatchObject({
      method: 'solana_signMessage',
      value: 0n,
      recipients: [],
      contracts: [],
      summary: { bytes: '24', characters: '24' },
    })
    const strict = parsePolicy({
      methods: ['solana_signMessage'],
      chains: [MAINNET],
      recipients: { allow: [b58(TO)] },
    })
    expect(() => evaluateStaticRules(strict, decoded, 0)).not.toThrow()
    expect(() =>
      evaluateStaticRules(parsePolicy({ methods: ['solana_signTransaction'] }), decoded, 0),
    ).toThrow(PolicyDeniedError)
    expect(() => evaluateStaticRules(DEFAULT_POLICY, decoded, 0)).not.toThrow()
  })

  test('a transaction message declared as a message is refused, so is non-text', () => {
    expect(() => asMessage(transfer(1n))).toThrow(
      'signing request rejected: solana_signMessage payload has control characters (only text messages are signed)',
    )
    expect(() => asMessage(Uint8Array.of(0x80, 0x41))).toThrow(
      'signing request rejected: solana_signMessage payload is not UTF-8 text (a transaction is signed as a transaction)',
    )
    expect(() => asMessage(new Uint8Array(0))).toThrow(
      'solana_signMessage payload must be the signed bytes as hex (1 byte to 64 KiB)',
    )
  })
})
