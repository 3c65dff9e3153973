/**
 * `personal_sign [message, address]` (docs/CHAINS.md): prefix "\x19Conflux Signed Message:\n" +
 * len, v ∈ {0, 1}. The message is a string; 0x-hex is read as bytes the way Fluent does
 * (`hashPersonalSignMessage`). The signature the signer returns must recover to the address.
 * Must never forward a message for an account outside the session.
 */
import { paramsArray, providerError, RPC_ERROR_CODES } from '@tessera/protocol'
import type { Hex } from 'viem'
import { hashPersonalSignMessage } from '../message/hashPersonalSignMessage.ts'
import { checkSignature } from './checkSignature.ts'
import type { ProviderContext } from './context.ts'
import { sessionAccount } from './params.ts'

/** Longer messages are refused: they would not fit one session message. */
const MAX_MESSAGE_LENGTH = 60_000

export async function personalSign(context: ProviderContext, params: unknown): Promise<Hex> {
  const [message, address] = paramsArray('personal_sign', params, 2)
  if (typeof message !== 'string' || message.length > MAX_MESSAGE_LENGTH) {
    throw providerError(
      RPC_ERROR_CODES.invalidParams,
      `"message" must be a string of at most ${MAX_MESSAGE_LENGTH} characters.`,
    )
  }
  const account = sessionAccount(address, 'address', context.session())
  const digest = hashPersonalSignMessage(message)
  const signature = await context.signer('personal_sign', [message, address])
  return checkSignature(signature, digest, account)
}
