/**
 * `wallet_switchEthereumChain` `[{ chainId }]` (EIP-3326) and `wallet_addEthereumChain`
 * `[{ chainId, chainName, rpcUrls, … }]` (EIP-3085). A session covers the chains it was paired
 * with, so a chain outside them (or without an RPC of the dapp) is 4902. With a live session the
 * signer is asked to switch (it may refuse: 4001, or 4902 when it does not know the chain);
 * before pairing the switch is local. Adding a chain the session already covers is a no-op.
 */

import { paramsArray, providerError } from '@tessera/protocol'
import { numberToHex } from 'viem'
import type { ProviderContext } from '../internal/context.ts'
import { chainIdParam, objectParam } from '../internal/params.ts'

export async function switchChain(context: ProviderContext, params: unknown): Promise<null> {
  const method = 'wallet_switchEthereumChain'
  const [first] = paramsArray(method, params, 1)
  const chainId = chainIdParam(method, objectParam(method, first, 'the parameter').chainId)
  if (chainId === context.chainId()) return null
  assertKnown(context, chainId)
  if (context.connected()) {
    await context.signer(method, [{ chainId: numberToHex(chainId) }])
  }
  context.setChain(chainId)
  return null
}

export async function addChain(context: ProviderContext, params: unknown): Promise<null> {
  const method = 'wallet_addEthereumChain'
  const [first] = paramsArray(method, params, 1)
  const chainId = chainIdParam(method, objectParam(method, first, 'the parameter').chainId)
  assertKnown(context, chainId)
  return null
}

function assertKnown(context: ProviderContext, chainId: number): void {
  if (!context.switchableChains().includes(chainId)) {
    throw providerError(
      4902,
      `Chain ${numberToHex(chainId)} (${chainId}) is not one of this session's chains; add it to \`chains\` and \`rpc\`, then pair again.`,
    )
  }
}
