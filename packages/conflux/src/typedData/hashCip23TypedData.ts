/**
 * CIP-23 digest (specs/cip-23.md §Encoding method): keccak256(0x19 ‖ 0x01 ‖
 * hashStruct(domain as `CIP23Domain`) ‖ hashStruct(message)), with viem's `hashStruct` (viem's
 * `hashTypedData` cannot be used: it hard-codes the domain type `EIP712Domain`). As in EIP-712, a
 * `primaryType` of `CIP23Domain` hashes the domain alone. Must never hash data that
 * `normalizeCip23TypedData` has not validated and converted.
 */
import { type Hex, hashStruct, keccak256 } from 'viem'
import {
  CIP23_DOMAIN,
  isNormalizedCip23TypedData,
  normalizeCip23TypedData,
} from './normalizeCip23TypedData.ts'
import type { Cip23TypedData, NormalizedCip23TypedData } from './types.ts'

export function hashCip23TypedData(typedData: Cip23TypedData | NormalizedCip23TypedData): Hex {
  const { types, primaryType, domain, message } = isNormalizedCip23TypedData(typedData)
    ? typedData
    : normalizeCip23TypedData(typedData)
  const parts: Hex[] = ['0x1901', hashStruct({ data: domain, primaryType: CIP23_DOMAIN, types })]
  if (primaryType !== CIP23_DOMAIN) parts.push(hashStruct({ data: message, primaryType, types }))
  return keccak256(`0x${parts.map((part) => part.slice(2)).join('')}`)
}
