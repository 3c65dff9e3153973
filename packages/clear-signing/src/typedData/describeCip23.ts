/**
 * `cfx_signTypedData_v4` (CIP-23): params `[address, typedData]`; validated by @tessera/conflux's
 * `normalizeCip23TypedData` (base32 addresses, `CIP23Domain` with a chainId) and described like
 * EIP-712, with addresses shown in the session network's base32 form.
 */
import { encodeBase32Address, normalizeCip23TypedData } from '@tessera/conflux'
import { ClearSigningError } from '../ClearSigningError.ts'
import type { DecodeContext } from '../context.ts'
import { asArray } from '../params.ts'
import type { Description } from '../types.ts'
import { describeTypedData } from './describeTypedData.ts'
import { parseTypedDataJson } from './normalizeTypedData.ts'

/** The network id of a `cfx:<id>` session. */
export function confluxNetworkId(chainId: string): number {
  const match = /^cfx:(\d{1,10})$/.exec(chainId)
  const id = match === null ? Number.NaN : Number(match[1])
  if (!Number.isSafeInteger(id) || id < 1 || id > 0xffffffff) {
    throw new ClearSigningError(
      'UnsupportedChain',
      'Conflux Core methods need a cfx:<network id> session.',
    )
  }
  return id
}

export function describeCip23(context: DecodeContext, params: unknown): Description {
  const networkId = confluxNetworkId(context.chainId)
  const list = asArray(params, 'cfx_signTypedData_v4 params')
  const json = parseTypedDataJson(list[1], 'typed data')
  let data: ReturnType<typeof normalizeCip23TypedData>
  try {
    data = normalizeCip23TypedData(json)
  } catch (error) {
    throw new ClearSigningError(
      'InvalidParams',
      'Invalid params: the CIP-23 typed data does not validate.',
      {
        cause: error,
      },
    )
  }
  const domain = data.domain as Record<string, unknown>
  const normalized = {
    types: data.types,
    primaryType: data.primaryType,
    domain,
    message: data.message as Record<string, unknown>,
  }
  return describeTypedData(
    context,
    {
      family: 'cfx',
      namespace: 'cfx',
      domainType: 'CIP23Domain',
      address: (hex) => encodeBase32Address(hex, networkId),
      signer: typeof list[0] === 'string' ? list[0] : undefined,
    },
    normalized,
  )
}
