/**
 * The demo's two calls to demos/devchain: `requestFaucet` (`POST /faucet`, which funds an EVM
 * account with ETH and the demo token and its Core twin with CFX) and `confluxRpc`, a
 * `ConfluxRpc` over the devchain's Conflux Core JSON-RPC (`POST /conflux`). Every answer is
 * checked before it is used; a failure says which call failed and why.
 */
import type { ConfluxRpc } from '@tessera/conflux'
import { type Address, type Hash, isHash } from 'viem'

export interface FaucetResult {
  readonly evm: { readonly address: Address; readonly transactions: readonly Hash[] }
  readonly conflux: { readonly address: string; readonly transaction: Hash }
}

async function postJson(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new Error(`${url} answered ${response.status} with no JSON`)
  }
  if (!response.ok) {
    const reason = (json as { error?: unknown }).error
    throw new Error(`${url} answered ${response.status}: ${String(reason).slice(0, 200)}`)
  }
  return json
}

export async function requestFaucet(devchainUrl: string, address: Address): Promise<FaucetResult> {
  const result = (await postJson(`${devchainUrl}/faucet`, { address })) as Partial<FaucetResult>
  const evm = result.evm
  const conflux = result.conflux
  if (
    !Array.isArray(evm?.transactions) ||
    !evm.transactions.every((hash) => isHash(hash)) ||
    typeof conflux?.address !== 'string' ||
    !isHash(conflux.transaction)
  ) {
    throw new Error('the faucet answered without its transactions')
  }
  return result as FaucetResult
}

export function confluxRpc(devchainUrl: string): ConfluxRpc {
  const url = `${devchainUrl}/conflux`
  let id = 0
  return {
    async request({ method, params = [] }) {
      const body = (await postJson(url, { jsonrpc: '2.0', id: ++id, method, params })) as {
        result?: unknown
        error?: { code?: unknown; message?: unknown }
      }
      if (body.error !== undefined) {
        // Passed on as an RPC error object: the provider turns it into viem's class for its code.
        throw {
          code: typeof body.error.code === 'number' ? body.error.code : -32603,
          message: String(body.error.message ?? 'error').slice(0, 500),
        }
      }
      if (!('result' in body)) throw new Error(`${url}: ${method} answered without a result`)
      return body.result
    },
  }
}
