/**
 * The signer one dapp session's requests are signed with: every request it sends to the co-signer
 * names the session's origin, canonicalised (`canonicalDappOrigin` of @tessera/protocol), so the
 * co-signer applies that dapp's own policy whatever dapp id the wallet's login named
 * (docs/COSIGNER.md#whose-rules-apply). The origin is the one bound at pairing, never anything the
 * dapp sends with a request. A session whose origin is not a web origin signs nothing: the dapp is
 * answered 4100 before the user sees the request. Throws only `providerError`s.
 */

import { providerError, RPC_ERROR_CODES } from '@tessera/protocol'
import { CosignerFrameError } from '@tessera/protocol/cosigner'
import type { DappSigner, SessionSigner } from './signRequest.ts'

export function originSigner(signer: DappSigner, origin: string): SessionSigner {
  try {
    return signer.forDapp(origin)
  } catch (error) {
    if (!(error instanceof CosignerFrameError)) throw error
    throw providerError(
      RPC_ERROR_CODES.unauthorized,
      `The session's origin cannot be bound to its requests: ${error.shortMessage}`,
    )
  }
}
