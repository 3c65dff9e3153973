/**
 * HandshakeState (Noise rev. 34 §5.3): runs any pattern of `patterns.ts` for one party.
 * Sans-I/O: `writeMessage` returns bytes to send, `readMessage` takes bytes received.
 * A handshake that throws is failed for good; one that finished yields its keys once, by `split()`.
 */
import { abytes, clean, concatBytes } from '@noble/hashes/utils.js'
import type { CipherState } from './cipherState.ts'
import { MAX_MESSAGE_LENGTH, TAG_LENGTH } from './cipherState.ts'
import { NoiseError } from './errors.ts'
import type { Token } from './patterns.ts'
import type { KeyPair, NoiseFunctions } from './primitives.ts'
import { secureRandom } from './primitives.ts'
import { type NoiseProtocol, parseProtocolName } from './protocolName.ts'
import { SymmetricState } from './symmetricState.ts'

/** The empty byte string (Noise's zero-length payload, prologue and associated data). */
const EMPTY = new Uint8Array(0)

export interface HandshakeOptions {
  /** e.g. `Noise_IK_25519_ChaChaPoly_BLAKE2s`; selects pattern and functions. */
  readonly protocolName: string
  readonly initiator: boolean
  readonly prologue?: Uint8Array
  /** Our static key pair, when the pattern sends or pre-shares one. */
  readonly staticKeyPair?: KeyPair
  /** The peer's static public key, when the pattern pre-shares it (`<- s` for an initiator). */
  readonly remoteStaticKey?: Uint8Array
  /** 32-byte pre-shared keys, in the order the pattern's psk tokens use them. */
  readonly psks?: readonly Uint8Array[]
  /**
   * Source of the ephemeral private key. Defaults to WebCrypto; only known-answer tests pass
   * their own. An ephemeral must never be reused.
   */
  readonly random?: (length: number) => Uint8Array
  /** Functions the protocol name may select; default 25519, ChaChaPoly and four hashes. */
  readonly functions?: NoiseFunctions
}

/** What a finished handshake hands to the transport. */
export interface HandshakeResult {
  /** Encrypts what we send. */
  readonly send: CipherState
  /** Decrypts what we receive. In one-way patterns (N, K, X) only initiator → responder is used. */
  readonly receive: CipherState
  /** Channel binding value (§11.2). */
  readonly handshakeHash: Uint8Array
  /** The peer's static public key, if the pattern transmitted or pre-shared one. */
  readonly remoteStaticKey: Uint8Array | undefined
}

type Status = 'in-progress' | 'complete' | 'failed' | 'split'

export class HandshakeState {
  readonly protocol: NoiseProtocol
  readonly initiator: boolean
  readonly #symmetric: SymmetricState
  readonly #random: (length: number) => Uint8Array
  readonly #psks: readonly Uint8Array[]
  #s: KeyPair | undefined
  #e: KeyPair | undefined
  #rs: Uint8Array | undefined
  #re: Uint8Array | undefined
  #messageIndex = 0
  #pskIndex = 0
  #status: Status = 'in-progress'

  constructor(options: HandshakeOptions) {
    const protocol = parseProtocolName(options.protocolName, options.functions)
    const { pattern, dh } = protocol
    this.protocol = protocol
    this.initiator = options.initiator
    this.#random = options.random ?? secureRandom
    this.#s = options.staticKeyPair
    this.#rs = options.remoteStaticKey
    this.#psks = options.psks ?? []
    if (this.#s !== undefined) {
      abytes(this.#s.publicKey, dh.length, 'staticKeyPair.publicKey')
      abytes(this.#s.privateKey, dh.length, 'staticKeyPair.privateKey')
    }
    if (this.#rs !== undefined) abytes(this.#rs, dh.length, 'remoteStaticKey')
    for (const [i, psk] of this.#psks.entries()) abytes(psk, 32, `psks[${i}]`)
    this.#checkKeys()

    this.#symmetric = new SymmetricState(protocol.name, protocol.cipher, protocol.hash)
    this.#symmetric.mixHash(options.prologue ?? EMPTY)
    // §7.1: pre-message public keys are hashed, initiator's first.
    const ours = this.initiator ? this.#s?.publicKey : this.#rs
    const theirs = this.initiator ? this.#rs : this.#s?.publicKey
    for (const token of pattern.initiatorPreMessage)
      if (token === 's' && ours) this.#symmetric.mixHash(ours)
    for (const token of pattern.responderPreMessage)
      if (token === 's' && theirs) this.#symmetric.mixHash(theirs)
  }

  /** True when the next call must be `writeMessage`. */
  get isMyTurn(): boolean {
    return this.#status === 'in-progress' && this.#messageIndex % 2 === (this.initiator ? 0 : 1)
  }

  /** True once the last handshake message has been written or read. */
  get isComplete(): boolean {
    return this.#status === 'complete' || this.#status === 'split'
  }

  /** The current handshake hash h (the final one once complete). */
  get handshakeHash(): Uint8Array {
    return this.#symmetric.handshakeHash
  }

  get remoteStaticKey(): Uint8Array | undefined {
    return this.#rs?.slice()
  }

  /** §5.3 WriteMessage: returns the handshake message carrying `payload`. */
  writeMessage(payload: Uint8Array = EMPTY): Uint8Array {
    abytes(payload, undefined, 'payload')
    const tokens = this.#begin('write')
    return this.#guard(() => {
      const parts: Uint8Array[] = []
      for (const token of tokens) parts.push(this.#writeToken(token))
      const overhead = this.#symmetric.cipherState.hasKey() ? TAG_LENGTH : 0
      const length = parts.reduce((sum, part) => sum + part.length, 0) + payload.length + overhead
      if (length > MAX_MESSAGE_LENGTH) {
        throw new NoiseError(
          'MessageTooLarge',
          `handshake message of ${length} bytes exceeds the Noise limit of ${MAX_MESSAGE_LENGTH}`,
        )
      }
      parts.push(this.#symmetric.encryptAndHash(payload))
      this.#finishMessage()
      return concatBytes(...parts)
    })
  }

  /** §5.3 ReadMessage: returns the payload of a handshake message from the peer. */
  readMessage(message: Uint8Array): Uint8Array {
    abytes(message, undefined, 'message')
    const tokens = this.#begin('read')
    return this.#guard(() => {
      if (message.length > MAX_MESSAGE_LENGTH) {
        throw new NoiseError(
          'MessageTooLarge',
          `handshake message of ${message.length} bytes exceeds the Noise limit of ${MAX_MESSAGE_LENGTH}`,
        )
      }
      let offset = 0
      const take = (length: number): Uint8Array => {
        if (offset + length > message.length) {
          throw new NoiseError(
            'MessageTooShort',
            `handshake message ${this.#messageIndex + 1} is truncated: ${message.length} bytes`,
          )
        }
        const part = message.subarray(offset, offset + length)
        offset += length
        return part
      }
      for (const token of tokens) this.#readToken(token, take)
      const rest = message.subarray(offset)
      if (this.#symmetric.cipherState.hasKey() && rest.length < TAG_LENGTH) {
        throw new NoiseError(
          'MessageTooShort',
          `handshake message ${this.#messageIndex + 1} is truncated: ${message.length} bytes`,
        )
      }
      const payload = this.#decrypt(rest)
      this.#finishMessage()
      return payload
    })
  }

  /**
   * §5.2 Split, once the last message is done. Hands out the transport keys, then erases this
   * handshake's secrets; any later call fails.
   */
  split(): HandshakeResult {
    if (this.#status !== 'complete') {
      throw new NoiseError(
        'HandshakeNotSplittable',
        this.#status === 'split'
          ? 'handshake keys were already taken by split()'
          : 'split() before the handshake is complete',
      )
    }
    const [c1, c2] = this.#symmetric.split()
    const result: HandshakeResult = {
      send: this.initiator ? c1 : c2,
      receive: this.initiator ? c2 : c1,
      handshakeHash: this.#symmetric.handshakeHash,
      remoteStaticKey: this.#rs?.slice(),
    }
    this.#status = 'split'
    this.#symmetric.destroy()
    if (this.#e !== undefined) clean(this.#e.privateKey)
    return result
  }

  #checkKeys(): void {
    const { pattern } = this.protocol
    const all = [...pattern.initiatorPreMessage, ...pattern.messages.flat()]
    const needsOwnStatic =
      (this.initiator ? pattern.initiatorPreMessage : pattern.responderPreMessage).includes('s') ||
      pattern.messages.some(
        (tokens, i) => i % 2 === (this.initiator ? 0 : 1) && tokens.includes('s'),
      )
    const needsRemoteStatic = (
      this.initiator ? pattern.responderPreMessage : pattern.initiatorPreMessage
    ).includes('s')
    if (needsOwnStatic && this.#s === undefined) {
      throw new NoiseError('MissingKey', `${pattern.name} needs our static key pair`)
    }
    if (needsRemoteStatic && this.#rs === undefined) {
      throw new NoiseError('MissingKey', `${pattern.name} needs the remote static public key`)
    }
    if (!needsRemoteStatic && this.#rs !== undefined) {
      throw new NoiseError(
        'MissingKey',
        `${pattern.name} transmits the remote static key; do not pre-set it`,
      )
    }
    const psks = all.filter((token) => token === 'psk').length
    if (this.#psks.length !== psks) {
      throw new NoiseError(
        'MissingKey',
        `${pattern.name} needs ${psks} PSK(s), got ${this.#psks.length}`,
      )
    }
  }

  #begin(direction: 'write' | 'read'): readonly Token[] {
    if (this.#status === 'failed') {
      throw new NoiseError('HandshakeFailed', 'handshake failed earlier and cannot be used')
    }
    if (this.#status !== 'in-progress') {
      throw new NoiseError('HandshakeComplete', 'handshake is complete: no more handshake messages')
    }
    if ((direction === 'write') !== this.isMyTurn) {
      throw new NoiseError(
        'OutOfOrder',
        `handshake message ${this.#messageIndex + 1} must be ${direction === 'write' ? 'read' : 'written'} by this party, not ${direction === 'write' ? 'written' : 'read'}`,
      )
    }
    const tokens = this.protocol.pattern.messages[this.#messageIndex]
    if (tokens === undefined) throw new NoiseError('HandshakeComplete', 'no handshake message left')
    return tokens
  }

  /** Any error inside a message fails the whole handshake (§5.3: abort on decryption failure). */
  #guard<T>(work: () => T): T {
    try {
      return work()
    } catch (error) {
      this.#status = 'failed'
      this.#symmetric.destroy()
      if (this.#e !== undefined) clean(this.#e.privateKey)
      throw error
    }
  }

  #finishMessage(): void {
    this.#messageIndex += 1
    if (this.#messageIndex === this.protocol.pattern.messages.length) this.#status = 'complete'
  }

  #writeToken(token: Token): Uint8Array {
    const { dh, pattern } = this.protocol
    switch (token) {
      case 'e': {
        const e = dh.generateKeyPair(this.#random)
        this.#e = e
        this.#symmetric.mixHash(e.publicKey)
        if (pattern.psk) this.#symmetric.mixKey(e.publicKey) // §9.2
        return e.publicKey
      }
      case 's':
        return this.#symmetric.encryptAndHash(this.#required(this.#s, 's').publicKey)
      case 'psk':
        this.#mixPsk()
        return EMPTY
      default:
        this.#mixDh(token)
        return EMPTY
    }
  }

  #readToken(token: Token, take: (length: number) => Uint8Array): void {
    const { dh, pattern } = this.protocol
    switch (token) {
      case 'e': {
        const re = take(dh.length).slice()
        this.#re = re
        this.#symmetric.mixHash(re)
        if (pattern.psk) this.#symmetric.mixKey(re) // §9.2
        return
      }
      case 's': {
        const sealed = take(dh.length + (this.#symmetric.cipherState.hasKey() ? TAG_LENGTH : 0))
        this.#rs = this.#decrypt(sealed)
        return
      }
      case 'psk':
        this.#mixPsk()
        return
      default:
        this.#mixDh(token)
    }
  }

  #decrypt(ciphertext: Uint8Array): Uint8Array {
    try {
      return this.#symmetric.decryptAndHash(ciphertext)
    } catch (error) {
      if (error instanceof NoiseError && error.code === 'DecryptFailed') {
        throw new NoiseError(
          'DecryptFailed',
          `handshake message ${this.#messageIndex + 1} failed authentication: wrong static key or tampered message`,
          { cause: error },
        )
      }
      throw error
    }
  }

  #mixPsk(): void {
    const psk = this.#psks[this.#pskIndex]
    if (psk === undefined) throw new NoiseError('MissingKey', 'no PSK left for this psk token')
    this.#pskIndex += 1
    this.#symmetric.mixKeyAndHash(psk)
  }

  /** ee, es, se, ss: the first letter is the initiator's key, the second the responder's. */
  #mixDh(token: 'ee' | 'es' | 'se' | 'ss'): void {
    const initiatorKey = token[0] as 'e' | 's'
    const responderKey = token[1] as 'e' | 's'
    const local = this.initiator ? initiatorKey : responderKey
    const remote = this.initiator ? responderKey : initiatorKey
    const privateKey = this.#required(local === 'e' ? this.#e : this.#s, local).privateKey
    const publicKey = this.#required(remote === 'e' ? this.#re : this.#rs, `remote ${remote}`)
    const shared = this.protocol.dh.dh(privateKey, publicKey)
    this.#symmetric.mixKey(shared)
    clean(shared)
  }

  #required<T>(value: T | undefined, what: string): T {
    if (value === undefined)
      throw new NoiseError('MissingKey', `pattern needs key "${what}" which is not set`)
    return value
  }
}

/** Starts one party's side of a Noise handshake. */
export function createHandshake(options: HandshakeOptions): HandshakeState {
  return new HandshakeState(options)
}
