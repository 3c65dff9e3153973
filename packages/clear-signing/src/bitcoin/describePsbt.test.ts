/**
 * `bitcoin_signPsbt` descriptions of PSBTs built by @scure/btc-signer (an independent encoder):
 * inputs split into the account's and others', change told apart from recipients, the fee
 * exact, the fee rate estimated, warnings for foreign inputs, high fees and non-ALL sighash, and
 * the exact ClearSigningError for each kind of bad request.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { base64 } from '@scure/base'
import * as btc from '@scure/btc-signer'
import { describe, expect, test } from 'vitest'
import { ClearSigningError } from '../ClearSigningError.ts'
import { describeRequest } from '../describeRequest.ts'
import type { Description, Field } from '../types.ts'
import { PSBT_LIMITS, parsePsbt, serializePsbt } from './psbt.ts'

const MAINNET = 'bip122:000000000019d6689c085ae165831e93'
const key = () => secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true)
const ours = btc.p2wpkh(key())
const theirs = btc.p2wpkh(key())
const taproot = btc.p2tr(key().subarray(1))

function psbt(options: { foreign?: boolean; fee?: bigint; sighash?: number } = {}): string {
  const tx = new btc.Transaction()
  tx.addInput({
    txid: '11'.repeat(32),
    index: 1,
    witnessUtxo: { script: ours.script, amount: 100_000n },
  })
  if (options.foreign === true) {
    tx.addInput({
      txid: '22'.repeat(32),
      index: 0,
      witnessUtxo: { script: theirs.script, amount: 20_000n },
    })
  }
  if (options.sighash !== undefined) tx.updateInput(0, { sighashType: options.sighash })
  tx.addOutputAddress(taproot.address as string, 60_000n)
  const total = options.foreign === true ? 120_000n : 100_000n
  tx.addOutputAddress(ours.address as string, total - 60_000n - (options.fee ?? 1_000n))
  return base64.encode(tx.toPSBT(0))
}

const describePsbt = (params: unknown, locale: 'en' | 'zh-CN' = 'en'): Description =>
  describeRequest({ method: 'bitcoin_signPsbt', params, chainId: MAINNET, locale })

const fieldValue = (d: Description, label: string): Field['value'] | undefined =>
  d.fields.find((f) => f.label === label)?.value

test('a send with change: recipient, change, exact fee and a fee rate', () => {
  const d = describePsbt({ psbt: psbt(), address: ours.address })
  expect(d.kind).toBe('bitcoin.psbt')
  expect(d.intent).toBe(
    `Send 0.0006 BTC to ${(taproot.address as string).slice(0, 6)}…${(taproot.address as string).slice(-4)}`,
  )
  expect(fieldValue(d, 'Network fee')).toMatchObject({ kind: 'amount', raw: '1000', symbol: 'BTC' })
  // 1 P2WPKH input (68) + P2TR output (43) + P2WPKH output (31) + 10.5 overhead ≈ 153 vB.
  expect(fieldValue(d, 'Fee rate')).toEqual({ kind: 'text', text: '≈ 6.5 sat/vB (≈ 153 vB)' })
  const outputs = fieldValue(d, 'Outputs') as unknown as { fields: Field[] }
  expect(outputs.fields.map((f) => f.label)).toEqual(['#0 Recipient', '#1 Change (back to you)'])
  expect(d.warnings).toEqual([])
  expect(d.blind).toBe(false)
})

test('foreign inputs, a high fee and sighash NONE are warned about, most severe first', () => {
  const d = describePsbt([
    {
      psbt: psbt({ foreign: true, fee: 40_000n, sighash: btc.SigHash.NONE }),
      address: ours.address,
    },
  ])
  expect(d.warnings.map((w) => [w.code, w.severity])).toEqual([
    ['SighashNotAll', 'danger'],
    ['HighFee', 'danger'],
    ['ForeignInputs', 'caution'],
  ])
  const inputs = fieldValue(d, 'Inputs') as unknown as { fields: { value: { fields: Field[] } }[] }
  expect(inputs.fields.map((f) => f.value.fields[0]?.label)).toEqual([
    'Yours (signed)',
    'Not yours (not signed)',
  ])
})

test('zh-CN', () => {
  expect(describePsbt({ psbt: psbt(), address: ours.address }, 'zh-CN').intent).toMatch(
    /^发送 0.0006 BTC 到 /,
  )
})

test('parse and serialize round-trip byte for byte', () => {
  const bytes = base64.decode(psbt({ foreign: true }))
  expect(serializePsbt(parsePsbt(bytes))).toEqual(bytes)
})

describe('refused', () => {
  const code = (params: unknown, chainId = MAINNET): string => {
    try {
      describeRequest({ method: 'bitcoin_signPsbt', params, chainId })
    } catch (error) {
      expect(error).toBeInstanceOf(ClearSigningError)
      return (error as ClearSigningError).code
    }
    return expect.fail('not refused')
  }
  test.each([
    ['not base64', () => ({ psbt: '***', address: ours.address }), 'InvalidParams'],
    [
      'no magic',
      () => ({ psbt: base64.encode(Uint8Array.of(1, 2, 3)), address: ours.address }),
      'MalformedPayload',
    ],
    [
      'truncated',
      () => ({ psbt: base64.encode(base64.decode(psbt()).slice(0, -5)), address: ours.address }),
      'MalformedPayload',
    ],
    [
      'oversized',
      () => ({ psbt: 'A'.repeat(PSBT_LIMITS.bytes * 2), address: ours.address }),
      'TooLarge',
    ],
    [
      'no input of the account',
      () => ({
        psbt: psbt(),
        address: btc.p2wpkh(key()).address,
      }),
      'InvalidParams',
    ],
    [
      'address of another network',
      () => ({ psbt: psbt(), address: btc.p2wpkh(key(), btc.TEST_NETWORK).address }),
      'InvalidParams',
    ],
    [
      'taproot account address',
      () => ({ psbt: psbt(), address: taproot.address }),
      'InvalidParams',
    ],
    [
      'missing witnessUtxo',
      () => {
        const tx = new btc.Transaction()
        tx.addInput({ txid: '11'.repeat(32), index: 0 })
        tx.addOutputAddress(ours.address as string, 1n)
        return { psbt: base64.encode(tx.toPSBT(0)), address: ours.address }
      },
      'InvalidParams',
    ],
  ])('%s', (_, params, expected) => {
    expect(code(params())).toBe(expected)
  })

  test('on a chain that is not Bitcoin', () => {
    expect(code({ psbt: psbt(), address: ours.address }, 'eip155:1')).toBe('UnsupportedChain')
  })
})
