/**
 * A party's OT state toward one peer (the output of `pairSetup.ts`) and its byte codec for
 * storage. Holds Δ and base-OT seeds, the long-lived secrets whose leak breaks every later
 * signature of the pair: encode only into encrypted storage, never log, never hex. A Ban wipes the
 * secrets and sets `banned`, after which signing with the pair is refused until a fresh setup.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { ByteReader, ByteWriter } from '../encoding/codec.ts'
import { MpcError } from '../errors.ts'
import { KAPPA, type OteReceiverSetup, type OteSenderSetup } from '../ot/extension.ts'
import { gadgetVector } from '../vole/rvole.ts'

export type PairOtState = {
  readonly v: 1
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

export function encodePairOtState(state: PairOtState): Uint8Array {
  return new ByteWriter()
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
    .bytes(state.receiver.seeds0)
    .bytes(state.receiver.seeds1)
    .finish()
}

export function decodePairOtState(bytes: Uint8Array): PairOtState {
  try {
    const r = new ByteReader(bytes)
    if (r.u8() !== MAGIC || r.u8() !== 1) throw new RangeError('not a v1 pair OT state')
    const self = r.u8()
    const peer = r.u8()
    const epoch = r.u32()
    const keyId = new TextDecoder().decode(r.varBytes())
    const setupSid = r.bytes(32)
    const banned = r.u8()
    if (banned > 1) throw new RangeError('bad banned flag')
    const delta = r.bytes(KAPPA / 8)
    const seeds = r.bytes(SEEDS)
    const seeds0 = r.bytes(SEEDS)
    const seeds1 = r.bytes(SEEDS)
    r.end()
    if (self === 0 || peer === 0 || self === peer) throw new RangeError('bad party indices')
    return {
      v: 1,
      self,
      peer,
      keyId,
      epoch,
      setupSid,
      sender: { delta, seeds },
      receiver: { seeds0, seeds1 },
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
  state.receiver.seeds0.fill(0)
  state.receiver.seeds1.fill(0)
}

const gadgets = new WeakMap<Uint8Array, bigint[]>()

/** The pair's public gadget vector, derived from its setup sid and memoised per state. */
export function pairGadget(state: PairOtState): bigint[] {
  let g = gadgets.get(state.setupSid)
  if (g === undefined) {
    g = gadgetVector(state.setupSid)
    gadgets.set(state.setupSid, g)
  }
  return g
}
