/**
 * The `tokenLimits` contract on every engine (docs/COSIGNER.md#token-limits): ERC-20 transfers,
 * transferFrom, approvals and signed Permits, and SPL TransferChecked are counted per identity,
 * per token, per UTC day through `authorizeSigning`, also from two handles at once; a denial
 * names token, amount, limit and what was used, and spends nothing.
 */
import { randomBytes } from 'node:crypto'
import { base58 } from '@scure/base'
import {
  encodeFunctionData,
  erc20Abi,
  getAddress,
  maxUint256,
  parseAbi,
  serializeTransaction,
} from 'viem'
import { beforeAll, describe, expect, test } from 'vitest'
import { listAudit } from '../audit/auditLog.ts'
import type { TestEngine, TestStore } from '../test/engines.ts'
import { authorizeSigning } from './authorizeSigning.ts'
import type { Policy } from './policy.ts'
import { putPolicy } from './policyStore.ts'

const TOKEN = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48'
const OTHER_TOKEN = '0xdAC17F958D2ee523a2206206994597C13D831ec7'
const TO = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const SIGNER = getAddress('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc')
const SOMEONE = getAddress('0x90f79bf6eb2c4f870365e785982e1f101e93b906')
const DAY = 86_400_000

const abi = [
  ...erc20Abi,
  ...parseAbi(['function increaseAllowance(address spender, uint256 addedValue) returns (bool)']),
]
type Call =
  | ['transfer', bigint]
  | ['approve', bigint]
  | ['increaseAllowance', bigint]
  | ['transferFrom', `0x${string}`, bigint]

const callData = (call: Call) =>
  call[0] === 'transferFrom'
    ? encodeFunctionData({ abi, functionName: 'transferFrom', args: [call[1], TO, call[2]] })
    : encodeFunctionData({ abi, functionName: call[0], args: [TO, call[1]] })

const tokenTx = (call: Call, nonce: number, token: `0x${string}` = TOKEN) =>
  serializeTransaction({
    type: 'eip1559',
    chainId: 1,
    nonce,
    to: token,
    data: callData(call),
    maxFeePerGas: 1n,
    gas: 60_000n,
  })

const DEVNET = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1'
const TOKEN_PROGRAM = base58.decode('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA')
const MINT_BYTES = new Uint8Array(32).fill(7)
const MINT = base58.encode(MINT_BYTES)

/**
 * One SPL Token instruction in a legacy message. Keys: owner (signer), source, destination,
 * mint, the Token program; then the blockhash.
 */
function splTransfer(kind: 'Transfer' | 'TransferChecked', amount: bigint): string {
  const data = Buffer.alloc(kind === 'Transfer' ? 9 : 10)
  data[0] = kind === 'Transfer' ? 3 : 12
  data.writeBigUInt64LE(amount, 1)
  if (kind === 'TransferChecked') data[9] = 6
  return splInstruction(data, kind === 'Transfer' ? [1, 2, 0] : [1, 3, 2, 0])
}

/** A legacy message with one Token-program instruction over [signer, 1, 2, mint]. */
function splInstruction(data: Buffer, accounts: number[]): string {
  const bytes = Buffer.concat([
    Buffer.from([1, 0, 2, 5]),
    Buffer.alloc(32, 1),
    Buffer.alloc(32, 2),
    Buffer.alloc(32, 3),
    Buffer.from(MINT_BYTES),
    Buffer.from(TOKEN_PROGRAM),
    Buffer.alloc(32, 9),
    Buffer.from([1, 4, accounts.length, ...accounts, data.length]),
    data,
  ])
  return `0x${bytes.toString('hex')}`
}

export function tokenLimitsContract(engine: TestEngine, current: () => TestStore) {
  describe('token limits', () => {
    let store: TestStore
    const id = () => `oidc:https://issuer:${randomBytes(4).toString('hex')}`
    beforeAll(() => {
      store = current()
    })
    const setUp = async (
      tokenLimits: NonNullable<Policy['tokenLimits']>,
      dapp = 'tok',
      extra = {},
    ) => {
      const who = id()
      await putPolicy(
        store.db,
        who,
        dapp,
        {
          methods: ['eth_sendTransaction', 'eth_signTypedData_v4', 'solana_signTransaction'],
          tokenLimits,
          ...extra,
        },
        1,
      )
      return who
    }
    const send = (
      who: string,
      payload: string,
      now: number,
      options: { dappId?: string; signer?: string } = {},
    ) =>
      authorizeSigning(
        store.db,
        {
          identity: who,
          dappId: options.dappId ?? 'tok',
          request: { method: 'eth_sendTransaction', payload },
          ...(options.signer === undefined
            ? {}
            : { signer: { path: 'm/0', address: options.signer, publicKey: '00' } }),
        },
        now,
      )
    const denial = (what: string, amount: bigint, limit: string, used: bigint, token = TOKEN) =>
      `policy rule "tokenLimits" denied the request: ${what} of ${amount} of token ${token} on eip155:1 would pass today's limit of ${limit} (${used} used)`

    test('transfers: under, over and exactly at the limit over two requests; a new UTC day resets', async () => {
      const who = await setUp({ 'eip155:1': { [TOKEN]: '1000' } })
      const now = 3 * DAY + 5_000
      expect((await send(who, tokenTx(['transfer', 600n], 0), now)).tokens).toEqual([
        { call: 'transfer', grant: false, token: TOKEN, amount: 600n },
      ])
      await expect(send(who, tokenTx(['transfer', 401n], 1), now)).rejects.toMatchObject({
        name: 'PolicyDeniedError',
        rule: 'tokenLimits',
        message: denial('transfer', 401n, '1000', 600n),
      })
      // The denial spent nothing: exactly the rest of the limit still passes.
      await send(who, tokenTx(['transfer', 400n], 2), now + 1)
      await expect(send(who, tokenTx(['transfer', 1n], 3), now + 2)).rejects.toThrow(
        denial('transfer', 1n, '1000', 1000n),
      )
      // A token without a configured limit is not counted; nor is a zero amount.
      await send(who, tokenTx(['transfer', 10n ** 30n], 4, OTHER_TOKEN), now + 3)
      await send(who, tokenTx(['transfer', 0n], 5), now + 4)
      // The next UTC day starts afresh; the last millisecond of today does not.
      const midnight = 4 * DAY
      await expect(send(who, tokenTx(['transfer', 1n], 6), midnight - 1)).rejects.toThrow(
        denial('transfer', 1n, '1000', 1000n),
      )
      await send(who, tokenTx(['transfer', 1000n], 7), midnight)
      const audit = await listAudit(store.db, who, 'tok')
      expect(
        audit.map((row) => [
          (row.data as { allowed: boolean }).allowed,
          (row.data as { rule?: string }).rule,
        ]),
      ).toEqual([
        [true, undefined],
        [false, 'tokenLimits'],
        [true, undefined],
        [true, undefined],
        [false, 'tokenLimits'],
        [true, undefined],
        [false, 'tokenLimits'],
        [true, undefined],
      ])
      expect(audit[0]?.data).toMatchObject({
        decoded: { to: TOKEN, function: 'transfer', amount: '1000' },
      })
    })

    test('concurrent requests from two handles never pass a token limit together', async () => {
      const who = await setUp({ 'eip155:1': { [TOKEN]: '1000' } })
      const other = engine.name === 'postgres' ? await store.reopen() : store.db
      const now = 5 * DAY
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          authorizeSigning(
            i % 2 ? other : store.db,
            {
              identity: who,
              dappId: 'tok',
              request: { method: 'eth_sendTransaction', payload: tokenTx(['transfer', 300n], i) },
            },
            now,
          ),
        ),
      )
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3)
      for (const r of results)
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ rule: 'tokenLimits' })
      await expect(send(who, tokenTx(['transfer', 101n], 10), now)).rejects.toThrow(
        denial('transfer', 101n, '1000', 900n),
      )
    })

    test('approvals are spending grants: counted; an unlimited approval is refused', async () => {
      const who = await setUp({
        'eip155:1': { [TOKEN]: '1000', [OTHER_TOKEN]: maxUint256.toString() },
      })
      const now = 7 * DAY
      await send(who, tokenTx(['approve', 300n], 0), now)
      await send(who, tokenTx(['increaseAllowance', 200n], 1), now)
      // Revoking (approve 0) is not a grant of anything.
      await send(who, tokenTx(['approve', 0n], 2), now)
      await expect(send(who, tokenTx(['transfer', 501n], 3), now)).rejects.toThrow(
        denial('transfer', 501n, '1000', 500n),
      )
      await expect(send(who, tokenTx(['approve', 501n], 4), now)).rejects.toThrow(
        denial('approve', 501n, '1000', 500n),
      )
      for (const call of ['approve', 'increaseAllowance'] as const) {
        for (const token of [TOKEN, OTHER_TOKEN] as const) {
          const limit = token === TOKEN ? '1000' : maxUint256.toString()
          // Even a limit of 2^256 - 1 refuses the unlimited approval: it is never spent down.
          await expect(send(who, tokenTx([call, maxUint256], 5, token), now)).rejects.toMatchObject(
            {
              rule: 'tokenLimits',
              message: `policy rule "tokenLimits" denied the request: an unlimited ${call} of token ${token} on eip155:1 is refused: the token has a daily limit of ${limit}`,
            },
          )
        }
      }
      await send(who, tokenTx(['transfer', 500n], 6), now)
    })

    test('a signed EIP-2612 Permit is an approval; a DAI-style allowed: true is unlimited', async () => {
      const who = await setUp({ 'eip155:1': { [TOKEN]: '1000' } })
      const now = 8 * DAY
      const permit = (message: Record<string, unknown>, fields: [string, string][]) =>
        authorizeSigning(
          store.db,
          {
            identity: who,
            dappId: 'tok',
            request: {
              method: 'eth_signTypedData_v4',
              payload: JSON.stringify({
                types: {
                  EIP712Domain: [
                    { name: 'name', type: 'string' },
                    { name: 'chainId', type: 'uint256' },
                    { name: 'verifyingContract', type: 'address' },
                  ],
                  Permit: fields.map(([name, type]) => ({ name, type })),
                },
                primaryType: 'Permit',
                domain: { name: 'Token', chainId: 1, verifyingContract: TOKEN },
                message,
              }),
            },
          },
          now,
        )
      const eip2612: [string, string][] = [
        ['owner', 'address'],
        ['spender', 'address'],
        ['value', 'uint256'],
        ['nonce', 'uint256'],
        ['deadline', 'uint256'],
      ]
      const base = { owner: SIGNER, spender: TO, nonce: '0', deadline: '9999999999' }
      await permit({ ...base, value: '700' }, eip2612)
      await expect(permit({ ...base, value: '301' }, eip2612)).rejects.toThrow(
        denial('permit', 301n, '1000', 700n),
      )
      await expect(permit({ ...base, value: maxUint256.toString() }, eip2612)).rejects.toThrow(
        `an unlimited permit of token ${TOKEN} on eip155:1 is refused: the token has a daily limit of 1000`,
      )
      const dai: [string, string][] = [
        ['holder', 'address'],
        ['spender', 'address'],
        ['nonce', 'uint256'],
        ['expiry', 'uint256'],
        ['allowed', 'bool'],
      ]
      const daiBase = { holder: SIGNER, spender: TO, nonce: '0', expiry: '9999999999' }
      await expect(permit({ ...daiBase, allowed: true }, dai)).rejects.toMatchObject({
        rule: 'tokenLimits',
      })
      await permit({ ...daiBase, allowed: false }, dai)
      await send(who, tokenTx(['transfer', 300n], 0), now)
    })

    test("transferFrom counts the signer's own tokens, not an allowance held over another's", async () => {
      const who = await setUp({ 'eip155:1': { [TOKEN]: '1000' } })
      const now = 9 * DAY
      await send(who, tokenTx(['transferFrom', SIGNER, 700n], 0), now, { signer: SIGNER })
      // Another owner's tokens (an allowance the signer was given) are not the signer's money.
      await send(who, tokenTx(['transferFrom', SOMEONE, 10n ** 20n], 1), now, { signer: SIGNER })
      await expect(
        send(who, tokenTx(['transferFrom', SIGNER, 301n], 2), now, { signer: SIGNER }),
      ).rejects.toThrow(denial('transferFrom', 301n, '1000', 700n))
      // Without a known signer, every transferFrom is counted.
      await expect(send(who, tokenTx(['transferFrom', SOMEONE, 301n], 3), now)).rejects.toThrow(
        denial('transferFrom', 301n, '1000', 700n),
      )
    })

    test("the identity's token limit is one budget across dapps; a dapp's limit only its own", async () => {
      const who = id()
      await putPolicy(
        store.db,
        who,
        '*',
        { methods: ['eth_sendTransaction'], tokenLimits: { 'eip155:1': { [TOKEN]: '1000' } } },
        1,
      )
      await putPolicy(
        store.db,
        who,
        'strict',
        { methods: ['eth_sendTransaction'], tokenLimits: { 'eip155:1': { [TOKEN]: '100' } } },
        1,
      )
      const now = 11 * DAY
      await send(who, tokenTx(['transfer', 600n], 0), now, { dappId: 'a' })
      await expect(send(who, tokenTx(['transfer', 600n], 1), now, { dappId: 'b' })).rejects.toThrow(
        denial('transfer', 600n, '1000', 600n),
      )
      await expect(
        send(who, tokenTx(['transfer', 101n], 2), now, { dappId: 'strict' }),
      ).rejects.toThrow(denial('transfer', 101n, '100', 0n))
      await send(who, tokenTx(['transfer', 100n], 3), now, { dappId: 'strict' })
      await expect(send(who, tokenTx(['transfer', 301n], 4), now, { dappId: 'c' })).rejects.toThrow(
        denial('transfer', 301n, '1000', 700n),
      )
    })

    test('a later rule denying gives the token amounts back', async () => {
      const who = await setUp({ 'eip155:1': { [TOKEN]: '1000' } }, 'tok', {
        rateLimit: { max: 1, windowSec: 60 },
      })
      const now = 13 * DAY
      await send(who, tokenTx(['transfer', 100n], 0), now)
      await expect(send(who, tokenTx(['transfer', 100n], 1), now)).rejects.toMatchObject({
        rule: 'rateLimit',
      })
      // A token denial takes no rate slot either: the next window's one request is still free.
      await expect(send(who, tokenTx(['transfer', 901n], 2), now + 60_000)).rejects.toThrow(
        denial('transfer', 901n, '1000', 100n),
      )
      await send(who, tokenTx(['transfer', 900n], 3), now + 60_000)
    })

    test('SPL: TransferChecked is counted by mint; a plain Transfer is refused under a limit', async () => {
      const who = await setUp({ [DEVNET]: { [MINT]: '5000' } })
      const now = 15 * DAY
      const sign = (payload: string, identity = who, dappId = 'tok') =>
        authorizeSigning(
          store.db,
          {
            identity,
            dappId,
            request: { method: 'solana_signTransaction', chainId: DEVNET, payload },
          },
          now,
        )
      expect((await sign(splTransfer('TransferChecked', 3000n))).tokens).toEqual([
        { call: 'TransferChecked', grant: false, token: MINT, amount: 3000n },
      ])
      await expect(sign(splTransfer('TransferChecked', 2001n))).rejects.toMatchObject({
        rule: 'tokenLimits',
        message: `policy rule "tokenLimits" denied the request: TransferChecked of 2001 of token ${MINT} on ${DEVNET} would pass today's limit of 5000 (3000 used)`,
      })
      await expect(sign(splTransfer('Transfer', 1n))).rejects.toMatchObject({
        rule: 'tokenLimits',
        message: `policy rule "tokenLimits" denied the request: an SPL Transfer of 1 names no mint the co-signer can read, and ${DEVNET} has token limits: only TransferChecked/ApproveChecked (which name their mint) are signed`,
      })
      // SetAuthority hands the whole token account over without an amount: refused here.
      const setAuthority = splInstruction(Buffer.from([6, 2, 1, ...new Array(32).fill(7)]), [1, 0])
      await expect(sign(setAuthority)).rejects.toMatchObject({
        rule: 'tokenLimits',
        message: `policy rule "tokenLimits" denied the request: an SPL token instruction 6 that the co-signer cannot count (it may hand tokens over: SetAuthority, CloseAccount, a Token-2022 extension), and ${DEVNET} has token limits: only TransferChecked/ApproveChecked and instructions that move no tokens are signed`,
      })
      await sign(splTransfer('TransferChecked', 2000n))
      // With no token limit on the chain, a plain Transfer and a SetAuthority pass as before.
      const free = await setUp({ 'eip155:1': { [TOKEN]: '1' } })
      await sign(splTransfer('Transfer', 10n ** 12n), free)
      await sign(setAuthority, free)
    })
  })
}
