/**
 * Conflux Core requests decoded from their bytes (decodeCoreRequest.ts): the digest is the one
 * @tessera/conflux computes (what the wallet signs), chains are `cfx:<id>`, recipients and
 * contracts feed the same rules as EVM's; a signed, non-canonical or other-chain transaction and
 * malformed typed data are refused with their exact errors; a policy without the `cfx_*` methods
 * denies them, and `cfx:` chains are accepted in a policy document.
 */

import { bytesToHex } from '@noble/hashes/utils.js'
import {
  encodeBase32Address,
  hashCip23TypedData,
  hashCoreTransaction,
  hashPersonalSignMessage,
  serializeCoreTransaction,
} from '@tessera/conflux'
import { encodeFunctionData, erc20Abi, getAddress } from 'viem'
import { describe, expect, test } from 'vitest'
import { PolicyDeniedError } from '../errors.ts'
import { decodeSigningRequest } from './decodeRequest.ts'
import { evaluateStaticRules } from './evaluatePolicy.ts'
import { DEFAULT_POLICY, parsePolicy } from './policy.ts'

const TO = '0x1a2f80341409639ea6a35bbcab8299066109aa55'
const SPENDER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const tx = {
  type: 'cip1559' as const,
  nonce: 1n,
  gas: 21000n,
  to: TO,
  value: 7n,
  storageLimit: 0n,
  epochHeight: 1000n,
  chainId: 1029,
  data: '0x' as const,
  maxFeePerGas: 2n * 10n ** 9n,
  maxPriorityFeePerGas: 10n ** 9n,
  accessList: [],
}
const typedData = {
  types: {
    CIP23Domain: [
      { name: 'name', type: 'string' },
      { name: 'chainId', type: 'uint256' },
      { name: 'verifyingContract', type: 'address' },
    ],
    Permit: [
      { name: 'spender', type: 'address' },
      { name: 'value', type: 'uint256' },
    ],
  },
  primaryType: 'Permit',
  // CIP-23 addresses are base32; the policy sees their hex form.
  domain: { name: 'Token', chainId: 1029, verifyingContract: encodeBase32Address(TO, 1029) },
  message: { spender: encodeBase32Address(SPENDER, 1029), value: 5 },
}

describe('Conflux Core requests', () => {
  test('a Core transaction: its digest, chain, value and recipient', () => {
    const payload = serializeCoreTransaction(tx)
    const decoded = decodeSigningRequest({
      method: 'cfx_signTransaction',
      chainId: 'cfx:1029',
      payload,
    })
    expect(bytesToHex(decoded.digest as Uint8Array)).toBe(hashCoreTransaction(tx).slice(2))
    expect(decoded).toMatchObject({
      method: 'cfx_signTransaction',
      chainId: 'cfx:1029',
      value: 7n,
      recipients: [getAddress(TO)],
      contracts: [],
      createsContract: false,
    })
    // A CRC-20 transfer names its recipient and the token contract.
    const data = encodeFunctionData({
      abi: erc20Abi,
      functionName: 'transfer',
      args: [SPENDER, 9n],
    })
    const call = decodeSigningRequest({
      method: 'cfx_sendTransaction',
      payload: serializeCoreTransaction({ ...tx, value: 0n, gas: 60000n, data }),
    })
    expect(call).toMatchObject({ recipients: [SPENDER], contracts: [getAddress(TO)] })
    // …and the amount it moves, counted against `tokenLimits` of the cfx chain.
    expect(call.tokens).toEqual([
      { call: 'transfer', grant: false, token: getAddress(TO), amount: 9n },
    ])
  })

  test('CIP-23 typed data and Conflux personal sign: the digests the wallet signs', () => {
    const cip23 = decodeSigningRequest({
      method: 'cfx_signTypedData_v4',
      payload: JSON.stringify(typedData),
    })
    expect(bytesToHex(cip23.digest as Uint8Array)).toBe(hashCip23TypedData(typedData).slice(2))
    expect(cip23).toMatchObject({
      chainId: 'cfx:1029',
      contracts: [getAddress(TO)],
      recipients: [SPENDER],
    })
    // A Permit grants its value of the token: an approval for `tokenLimits`.
    expect(cip23.tokens).toEqual([
      { call: 'permit', grant: true, token: getAddress(TO), amount: 5n },
    ])
    for (const message of ['Hello Conflux', '0x68656c6c6f']) {
      const personal = decodeSigningRequest({ method: 'cfx_personal_sign', payload: message })
      expect(bytesToHex(personal.digest as Uint8Array)).toBe(
        hashPersonalSignMessage(message).slice(2),
      )
    }
  })

  test('refusals name what is wrong', () => {
    const payload = serializeCoreTransaction(tx)
    const refused = (request: Parameters<typeof decodeSigningRequest>[0]) => () =>
      decodeSigningRequest(request)
    expect(refused({ method: 'cfx_signTransaction', chainId: 'cfx:1', payload })).toThrow(
      'signing request rejected: Core transaction is for cfx:1029, request says cfx:1',
    )
    const signed = serializeCoreTransaction(tx, {
      r: `0x${'11'.repeat(32)}`,
      s: `0x${'22'.repeat(32)}`,
      yParity: 0,
    })
    expect(refused({ method: 'cfx_signTransaction', payload: signed })).toThrow(
      'signing request rejected: Core transaction is already signed',
    )
    expect(refused({ method: 'cfx_signTransaction', payload: '0x00' })).toThrow(
      'signing request rejected: Core transaction does not decode',
    )
    expect(refused({ method: 'cfx_signTypedData_v4', payload: '{"types":{}}' })).toThrow(
      'signing request rejected: typed data does not decode (CIP-23)',
    )
    expect(
      refused({
        method: 'cfx_signTypedData_v4',
        chainId: 'cfx:1',
        payload: JSON.stringify(typedData),
      }),
    ).toThrow('signing request rejected: typed data is for cfx:1029, request says cfx:1')
  })

  test('the default policy allows the cfx methods; an EVM-only policy denies them', () => {
    const decoded = decodeSigningRequest({ method: 'cfx_personal_sign', payload: 'hi' })
    expect(() => evaluateStaticRules(DEFAULT_POLICY, decoded, 0)).not.toThrow()
    const evmOnly = parsePolicy({ methods: ['personal_sign'] })
    expect(() => evaluateStaticRules(evmOnly, decoded, 0)).toThrow(PolicyDeniedError)
    const chains = parsePolicy({ methods: ['cfx_signTransaction'], chains: ['cfx:1029'] })
    const onCore = decodeSigningRequest({
      method: 'cfx_signTransaction',
      payload: serializeCoreTransaction(tx),
    })
    expect(() => evaluateStaticRules(chains, onCore, 0)).not.toThrow()
    expect(() => evaluateStaticRules(chains, { ...onCore, chainId: 'cfx:1' }, 0)).toThrow(
      PolicyDeniedError,
    )
  })
})
