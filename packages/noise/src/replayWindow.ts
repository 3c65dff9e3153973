/**
 * A sliding replay window over 64-bit nonces (the RFC 6479 bitmap idea): the highest nonce seen
 * and a bitmap of the `size` nonces below it. A nonce is acceptable if it is new and not older
 * than the window. `check` never changes state; `accept` does, and is only called once a message
 * authenticated — otherwise forged nonces could slide the window and make real messages "old".
 */
import { NoiseError } from './errors.ts'

export interface ReplayWindowState {
  /** Highest accepted nonce, or -1n before the first. */
  readonly highest: bigint
  /** Bit i set ⇔ nonce (highest − i) was accepted; i < size. */
  readonly bitmap: Uint32Array
}

export class ReplayWindow {
  readonly size: number
  #highest: bigint
  #bitmap: Uint32Array

  constructor(size = 1024, state?: ReplayWindowState) {
    if (!Number.isInteger(size) || size < 32 || size % 32 !== 0 || size > 1 << 20) {
      throw new RangeError(`replay window size must be a multiple of 32 in [32, 2^20], got ${size}`)
    }
    this.size = size
    this.#highest = state?.highest ?? -1n
    this.#bitmap = state ? Uint32Array.from(state.bitmap) : new Uint32Array(size / 32)
    if (this.#bitmap.length !== size / 32)
      throw new RangeError('replay window bitmap has the wrong size')
  }

  get highest(): bigint {
    return this.#highest
  }

  /** Throws NoiseError('Replay' | 'NonceOutOfWindow') when `nonce` must be refused. */
  check(nonce: bigint): void {
    if (nonce > this.#highest) return
    const age = this.#highest - nonce
    if (age >= BigInt(this.size)) {
      throw new NoiseError(
        'NonceOutOfWindow',
        `nonce ${nonce} is older than the replay window (highest ${this.#highest}, window ${this.size})`,
      )
    }
    if (this.#isSet(Number(age)))
      throw new NoiseError('Replay', `nonce ${nonce} was already received`)
  }

  /** Records an authenticated nonce. */
  accept(nonce: bigint): void {
    this.check(nonce)
    if (nonce > this.#highest) {
      const shift = nonce - this.#highest
      this.#shift(shift >= BigInt(this.size) ? this.size : Number(shift))
      this.#highest = nonce
      this.#set(0)
    } else {
      this.#set(Number(this.#highest - nonce))
    }
  }

  exportState(): ReplayWindowState {
    return { highest: this.#highest, bitmap: this.#bitmap.slice() }
  }

  #isSet(age: number): boolean {
    return ((this.#bitmap[age >>> 5] ?? 0) & (1 << (age & 31))) !== 0
  }

  #set(age: number): void {
    const word = age >>> 5
    this.#bitmap[word] = (this.#bitmap[word] ?? 0) | (1 << (age & 31))
  }

  /** Ages every recorded nonce by `by` positions; bits older than the window fall off. */
  #shift(by: number): void {
    const words = this.#bitmap.length
    if (by >= this.size) {
      this.#bitmap.fill(0)
      return
    }
    const wordShift = by >>> 5
    const bitShift = by & 31
    for (let i = words - 1; i >= 0; i--) {
      const from = i - wordShift
      const high = from >= 0 ? (this.#bitmap[from] ?? 0) : 0
      const low = from - 1 >= 0 ? (this.#bitmap[from - 1] ?? 0) : 0
      this.#bitmap[i] =
        bitShift === 0 ? high : ((high << bitShift) | (low >>> (32 - bitShift))) >>> 0
    }
  }
}
