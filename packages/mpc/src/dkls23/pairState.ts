/**
 * A party's OT state toward one peer (the output of `pairSetup.ts`) and its byte codec for
 * storage. Holds Δ and base-OT seeds, the long-lived secrets whose leak breaks every later
 * signature of the pair: encode only into encrypted storage, never log, never hex. A Ban wipes the
 * secrets and sets `banned`, after which signing with the pair is refused until a fresh setup.
 *
 * Versioned (docs/THRESHOLD.md#security-parameters): the version byte selects the OT parameter set
 * (`../ot/params.ts`) the state signs under. v1 (k = 1, λ_s = 128: κ seeds for the sender, κ pairs
 * for the receiver) is what setups produced before SoftSpokenOT k = 2 and keeps signing as it is;
 * v2 (k = 2, λ_s = 80: 3 leaves per block for the sender, 4 for the receiver) is what every new
 * setup produces. Each version decodes only its own exact layout.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { ByteReader, ByteWriter } from '../encoding/codec.ts'
import { MpcError } from '../errors.ts'
import { KAPPA, type OteReceiverSetup, type OteSenderSetup } from '../ot/extension.ts'
import { type OtVersion, otParams } from '../ot/params.ts'
import { gadgetVector } from '../vole/rvole.ts'

export type PairOtState = {
  /** The OT parameter set (`../ot/params.ts`): 1 = k = 1, λ_s = 128; 2 = k = 2, λ_s = 80. */
  readonly v: OtVersion
  readonly self: number
  readonly peer: number
  readonly keyId: string
  readonly epoch: number
  readonly setupSid: Uint8Array
  /** We are the OTE sender (vOLE Alice) toward the peer. */
  readonly sender: OteSenderSetup
  /** We are the OTE receiver (vOLE Bob) from the peer. */
  readonly receiver: OteReceiverSetup
  banned: boolean
}

const MAGIC = 0x44 // 'D'
const SEEDS = 32 * KAPPA
/** v2: the sender's 3 leaves and the receiver's 4 leaves per block of two base OTs. */
const SLOTS = 32 * 3 * (KAPPA / 2)
const LEAVES = 32 * 4 * (KAPPA / 2)

/** The receiver's secret byte arrays in codec order (v1: seeds0, seeds1; v2: leaves). */
function receiverParts(state: PairOtState): Uint8Array[] {
  const r = state.receiver
  if (state.v === 1) {
    if (!('seeds0' in r)) throw new RangeError('a v1 pair OT state holds seeds0 and seeds1')
    return [r.seeds0, r.seeds1]
  }
  if (!('leaves' in r)) throw new RangeError('a v2 pair OT state holds leaves')
  return [r.leaves]
}

export function encodePairOtState(state: PairOtState): Uint8Array {
  const w = new ByteWriter()
    .u8(MAGIC)
    .u8(state.v)
    .u8(state.self)
    .u8(state.peer)
    .u32(state.epoch)
    .varBytes(utf8ToBytes(state.keyId))
    .bytes(state.setupSid)
    .u8(state.banned ? 1 : 0)
    .bytes(state.sender.delta)
    .bytes(state.sender.seeds)
  for (const part of receiverParts(state)) w.bytes(part)
  return w.finish()
}

export function decodePairOtState(bytes: Uint8Array): PairOtState {
  try {
    const r = new ByteReader(bytes)
    if (r.u8() !== MAGIC) throw new RangeError('not a pair OT state')
    const v = r.u8()
    if (v !== 1 && v !== 2) throw new RangeError(`unknown pair OT state version ${v}`)
    const self = r.u8()
    const peer = r.u8()
    const epoch = r.u32()
    const keyId = new TextDecoder().decode(r.varBytes())
    const setupSid = r.bytes(32)
    const banned = r.u8()
    if (banned > 1) throw new RangeError('bad banned flag')
    const delta = r.bytes(KAPPA / 8)
    const seeds = r.bytes(v === 1 ? SEEDS : SLOTS)
    const receiver: OteReceiverSetup =
      v === 1 ? { seeds0: r.bytes(SEEDS), seeds1: r.bytes(SEEDS) } : { leaves: r.bytes(LEAVES) }
    r.end()
    if (self === 0 || peer === 0 || self === peer) throw new RangeError('bad party indices')
    return {
      v,
      self,
      peer,
      keyId,
      epoch,
      setupSid,
      sender: { delta, seeds },
      receiver,
      banned: banned === 1,
    }
  } catch (cause) {
    throw new MpcError('Malformed', 'pair OT state does not decode', { cause })
  }
}

/**
 * Ban (docs/THRESHOLD.md#conventions): wipe the pair's OT secrets, refuse it until a fresh setup.
 */
export function banPair(state: PairOtState): void {
  state.banned = true
  state.sender.delta.fill(0)
  state.sender.seeds.fill(0)
  for (const part of receiverParts(state)) part.fill(0)
}

const gadgets = new WeakMap<Uint8Array, bigint[]>()

/**
 * The pair's public gadget vector (ξ entries of its parameter set), derived from its setup sid and
 * memoised per state.
 */
export function pairGadget(state: PairOtState): bigint[] {
  const xi = otParams(state.v).xi
  let g = gadgets.get(state.setupSid)
  if (g === undefined || g.length !== xi) {
    g = gadgetVector(state.setupSid, xi)
    gadgets.set(state.setupSid, g)
  }
  return g
}
