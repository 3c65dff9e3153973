/**
 * `@tessera/noise/extra`: the Noise functions the default set leaves out to keep dapp bundles
 * small — DH `448` (§12.2), cipher `AESGCM` (§12.4), hashes `SHA512` and `BLAKE2b` (§12.5,
 * §12.8). Pass `EXTRA_FUNCTIONS` as `functions` to `createHandshake` / `restoreTransport` /
 * `generateKeyPair` / `parseProtocolName` to allow them; it includes the defaults.
 */
import { gcm } from '@noble/ciphers/aes.js'
import { x448 } from '@noble/curves/ed448.js'
import { blake2b } from '@noble/hashes/blake2.js'
import { sha512 } from '@noble/hashes/sha2.js'
import { aeadCipher } from './ciphers.ts'
import { DEFAULT_FUNCTIONS, hashFunction, montgomeryDh, type NoiseFunctions } from './primitives.ts'

/** Noise §12.4: 32 bits of zeros followed by the 64-bit nonce, big-endian. */
function gcmNonce(nonce: bigint): Uint8Array {
  const out = new Uint8Array(12)
  new DataView(out.buffer).setBigUint64(4, nonce, false)
  return out
}

export const EXTRA_FUNCTIONS: NoiseFunctions = {
  dh: { ...DEFAULT_FUNCTIONS.dh, '448': montgomeryDh('448', x448, 56) },
  cipher: { ...DEFAULT_FUNCTIONS.cipher, AESGCM: aeadCipher('AESGCM', gcm, gcmNonce) },
  hash: {
    ...DEFAULT_FUNCTIONS.hash,
    SHA512: hashFunction('SHA512', sha512),
    BLAKE2b: hashFunction('BLAKE2b', blake2b),
  },
}
