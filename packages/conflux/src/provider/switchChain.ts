/**
 * `wallet_switchConfluxChain [{chainId}]` and `wallet_addConfluxChain [{chainId, chainName,
 * rpcUrls, …}]` (docs/CHAINS.md): params are checked here, the decision is the signer's — it
 * answers 4902 (viem's `SwitchChainError`) for a chain the session does not have, and the error
 * reaches the dapp as is. A switch to the current chain is answered locally with null.
 * Must never change the provider's chain unless the signer agreed.
 */
import { paramsArray, providerError, RPC_ERROR_CODES } from '@tessera/protocol'
import type { ProviderContext } from './context.ts'
import { chainIdParam, objectParam } from './params.ts'

export async function switchChain(context: ProviderContext, params: unknown): Promise<null> {
  const [request] = paramsArray('wallet_switchConfluxChain', params, 1)
  const chainId = chainIdParam(objectParam(request, 'chain').chainId, 'chainId')
  if (chainId === context.session().chainId) return null
  await context.signer('wallet_switchConfluxChain', [{ chainId: `0x${chainId.toString(16)}` }])
  context.setChain(chainId)
  return null
}

export async function addChain(context: ProviderContext, params: unknown): Promise<null> {
  const [request] = paramsArray('wallet_addConfluxChain', params, 1)
  const chain = objectParam(request, 'chain')
  chainIdParam(chain.chainId, 'chainId')
  if (
    typeof chain.chainName !== 'string' ||
    chain.chainName.length === 0 ||
    chain.chainName.length > 100
  ) {
    throw providerError(
      RPC_ERROR_CODES.invalidParams,
      '"chainName" must be a non-empty string of at most 100 characters.',
    )
  }
  if (
    !Array.isArray(chain.rpcUrls) ||
    chain.rpcUrls.length === 0 ||
    !chain.rpcUrls.every((url) => typeof url === 'string' && /^https?:\/\/[^\s]{1,2000}$/.test(url))
  ) {
    throw providerError(
      RPC_ERROR_CODES.invalidParams,
      '"rpcUrls" must be a non-empty array of http(s) URLs.',
    )
  }
  context.session()
  await context.signer('wallet_addConfluxChain', [chain])
  return null
}
