/**
 * `personal_sign` `[message, address]` (EIP-191 version 0x45): `message` is hex bytes or, as
 * wallets accept it, UTF-8 text; `address` must be an account of the session (4100). The
 * signature is checked to recover to `address` before it is returned.
 */
import { paramsArray } from '@tessera/protocol'
import { type Hex, isHex, recoverMessageAddress } from 'viem'
import type { ProviderContext } from '../internal/context.ts'
import { describe, invalidParams } from '../internal/params.ts'
import { verifySignature } from '../internal/verifySignature.ts'

export async function personalSign(context: ProviderContext, params: unknown): Promise<Hex> {
  const method = 'personal_sign'
  const [message, address] = paramsArray(method, params, 2)
  if (typeof message !== 'string') {
    throw invalidParams(method, `message must be hex bytes or text, got ${describe(message)}.`)
  }
  const account = context.account(method, address, 'address')
  const signature = await context.signer(method, [message, account])
  const signed = isHex(message) ? { raw: message } : message
  return verifySignature(method, signature, account, (s) =>
    recoverMessageAddress({ message: signed, signature: s }),
  )
}
