/**
 * `describeRequest`: the one entry point. Validates the context, builds the decoder context (locale,
 * clock, registries) and routes by method to one decoder per kind of request. Anything a decoder
 * throws that is not a ClearSigningError is a bug; it is wrapped as `MalformedPayload` so callers
 * only ever see ClearSigningError.
 */

import { describePsbt } from './bitcoin/describePsbt.ts'
import { ClearSigningError } from './ClearSigningError.ts'
import { describeCoreTransaction } from './conflux/describeCoreTransaction.ts'
import type { DecodeContext } from './context.ts'
import { type Erc7730Descriptor, loadErc7730Descriptor } from './erc7730/loadDescriptor.ts'
import { describeEvmTransaction } from './evm/describeEvmTransaction.ts'
import { describePersonalSign } from './personal/describePersonalSign.ts'
import { createRegistry } from './registry.ts'
import { describeSolanaMessage } from './solana/describeSolanaMessage.ts'
import { describeSolanaTransaction } from './solana/describeSolanaTransaction.ts'
import { describeTonTransaction } from './ton/describeTonTransaction.ts'
import { describeCip23 } from './typedData/describeCip23.ts'
import { describeEip712 } from './typedData/describeEip712.ts'
import type { DescribeInput, DescribeOptions, Description } from './types.ts'

type Decoder = (context: DecodeContext, params: unknown) => Description

/** Each supported method and its decoder. */
const DECODERS: Readonly<Record<string, Decoder>> = {
  personal_sign: describePersonalSign,
  eth_sendTransaction: describeEvmTransaction,
  eth_signTransaction: describeEvmTransaction,
  eth_signTypedData_v4: describeEip712,
  cfx_signTypedData_v4: describeCip23,
  cfx_sendTransaction: describeCoreTransaction,
  cfx_signTransaction: describeCoreTransaction,
  solana_signTransaction: describeSolanaTransaction,
  solana_signAndSendTransaction: describeSolanaTransaction,
  solana_signMessage: describeSolanaMessage,
  bitcoin_signPsbt: describePsbt,
  ton_sendTransaction: describeTonTransaction,
}

/** The methods `describeRequest` can describe. */
export const DESCRIBED_METHODS: readonly string[] = Object.freeze(Object.keys(DECODERS))

const CAIP2 = /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/

export function describeRequest(input: DescribeInput, options: DescribeOptions = {}): Description {
  return describe(input, options, undefined)
}

/** Methods an ERC-7730 descriptor can describe (contract calls and EIP-712 / CIP-23 messages). */
const DESCRIPTOR_METHODS = new Set([
  'eth_sendTransaction',
  'eth_signTransaction',
  'eth_signTypedData_v4',
  'cfx_sendTransaction',
  'cfx_signTransaction',
  'cfx_signTypedData_v4',
])

/**
 * Describes the request with `descriptor` (ERC-7730 JSON or a loaded descriptor) and nothing else:
 * a descriptor that is invalid is refused with InvalidDescriptor, one that does not bind the
 * request's chain and contract (or domain), or has no format for its function or message type,
 * with DescriptorMismatch.
 */
export function describeWithDescriptor(
  descriptor: unknown,
  input: DescribeInput,
  options: Omit<DescribeOptions, 'descriptors'> = {},
): Description {
  const loaded = loadErc7730Descriptor(descriptor)
  if (typeof input !== 'object' || input === null || !DESCRIPTOR_METHODS.has(input.method)) {
    throw new ClearSigningError(
      'DescriptorMismatch',
      'ERC-7730 descriptors describe transactions and typed data only.',
    )
  }
  return describe(input, { ...options, descriptors: [loaded] }, loaded)
}

function describe(
  input: DescribeInput,
  options: DescribeOptions,
  required: Erc7730Descriptor | undefined,
): Description {
  if (typeof input !== 'object' || input === null) {
    throw new ClearSigningError('InvalidParams', 'Invalid request: expected an object.')
  }
  const { method, chainId } = input
  if (typeof chainId !== 'string' || !CAIP2.test(chainId)) {
    throw new ClearSigningError('InvalidParams', 'Invalid request: chainId must be CAIP-2.')
  }
  const decoder =
    typeof method === 'string' && Object.hasOwn(DECODERS, method) ? DECODERS[method] : undefined
  if (decoder === undefined) {
    const named =
      typeof method === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(method) ? ` "${method}"` : ''
    throw new ClearSigningError('UnsupportedMethod', `The method${named} cannot be described.`)
  }
  const registry = createRegistry(options.tokens ?? [], options.addressNames ?? [])
  const context: DecodeContext = {
    locale: input.locale === 'zh-CN' ? 'zh-CN' : 'en',
    chainId,
    origin: typeof input.origin === 'string' ? input.origin : undefined,
    nowSeconds: Math.floor((options.now ?? Date.now()) / 1000),
    token: registry.token,
    addressName: registry.addressName,
    descriptors: (options.descriptors ?? []).map(loadErc7730Descriptor),
    requireDescriptor: required !== undefined,
  }
  try {
    return decoder(context, input.params)
  } catch (error) {
    if (error instanceof ClearSigningError) throw error
    throw new ClearSigningError('MalformedPayload', `The ${method} request could not be decoded.`, {
      cause: error,
    })
  }
}
