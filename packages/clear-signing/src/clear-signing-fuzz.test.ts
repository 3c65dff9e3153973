/**
 * Fuzzing (fast-check): random and mutated calldata, typed data, Solana bytes, Conflux payloads,
 * arbitrary params for every method and mutated ERC-7730 descriptors. The property: a call either
 * returns a plain-JSON Description or throws a ClearSigningError — never anything else, and never
 * one that wraps a JavaScript error (ReferenceError, TypeError, …), which would be a bug.
 */
import { base64 } from '@scure/base'
import fc from 'fast-check'
import {
  bytesToHex,
  encodeFunctionData,
  erc20Abi,
  erc721Abi,
  hexToBytes,
  maxUint256,
  parseAbi,
} from 'viem'
import { describe, expect, test } from 'vitest'
import { ClearSigningError } from './ClearSigningError.ts'
import { DESCRIBED_METHODS, describeRequest, describeWithDescriptor } from './describeRequest.ts'
import { SHIPPED_DESCRIPTOR_JSON } from './descriptors/shippedDescriptors.ts'
import { loadErc7730Descriptor } from './erc7730/loadDescriptor.ts'
import type { DescribeInput, DescribeOptions } from './types.ts'

const RUNS = 300

/** Runs `run`; a result must be a well-formed, JSON-serializable description. */
function onlyClearSigningErrors(run: () => unknown, isDescription = true): void {
  let result: unknown
  try {
    result = run()
  } catch (error) {
    if (!(error instanceof ClearSigningError)) throw error
    expect(typeof error.code).toBe('string')
    // A JavaScript error inside is a bug the wrapper would otherwise hide.
    const cause = error.cause
    for (const bug of [ReferenceError, TypeError, RangeError, SyntaxError]) {
      if (cause instanceof bug) throw cause
    }
    return
  }
  if (!isDescription) return
  const description = result as Record<string, unknown>
  expect(typeof description.kind).toBe('string')
  expect(typeof description.intent).toBe('string')
  expect(Array.isArray(description.fields)).toBe(true)
  expect(Array.isArray(description.warnings)).toBe(true)
  expect(typeof description.blind).toBe('boolean')
  expect(() => JSON.stringify(result)).not.toThrow()
}

const describeSafely = (input: DescribeInput, options?: DescribeOptions) =>
  onlyClearSigningErrors(() => describeRequest(input, options))

const TARGETS = [
  '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48',
  '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2',
  '0x000000000022D473030F116dDEE9F6B43aC78BA3',
  '0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D',
  '0xBC4CA0EdA7647A8aB7C2061c2E118A18a936f13D',
  '0x1111111111111111111111111111111111111111',
]
const BOB = '0x71C7656EC7ab88b098defB751B7401B5f6d8976F'
const VALID_CALLDATA = [
  encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [BOB, 5n] }),
  encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [BOB, maxUint256] }),
  encodeFunctionData({ abi: erc721Abi, functionName: 'setApprovalForAll', args: [BOB, true] }),
  encodeFunctionData({
    abi: parseAbi([
      'function safeBatchTransferFrom(address from, address to, uint256[] ids, uint256[] amounts, bytes data)',
    ]),
    args: [BOB, BOB, [1n, 2n], [3n, 4n], '0x1234'],
  }),
  encodeFunctionData({
    abi: parseAbi([
      'function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline)',
    ]),
    args: [1n, 2n, [TARGETS[0] as `0x${string}`, TARGETS[1] as `0x${string}`], BOB, 3n],
  }),
  encodeFunctionData({
    abi: parseAbi(['function execute(bytes commands, bytes[] inputs, uint256 deadline)']),
    args: ['0x0b00', ['0x01', '0x02'], 9n],
  }),
]
const SELECTORS = VALID_CALLDATA.map((data) => data.slice(0, 10))

/** Bytes with some positions replaced, some removed, some appended. */
const mutated = (bytes: Uint8Array) =>
  fc
    .tuple(
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      fc.nat(),
      fc.uint8Array({ maxLength: 40 }),
    )
    .map(([edits, cut, tail]) => {
      const out = Uint8Array.from(bytes)
      for (const [at, value] of edits) if (out.length > 0) out[at % out.length] = value
      return Uint8Array.of(
        ...out.subarray(0, out.length - (cut % 8)),
        ...(cut % 3 === 0 ? tail : []),
      )
    })

describe('calldata', () => {
  test('random bytes after known selectors, to known and unknown contracts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SELECTORS, '0x', '0x12'),
        fc.uint8Array({ maxLength: 400 }),
        fc.constantFrom(...TARGETS),
        fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
        (selector, tail, to, value) => {
          const data = `${selector}${bytesToHex(tail).slice(2)}`
          describeSafely({
            method: 'eth_sendTransaction',
            params: [{ to, data, value: `0x${value.toString(16)}` }],
            chainId: 'eip155:1',
          })
        },
      ),
      { numRuns: RUNS },
    )
  })

  test('mutated valid calldata', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID_CALLDATA).chain((d) => mutated(hexToBytes(d))),
        fc.constantFrom(...TARGETS),
        (bytes, to) => {
          describeSafely({
            method: 'eth_signTransaction',
            params: [{ to, data: bytesToHex(bytes) }],
            chainId: 'eip155:1',
            locale: 'zh-CN',
          })
          describeSafely({
            method: 'eth_signTransaction',
            params: [bytesToHex(bytes)],
            chainId: 'eip155:1',
          })
        },
      ),
      { numRuns: RUNS },
    )
  })
})

const permit2 = {
  domain: { name: 'Permit2', chainId: 1, verifyingContract: TARGETS[2] },
  types: {
    PermitSingle: [
      { name: 'details', type: 'PermitDetails' },
      { name: 'spender', type: 'address' },
      { name: 'sigDeadline', type: 'uint256' },
    ],
    PermitDetails: [
      { name: 'token', type: 'address' },
      { name: 'amount', type: 'uint160' },
      { name: 'expiration', type: 'uint48' },
      { name: 'nonce', type: 'uint48' },
    ],
  },
  primaryType: 'PermitSingle',
  message: {
    details: { token: TARGETS[0], amount: '5', expiration: 1, nonce: 0 },
    spender: BOB,
    sigDeadline: '9',
  },
}

/** A JSON value with one path of `base` replaced by `replacement`. */
function replaceAt(base: unknown, path: readonly number[], replacement: unknown): unknown {
  if (path.length === 0 || typeof base !== 'object' || base === null) return replacement
  const entries = Object.entries(base)
  if (entries.length === 0) return replacement
  const [head = 0, ...rest] = path
  const [key, value] = entries[head % entries.length] as [string, unknown]
  const copy: Record<string, unknown> | unknown[] = Array.isArray(base) ? [...base] : { ...base }
  ;(copy as Record<string, unknown>)[key] = replaceAt(value, rest, replacement)
  return copy
}

describe('typed data', () => {
  test('mutated Permit2 typed data and arbitrary JSON', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.jsonValue({ maxDepth: 3 }),
        fc.boolean(),
        (path, replacement, asText) => {
          const typed = replaceAt(permit2, path, replacement)
          const param = asText ? JSON.stringify(typed) : typed
          describeSafely({
            method: 'eth_signTypedData_v4',
            params: [BOB, param],
            chainId: 'eip155:1',
          })
          onlyClearSigningErrors(() =>
            describeWithDescriptor(SHIPPED_DESCRIPTOR_JSON.permit2Messages, {
              method: 'eth_signTypedData_v4',
              params: [BOB, param],
              chainId: 'eip155:1',
            }),
          )
        },
      ),
      { numRuns: RUNS },
    )
  })

  test('random type graphs', () => {
    const name = fc.constantFrom('A', 'B', 'C')
    const type = fc.constantFrom(
      'A',
      'B',
      'C',
      'A[]',
      'uint8',
      'int256',
      'address',
      'bytes',
      'bytes32',
      'string',
      'bool',
      'uint7',
      'B[2]',
    )
    fc.assert(
      fc.property(
        fc.dictionary(
          name,
          fc.array(fc.record({ name: fc.constantFrom('a', 'b', 'c'), type }), { maxLength: 3 }),
        ),
        fc.jsonValue({ maxDepth: 4 }),
        (types, message) => {
          describeSafely({
            method: 'eth_signTypedData_v4',
            params: [BOB, { types, primaryType: 'A', domain: { chainId: 1 }, message }],
            chainId: 'eip155:1',
          })
          describeSafely({
            method: 'cfx_signTypedData_v4',
            params: [
              BOB,
              {
                types: { ...types, CIP23Domain: [{ name: 'chainId', type: 'uint256' }] },
                primaryType: 'A',
                domain: { chainId: 1029 },
                message,
              },
            ],
            chainId: 'cfx:1029',
          })
        },
      ),
      { numRuns: RUNS },
    )
  })
})

describe('Solana bytes', () => {
  // A v0 transfer: 1 signature, 3 keys (payer, recipient, System Program), 1 instruction.
  const key = (b: number) => Array(32).fill(b)
  const transfer = Uint8Array.of(
    1,
    ...Array(64).fill(0),
    0x80,
    1,
    0,
    1,
    3,
    ...key(7),
    ...key(9),
    ...key(0),
    ...key(3),
    1,
    2,
    2,
    0,
    1,
    12,
    2,
    0,
    0,
    0,
    0x40,
    0x42,
    0x0f,
    0,
    0,
    0,
    0,
    0,
    0,
  )

  test('the hand-built transfer parses (the mutations start from a valid transaction)', () => {
    expect(
      describeRequest({
        method: 'solana_signTransaction',
        params: { transaction: base64.encode(transfer) },
        chainId: 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp',
      }).kind,
    ).toBe('solana.transfer')
  })

  test('random and mutated transactions and messages', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(transfer), fc.uint8Array({ maxLength: 300 })), (bytes) => {
        const chainId = 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp'
        describeSafely({
          method: 'solana_signTransaction',
          params: { transaction: base64.encode(bytes) },
          chainId,
        })
        describeSafely({
          method: 'solana_signMessage',
          params: { message: base64.encode(bytes) },
          chainId,
        })
      }),
      { numRuns: RUNS },
    )
  })
})

describe('any params for any method', () => {
  test('arbitrary values never escape as other errors', () => {
    const chains = fc.constantFrom(
      'eip155:1',
      'eip155:31337',
      'cfx:1029',
      'cfx:1',
      'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp',
      'bip122:000000000019d6689c085ae165831e93',
      'x',
    )
    fc.assert(
      fc.property(
        fc.constantFrom(...DESCRIBED_METHODS, 'eth_sign', '__proto__'),
        fc.anything({ maxDepth: 3 }),
        chains,
        fc.option(fc.string()),
        (method, params, chainId, origin) => {
          describeSafely({ method, params, chainId, ...(origin === null ? {} : { origin }) })
          describeSafely({ method, params: [params, params], chainId })
        },
      ),
      { numRuns: RUNS },
    )
  })
})

describe('ERC-7730 descriptors', () => {
  test('mutated descriptors load or are refused with ClearSigningError', () => {
    const call = encodeFunctionData({
      abi: erc20Abi,
      functionName: 'approve',
      args: [BOB, maxUint256],
    })
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(SHIPPED_DESCRIPTOR_JSON)),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.jsonValue({ maxDepth: 2 }),
        (json, path, replacement) => {
          const descriptor = replaceAt(json, path, replacement)
          onlyClearSigningErrors(() => loadErc7730Descriptor(descriptor), false)
          onlyClearSigningErrors(() =>
            describeWithDescriptor(descriptor, {
              method: 'eth_sendTransaction',
              params: [{ to: TARGETS[0], data: call }],
              chainId: 'eip155:1',
            }),
          )
        },
      ),
      { numRuns: RUNS },
    )
  })
})
