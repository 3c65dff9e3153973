/**
 * The co-signer's Noise static public key, pinned. A deployment pins it at build time
 * (`VITE_TESSERA_COSIGNER_NOISE_KEY`); otherwise (development) the first key read from the
 * co-signer's `/v1/status` is kept in local storage and every later start must see the same key,
 * so a swapped co-signer is refused instead of trusted (trust on first use).
 */
const KEY = /^[A-Za-z0-9_-]{43}$/

export class CosignerKeyError extends Error {
  override name = 'CosignerKeyError'
  readonly code = 'CosignerKeyChanged'
}

export async function pinnedCosignerKey(options: {
  readonly url: string
  readonly configured: string | undefined
  readonly storage: Pick<Storage, 'getItem' | 'setItem'>
  readonly fetch?: typeof fetch
}): Promise<string> {
  if (options.configured !== undefined) {
    if (!KEY.test(options.configured))
      throw new CosignerKeyError('VITE_TESSERA_COSIGNER_NOISE_KEY is not a 32-byte base64url key')
    return options.configured
  }
  const slot = `tessera.cosignerKey.${options.url}`
  const pinned = options.storage.getItem(slot)
  const response = await (options.fetch ?? fetch)(`${options.url}/v1/status`)
  if (!response.ok) throw new TypeError(`co-signer status: HTTP ${response.status} (network)`)
  const body = (await response.json()) as { noise?: { staticKey?: unknown } }
  const key = body.noise?.staticKey
  if (typeof key !== 'string' || !KEY.test(key))
    throw new CosignerKeyError('the co-signer status has no Noise key')
  if (pinned !== null && pinned !== key)
    throw new CosignerKeyError('the co-signer key changed since it was first seen')
  if (pinned === null) options.storage.setItem(slot, key)
  return key
}
