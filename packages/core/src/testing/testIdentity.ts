/**
 * Test-only: a relay identity made synchronously with noble's Ed25519, for tests that build many
 * relay clients in plain functions. Production code gets its identity from `loadRelayIdentity`
 * (WebCrypto, noble on demand), which `signRelayJwt.test.ts` and `loadRelayIdentity.test.ts`
 * check against the relay's verifier. Never used by package code; not exported.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { encodeDidKey } from '@tessera/protocol'
import type { RelayIdentity } from '../relay/relayIdentity.ts'

export function createTestIdentity(
  seed: Uint8Array = globalThis.crypto.getRandomValues(new Uint8Array(32)),
): RelayIdentity {
  return {
    clientId: encodeDidKey(ed25519.getPublicKey(seed)),
    sign: async (data) => ed25519.sign(data, seed),
  }
}
