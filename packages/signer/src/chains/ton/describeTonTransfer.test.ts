/**
 * `describeTonTransfer`: what `signTonTransfer` would sign, described for approval by
 * @tessera/clear-signing's TON decoder, checked against `@ton/core` and `@ton/ton` (addresses as
 * they print them, a jetton body they build) in both locales; bad requests are refused with
 * ChainError before anything is shown.
 */
import { Address, beginCell, toNano } from '@ton/core'
import { WalletContractV4 } from '@ton/ton'
import { describe, expect, test } from 'vitest'
import { ChainError } from '../chainError.ts'
import { describeTonTransfer } from './describeTonTransfer.ts'

const PUBLIC_KEY = new Uint8Array(32).fill(5)
const me = WalletContractV4.create({ workchain: 0, publicKey: Buffer.from(PUBLIC_KEY) }).address
const to = new Address(0, Buffer.alloc(32, 0x44))
const jettonWallet = new Address(0, Buffer.alloc(32, 0x66))
const NOW = 1_750_000_000

describe('describeTonTransfer', () => {
  test('a comment transfer: @ton/core address, amount in TON, comment (en and zh-CN)', () => {
    const request = {
      index: 0,
      chainId: 'ton:-239',
      validUntil: NOW + 60,
      messages: [
        { to: to.toString({ bounceable: false }), amount: toNano('2.25'), comment: '午餐 lunch' },
      ],
    }
    const en = describeTonTransfer(request, PUBLIC_KEY, { now: NOW * 1000 })
    expect(en.kind).toBe('ton.transfer')
    expect(en.fields.slice(0, 3).map((f) => f.value)).toEqual([
      { kind: 'address', address: to.toString({ bounceable: false }), chainId: 'ton:-239' },
      {
        kind: 'amount',
        raw: '2250000000',
        decimals: 9,
        symbol: 'TON',
        formatted: '2.25 TON',
      },
      { kind: 'text', text: '午餐 lunch' },
    ])
    const zh = describeTonTransfer(request, PUBLIC_KEY, { locale: 'zh-CN', now: NOW * 1000 })
    expect(zh.intent.startsWith('发送 2.25 TON 到 ')).toBe(true)
  })

  test('a jetton transfer: the account wallet is the response destination, as @ton/core reads it', () => {
    const d = describeTonTransfer(
      {
        index: 0,
        chainId: 'ton:-3',
        validUntil: NOW + 60,
        messages: [
          {
            to: jettonWallet.toString(),
            amount: toNano('0.05'),
            jetton: { amount: 42_000n, destination: to.toString(), forwardTonAmount: 1n },
          },
        ],
      },
      PUBLIC_KEY,
      { now: NOW * 1000 },
    )
    expect(d.kind).toBe('ton.jetton.transfer')
    const byLabel = Object.fromEntries(d.fields.map((f) => [f.label, f.value]))
    expect(byLabel['Jetton recipient']).toMatchObject({
      address: to.toString({ bounceable: false, testOnly: true }),
    })
    expect(byLabel['Excess TON returned to']).toMatchObject({
      address: me.toString({ bounceable: false, testOnly: true }),
    })
    expect(byLabel['Jetton wallet']).toMatchObject({
      address: jettonWallet.toString({ testOnly: true }),
    })
    expect(byLabel['Jetton amount (raw units)']).toMatchObject({ raw: '42000' })
  })

  test('a dapp payload built by @ton/core with an unknown op is blind', () => {
    const payload = beginCell().storeUint(0xdeadbeef, 32).endCell().toBoc().toString('base64')
    const d = describeTonTransfer(
      {
        index: 0,
        chainId: 'ton:-239',
        validUntil: NOW + 60,
        messages: [{ to: to.toString(), amount: 1n, payload }],
      },
      PUBLIC_KEY,
      { now: NOW * 1000 },
    )
    expect(d.blind).toBe(true)
    expect(d.warnings[0]?.code).toBe('UnknownPayload')
  })

  test.each([
    ['an EVM chain', { chainId: 'eip155:1' }, 'UnknownChain'],
    ['no messages', { messages: [] }, 'InvalidTonMessage'],
    [
      'five messages',
      { messages: new Array(5).fill({ to: to.toString(), amount: 1n }) },
      'InvalidTonMessage',
    ],
    [
      'a bad checksum',
      { messages: [{ to: `${to.toString().slice(0, -1)}A`, amount: 1n }] },
      'InvalidTonMessage',
    ],
    [
      'a payload that is not a bag of cells',
      { messages: [{ to: to.toString(), amount: 1n, payload: 'AAAA' }] },
      'InvalidTonMessage',
    ],
    [
      'a comment and a payload',
      { messages: [{ to: to.toString(), amount: 1n, comment: 'a', payload: 'AAAA' }] },
      'InvalidTonMessage',
    ],
  ])('%s is a ChainError before anything is shown', (_, change, code) => {
    const request = { index: 0, chainId: 'ton:-239', validUntil: NOW, messages: [], ...change }
    let caught: unknown
    try {
      describeTonTransfer(request as never, PUBLIC_KEY)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ChainError)
    expect(caught).toMatchObject({ code })
  })
})
