/**
 * The policy contract on every engine: the most specific document applies, rate and daily value
 * limits hold across two handles at once, and every decision lands in the audit log.
 */
import { randomBytes } from 'node:crypto'
import { parseEther, serializeTransaction } from 'viem'
import { beforeAll, describe, expect, test } from 'vitest'
import { listAudit } from '../audit/auditLog.ts'
import type { TestEngine, TestStore } from '../test/engines.ts'
import { authorizeSigning } from './authorizeSigning.ts'
import { DEFAULT_POLICY } from './policy.ts'
import {
  deletePolicy,
  effectivePolicies,
  putPolicy,
  takeDailyValue,
  takeRateSlot,
} from './policyStore.ts'
import { tokenLimitsContract } from './tokenLimits.contract.ts'

const TO = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const tx = (value: bigint, nonce = 0) =>
  serializeTransaction({
    type: 'eip1559',
    chainId: 1,
    nonce,
    to: TO,
    value,
    maxFeePerGas: 1n,
    gas: 21000n,
  })

export function policyContract(engine: TestEngine, current: () => TestStore) {
  describe('policy', () => {
    let store: TestStore
    const id = () => `oidc:https://issuer:${randomBytes(4).toString('hex')}`
    beforeAll(() => {
      store = current()
    })

    test('the identity document applies to every dapp; a dapp document applies on top', async () => {
      const alice = id()
      const dapp = `dapp-${randomBytes(3).toString('hex')}`
      const sources = async (d = dapp) =>
        (await effectivePolicies(store.db, alice, { label: d })).map((layer) => [
          layer.source,
          layer.counterDapp,
        ])
      expect(await effectivePolicies(store.db, alice, { label: dapp })).toEqual([
        { policy: DEFAULT_POLICY, source: 'default', counterDapp: dapp },
      ])
      await putPolicy(store.db, '*', dapp, { methods: ['personal_sign'] }, 1)
      expect(await sources()).toEqual([['*/dapp', dapp]])
      await putPolicy(store.db, alice, '*', { methods: ['export'] }, 1)
      expect(await sources()).toEqual([
        ['identity/*', '*'],
        ['*/dapp', dapp],
      ])
      await putPolicy(store.db, alice, dapp, { methods: ['eth_sendTransaction'] }, 1)
      expect(await sources()).toEqual([
        ['identity/*', '*'],
        ['identity/dapp', dapp],
      ])
      // Another dapp id (the client chooses it at login) still meets the identity's document.
      expect(await sources('other-dapp')).toEqual([['identity/*', '*']])
      expect(await deletePolicy(store.db, alice, dapp)).toBe(true)
      expect(await sources()).toEqual([
        ['identity/*', '*'],
        ['*/dapp', dapp],
      ])
      await deletePolicy(store.db, '*', dapp)
      await deletePolicy(store.db, alice, '*')
    })

    test('a login under another dapp id does not escape identity-wide rules or limits', async () => {
      const who = id()
      await putPolicy(
        store.db,
        who,
        '*',
        { methods: ['personal_sign', 'eth_sendTransaction'], rateLimit: { max: 2, windowSec: 60 } },
        1,
      )
      await putPolicy(
        store.db,
        who,
        'loose',
        { methods: ['personal_sign', 'eth_signTransaction'] },
        1,
      )
      const ask = (dappId: string, method: 'personal_sign' | 'eth_signTransaction') =>
        authorizeSigning(
          store.db,
          {
            identity: who,
            dappId,
            request:
              method === 'personal_sign'
                ? { method, payload: '0x00' }
                : { method, payload: tx(1n, 0) },
          },
          5_000,
        )
      // The dapp document allows eth_signTransaction; the identity document does not.
      await expect(ask('loose', 'eth_signTransaction')).rejects.toMatchObject({ rule: 'methods' })
      await expect(ask('any-other', 'eth_signTransaction')).rejects.toMatchObject({
        rule: 'methods',
      })
      // The identity's rate limit is one budget across dapps.
      await ask('loose', 'personal_sign')
      await ask('any-other', 'personal_sign')
      await expect(ask('third', 'personal_sign')).rejects.toMatchObject({ rule: 'rateLimit' })
      const audit = await listAudit(store.db, who, 'loose')
      expect(audit[0]?.data).toMatchObject({ allowed: true, policy: 'identity/*+identity/dapp' })
    })

    test("the dapp document is the request origin's, whatever dapp id the login claimed", async () => {
      const who = id()
      const a = `https://a-${randomBytes(3).toString('hex')}.example`
      const b = `https://b-${randomBytes(3).toString('hex')}.example`
      // A's own restriction: only transactions, never personal_sign.
      await putPolicy(store.db, who, a, { methods: ['eth_signTransaction'] }, 1)
      await putPolicy(store.db, '*', b, { methods: ['personal_sign'] }, 1)
      const sources = async (dapp: { origin?: string; label: string }) =>
        (await effectivePolicies(store.db, who, dapp)).map((l) => [l.source, l.counterDapp])
      // The label the login chose does not move the request off A's document.
      expect(await sources({ origin: a, label: 'b' })).toEqual([['identity/origin', a]])
      expect(await sources({ origin: a, label: b.slice(8) })).toEqual([['identity/origin', a]])
      expect(await sources({ origin: b, label: 'a' })).toEqual([['*/origin', b]])
      // No origin (the wallet's own action): the label and the defaults only.
      expect(await sources({ label: 'b' })).toEqual([['default', 'b']])
      const ask = (label: string, origin: string | undefined) =>
        authorizeSigning(
          store.db,
          {
            identity: who,
            dappId: label,
            request: { method: 'personal_sign', payload: '0x00', ...(origin ? { origin } : {}) },
          },
          7_000,
        )
      await expect(ask('b', a)).rejects.toMatchObject({
        name: 'PolicyDeniedError',
        rule: 'methods',
      })
      await ask('b', b)
      const [denied] = await listAudit(store.db, who, 'b', { limit: 2 }).then((r) => r.reverse())
      expect(denied?.data).toMatchObject({ allowed: false, rule: 'methods', origin: a })
      expect((await listAudit(store.db, who, 'b', { limit: 1 }))[0]?.data).toMatchObject({
        allowed: true,
        origin: b,
        policy: '*/origin',
      })
      await deletePolicy(store.db, who, a)
      await deletePolicy(store.db, '*', b)
    })

    test('identity-wide rules and limits apply under every origin and with none', async () => {
      const who = id()
      await putPolicy(
        store.db,
        who,
        '*',
        { methods: ['personal_sign'], rateLimit: { max: 3, windowSec: 60 } },
        1,
      )
      const a = `https://a-${randomBytes(3).toString('hex')}.example`
      await putPolicy(store.db, who, a, { methods: ['personal_sign', 'eth_signTransaction'] }, 1)
      const ask = (origin: string | undefined, method: 'personal_sign' | 'eth_signTransaction') =>
        authorizeSigning(
          store.db,
          {
            identity: who,
            dappId: 'x',
            request: {
              method,
              payload: method === 'personal_sign' ? '0x00' : tx(1n),
              ...(origin ? { origin } : {}),
            },
          },
          9_000,
        )
      // A's document allows transactions; the identity's does not, under every origin.
      for (const origin of [a, 'https://other.example', undefined])
        await expect(ask(origin, 'eth_signTransaction')).rejects.toMatchObject({ rule: 'methods' })
      // One rate budget across origins.
      await ask(a, 'personal_sign')
      await ask('https://other.example', 'personal_sign')
      await ask(undefined, 'personal_sign')
      await expect(ask('http://localhost:3000', 'personal_sign')).rejects.toMatchObject({
        rule: 'rateLimit',
      })
    })

    test('a malformed or hostile origin is refused before any state changes', async () => {
      const who = id()
      await putPolicy(
        store.db,
        who,
        '*',
        { methods: ['personal_sign'], rateLimit: { max: 1, windowSec: 60 } },
        1,
      )
      for (const [origin, why] of [
        [
          'https://a\u200b.example',
          'got a control, invisible or bidirectional character (U+200B) at index 9',
        ],
        ['https://A.example', 'got "https://A.example" (host or port)'],
        [`https://${'a'.repeat(300)}.example`, 'of at most 267 bytes, got 316'],
      ] as const) {
        await expect(
          authorizeSigning(
            store.db,
            {
              identity: who,
              dappId: 'x',
              request: { method: 'personal_sign', payload: '0x00', origin },
            },
            11_000,
          ),
        ).rejects.toMatchObject({
          name: 'CosignerError',
          code: 'BadRequest',
          message: expect.stringContaining(
            `signing request rejected: "origin" expected a dapp origin`,
          ),
        })
        await expect(
          authorizeSigning(
            store.db,
            {
              identity: who,
              dappId: 'x',
              request: { method: 'personal_sign', payload: '0x00', origin },
            },
            11_000,
          ),
        ).rejects.toThrow(why)
      }
      // Nothing recorded, no rate slot spent: the one allowed request still passes.
      expect(await listAudit(store.db, who, 'x')).toEqual([])
      await authorizeSigning(
        store.db,
        { identity: who, dappId: 'x', request: { method: 'personal_sign', payload: '0x00' } },
        11_000,
      )
    })

    test('rate limit: concurrent requests from two handles never pass max', async () => {
      const who = id()
      const other = engine.name === 'postgres' ? await store.reopen() : store.db
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          takeRateSlot(i % 2 ? other : store.db, who, 'd', { max: 5, windowSec: 60 }, 120_000 + i),
        ),
      )
      expect(results.filter(Boolean)).toHaveLength(5)
      // The next window starts afresh.
      expect(await takeRateSlot(store.db, who, 'd', { max: 5, windowSec: 60 }, 180_000)).toBe(true)
    })

    test('daily value: concurrent spends from two handles never pass the limit; a new day resets', async () => {
      const who = id()
      const other = engine.name === 'postgres' ? await store.reopen() : store.db
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          takeDailyValue(i % 2 ? other : store.db, who, 'd', 'eip155:1', 3n, 10n, 5_000),
        ),
      )
      expect(results.filter((r) => r.ok)).toHaveLength(3)
      expect(await takeDailyValue(store.db, who, 'd', 'eip155:1', 11n, 10n, 5_000)).toEqual({
        ok: false,
        spent: 9n,
      })
      expect(
        (await takeDailyValue(store.db, who, 'd', 'eip155:1', 10n, 10n, 86_400_000 + 5)).ok,
      ).toBe(true)
      // Another chain has its own budget.
      expect((await takeDailyValue(store.db, who, 'd', 'eip155:10', 10n, 10n, 5_000)).ok).toBe(true)
    })

    test("a Solana transfer spends lamports against its chain's daily limit; a message spends none", async () => {
      const who = id()
      const devnet = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1'
      await putPolicy(
        store.db,
        who,
        'sol',
        {
          methods: ['solana_signTransaction', 'solana_signMessage'],
          dailyLimits: { [devnet]: '10000' },
        },
        1,
      )
      // One System transfer of `lamports` from key(1) to key(2) (a legacy message).
      const transfer = (lamports: number) => {
        const data = Buffer.alloc(12)
        data.writeUInt32LE(2, 0)
        data.writeBigUInt64LE(BigInt(lamports), 4)
        const bytes = Buffer.concat([
          Buffer.from([1, 0, 1, 3]),
          Buffer.alloc(32, 1),
          Buffer.alloc(32, 2),
          Buffer.alloc(32, 0),
          Buffer.alloc(32, 9),
          Buffer.from([1, 2, 2, 0, 1, 12]),
          data,
        ])
        return `0x${bytes.toString('hex')}`
      }
      const sign = (method: 'solana_signTransaction' | 'solana_signMessage', payload: string) =>
        authorizeSigning(
          store.db,
          { identity: who, dappId: 'sol', request: { method, chainId: devnet, payload } },
          2_000,
        )
      expect((await sign('solana_signTransaction', transfer(6_000))).value).toBe(6_000n)
      await expect(sign('solana_signTransaction', transfer(6_000))).rejects.toMatchObject({
        rule: 'dailyLimits',
        message: `policy rule "dailyLimits" denied the request: 6000 lamports on ${devnet} would pass today's limit of 10000 lamports (6000 lamports used)`,
      })
      await sign('solana_signMessage', '0x6869')
      expect((await sign('solana_signTransaction', transfer(4_000))).value).toBe(4_000n)
      const audit = await listAudit(store.db, who, 'sol')
      expect(audit[0]?.data).toMatchObject({
        allowed: true,
        method: 'solana_signTransaction',
        decoded: { chainId: devnet, lamports: '4000', transfers: '1' },
      })
    })

    test('authorizeSigning applies the policy, names the rule, and audits every decision', async () => {
      const who = id()
      await putPolicy(
        store.db,
        who,
        'demo',
        {
          methods: ['eth_sendTransaction'],
          dailyLimits: { 'eip155:1': parseEther('1').toString() },
          rateLimit: { max: 3, windowSec: 60 },
        },
        1,
      )
      const sign = (value: bigint, nonce: number, now = 1_000) =>
        authorizeSigning(
          store.db,
          {
            identity: who,
            dappId: 'demo',
            request: { method: 'eth_sendTransaction', payload: tx(value, nonce) },
          },
          now,
        )
      expect((await sign(parseEther('0.6'), 0)).value).toBe(parseEther('0.6'))
      await expect(sign(parseEther('0.6'), 1)).rejects.toMatchObject({
        rule: 'dailyLimits',
        message: `policy rule "dailyLimits" denied the request: ${parseEther('0.6')} wei on eip155:1 would pass today's limit of ${parseEther('1')} wei (${parseEther('0.6')} wei used)`,
      })
      await expect(
        authorizeSigning(
          store.db,
          { identity: who, dappId: 'demo', request: { method: 'personal_sign', payload: '0x00' } },
          1_000,
        ),
      ).rejects.toMatchObject({ rule: 'methods' })
      await sign(1n, 2)
      await expect(sign(1n, 3)).rejects.toMatchObject({ rule: 'rateLimit' })
      const audit = await listAudit(store.db, who, 'demo')
      expect(
        audit.map((r) => [
          r.kind,
          (r.data as { allowed: boolean }).allowed,
          (r.data as { rule?: string }).rule,
        ]),
      ).toEqual([
        ['policy-decision', false, 'rateLimit'],
        ['policy-decision', true, undefined],
        ['policy-decision', false, 'methods'],
        ['policy-decision', false, 'dailyLimits'],
        ['policy-decision', true, undefined],
      ])
      expect(audit.at(-1)?.data).toMatchObject({
        method: 'eth_sendTransaction',
        decoded: { to: TO, value: parseEther('0.6').toString() },
      })
    })
    tokenLimitsContract(engine, current)
  })
}
