/**
 * `describeRequest`: the one entry point. Validates the context, builds the decoder context (locale,
 * clock, registries) and routes by method to one decoder per kind of request. Anything a decoder
 * throws that is not a ClearSigningError is a bug; it is wrapped as `MalformedPayload` so callers
 * only ever see ClearSigningError.
 */
import { ClearSigningError } from './ClearSigningError.ts'
import type { DecodeContext } from './context.ts'
import { describePersonalSign } from './personal/describePersonalSign.ts'
import { createRegistry } from './registry.ts'
import type { DescribeInput, DescribeOptions, Description } from './types.ts'

type Decoder = (context: DecodeContext, params: unknown) => Description

/** Each supported method and its decoder. */
const DECODERS: Readonly<Record<string, Decoder>> = {
  personal_sign: describePersonalSign,
}

/** The methods `describeRequest` can describe. */
export const DESCRIBED_METHODS: readonly string[] = Object.freeze(Object.keys(DECODERS))

const CAIP2 = /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/

export function describeRequest(input: DescribeInput, options: DescribeOptions = {}): Description {
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
    descriptors: options.descriptors ?? [],
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
