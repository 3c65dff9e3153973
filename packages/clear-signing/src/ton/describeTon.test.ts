/**
 * TON transfers (`ton_sendTransaction`, TON Connect's shape) described for approval. Golden
 * fixtures: addresses and payload bags of cells built with `@ton/core` 0.63
 * (`Address#toString`, `beginCell().storeUint(0, 32).storeStringTail(…)`, a TEP-74 jetton
 * transfer with a forwarded comment, an unknown op; `toBoc()` with CRC, and with index and CRC),
 * copied here as text so this package needs no TON SDK. Then properties (mutated payloads never
 * throw anything but ClearSigningError) and refusals with their codes.
 */
import { base64 } from '@scure/base'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { ClearSigningError } from '../ClearSigningError.ts'
import { describeRequest } from '../describeRequest.ts'

/** Printed by @ton/core for hash 0x11…11 in workchain 0. */
const DEST = {
  bounceable: 'EQAREREREREREREREREREREREREREREREREREREREREREeYT',
  nonBounceable: 'UQAREREREREREREREREREREREREREREREREREREREREREbvW',
  testnet: '0QAREREREREREREREREREREREREREREREREREREREREREQBc',
  raw: '0:1111111111111111111111111111111111111111111111111111111111111111',
}
const ME = 'UQAiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIsAH'
const JETTON_WALLET = 'EQAzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzM7SN'
const BOC = {
  comment: 'te6cckEBAQEAIQAAPgAAAABUaGFua3MgZm9yIGx1bmNoIOKAlCDosKLosKJbWYVC',
  commentWithIndex: 'te6ccsEBAQEAIQAhAD4AAAAAVGhhbmtzIGZvciBsdW5jaCDigJQg6LCi6LCiwaAyXQ==',
  long: 'te6cckECAwEAATgAAf4AAAAAeHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4AQH+eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eAIAZHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4sqshPg==',
  jetton:
    'te6cckEBAgEAaQABrA+KfqUAAAAAAAAABzFuNggAIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiMACIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiHMS0BAQAcAAAAAGludm9pY2UgNDIqI79C',
  unknown: 'te6cckEBAQEADgAAGBI0VngAAAAAAAAAAZCRCCM=',
}
const NOW = 1_750_000_000

const send = (
  messages: readonly Record<string, unknown>[],
  extra: Record<string, unknown> = {},
  chainId = 'ton:-239',
  locale: 'en' | 'zh-CN' = 'en',
) =>
  describeRequest(
    { method: 'ton_sendTransaction', chainId, locale, params: [{ messages, ...extra }] },
    { now: NOW * 1000 },
  )

describe('golden fixtures (@ton/core)', () => {
  test('a transfer with a comment: destination, amount in TON, comment, validity', () => {
    const d = send([{ address: DEST.nonBounceable, amount: '1500000000', payload: BOC.comment }], {
      valid_until: NOW + 300,
      network: '-239',
    })
    expect(d).toEqual({
      kind: 'ton.transfer',
      intent: 'Send 1.5 TON to UQARER…EbvW',
      chainId: 'ton:-239',
      fields: [
        {
          label: 'Recipient',
          value: { kind: 'address', address: DEST.nonBounceable, chainId: 'ton:-239' },
        },
        {
          label: 'Amount',
          value: {
            kind: 'amount',
            raw: '1500000000',
            decimals: 9,
            symbol: 'TON',
            formatted: '1.5 TON',
          },
        },
        { label: 'Comment', value: { kind: 'text', text: 'Thanks for lunch — 谢谢' } },
        {
          label: 'Valid until',
          value: { kind: 'date', unixSeconds: NOW + 300, iso: '2025-06-15T15:11:40.000Z' },
        },
      ],
      warnings: [],
      blind: false,
    })
  })

  test('zh-CN, a bag with index and CRC, a raw address shown bounceable, testnet form on ton:-3', () => {
    const zh = send(
      [{ address: DEST.raw, amount: '1000000000', payload: BOC.commentWithIndex }],
      {},
      'ton:-239',
      'zh-CN',
    )
    expect(zh.intent).toBe('发送 1 TON 到 EQARER…EeYT')
    expect(zh.fields.map((f) => f.label)).toEqual(['收款方', '金额', '备注'])
    const testnet = send([{ address: DEST.nonBounceable, amount: '1' }], {}, 'ton:-3')
    expect(testnet.fields[0]?.value).toEqual({
      kind: 'address',
      address: DEST.testnet,
      chainId: 'ton:-3',
    })
  })

  test('a long comment continued in references (snake) reads whole', () => {
    const d = send([{ address: DEST.bounceable, amount: '0', payload: BOC.long }])
    expect(d.fields[2]?.value).toEqual({ kind: 'text', text: 'x'.repeat(300) })
  })

  test('a jetton transfer: jetton amount, recipient, jetton wallet, excess, forward, comment', () => {
    const d = send([{ address: JETTON_WALLET, amount: '50000000', payload: BOC.jetton }])
    expect(d.kind).toBe('ton.jetton.transfer')
    expect(d.intent).toBe('Send 1,500,000 units of a jetton to UQARER…EbvW')
    expect(d.fields.map((f) => [f.label, f.value])).toEqual([
      ['Jetton recipient', { kind: 'address', address: DEST.nonBounceable, chainId: 'ton:-239' }],
      [
        'Jetton amount (raw units)',
        {
          kind: 'amount',
          raw: '1500000',
          decimals: 0,
          symbol: 'units',
          formatted: '1,500,000 units',
        },
      ],
      ['Jetton wallet', { kind: 'address', address: JETTON_WALLET, chainId: 'ton:-239' }],
      [
        'Amount',
        { kind: 'amount', raw: '50000000', decimals: 9, symbol: 'TON', formatted: '0.05 TON' },
      ],
      ['Excess TON returned to', { kind: 'address', address: ME, chainId: 'ton:-239' }],
      [
        'TON forwarded to the recipient',
        { kind: 'amount', raw: '10000000', decimals: 9, symbol: 'TON', formatted: '0.01 TON' },
      ],
      ['Comment', { kind: 'text', text: 'invoice 42' }],
    ])
    expect(d.blind).toBe(false)
  })

  test('an unknown op is blind with a danger warning; several messages are a batch', () => {
    const d = send([
      { address: DEST.bounceable, amount: '1000000000', payload: BOC.unknown },
      { address: DEST.nonBounceable, amount: '500000000', stateInit: BOC.comment },
    ])
    expect(d.kind).toBe('ton.batch')
    expect(d.intent).toBe('Send 2 messages, 1.5 TON in total')
    expect(d.blind).toBe(true)
    expect(d.warnings.map((w) => [w.code, w.severity])).toEqual([
      ['UnknownPayload', 'danger'],
      ['StateInit', 'danger'],
    ])
    expect(d.warnings[0]?.message).toContain('op 0x12345678')
    expect(d.fields.map((f) => f.label)).toEqual(['Message 1', 'Message 2'])
  })

  test('an expired request is a danger warning', () => {
    const d = send([{ address: DEST.bounceable, amount: '1' }], { valid_until: NOW - 1 })
    expect(d.warnings.map((w) => w.code)).toEqual(['Expired'])
  })
})

describe('properties', () => {
  test('mutated and random payloads: a description or a ClearSigningError, nothing else', () => {
    const bags = Object.values(BOC).map((b) => base64.decode(b))
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc
            .tuple(
              fc.constantFrom(...bags),
              fc.nat(),
              fc.integer({ min: 0, max: 255 }),
              fc.boolean(),
            )
            .map(([bag, at, value, cut]) => {
              const out = cut ? bag.slice(0, at % bag.length) : bag.slice()
              if (!cut) out[at % out.length] = value
              return out
            }),
        ),
        (bytes) => {
          try {
            send([{ address: DEST.bounceable, amount: '1', payload: base64.encode(bytes) }])
          } catch (error) {
            if (!(error instanceof ClearSigningError)) throw error
          }
        },
      ),
      { numRuns: 1_000 },
    )
  })
})

describe('refusals', () => {
  const code = (run: () => unknown) => {
    try {
      run()
    } catch (error) {
      if (error instanceof ClearSigningError) return error.code
      throw error
    }
    return 'described'
  }
  test('each with its code', () => {
    const ok = { address: DEST.bounceable, amount: '1' }
    expect(code(() => send([ok], {}, 'eip155:1'))).toBe('UnsupportedChain')
    expect(code(() => send([ok], { network: '-3' }))).toBe('InvalidParams')
    expect(code(() => send([]))).toBe('InvalidParams')
    expect(code(() => send([ok, ok, ok, ok, ok]))).toBe('InvalidParams')
    expect(code(() => send([{ ...ok, address: `${DEST.bounceable.slice(0, -1)}A` }]))).toBe(
      'InvalidParams',
    )
    expect(code(() => send([{ ...ok, amount: '1.5' }]))).toBe('InvalidParams')
    expect(code(() => send([{ ...ok, amount: (1n << 120n).toString() }]))).toBe('InvalidParams')
    expect(code(() => send([{ ...ok, payload: 'not base64!' }]))).toBe('InvalidParams')
    expect(code(() => send([{ ...ok, payload: base64.encode(new Uint8Array(70_000)) }]))).toBe(
      'TooLarge',
    )
    expect(code(() => send([{ ...ok, payload: base64.encode(Uint8Array.of(1, 2, 3)) }]))).toBe(
      'MalformedPayload',
    )
  })
})
