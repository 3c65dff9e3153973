/**
 * Bytes form of mpc's StoredKey, so a whole record is sealed as one AES-GCM ciphertext:
 * `0x01 ‖ field(share) ‖ flag ‖ [field(pending.share) ‖ field(ack) ‖ field(sid)] ‖ u16 n ‖
 * n × (u8 peer ‖ field(pair)) ‖ u16 m ‖ m × (field(utf8 id) ‖ field(presignature))`, where
 * field = u32be length ‖ bytes. Decoding checks every length and rejects trailing bytes.
 */
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { utf8 } from '@scure/base'
import type { StoredKey } from '@tessera/mpc/worker'

const VERSION = 1

function u32(n: number): Uint8Array {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, n)
  return out
}

function u16(n: number): Uint8Array {
  if (n > 0xffff) throw new RangeError('too many entries in a vault record')
  return new Uint8Array([n >> 8, n & 0xff])
}

const field = (bytes: Uint8Array) => concatBytes(u32(bytes.length), bytes)

export function encodeStoredKey(record: StoredKey): Uint8Array {
  const parts: Uint8Array[] = [new Uint8Array([VERSION]), field(record.share)]
  const { pending } = record
  if (pending === undefined) parts.push(new Uint8Array([0]))
  else parts.push(new Uint8Array([1]), field(pending.share), field(pending.ack), field(pending.sid))
  const pairs = Object.entries(record.pairs ?? {})
  parts.push(u16(pairs.length))
  for (const [peer, bytes] of pairs) parts.push(new Uint8Array([Number(peer)]), field(bytes))
  const presignatures = Object.entries(record.presignatures ?? {})
  parts.push(u16(presignatures.length))
  for (const [id, bytes] of presignatures) parts.push(field(utf8ToBytes(id)), field(bytes))
  return concatBytes(...parts)
}

export function decodeStoredKey(bytes: Uint8Array): StoredKey {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let at = 0
  const need = (n: number) => {
    if (at + n > bytes.length) throw new RangeError('vault record truncated')
  }
  const byte = () => {
    need(1)
    return bytes[at++] as number
  }
  const short = () => {
    need(2)
    at += 2
    return view.getUint16(at - 2)
  }
  const take = () => {
    need(4)
    const length = view.getUint32(at)
    at += 4
    need(length)
    at += length
    return bytes.slice(at - length, at)
  }
  if (byte() !== VERSION) throw new RangeError('vault record has an unknown version')
  const share = take()
  const flag = byte()
  if (flag > 1) throw new RangeError('vault record has a bad pending flag')
  const pending = flag === 1 ? { share: take(), ack: take(), sid: take() } : undefined
  const pairs: Record<number, Uint8Array> = {}
  for (let n = short(); n > 0; n--) {
    const peer = byte()
    pairs[peer] = take()
  }
  const presignatures: Record<string, Uint8Array> = {}
  for (let n = short(); n > 0; n--) {
    const id = utf8.encode(take())
    presignatures[id] = take()
  }
  if (at !== bytes.length) throw new RangeError('vault record has trailing bytes')
  return {
    share,
    ...(pending === undefined ? {} : { pending }),
    ...(Object.keys(pairs).length === 0 ? {} : { pairs }),
    ...(Object.keys(presignatures).length === 0 ? {} : { presignatures }),
  }
}
