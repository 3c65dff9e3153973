/**
 * Test double of a dapp's Conflux node: fixed answers for the filling methods, records every call,
 * and "broadcasts" raw transactions by returning keccak256 of them. Test-only.
 */
import { type Hex, keccak256 } from 'viem'
import type { ConfluxRpc } from '../types.ts'

export type FakeRpc = ConfluxRpc & {
  readonly calls: { method: string; params: readonly unknown[] }[]
  readonly broadcast: Hex[]
  answers: Record<string, unknown>
  wrongHash: boolean
}

export function createFakeRpc(chainId: number): FakeRpc {
  const rpc: FakeRpc = {
    calls: [],
    broadcast: [],
    wrongHash: false,
    answers: {
      cfx_getNextNonce: '0x5',
      cfx_epochNumber: '0x64',
      cfx_estimateGasAndCollateral: {
        gasLimit: '0x5208',
        gasUsed: '0x5208',
        storageCollateralized: '0x40',
      },
      cfx_gasPrice: '0x3b9aca00',
      cfx_maxPriorityFeePerGas: '0x2',
      cfx_getStatus: {
        chainId: `0x${chainId.toString(16)}`,
        networkId: `0x${chainId.toString(16)}`,
      },
      cfx_getBalance: '0xde0b6b3a7640000',
    },
    async request({ method, params = [] }) {
      rpc.calls.push({ method, params })
      if (method === 'cfx_sendRawTransaction') {
        const raw = params[0] as Hex
        rpc.broadcast.push(raw)
        return rpc.wrongHash ? keccak256('0x00') : keccak256(raw)
      }
      if (!(method in rpc.answers)) throw { code: -32601, message: 'Method not found' }
      return rpc.answers[method]
    },
  }
  return rpc
}
