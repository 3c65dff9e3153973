/**
 * The co-signer's view of what is signed (`SigningRequest`: method and payload, which its policy
 * decodes to the digest it will sign) from the engine's `SigningContext`. The digest the device
 * signs must be the one the co-signer derives (it refuses a digest that is not the request's): a
 * personal_sign message travels as its exact bytes in hex — `raw` when the message is not text,
 * else the text as UTF-8 — and one that does not hash to the digest is refused here rather than
 * by the co-signer. Conflux Core requests map to the co-signer's `cfx_*` methods; Solana ones
 * (FROST) to `solana_signMessage` / `solana_signTransaction` (`solanaRequest`).
 */

import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { hashPersonalSignMessage } from '@tessera/conflux'
import type { SigningRequest } from '@tessera/cosigner-client'
import { hashMessage, isHex, toHex } from 'viem'
import { CosignerLinkError } from '../errors.ts'
import type { SigningContext } from './cosignerLink.ts'

/**
 * A FROST run's typed request: `solana_signTransaction` on its chain, or `solana_signMessage`,
 * the payload being exactly the bytes signed (the co-signer refuses anything else).
 */
export function solanaRequest(context: SigningContext, message: Uint8Array): SigningRequest {
  return withOrigin(context, solanaForm(context, message))
}

/** The dapp session's origin travels in the request, as the co-signer's policy selects by it. */
function withOrigin(context: SigningContext, request: SigningRequest): SigningRequest {
  return context.origin === undefined ? request : { ...request, origin: context.origin }
}

function solanaForm(context: SigningContext, message: Uint8Array): SigningRequest {
  if (context.kind !== 'solana')
    throw new CosignerLinkError('Unsupported', `FROST signs Solana requests, not ${context.kind}`)
  const payload = `0x${bytesToHex(message)}`
  if (context.message.toLowerCase() !== payload && context.message !== bytesToHex(message))
    throw new CosignerLinkError('Malformed', 'solana: the context is not the message signed')
  if (context.form === 'transaction') {
    if (context.chainId === undefined)
      throw new CosignerLinkError('Malformed', 'solana: a transaction names its chain')
    return { method: 'solana_signTransaction', chainId: context.chainId, payload }
  }
  return {
    method: 'solana_signMessage',
    ...(context.chainId === undefined ? {} : { chainId: context.chainId }),
    payload,
  }
}

export function signingRequest(context: SigningContext, digest: Uint8Array): SigningRequest {
  return withOrigin(context, digestForm(context, digest))
}

function digestForm(context: SigningContext, digest: Uint8Array): SigningRequest {
  if (context.kind === 'solana')
    throw new CosignerLinkError('Unsupported', 'solana messages are signed with FROST, not DKLs23')
  if (context.chain === 'conflux') return confluxRequest(context, digest)
  if (context.chain !== 'evm')
    throw new CosignerLinkError(
      'Unsupported',
      `the co-signer's policy signs EVM and Conflux Core requests, not ${String(context.chain)}`,
    )
  switch (context.kind) {
    case 'personal_sign': {
      const payload = context.raw ?? toHex(utf8ToBytes(context.message))
      if (!isHex(payload, { strict: true }))
        throw new CosignerLinkError('Malformed', 'personal_sign: "raw" expected hex bytes')
      // Digests are public: comparing their hex is fine.
      if (hashMessage({ raw: payload }).slice(2) !== bytesToHex(digest))
        throw new CosignerLinkError(
          'Malformed',
          `personal_sign: the digest is not the EIP-191 hash of the message ${context.raw === undefined ? 'as UTF-8 text (pass "raw" for bytes)' : 'bytes in "raw"'}`,
        )
      return { method: 'personal_sign', payload }
    }
    case 'typed_data':
      return { method: 'eth_signTypedData_v4', payload: context.typedData }
    case 'transaction':
      return { method: 'eth_signTransaction', payload: context.serialized }
  }
}

/**
 * Conflux Core: personal sign travels as the message string the dapp passed (Fluent hashes a hex
 * string as its bytes, any other string as text), CIP-23 as its JSON, a transaction as its
 * unsigned encoding; the co-signer decodes each (its decodeCoreRequest.ts) to the same digest.
 */
function confluxRequest(
  context: Exclude<SigningContext, { kind: 'solana' }>,
  digest: Uint8Array,
): SigningRequest {
  switch (context.kind) {
    case 'personal_sign':
      if (hashPersonalSignMessage(context.message).slice(2) !== bytesToHex(digest))
        throw new CosignerLinkError(
          'Malformed',
          'cfx personal_sign: the digest is not the Conflux hash of the message',
        )
      return { method: 'cfx_personal_sign', payload: context.message }
    case 'typed_data':
      return { method: 'cfx_signTypedData_v4', payload: context.typedData }
    case 'transaction':
      return { method: 'cfx_signTransaction', payload: context.serialized }
  }
}
