/** The fields of a pairing URI (docs/SESSION.md#pairing-uri). Types only. */
export type PairingUri = {
  /** 32 random bytes as 64 lowercase hex characters; the dapp listens on it. */
  readonly topic: string
  /** The relay's WebSocket URL, exactly as the dapp configured it (the relay JWT `aud`). */
  readonly relay: string
  /** The dapp's static X25519 public key, 32 bytes (the Noise IK responder key). */
  readonly key: Uint8Array
  /** Expiry, Unix seconds. */
  readonly exp: number
  /** The dapp's display name. */
  readonly name: string
  /** The dapp's web origin, e.g. `https://app.example`. */
  readonly origin: string
}
