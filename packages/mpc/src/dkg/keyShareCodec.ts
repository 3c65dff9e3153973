/**
 * Versioned binary form of a KeyShare, for encrypted storage at rest. Every field is validated on
 * deserialisation (validateKeyShare). The output holds the secret share: callers must encrypt it
 * before it leaves the Worker, and never log it.
 * Layout v1: u8 v=1 | u8 curve (1 secp256k1, 2 ed25519) | u16 len + keyId | u32 epoch | u8 index |
 * u8 t | u8 n | x_i (32) | PK | X_1..X_n | chainCode (32) | u8 count | count × (u8 j | seed (32)).
 */
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { ByteReader, ByteWriter } from '../encoding/codec.ts'
import { curveInfo } from '../encoding/curve.ts'
import { MpcError } from '../errors.ts'
import { KEY_SHARE_VERSION, type KeyShare, validateKeyShare } from './keyShare.ts'

const CURVE_CODE = { secp256k1: 1, ed25519: 2 } as const

export function serializeKeyShare(share: KeyShare): Uint8Array {
  validateKeyShare(share)
  const w = new ByteWriter()
    .u8(KEY_SHARE_VERSION)
    .u8(CURVE_CODE[share.curve])
    .varBytes(utf8ToBytes(share.keyId))
    .u32(share.epoch)
    .u8(share.index)
    .u8(share.t)
    .u8(share.n)
    .bytes(share.secretShare)
    .bytes(share.publicKey)
  for (const x of share.publicShares) w.bytes(x)
  w.bytes(share.chainCode)
  const seeds = Object.entries(share.zeroSeeds).sort(([a], [b]) => Number(a) - Number(b))
  w.u8(seeds.length)
  for (const [j, seed] of seeds) w.u8(Number(j)).bytes(seed)
  return w.finish()
}

/** Parses and fully validates a serialised share; throws MpcError('Malformed') otherwise. */
export function deserializeKeyShare(bytes: Uint8Array): KeyShare {
  try {
    const r = new ByteReader(bytes)
    const v = r.u8()
    if (v !== KEY_SHARE_VERSION) throw new RangeError(`unsupported key share version ${v}`)
    const code = r.u8()
    const curve = code === 1 ? 'secp256k1' : code === 2 ? 'ed25519' : undefined
    if (curve === undefined) throw new RangeError(`unknown curve code ${code}`)
    const pb = curveInfo(curve).pointBytes
    const keyId = new TextDecoder('utf-8', { fatal: true }).decode(r.varBytes())
    const epoch = r.u32()
    const index = r.u8()
    const t = r.u8()
    const n = r.u8()
    const secretShare = r.bytes(32)
    const publicKey = r.bytes(pb)
    const publicShares: Uint8Array[] = []
    for (let k = 0; k < n; k++) publicShares.push(r.bytes(pb))
    const chainCode = r.bytes(32)
    const zeroSeeds: Record<number, Uint8Array> = {}
    const count = r.u8()
    for (let k = 0; k < count; k++) {
      const j = r.u8()
      if (j in zeroSeeds) throw new RangeError(`duplicate zero seed for ${j}`)
      zeroSeeds[j] = r.bytes(32)
    }
    r.end()
    const share: KeyShare = {
      v: 1,
      curve,
      keyId,
      epoch,
      index,
      t,
      n,
      secretShare,
      publicKey,
      publicShares,
      chainCode,
      zeroSeeds,
    }
    validateKeyShare(share)
    return share
  } catch (cause) {
    if (cause instanceof MpcError) throw cause
    throw new MpcError('Malformed', `invalid serialised key share: ${(cause as Error).message}`, {
      cause,
    })
  }
}
