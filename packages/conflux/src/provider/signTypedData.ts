/**
 * `cfx_signTypedData_v4 [address, typedData]` (docs/CHAINS.md): the address must be a session
 * account, the typed data (a JSON string, or an object) must be valid CIP-23 with `domain.chainId`
 * equal to the session's chain (CIP-23: the user-agent should refuse other chains). The signer gets
 * the params as the dapp sent them; the signature it returns must recover to the address.
 * Must never forward typed data it could not hash itself.
 */
import { paramsArray, providerError, RPC_ERROR_CODES } from '@tessera/protocol'
import type { Hex } from 'viem'
import { hashCip23TypedData } from '../typedData/hashCip23TypedData.ts'
import { normalizeCip23TypedData } from '../typedData/normalizeCip23TypedData.ts'
import type { NormalizedCip23TypedData } from '../typedData/types.ts'
import { checkSignature } from './checkSignature.ts'
import type { ProviderContext } from './context.ts'
import { sessionAccount } from './params.ts'

/** Typed data larger than this is refused (a session message is at most ~64 KiB anyway). */
const MAX_TYPED_DATA_LENGTH = 60_000

export async function signTypedData(context: ProviderContext, params: unknown): Promise<Hex> {
  const [address, data] = paramsArray('cfx_signTypedData_v4', params, 2)
  const session = context.session()
  const account = sessionAccount(address, 'address', session)
  const json = typeof data === 'string' ? data : safeStringify(data)
  if (json.length > MAX_TYPED_DATA_LENGTH) {
    throw providerError(
      RPC_ERROR_CODES.invalidParams,
      `Typed data is longer than ${MAX_TYPED_DATA_LENGTH} characters.`,
    )
  }
  let typedData: NormalizedCip23TypedData
  try {
    typedData = normalizeCip23TypedData(JSON.parse(json))
  } catch (cause) {
    throw providerError(RPC_ERROR_CODES.invalidParams, 'Typed data is not valid CIP-23.', { cause })
  }
  if (typedData.domain.chainId !== BigInt(session.chainId)) {
    throw providerError(
      RPC_ERROR_CODES.invalidParams,
      `Typed data is for chain ${String(typedData.domain.chainId)}; the session is on ${session.chainId}.`,
    )
  }
  const digest = hashCip23TypedData(typedData)
  const signature = await context.signer('cfx_signTypedData_v4', [address, json])
  return checkSignature(signature, digest, account)
}

function safeStringify(value: unknown): string {
  try {
    const json = JSON.stringify(value)
    if (typeof json === 'string') return json
  } catch {
    // Falls through: bigint or cycles cannot be typed-data JSON.
  }
  throw providerError(
    RPC_ERROR_CODES.invalidParams,
    'Typed data must be a JSON string or a JSON-serialisable object.',
  )
}
