/**
 * DKLs23 signing inside the Worker (docs/THRESHOLD.md#dkls23-signing,
 * docs/THRESHOLD.md#presignatures), driven round by round with handles: open (our fresh 32-byte
 * session nonce, made here so a sid is never reused by our side) → round 1 with every other
 * signer's nonce → round 2 → round 3, which keeps the presignature in the Worker → sign(message
 * hash) → combine. Or: rounds 1–2, then `dklsPresign` stores the presignature beside the share, and
 * `dklsSignWithPresignature` consumes it (durably, before w_i leaves) and opens a session for
 * `dklsCombine`. Any failed call ends its session; a Ban is persisted before the error leaves, so
 * the pair refuses to sign until a fresh setup.
 */

import { equalBytes } from '@noble/curves/utils.js'
import { abytes, bytesToHex } from '@noble/hashes/utils.js'
import { deriveSecp256k1 } from '../derive/bip32.ts'
import { parsePath } from '../derive/path.ts'
import type { KeyShare } from '../dkg/keyShare.ts'
import type { SignMessage } from '../dkls23/messages.ts'
import type { PairOtState } from '../dkls23/pairState.ts'
import type { Presignature } from '../dkls23/presignature.ts'
import type { EcdsaSignature } from '../dkls23/signMath.ts'
import { createSignSession, type SignSession } from '../dkls23/signSession.ts'
import { type Rng, randomBytes } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import type { KeyVault } from './keyVault.ts'
import type { SigningVault } from './signingVault.ts'

type Opened = {
  readonly signers: readonly number[]
  readonly nonce: Uint8Array
  readonly derivation: { readonly delta: bigint; readonly path: readonly number[] }
}

type Session = {
  readonly handle: string
  /** Our OT states toward the other signers (none for a stored presignature). */
  readonly pairs: Readonly<Record<number, PairOtState>>
  readonly opened?: Opened
  protocol?: SignSession
  presignature?: Presignature
}

function checkSigners(share: KeyShare, signers: unknown): number[] {
  if (!Array.isArray(signers)) throw new TypeError('"signers" expected an array')
  const sorted = [...(signers as unknown[])].sort((a, b) => Number(a) - Number(b))
  for (const [k, j] of sorted.entries()) {
    if (typeof j !== 'number' || !Number.isSafeInteger(j)) {
      throw new TypeError(`signer index expected integer, got ${typeof j}`)
    }
    if (j < 1 || j > share.n) throw new RangeError(`signer index ${j} outside [1, ${share.n}]`)
    if (k > 0 && sorted[k - 1] === j) throw new RangeError(`duplicate signer index ${j}`)
  }
  if (sorted.length < share.t || sorted.length > share.n) {
    throw new RangeError(`expected between ${share.t} and ${share.n} signers, got ${sorted.length}`)
  }
  if (!sorted.includes(share.index)) {
    throw new RangeError(`own index ${share.index} is not a signer`)
  }
  return sorted as number[]
}

function derivationOf(share: KeyShare, path: unknown) {
  if (path === undefined) return { delta: 0n, path: [] }
  if (typeof path !== 'string') throw new TypeError(`"path" expected string, got ${typeof path}`)
  const steps = parsePath(path)
  return { delta: deriveSecp256k1(share, steps).delta, path: steps }
}

/** The other signers' nonces plus ours; ours may be repeated but never replaced. */
function allNonces(s: Opened, self: number, nonces: unknown): Record<number, Uint8Array> {
  if (nonces === null || typeof nonces !== 'object') throw new TypeError('"nonces" expected object')
  const given = nonces as Record<string, unknown>
  for (const key of Object.keys(given)) {
    if (!s.signers.includes(Number(key))) throw new RangeError(`"nonces" has non-signer ${key}`)
  }
  const out: Record<number, Uint8Array> = { [self]: s.nonce }
  for (const j of s.signers) {
    if (j === self) {
      if (
        given[j] !== undefined &&
        !equalBytes(abytes(given[j] as Uint8Array, 32, `nonces[${j}]`), s.nonce)
      ) {
        throw new RangeError(`"nonces[${j}]" is not the nonce this session opened with`)
      }
      continue
    }
    out[j] = abytes(given[j] as Uint8Array, 32, `nonces[${j}]`)
  }
  return out
}

export function createDklsSessions(vault: KeyVault, signing: SigningVault, rng: Rng | undefined) {
  const sessions = new Map<string, Session>()
  const newId = () => `dkls-${bytesToHex(randomBytes(16, rng))}`

  function take(session: string): Session {
    const s = typeof session === 'string' ? sessions.get(session) : undefined
    if (s === undefined) throw new MpcError('Malformed', `unknown DKLs23 session "${session}"`)
    return s
  }

  /** Runs a call; any failure forgets the session and persists any Ban it raised. */
  async function step<T>(session: string, run: (s: Session) => T | Promise<T>): Promise<T> {
    const s = take(session)
    try {
      return await run(s)
    } catch (error) {
      sessions.delete(session)
      s.protocol?.destroy()
      // The session wiped a banned pair in memory (the cached object every session shares), so
      // this Worker refuses it already; persisting makes the refusal survive a restart. A storage
      // failure here does not hide the protocol error, nor is it silent: the error says so, and
      // every later use of the pair refuses and retries the write (signingVault.ts).
      try {
        await signing.persistBans(s.handle, Object.values(s.pairs))
      } catch (cause) {
        if (error instanceof MpcError && Object.values(s.pairs).some((p) => p.banned))
          throw new MpcError(
            error.code,
            `${error.message} (storing the Ban failed: the pair refuses until it is stored)`,
            {
              ...(error.culprit === undefined ? {} : { culprit: error.culprit }),
              ...(error.pair === undefined ? {} : { pair: error.pair }),
              cause,
            },
          )
      }
      throw error
    }
  }

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`dkls23: call ${what} first`)
    return value
  }

  return {
    /** Opens a session for `signers` (ours included), on the child key at `path` if given. */
    async dklsOpen(
      handle: string,
      options: { readonly signers: readonly number[]; readonly path?: string },
    ): Promise<{ session: string; nonce: Uint8Array }> {
      const share = await vault.load(handle)
      if (share.curve !== 'secp256k1') throw new TypeError('DKLs23 signs on secp256k1 only')
      if (options === null || typeof options !== 'object') {
        throw new TypeError('"options" expected object')
      }
      const signers = checkSigners(share, options.signers)
      const derivation = derivationOf(share, options.path)
      const peers = signers.filter((j) => j !== share.index)
      const pairs = await signing.pairs(handle, share, peers)
      const session = newId()
      const nonce = randomBytes(32, rng)
      sessions.set(session, { handle, pairs, opened: { signers, nonce, derivation } })
      return { session, nonce: nonce.slice() }
    },

    /** Round 1, once every other signer's nonce is known: our OTE receiver messages. */
    async dklsRound1(
      session: string,
      nonces: Readonly<Record<number, Uint8Array>>,
    ): Promise<SignMessage[]> {
      return step(session, async (s) => {
        const opened = need(s.opened, 'dklsOpen')
        if (s.protocol !== undefined) throw new Error('dkls23: round 1 called twice')
        const share = await vault.load(s.handle)
        s.protocol = createSignSession({
          share,
          signers: opened.signers,
          pairs: s.pairs,
          nonces: allNonces(opened, share.index, nonces),
          derivation: opened.derivation,
          ...(rng === undefined ? {} : { rng }),
        })
        return s.protocol.round1()
      })
    },

    async dklsRound2(session: string, inbound: readonly SignMessage[]): Promise<SignMessage[]> {
      return step(session, (s) => need(s.protocol, 'dklsRound1').round2(inbound))
    },

    /** Round 3's local part: the presignature stays in this session, ready for one message. */
    async dklsRound3(session: string, inbound: readonly SignMessage[]): Promise<void> {
      await step(session, (s) => {
        s.presignature = need(s.protocol, 'dklsRound1').round3(inbound)
      })
    },

    /** Signs a 32-byte message hash with the session's presignature: our round-3 broadcast. */
    async dklsSign(session: string, messageHash: Uint8Array): Promise<SignMessage[]> {
      return step(session, (s) =>
        // An online presignature lives only in this session: nothing durable to mark.
        need(s.presignature, 'dklsRound3').sign(messageHash, { markConsumed: async () => {} }),
      )
    },

    /** Combines every signer's round-3 broadcast: the signature, verified under PK′. */
    async dklsCombine(session: string, inbound: readonly SignMessage[]): Promise<EcdsaSignature> {
      return step(session, (s) => {
        const signature = need(s.presignature, 'dklsRound3').combine(inbound)
        sessions.delete(session)
        return signature
      })
    },

    /** Instead of round 3: stores the presignature beside the share; returns its id. */
    async dklsPresign(
      session: string,
      inbound: readonly SignMessage[],
    ): Promise<{ presignature: string }> {
      return step(session, async (s) => {
        const presig = need(s.protocol, 'dklsRound1').round3(inbound)
        const id = await signing.storePresignature(s.handle, presig)
        sessions.delete(session)
        return { presignature: id }
      })
    },

    /**
     * Consumes a stored presignature (its consumed marker is durable before w_i is computed) and
     * signs `messageHash`: our round-3 broadcast, and a session for `dklsCombine`.
     */
    async dklsSignWithPresignature(
      handle: string,
      presignature: string,
      messageHash: Uint8Array,
    ): Promise<{ session: string; messages: SignMessage[] }> {
      if (typeof presignature !== 'string') throw new TypeError('"presignature" expected string')
      abytes(messageHash, 32, 'messageHash')
      const share = await vault.load(handle)
      const opened = await signing.openPresignature(handle, share, presignature)
      const messages = await opened.presignature.sign(messageHash, {
        markConsumed: opened.markConsumed,
      })
      const session = newId()
      sessions.set(session, { handle, pairs: {}, presignature: opened.presignature })
      return { session, messages }
    },

    /** Abandons a session (its presignature, if any, can never be used). */
    async dklsAbort(session: string): Promise<void> {
      sessions.get(session)?.protocol?.destroy()
      sessions.delete(session)
    },

    /** Ends every session of a key whose share switched or was deleted. */
    forget(handle: string): void {
      for (const [id, s] of sessions)
        if (s.handle === handle) {
          s.protocol?.destroy()
          sessions.delete(id)
        }
    },
  }
}
