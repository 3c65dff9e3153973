/**
 * The co-signer decodes what it signs itself (EVM transactions, EIP-191, EIP-712) and derives
 * the digest from those bytes; these tests pin the digests to viem's and name every refusal.
 */

import { bytesToHex } from '@noble/hashes/utils.js'
import {
  hashMessage,
  hashTypedData,
  keccak256,
  parseEther,
  serializeTransaction,
  toHex,
} from 'viem'
import { describe, expect, test } from 'vitest'
import { decodeSigningRequest } from './decodeRequest.ts'

const ALICE = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const transfer = (to: string, amount: bigint) =>
  `0xa9059cbb${to.slice(2).toLowerCase().padStart(64, '0')}${amount.toString(16).padStart(64, '0')}` as const

const eip1559 = (extra: Record<string, unknown> = {}) =>
  serializeTransaction({
    type: 'eip1559',
    chainId: 1,
    nonce: 3,
    to: ALICE,
    value: parseEther('0.5'),
    maxFeePerGas: 30n * 10n ** 9n,
    maxPriorityFeePerGas: 10n ** 9n,
    gas: 21000n,
    ...extra,
  } as never)

export const typedData = {
  domain: { name: 'Permit', version: '1', chainId: 1, verifyingContract: TOKEN },
  types: {
    Permit: [
      { name: 'owner', type: 'address' },
      { name: 'spender', type: 'address' },
      { name: 'value', type: 'uint256' },
      { name: 'nonce', type: 'uint256' },
      { name: 'deadline', type: 'uint256' },
    ],
  },
  primaryType: 'Permit',
  message: { owner: ALICE, spender: ALICE, value: '1000', nonce: '0', deadline: '9999999999' },
} as const

describe('transactions', () => {
  test('an EIP-1559 transfer: value, recipient, chain and the signing hash', () => {
    const tx = eip1559()
    const decoded = decodeSigningRequest({
      method: 'eth_sendTransaction',
      chainId: 'eip155:1',
      payload: tx,
    })
    expect(decoded).toMatchObject({
      method: 'eth_sendTransaction',
      chainId: 'eip155:1',
      value: parseEther('0.5'),
      recipients: [ALICE],
      contracts: [],
      createsContract: false,
    })
    expect(bytesToHex(decoded.digest as Uint8Array)).toBe(keccak256(tx).slice(2))
  })

  test('an ERC-20 transfer names the token contract and the real recipient', () => {
    const tx = eip1559({ to: TOKEN, value: 0n, data: transfer(ALICE, 5n), gas: 60000n })
    const decoded = decodeSigningRequest({ method: 'eth_signTransaction', payload: tx })
    expect(decoded.recipients).toEqual([ALICE])
    expect(decoded.contracts).toEqual([TOKEN])
    expect(decoded.summary).toMatchObject({ function: 'transfer', amount: '5' })
  })

  test('a legacy EIP-155 transaction and a contract creation', () => {
    const legacy = serializeTransaction({
      type: 'legacy',
      chainId: 5,
      nonce: 1,
      to: ALICE,
      value: 1n,
      gasPrice: 1n,
      gas: 21000n,
    })
    expect(decodeSigningRequest({ method: 'eth_sendTransaction', payload: legacy }).chainId).toBe(
      'eip155:5',
    )
    const create = eip1559({ to: undefined, value: 0n, data: '0x6000' })
    expect(
      decodeSigningRequest({ method: 'eth_sendTransaction', payload: create }).createsContract,
    ).toBe(true)
  })

  test.each<[string, () => string | undefined, string]>([
    ['not hex', () => 'hello', 'transaction payload is not hex'],
    ['garbage', () => '0x02c0ffee', 'transaction does not decode'],
    [
      'already signed',
      () =>
        serializeTransaction(
          {
            type: 'eip1559',
            chainId: 1,
            to: ALICE,
            value: 1n,
            maxFeePerGas: 1n,
            gas: 21000n,
          } as never,
          { r: toHex(1n, { size: 32 }), s: toHex(2n, { size: 32 }), yParity: 0 },
        ),
      'transaction is already signed',
    ],
    [
      'no chain id',
      () =>
        serializeTransaction({
          type: 'legacy',
          nonce: 1,
          to: ALICE,
          value: 1n,
          gasPrice: 1n,
          gas: 21000n,
        }),
      'transaction has no chain id (EIP-155 replay protection required)',
    ],
  ])('%s is refused', (_label, payload, reason) => {
    expect(() =>
      decodeSigningRequest({ method: 'eth_sendTransaction', payload: payload() as string }),
    ).toThrow(`signing request rejected: ${reason}`)
  })

  test('a transaction for another chain than the request says is refused', () => {
    expect(() =>
      decodeSigningRequest({
        method: 'eth_sendTransaction',
        chainId: 'eip155:10',
        payload: eip1559(),
      }),
    ).toThrow('signing request rejected: transaction is for eip155:1, request says eip155:10')
  })
})

describe('messages and typed data', () => {
  test('personal_sign digests as EIP-191 over the raw bytes', () => {
    const payload = toHex(new TextEncoder().encode('Sign in to Demo'))
    const decoded = decodeSigningRequest({ method: 'personal_sign', payload })
    expect(bytesToHex(decoded.digest as Uint8Array)).toBe(hashMessage({ raw: payload }).slice(2))
    expect(() => decodeSigningRequest({ method: 'personal_sign', payload: 'Sign in' })).toThrow(
      'signing request rejected: personal_sign payload must be the message bytes as hex (≤ 64 KiB)',
    )
  })

  test('typed data digests as EIP-712; the verifying contract and a Permit spender are extracted', () => {
    const decoded = decodeSigningRequest({
      method: 'eth_signTypedData_v4',
      chainId: 'eip155:1',
      payload: JSON.stringify(typedData),
    })
    expect(bytesToHex(decoded.digest as Uint8Array)).toBe(
      hashTypedData(typedData as never).slice(2),
    )
    expect(decoded).toMatchObject({ chainId: 'eip155:1', contracts: [TOKEN], recipients: [ALICE] })
  })

  test('malformed typed data and a chain mismatch are refused', () => {
    expect(() =>
      decodeSigningRequest({ method: 'eth_signTypedData_v4', payload: '{"types":' }),
    ).toThrow('signing request rejected: typed data does not decode (EIP-712)')
    expect(() =>
      decodeSigningRequest({
        method: 'eth_signTypedData_v4',
        chainId: 'eip155:5',
        payload: JSON.stringify(typedData),
      }),
    ).toThrow('signing request rejected: typed data is for eip155:1, request says eip155:5')
  })

  test('an unknown method is refused', () => {
    expect(() => decodeSigningRequest({ method: 'eth_sign' as never, payload: '0x' })).toThrow(
      'signing request rejected: method "eth_sign" is not a signing method',
    )
  })
})
