/**
 * The co-signer's view of what is signed (`SigningRequest`: method and payload, which its policy
 * decodes to the digest it will sign) from the engine's `SigningContext`. The digest the device
 * signs must be the one the co-signer derives: a personal_sign message that does not hash to it
 * (the co-signer reads the payload as UTF-8 text) is refused here rather than failing later.
 */

import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { SigningRequest } from '@tessera/cosigner-client'
import { hashMessage, toHex } from 'viem'
import { CosignerLinkError } from '../errors.ts'
import type { SigningContext } from './cosignerLink.ts'

export function signingRequest(context: SigningContext, digest: Uint8Array): SigningRequest {
  if (context.kind === 'solana' || context.chain !== 'evm')
    throw new CosignerLinkError(
      'Unsupported',
      `the co-signer's policy signs EVM requests only, not ${context.kind === 'solana' ? 'solana' : context.chain}`,
    )
  switch (context.kind) {
    case 'personal_sign': {
      const payload = toHex(utf8ToBytes(context.message))
      // Digests are public: comparing their hex is fine.
      if (hashMessage({ raw: payload }).slice(2) !== bytesToHex(digest))
        throw new CosignerLinkError(
          'Unsupported',
          'personal_sign: the digest is not that of the message as UTF-8 text (raw messages are not served)',
        )
      return { method: 'personal_sign', payload }
    }
    case 'typed_data':
      return { method: 'eth_signTypedData_v4', payload: context.typedData }
    case 'transaction':
      return { method: 'eth_signTransaction', payload: context.serialized }
  }
}
