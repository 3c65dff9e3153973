/** Each static policy rule denies with its own name; deny lists win over allow lists. */
import { describe, expect, test } from 'vitest'
import { PolicyDeniedError } from '../errors.ts'
import type { DecodedRequest } from './decodeRequest.ts'
import { evaluateStaticRules } from './evaluatePolicy.ts'
import { type Policy, parsePolicy } from './policy.ts'

const A = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const B = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const request = (extra: Partial<DecodedRequest> = {}): DecodedRequest => ({
  method: 'eth_sendTransaction',
  chainId: 'eip155:1',
  digest: new Uint8Array(32),
  value: 1n,
  recipients: [A],
  contracts: [],
  createsContract: false,
  summary: {},
  ...extra,
})
const base: Policy = { methods: ['eth_sendTransaction', 'personal_sign', 'export'] }
const denied = (policy: Policy, req: DecodedRequest, now = 0) => {
  try {
    evaluateStaticRules(policy, req, now)
  } catch (error) {
    if (error instanceof PolicyDeniedError) return [error.rule, error.message]
    throw error
  }
  return undefined
}

describe('static rules', () => {
  test('an allowed request passes', () => {
    expect(denied(base, request())).toBeUndefined()
  })
  test.each<[string, Policy, DecodedRequest, string, string]>([
    [
      'method',
      { methods: ['personal_sign'] },
      request(),
      'methods',
      'method eth_sendTransaction is not allowed',
    ],
    [
      'chain',
      { ...base, chains: ['eip155:10'] },
      request(),
      'chains',
      'chain eip155:1 is not allowed',
    ],
    [
      'creation',
      base,
      request({ createsContract: true, recipients: [] }),
      'allowContractCreation',
      'contract creation is not allowed',
    ],
    [
      'recipient deny',
      { ...base, recipients: { deny: [A] } },
      request(),
      'recipients.deny',
      `recipient ${A} is on the deny list`,
    ],
    [
      'recipient allow',
      { ...base, recipients: { allow: [B] } },
      request(),
      'recipients.allow',
      `recipient ${A} is not on the allow list`,
    ],
    [
      'deny beats allow',
      { ...base, recipients: { allow: [A], deny: [A] } },
      request(),
      'recipients.deny',
      `recipient ${A} is on the deny list`,
    ],
    [
      'contract deny',
      { ...base, contracts: { deny: [B] } },
      request({ contracts: [B] }),
      'contracts.deny',
      `contract ${B} is on the deny list`,
    ],
    [
      'contract allow',
      { ...base, contracts: { allow: [A] } },
      request({ contracts: [B] }),
      'contracts.allow',
      `contract ${B} is not on the allow list`,
    ],
    [
      'export without a window',
      base,
      request({ method: 'export' }),
      'exportWindow',
      'no export window is open',
    ],
  ])('%s', (_label, policy, req, rule, message) => {
    expect(denied(policy, req)).toEqual([
      rule,
      `policy rule "${rule}" denied the request: ${message}`,
    ])
  })

  test('export only inside its window', () => {
    const policy = { ...base, exportWindow: { from: 1000, until: 2000 } }
    expect(denied(policy, request({ method: 'export' }), 1500)).toBeUndefined()
    expect(denied(policy, request({ method: 'export' }), 2000)).toEqual([
      'exportWindow',
      'policy rule "exportWindow" denied the request: export is possible only from 1970-01-01T00:00:01.000Z until 1970-01-01T00:00:02.000Z',
    ])
  })
})

const SOL = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1'
const MINT = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v'

describe('policy documents', () => {
  test('valid documents parse with checksummed addresses', () => {
    expect(
      parsePolicy({
        methods: ['personal_sign'],
        recipients: { allow: [A.toLowerCase()] },
        dailyLimits: { 'eip155:1': '100' },
      }),
    ).toEqual({
      methods: ['personal_sign'],
      recipients: { allow: [A] },
      dailyLimits: { 'eip155:1': '100' },
    })
  })
  test('token limits parse per chain with checksummed contracts and base58 mints', () => {
    expect(
      parsePolicy({
        methods: [],
        tokenLimits: { 'eip155:1': { [A.toLowerCase()]: '100' }, [SOL]: { [MINT]: '0' } },
      }).tokenLimits,
    ).toEqual({ 'eip155:1': { [A]: '100' }, [SOL]: { [MINT]: '0' } })
  })
  test.each<[unknown, string]>([
    [[], 'policy field "(root)" must be an object'],
    [
      { methods: ['eth_sign'] },
      'policy field "methods[0]" must be one of personal_sign, eth_signTypedData_v4, eth_sendTransaction, eth_signTransaction, cfx_personal_sign, cfx_signTypedData_v4, cfx_sendTransaction, cfx_signTransaction, solana_signMessage, solana_signTransaction, ed25519_sign, export',
    ],
    [{ methods: [], extra: 1 }, 'policy field "extra" is not a known field'],
    [
      { methods: [], dailyLimits: { 'eip155:1': 5 } },
      'policy field "dailyLimits.eip155:1" must be a decimal string of the native unit (wei, lamports)',
    ],
    [
      { methods: [], dailyLimits: { mainnet: '5' } },
      'policy field "dailyLimits.mainnet" is not an eip155, cfx or solana chain id',
    ],
    [
      { methods: [], tokenLimits: [] },
      'policy field "tokenLimits" must be an object of chain id → {token address: amount}',
    ],
    [
      { methods: [], tokenLimits: { mainnet: { [A]: '1' } } },
      'policy field "tokenLimits.mainnet" is not an eip155, cfx or solana chain id',
    ],
    [
      { methods: [], tokenLimits: { 'eip155:1': {} } },
      'policy field "tokenLimits.eip155:1" must be an object naming at least one token and its daily limit',
    ],
    [
      { methods: [], tokenLimits: { 'eip155:1': { USDC: '1' } } },
      'policy field "tokenLimits.eip155:1.USDC" is not a token contract address (0x and 40 hex digits)',
    ],
    [
      { methods: [], tokenLimits: { 'cfx:1029': { [A]: 1000 } } },
      `policy field "tokenLimits.cfx:1029.${A}" must be a decimal string of the token's base units, at most ${2n ** 256n - 1n} (uint256)`,
    ],
    [
      { methods: [], tokenLimits: { 'eip155:1': { [A]: (2n ** 256n).toString() } } },
      `policy field "tokenLimits.eip155:1.${A}" must be a decimal string of the token's base units, at most ${2n ** 256n - 1n} (uint256)`,
    ],
    [
      { methods: [], tokenLimits: { 'eip155:1': { [A]: '1', [A.toLowerCase()]: '2' } } },
      `policy field "tokenLimits.eip155:1.${A.toLowerCase()}" names the same token as another key (${A})`,
    ],
    [
      { methods: [], tokenLimits: { [SOL]: { [A]: '1' } } },
      `policy field "tokenLimits.${SOL}.${A}" is not a Solana mint address (base58 of 32 bytes)`,
    ],
    [
      { methods: [], tokenLimits: { [SOL]: { [MINT]: (2n ** 64n).toString() } } },
      `policy field "tokenLimits.${SOL}.${MINT}" must be a decimal string of the token's base units, at most ${2n ** 64n - 1n} (u64)`,
    ],
    [
      { methods: [], recipients: { allow: ['0x12'] } },
      'policy field "recipients.allow[0]" is not an address',
    ],
    [
      { methods: [], rateLimit: { max: 0, windowSec: 1 } },
      'policy field "rateLimit.max" must be a positive integer',
    ],
    [
      { methods: [], exportWindow: { from: 2, until: 1 } },
      'policy field "exportWindow" must be {from, until} in ms with until > from',
    ],
  ])('%j is refused', (input, message) => {
    expect(() => parsePolicy(input)).toThrow(message)
  })
})
