/**
 * Versioned byte codec for a DKLs23 presignature (docs/THRESHOLD.md#presignatures), so one computed
 * ahead can survive a restart. Encrypting the bytes at rest is the caller's job. Encoding *moves*
 * the presignature out (the in-memory object refuses to sign afterwards), so at most one live copy
 * exists. The consumed marker is the record the caller writes over the stored presignature in
 * `markConsumed`: it decodes to a refusal, never to a usable presignature. Decoding validates
 * every field (indices, compressed point encodings with x < p, canonical scalars, r_x, a
 * checksum) and must never accept a record that could sign twice or for another key. Whether R
 * and PK′ lie on the curve (a square root each) is checked where they are used as points: in
 * `combine`, which a party that only releases its share never calls.
 *
 * Layout v1: 'P' ‖ 1 ‖ status (0 ready, 1 consumed) ‖ self ‖ |S| ‖ S (ascending) ‖ epoch u32 ‖
 * keyId (u16 length ‖ UTF-8) ‖ sid (32) ‖ R (33) ‖ PK′ (33) ‖ echo (32) ‖ [ready only: u ‖ v ‖ φ,
 * 32 bytes each] ‖ H("dkls23/presignature", every byte before).
 */

import { secp256k1 } from '@noble/curves/secp256k1.js'
import { equalBytes } from '@noble/curves/utils.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { ByteReader, ByteWriter } from '../encoding/codec.ts'
import { MpcError } from '../errors.ts'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'
import { Q, readScalar, scalarBytes } from '../vole/scalars.ts'
import { createPresignature, type Presignature, takePresignatureRecord } from './presignature.ts'

const MAGIC = 0x50 // 'P'
const VERSION = 1
const READY = 0
const CONSUMED = 1

function header(status: number, p: Presignature): ByteWriter {
  return new ByteWriter()
    .u8(MAGIC)
    .u8(VERSION)
    .u8(status)
    .u8(p.self)
    .u8(p.signers.length)
    .bytes(Uint8Array.from(p.signers))
    .u32(p.epoch)
    .varBytes(utf8ToBytes(p.keyId))
    .bytes(p.id)
    .bytes(p.bigR)
    .bytes(p.pkPrime)
    .bytes(p.echo)
}

function seal(w: ByteWriter): Uint8Array {
  const body = w.finish()
  const out = new Uint8Array(body.length + 32)
  out.set(body, 0)
  out.set(taggedHash(TAGS.dkls23Presignature, body), body.length)
  return out
}

/**
 * Encodes an unused presignature and moves it out of memory (the object refuses to sign after).
 * The bytes hold u_i, v_i and φ_i: store them encrypted, never log them.
 */
export function encodePresignature(p: Presignature): Uint8Array {
  const r = takePresignatureRecord(p)
  return seal(
    header(READY, p).bytes(scalarBytes(r.u)).bytes(scalarBytes(r.v)).bytes(scalarBytes(r.phi)),
  )
}

/**
 * The consumed marker (same public header, no secrets): write it over the stored record inside
 * `markConsumed`, before w_i is released. `decodePresignature` refuses it with an Abort.
 */
export function encodeConsumedMarker(p: Presignature): Uint8Array {
  return seal(header(CONSUMED, p))
}

function malformed(reason: string, cause?: unknown): MpcError {
  return new MpcError(
    'Malformed',
    `dkls23: presignature does not decode: ${reason}`,
    cause === undefined ? {} : { cause },
  )
}

function scalar(bytes: Uint8Array, title: string, nonZero: boolean): bigint {
  const v = readScalar(bytes, 0)
  if (v >= Q || (nonZero && v === 0n)) throw malformed(`"${title}" is not a valid scalar`)
  return v
}

/** A compressed encoding's x (< p); the curve check is left to the point's user. */
function compressedX(bytes: Uint8Array, title: string): bigint {
  const x = readScalar(bytes, 1)
  if ((bytes[0] !== 2 && bytes[0] !== 3) || x >= secp256k1.Point.Fp.ORDER) {
    throw malformed(`"${title}" is not a secp256k1 point`)
  }
  return x
}

/**
 * Decodes a stored presignature into a ready `Presignature` (which signs once, as any other).
 * `expected` pins it to the key, epoch and party that load it. Throws `Malformed` on any damaged,
 * truncated or foreign record and `Abort` on a consumed marker.
 */
export function decodePresignature(
  bytes: Uint8Array,
  expected?: { readonly keyId: string; readonly epoch: number; readonly self: number },
): Presignature {
  if (!(bytes instanceof Uint8Array) || bytes.length < 32) throw malformed('too short')
  const body = bytes.subarray(0, bytes.length - 32)
  if (!equalBytes(taggedHash(TAGS.dkls23Presignature, body), bytes.subarray(bytes.length - 32))) {
    throw malformed('checksum mismatch (damaged or truncated)')
  }
  const r = new ByteReader(body)
  let fields: {
    status: number
    self: number
    signers: number[]
    epoch: number
    keyId: string
    sid: Uint8Array
    bigR: Uint8Array
    pkPrime: Uint8Array
    echo: Uint8Array
    secrets?: Uint8Array
  }
  try {
    if (r.u8() !== MAGIC || r.u8() !== VERSION) throw new RangeError('not a v1 presignature')
    const status = r.u8()
    if (status !== READY && status !== CONSUMED) throw new RangeError(`status ${status}`)
    const self = r.u8()
    const signers = [...r.bytes(r.u8())]
    const epoch = r.u32()
    const keyId = new TextDecoder('utf-8', { fatal: true }).decode(r.varBytes())
    fields = {
      status,
      self,
      signers,
      epoch,
      keyId,
      sid: r.bytes(32),
      bigR: r.bytes(33),
      pkPrime: r.bytes(33),
      echo: r.bytes(32),
    }
    if (status === READY) fields.secrets = r.bytes(96)
    r.end()
  } catch (cause) {
    throw malformed(cause instanceof Error ? cause.message : 'bad layout', cause)
  }
  const { status, self, signers } = fields
  if (status === CONSUMED) {
    throw new MpcError('Abort', 'dkls23: presignature already used (consumed marker)')
  }
  if (fields.secrets === undefined) throw malformed('no secrets in a ready record')
  if (signers.length < 2) throw malformed('fewer than two signers')
  for (let k = 0; k < signers.length; k++) {
    const j = signers[k] as number
    if (j === 0 || (k > 0 && (signers[k - 1] as number) >= j)) {
      throw malformed('signer indices must be non-zero and strictly ascending')
    }
  }
  if (!signers.includes(self)) throw malformed(`own index ${self} is not a signer`)
  if (expected !== undefined) {
    if (expected.keyId !== fields.keyId || expected.epoch !== fields.epoch) {
      throw malformed('belongs to another key or epoch')
    }
    if (expected.self !== self) throw malformed(`belongs to party ${self}, not ${expected.self}`)
  }
  const rx = compressedX(fields.bigR, 'R') % Q
  compressedX(fields.pkPrime, 'PK′')
  if (rx === 0n) throw malformed('r_x = 0')
  const secrets = fields.secrets
  const u = scalar(secrets.subarray(0, 32), 'u', false)
  const v = scalar(secrets.subarray(32, 64), 'v', false)
  const phi = scalar(secrets.subarray(64, 96), 'phi', true)
  secrets.fill(0)
  return createPresignature({
    session: { keyId: fields.keyId, epoch: fields.epoch, sid: fields.sid, self, signers },
    bigR: fields.bigR,
    rx,
    u,
    v,
    phi,
    pkPrime: fields.pkPrime,
    echo: fields.echo,
  })
}
