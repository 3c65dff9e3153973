/**
 * `didKeyFromPublicKey`: the relay client id, `did:key:z<base58btc(0xed 0x01 ‖ Ed25519 public
 * key)>` (RELAY.md "Connection and auth"; multicodec ed25519-pub). Must never accept a key of
 * another length, and never see the secret seed.
 */
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

export function didKeyFromPublicKey(publicKey: Uint8Array): string {
  if (!(publicKey instanceof Uint8Array)) {
    throw new TypeError(`"publicKey" expected Uint8Array, got type=${typeof publicKey}`)
  }
  if (publicKey.length !== 32) {
    throw new RangeError(
      `"publicKey" expected Uint8Array of length 32, got length=${publicKey.length}`,
    )
  }
  const bytes = new Uint8Array(34)
  bytes[0] = 0xed
  bytes[1] = 0x01
  bytes.set(publicKey, 2)
  // base58btc; the first byte is never zero, so there are no leading '1's to add.
  let n = 0n
  for (const b of bytes) n = (n << 8n) | BigInt(b)
  let out = ''
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)] + out
    n /= 58n
  }
  return `did:key:z${out}`
}
