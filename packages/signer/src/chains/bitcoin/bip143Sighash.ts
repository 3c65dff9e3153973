/**
 * The BIP143 signature hash of one SegWit v0 P2WPKH input with SIGHASH_ALL: double SHA-256 of
 * version, hashPrevouts, hashSequence, the outpoint, scriptCode `OP_DUP OP_HASH160 <pkh>
 * OP_EQUALVERIFY OP_CHECKSIG`, the amount spent, nSequence, hashOutputs, nLockTime and the type.
 * The amount is in the digest, so a PSBT that lies about it makes an invalid signature, not a
 * costlier spend. Other sighash types are not offered (the caller refuses them).
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { concatBytes } from '@noble/hashes/utils.js'
import type { UnsignedTx } from '@tessera/clear-signing'

export const SIGHASH_ALL = 1

function le32(n: number): Uint8Array {
  return Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff)
}

function le64(n: bigint): Uint8Array {
  return Uint8Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn))
}

function compactSize(n: number): Uint8Array {
  if (n < 0xfd) return Uint8Array.of(n)
  if (n <= 0xffff) return Uint8Array.of(0xfd, n & 0xff, n >>> 8)
  return Uint8Array.of(0xfe, ...le32(n))
}

const sha256d = (b: Uint8Array): Uint8Array => sha256(sha256(b))

function outpoint(txid: string, vout: number): Uint8Array {
  const hash = Uint8Array.from(txid.match(/../g) ?? [], (h) => Number.parseInt(h, 16)).reverse()
  return concatBytes(hash, le32(vout))
}

export function bip143Sighash(
  tx: UnsignedTx,
  index: number,
  pubkeyHash: Uint8Array,
  amount: bigint,
): Uint8Array {
  const input = tx.inputs[index]
  if (input === undefined) throw new RangeError(`input ${index} does not exist`)
  if (pubkeyHash.length !== 20) throw new RangeError('"pubkeyHash" expected 20 bytes')
  const hashPrevouts = sha256d(concatBytes(...tx.inputs.map((i) => outpoint(i.txid, i.vout))))
  const hashSequence = sha256d(concatBytes(...tx.inputs.map((i) => le32(i.sequence))))
  const hashOutputs = sha256d(
    concatBytes(
      ...tx.outputs.flatMap((o) => [le64(o.value), compactSize(o.script.length), o.script]),
    ),
  )
  const scriptCode = Uint8Array.of(0x19, 0x76, 0xa9, 0x14, ...pubkeyHash, 0x88, 0xac)
  return sha256d(
    concatBytes(
      le32(tx.version),
      hashPrevouts,
      hashSequence,
      outpoint(input.txid, input.vout),
      scriptCode,
      le64(amount),
      le32(input.sequence),
      hashOutputs,
      le32(tx.locktime),
      le32(SIGHASH_ALL),
    ),
  )
}
