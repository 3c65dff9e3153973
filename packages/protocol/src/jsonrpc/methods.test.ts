import { UnsupportedProviderMethodError } from 'viem'
import { describe, expect, test } from 'vitest'
import {
  assertSessionMethod,
  CONFLUX_SESSION_METHODS,
  EVM_SESSION_METHODS,
  isSessionMethod,
  isWellFormedMethod,
  SESSION_METHODS,
  SOLANA_SESSION_METHODS,
} from './methods.ts'

describe('SESSION_METHODS', () => {
  test('is the union of the EVM, Conflux and Solana lists of CHAINS.md, without duplicates', () => {
    expect(SESSION_METHODS).toEqual([
      ...EVM_SESSION_METHODS,
      ...CONFLUX_SESSION_METHODS,
      ...SOLANA_SESSION_METHODS,
    ])
    expect(new Set(SESSION_METHODS).size).toBe(SESSION_METHODS.length)
    expect(Object.isFrozen(SESSION_METHODS)).toBe(true)
    expect(Object.isFrozen(EVM_SESSION_METHODS)).toBe(true)
  })

  test('every method is well formed, so the validator never refuses a supported method', () => {
    for (const method of SESSION_METHODS) expect(isWellFormedMethod(method)).toBe(true)
  })

  test('carries the signing methods and not the local or forwarded ones', () => {
    for (const method of [
      'personal_sign',
      'eth_signTypedData_v4',
      'cfx_signTypedData_v4',
      'wallet_switchConfluxChain',
    ]) {
      expect(isSessionMethod(method)).toBe(true)
    }
    for (const method of [
      'eth_accounts',
      'eth_chainId',
      'net_version',
      'eth_call',
      'cfx_accounts',
      'eth_sendRawTransaction',
    ]) {
      expect(isSessionMethod(method)).toBe(false)
    }
  })
})

describe('assertSessionMethod', () => {
  test('passes a session method', () => {
    expect(() => assertSessionMethod('eth_signTransaction')).not.toThrow()
    expect(() => assertSessionMethod('cfx_signTransaction')).not.toThrow()
    // Filled and broadcast by the dapp side: never carried to the signer.
    expect(() => assertSessionMethod('eth_sendTransaction')).toThrow(UnsupportedProviderMethodError)
    expect(() => assertSessionMethod('cfx_sendTransaction')).toThrow(UnsupportedProviderMethodError)
  })

  test('throws UnsupportedProviderMethodError 4200 naming a well-formed method', () => {
    const run = () => assertSessionMethod('eth_call')
    expect(run).toThrow(UnsupportedProviderMethodError)
    expect(run).toThrow(
      expect.objectContaining({
        code: 4200,
        details: 'The wallet does not support the method "eth_call" over a Tessera session.',
      }),
    )
  })

  test('does not echo a malformed method name', () => {
    expect(() => assertSessionMethod('<script>')).toThrow(
      expect.objectContaining({
        code: 4200,
        details: 'The wallet does not support the method over a Tessera session.',
      }),
    )
  })
})
