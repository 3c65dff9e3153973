/**
 * PSBT version 0 (BIP174) parsed into the unsigned transaction and per-input/per-output key-value
 * maps, and serialized back (round trip exact for a well-formed PSBT, so a signer can add partial
 * signatures and return the rest untouched). Checks on entry: magic, unique keys, the unsigned
 * transaction without scriptSigs or witnesses, map counts matching it, sizes within limits.
 * Reads `witnessUtxo` (0x01), partial signatures (0x02) and sighash type (0x03); keeps every other
 * entry as bytes.
 */
import { ClearSigningError } from '../ClearSigningError.ts'
import {
  compactSize,
  concat,
  le32,
  le64,
  malformed,
  type Reader,
  reader,
  toHex,
  varBytes,
} from './bytes.ts'

/** Refused above these: a standard transaction is at most 100,000 vbytes. */
export const PSBT_LIMITS = Object.freeze({ bytes: 400_000, inputs: 500, outputs: 500 })

export type KeyValue = { readonly key: Uint8Array; readonly value: Uint8Array }
export type TxIn = { readonly txid: string; readonly vout: number; readonly sequence: number }
export type TxOut = { readonly value: bigint; readonly script: Uint8Array }
export type UnsignedTx = {
  readonly version: number
  readonly inputs: readonly TxIn[]
  readonly outputs: readonly TxOut[]
  readonly locktime: number
}
export type PsbtInput = {
  readonly witnessUtxo?: TxOut
  readonly sighashType?: number
  /** Compressed public key (hex) → DER signature ‖ sighash byte. */
  readonly partialSigs: ReadonlyMap<string, Uint8Array>
  readonly entries: readonly KeyValue[]
}
export type Psbt = {
  readonly tx: UnsignedTx
  readonly global: readonly KeyValue[]
  readonly inputs: readonly PsbtInput[]
  readonly outputs: readonly (readonly KeyValue[])[]
}

const MAGIC = Uint8Array.of(0x70, 0x73, 0x62, 0x74, 0xff)

function readMap(r: Reader, where: string): KeyValue[] {
  const entries: KeyValue[] = []
  const seen = new Set<string>()
  for (;;) {
    const key = r.varBytes()
    if (key.length === 0) return entries
    const id = toHex(key)
    if (seen.has(id)) throw malformed(`duplicate key ${id} in ${where}`)
    seen.add(id)
    entries.push({ key, value: r.varBytes() })
  }
}

export function parseTransaction(bytes: Uint8Array): UnsignedTx {
  const r = reader(bytes)
  const version = r.u32()
  const nIn = r.compactSize()
  if (nIn === 0) throw malformed('the unsigned transaction has no inputs (or a witness marker)')
  if (nIn > PSBT_LIMITS.inputs)
    throw new ClearSigningError(
      'TooLarge',
      `PSBT has ${nIn} inputs; at most ${PSBT_LIMITS.inputs} are reviewed.`,
    )
  const inputs: TxIn[] = []
  for (let i = 0; i < nIn; i++) {
    const txid = toHex(r.bytes(32).slice().reverse())
    const vout = r.u32()
    if (r.varBytes().length !== 0)
      throw malformed(`input ${i} of the unsigned transaction has a scriptSig`)
    inputs.push({ txid, vout, sequence: r.u32() })
  }
  const nOut = r.compactSize()
  if (nOut > PSBT_LIMITS.outputs)
    throw new ClearSigningError(
      'TooLarge',
      `PSBT has ${nOut} outputs; at most ${PSBT_LIMITS.outputs} are reviewed.`,
    )
  const outputs: TxOut[] = []
  for (let i = 0; i < nOut; i++) outputs.push({ value: r.u64(), script: r.varBytes() })
  const locktime = r.u32()
  if (!r.done()) throw malformed('bytes after the unsigned transaction')
  return { version, inputs, outputs, locktime }
}

export function serializeTransaction(tx: UnsignedTx): Uint8Array {
  return concat(
    le32(tx.version),
    compactSize(tx.inputs.length),
    ...tx.inputs.flatMap((i) => [outpoint(i), Uint8Array.of(0), le32(i.sequence)]),
    compactSize(tx.outputs.length),
    ...tx.outputs.flatMap((o) => [le64(o.value), varBytes(o.script)]),
    le32(tx.locktime),
  )
}

/** txid (internal byte order) ‖ vout, as BIP143 and the transaction serialize an outpoint. */
export function outpoint(input: TxIn): Uint8Array {
  const txid = Uint8Array.from(input.txid.match(/../g) ?? [], (h) =>
    Number.parseInt(h, 16),
  ).reverse()
  return concat(txid, le32(input.vout))
}

function readInput(entries: KeyValue[], index: number): PsbtInput {
  let witnessUtxo: TxOut | undefined
  let sighashType: number | undefined
  const partialSigs = new Map<string, Uint8Array>()
  for (const { key, value } of entries) {
    const type = key[0]
    if (type === 0x01) {
      if (key.length !== 1) throw malformed(`input ${index} witnessUtxo key`)
      const r = reader(value)
      witnessUtxo = { value: r.u64(), script: r.varBytes() }
      if (!r.done()) throw malformed(`input ${index} witnessUtxo`)
    } else if (type === 0x02) {
      if (key.length !== 34 && key.length !== 66)
        throw malformed(`input ${index} partial signature key`)
      partialSigs.set(toHex(key.subarray(1)), value)
    } else if (type === 0x03) {
      if (key.length !== 1 || value.length !== 4) throw malformed(`input ${index} sighash type`)
      sighashType = reader(value).u32()
    }
  }
  return {
    ...(witnessUtxo === undefined ? {} : { witnessUtxo }),
    ...(sighashType === undefined ? {} : { sighashType }),
    partialSigs,
    entries,
  }
}

export function parsePsbt(bytes: Uint8Array): Psbt {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('"psbt" expected Uint8Array')
  if (bytes.length > PSBT_LIMITS.bytes) {
    throw new ClearSigningError(
      'TooLarge',
      `PSBT of ${bytes.length} bytes; at most ${PSBT_LIMITS.bytes} are reviewed.`,
    )
  }
  if (bytes.length < MAGIC.length || MAGIC.some((b, i) => bytes[i] !== b))
    throw malformed('no "psbt" magic')
  const r = reader(bytes.subarray(MAGIC.length))
  const global = readMap(r, 'the global map')
  const unsigned = global.filter((e) => e.key[0] === 0x00)
  if (unsigned.length !== 1 || unsigned[0]?.key.length !== 1)
    throw malformed('no unsigned transaction (version 0 PSBTs only)')
  const version = global.find((e) => e.key[0] === 0xfb)
  if (version !== undefined && reader(version.value).u32() !== 0) {
    throw new ClearSigningError('MalformedPayload', 'Only PSBT version 0 is supported.')
  }
  const tx = parseTransaction(unsigned[0].value)
  const inputs = tx.inputs.map((_, i) => readInput(readMap(r, `input ${i}`), i))
  const outputs = tx.outputs.map((_, i) => readMap(r, `output ${i}`))
  if (!r.done()) throw malformed('bytes after the last output map')
  return { tx, global, inputs, outputs }
}

function writeMap(entries: readonly KeyValue[]): Uint8Array {
  return concat(...entries.flatMap((e) => [varBytes(e.key), varBytes(e.value)]), Uint8Array.of(0))
}

/** The PSBT with `partialSigs` added to input maps (index → public key → signature). */
export function serializePsbt(
  psbt: Psbt,
  partialSigs: ReadonlyMap<
    number,
    { readonly publicKey: Uint8Array; readonly signature: Uint8Array }
  > = new Map(),
): Uint8Array {
  const inputs = psbt.inputs.map((input, i) => {
    const add = partialSigs.get(i)
    if (add === undefined) return input.entries
    const key = concat(Uint8Array.of(0x02), add.publicKey)
    const kept = input.entries.filter((e) => toHex(e.key) !== toHex(key))
    return [...kept, { key, value: add.signature }]
  })
  return concat(
    MAGIC,
    writeMap(psbt.global),
    ...inputs.map(writeMap),
    ...psbt.outputs.map(writeMap),
  )
}
