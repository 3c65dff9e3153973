/**
 * `eth_signTypedData_v4`: params `[address, typedData]` (typed data as JSON text or an object),
 * validated by normalizeTypedData and described by describeTypedData. An EVM session is required.
 */
import { getAddress } from 'viem'
import { ClearSigningError } from '../ClearSigningError.ts'
import type { DecodeContext } from '../context.ts'
import { asArray } from '../params.ts'
import type { Description } from '../types.ts'
import { describeTypedData } from './describeTypedData.ts'
import { normalizeTypedData } from './normalizeTypedData.ts'

export function describeEip712(context: DecodeContext, params: unknown): Description {
  if (!context.chainId.startsWith('eip155:')) {
    throw new ClearSigningError('UnsupportedChain', 'eth_signTypedData_v4 needs an eip155 session.')
  }
  const given = asArray(params, 'eth_signTypedData_v4 params')
  // EIP-1193 order is [address, typedData]; some dapps send [typedData, address].
  const swapped = typeof given[1] === 'string' && /^0x[0-9a-fA-F]{40}$/.test(given[1])
  const list = swapped ? [given[1], given[0]] : given
  const data = normalizeTypedData(list[1])
  return describeTypedData(
    context,
    {
      family: 'evm',
      namespace: 'eip155',
      domainType: 'EIP712Domain',
      address: (hex) => getAddress(hex),
      signer: typeof list[0] === 'string' ? list[0] : undefined,
    },
    data,
  )
}
