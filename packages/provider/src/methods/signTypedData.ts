/**
 * `eth_signTypedData_v4` `[address, typedData]` (EIP-712): `typedData` is JSON text (or an
 * object, as some dapps send it) with `types`, `primaryType`, `domain` and `message`, checked by
 * viem's `validateTypedData`; a `domain.chainId` must be the current chain. The signer gets the
 * full JSON (docs/SESSION.md#json-rpc-inside-the-session: everything it needs to display); the
 * signature is checked to recover to `address`. Malformed data is -32602 and never reaches the
 * signer.
 */
import { paramsArray } from '@tessera/protocol'
import {
  type Hex,
  hashTypedData,
  recoverTypedDataAddress,
  type TypedDataDefinition,
  validateTypedData,
} from 'viem'
import type { ProviderContext } from '../internal/context.ts'
import { describe, invalidParams, objectParam } from '../internal/params.ts'
import { verifySignature } from '../internal/verifySignature.ts'

/**
 * docs/SESSION.md#transport-envelope: a session message carries at most 64 KiB; typed data must fit
 * well inside.
 */
const MAX_TYPED_DATA_LENGTH = 48 * 1024

export async function signTypedData(context: ProviderContext, params: unknown): Promise<Hex> {
  const method = 'eth_signTypedData_v4'
  const [address, data] = paramsArray(method, params, 2)
  const account = context.account(method, address, 'address')
  const typedData = parseTypedData(method, data)
  const domainChainId = typedData.domain?.chainId
  if (domainChainId !== undefined && domainChainId !== null) {
    const id = Number(domainChainId)
    if (id !== context.chainId()) {
      throw invalidParams(
        method,
        `domain.chainId ${describe(String(domainChainId))} is not the current chain ${context.chainId()}.`,
      )
    }
  }
  const signature = await context.signer(method, [account, JSON.stringify(typedData)])
  return verifySignature(method, signature, account, (s) =>
    recoverTypedDataAddress({ ...typedData, signature: s }),
  )
}

function parseTypedData(method: string, data: unknown): TypedDataDefinition {
  let value: unknown = data
  if (typeof data === 'string') {
    if (data.length > MAX_TYPED_DATA_LENGTH) {
      throw invalidParams(method, `typed data is longer than ${MAX_TYPED_DATA_LENGTH} characters.`)
    }
    try {
      value = JSON.parse(data)
    } catch {
      throw invalidParams(method, 'typed data is not valid JSON.')
    }
  }
  const object = objectParam(method, value, 'typed data')
  const types = objectParam(method, object.types, 'types')
  const domain = objectParam(method, object.domain ?? {}, 'domain')
  const message = objectParam(method, object.message, 'message')
  const { primaryType } = object
  if (typeof primaryType !== 'string' || !Object.hasOwn(types, primaryType)) {
    throw invalidParams(method, `primaryType ${describe(primaryType)} is not one of the types.`)
  }
  const definition = { types, primaryType, domain, message } as unknown as TypedDataDefinition
  try {
    validateTypedData(definition)
    hashTypedData(definition) // every referenced type exists and every value encodes
  } catch (cause) {
    const sentence = (cause as { shortMessage?: unknown }).shortMessage
    throw invalidParams(
      method,
      `typed data does not match its types: ${typeof sentence === 'string' ? sentence : 'invalid'}`,
    )
  }
  return definition
}
