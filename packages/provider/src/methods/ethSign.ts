/**
 * `eth_sign` `[address, data]`: off by default (docs/CHAINS.md) — it asks the user to sign opaque
 * bytes, which phishing sites abuse — so it answers 4200 unless the provider was created with
 * `ethSign: true`. When on, `data` is hex bytes signed with the EIP-191 prefix and the signature
 * is checked like `personal_sign`'s.
 */

import { paramsArray, providerError } from '@tessera/protocol'
import { type Hex, recoverMessageAddress } from 'viem'
import type { ProviderContext } from '../internal/context.ts'
import { hexParam } from '../internal/params.ts'
import { verifySignature } from '../internal/verifySignature.ts'

export async function ethSign(context: ProviderContext, params: unknown): Promise<Hex> {
  const method = 'eth_sign'
  if (!context.ethSign) {
    throw providerError(
      4200,
      'eth_sign is disabled: it signs opaque bytes. Use personal_sign or eth_signTypedData_v4.',
    )
  }
  const [address, data] = paramsArray(method, params, 2)
  const account = context.account(method, address, 'address')
  const bytes = hexParam(method, data, 'data')
  const signature = await context.signer(method, [account, bytes])
  return verifySignature(method, signature, account, (s) =>
    recoverMessageAddress({ message: { raw: bytes }, signature: s }),
  )
}
