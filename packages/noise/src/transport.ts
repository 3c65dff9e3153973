/**
 * Transport after a Noise handshake, for channels that may reorder or repeat messages (a relay's
 * store-and-forward mailbox): every message carries its explicit 64-bit nonce, the receiver keeps a
 * sliding replay window, and keys move forward (Noise §4.2 REKEY) every `rekeyInterval` nonces so
 * both sides agree on the key of any nonce without a message. Sending stops hard before the nonce
 * space runs out. The whole state exports for persistence (it holds secrets: store it encrypted).
 */
import { abytes } from '@noble/hashes/utils.js'
import { CipherState, MAX_NONCE } from './cipherState.ts'
import { type CipherFunction, DEFAULT_CIPHERS } from './ciphers.ts'
import { NoiseError } from './errors.ts'
import type { HandshakeResult } from './handshakeState.ts'
import type { NoiseFunctions } from './primitives.ts'
import { ReplayWindow, type ReplayWindowState } from './replayWindow.ts'

/** The empty byte string (Noise's zero-length payload, prologue and associated data). */
const EMPTY = new Uint8Array(0)

export interface TransportOptions {
  /** Messages per key; both sides must agree. Default 2^16 (docs/SESSION.md). */
  readonly rekeyInterval?: number
  /** How far back reordered messages are still accepted. Default 1024; ≤ rekeyInterval. */
  readonly windowSize?: number
  /** How far ahead of the highest accepted nonce a message may be. Default 2^20. */
  readonly maxForwardGap?: number
}

export interface SealedMessage {
  readonly nonce: bigint
  readonly ciphertext: Uint8Array
}

/** Structured-clone-able state; `v` versions the layout. Holds keys: a secret. */
export interface TransportState {
  readonly v: 1
  readonly cipher: string
  readonly rekeyInterval: number
  readonly windowSize: number
  readonly maxForwardGap: number
  readonly send: { readonly key: Uint8Array; readonly epoch: bigint; readonly nextNonce: bigint }
  readonly receive: {
    readonly key: Uint8Array
    readonly epoch: bigint
    readonly previousKey: Uint8Array | undefined
    readonly window: ReplayWindowState
  }
}

export class Transport {
  readonly rekeyInterval: number
  readonly maxForwardGap: number
  readonly #interval: bigint
  #send: CipherState
  #sendEpoch: bigint
  #nextNonce: bigint
  #receive: CipherState
  #receiveEpoch: bigint
  #previous: CipherState | undefined
  readonly #window: ReplayWindow

  constructor(state: TransportState, cipher: CipherFunction | undefined) {
    if (cipher === undefined)
      throw new NoiseError('UnsupportedProtocol', `unsupported cipher "${state.cipher}"`)
    checkInterval(state.rekeyInterval, state.windowSize)
    if (!Number.isSafeInteger(state.maxForwardGap) || state.maxForwardGap < 1) {
      throw new RangeError(`maxForwardGap must be a positive integer, got ${state.maxForwardGap}`)
    }
    this.rekeyInterval = state.rekeyInterval
    this.maxForwardGap = state.maxForwardGap
    this.#interval = BigInt(state.rekeyInterval)
    this.#send = new CipherState(cipher, abytes(state.send.key, 32, 'send.key'))
    this.#sendEpoch = state.send.epoch
    this.#nextNonce = state.send.nextNonce
    this.#receive = new CipherState(cipher, abytes(state.receive.key, 32, 'receive.key'))
    this.#receiveEpoch = state.receive.epoch
    this.#previous =
      state.receive.previousKey === undefined
        ? undefined
        : new CipherState(cipher, abytes(state.receive.previousKey, 32, 'receive.previousKey'))
    this.#window = new ReplayWindow(state.windowSize, state.receive.window)
  }

  /** The nonce the next `seal` will use. */
  get nextNonce(): bigint {
    return this.#nextNonce
  }

  /** Encrypts one message under the next nonce. */
  seal(plaintext: Uint8Array, ad: Uint8Array = EMPTY): SealedMessage {
    abytes(plaintext, undefined, 'plaintext')
    const nonce = this.#nextNonce
    if (nonce >= MAX_NONCE) {
      throw new NoiseError('NonceExhausted', 'send nonces are exhausted: establish a new session')
    }
    const epoch = nonce / this.#interval
    while (this.#sendEpoch < epoch) {
      this.#send.rekey()
      this.#sendEpoch += 1n
    }
    const ciphertext = this.#send.encryptWithNonce(nonce, ad, plaintext)
    this.#nextNonce = nonce + 1n
    return { nonce, ciphertext }
  }

  /**
   * Decrypts a message. Replays and messages outside the window are refused before any work;
   * the window and keys only move once the message authenticated.
   */
  open(nonce: bigint, ciphertext: Uint8Array, ad: Uint8Array = EMPTY): Uint8Array {
    if (typeof nonce !== 'bigint' || nonce < 0n || nonce >= MAX_NONCE) {
      throw new NoiseError('NonceOutOfWindow', `nonce ${String(nonce)} is outside [0, 2^64−2]`)
    }
    this.#window.check(nonce)
    if (nonce - this.#window.highest > BigInt(this.maxForwardGap)) {
      throw new NoiseError(
        'NonceOutOfWindow',
        `nonce ${nonce} is more than ${this.maxForwardGap} ahead of the last received (${this.#window.highest})`,
      )
    }
    const epoch = nonce / this.#interval
    if (epoch < this.#receiveEpoch - 1n) {
      throw new NoiseError('NonceOutOfWindow', `nonce ${nonce} belongs to a retired key`)
    }
    if (epoch < this.#receiveEpoch) {
      if (this.#previous === undefined) {
        throw new NoiseError('NonceOutOfWindow', `nonce ${nonce} belongs to a retired key`)
      }
      const plaintext = this.#previous.decryptWithNonce(nonce, ad, ciphertext)
      this.#window.accept(nonce)
      return plaintext
    }
    // Same or later epoch: walk the key forward on copies, commit only after authentication.
    let previous = this.#previous
    let current = this.#receive
    for (let e = this.#receiveEpoch; e < epoch; e++) {
      previous = current
      current = current.clone()
      current.rekey()
    }
    let plaintext: Uint8Array
    try {
      plaintext = current.decryptWithNonce(nonce, ad, ciphertext)
    } catch (error) {
      if (current !== this.#receive) current.destroy()
      if (previous !== this.#receive && previous !== this.#previous) previous?.destroy()
      throw error
    }
    this.#window.accept(nonce)
    if (current !== this.#receive) {
      if (previous !== this.#receive) this.#receive.destroy()
      if (this.#previous !== undefined && this.#previous !== previous) this.#previous.destroy()
      this.#previous = previous
      this.#receive = current
      this.#receiveEpoch = epoch
    }
    return plaintext
  }

  exportState(): TransportState {
    return {
      v: 1,
      cipher: this.#send.cipher.name,
      rekeyInterval: this.rekeyInterval,
      windowSize: this.#window.size,
      maxForwardGap: this.maxForwardGap,
      send: { key: this.#send.exportKey(), epoch: this.#sendEpoch, nextNonce: this.#nextNonce },
      receive: {
        key: this.#receive.exportKey(),
        epoch: this.#receiveEpoch,
        previousKey: this.#previous?.exportKey(),
        window: this.#window.exportState(),
      },
    }
  }

  /** Erases every key. */
  destroy(): void {
    this.#send.destroy()
    this.#receive.destroy()
    this.#previous?.destroy()
  }
}

function checkInterval(rekeyInterval: number, windowSize: number): void {
  if (!Number.isSafeInteger(rekeyInterval) || rekeyInterval < 2) {
    throw new RangeError(`rekeyInterval must be an integer ≥ 2, got ${rekeyInterval}`)
  }
  if (windowSize > rekeyInterval) {
    throw new RangeError(
      `windowSize (${windowSize}) must not exceed rekeyInterval (${rekeyInterval})`,
    )
  }
}

/** Starts a transport from a split handshake. */
export function createTransport(
  handshake: HandshakeResult,
  options: TransportOptions = {},
): Transport {
  const windowSize = options.windowSize ?? 1024
  const state: TransportState = {
    v: 1,
    cipher: handshake.send.cipher.name,
    rekeyInterval: options.rekeyInterval ?? 2 ** 16,
    windowSize,
    maxForwardGap: options.maxForwardGap ?? 2 ** 20,
    send: { key: handshake.send.exportKey(), epoch: 0n, nextNonce: 0n },
    receive: {
      key: handshake.receive.exportKey(),
      epoch: 0n,
      previousKey: undefined,
      window: { highest: -1n, bitmap: new Uint32Array(Math.ceil(windowSize / 32)) },
    },
  }
  return new Transport(state, handshake.send.cipher)
}

/**
 * Resumes a transport from `exportState()` (after a reload or an app switch). Only the cipher
 * table is consulted (default: `DEFAULT_FUNCTIONS.cipher`); any `NoiseFunctions` will do.
 */
export function restoreTransport(
  state: TransportState,
  functions: Pick<NoiseFunctions, 'cipher'> = { cipher: DEFAULT_CIPHERS },
): Transport {
  if (state?.v !== 1) throw new NoiseError('UnsupportedProtocol', 'unknown transport state version')
  return new Transport(state, functions.cipher[state.cipher])
}
