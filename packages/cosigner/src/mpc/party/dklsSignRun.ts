/**
 * DKLs23 threshold ECDSA with the device (docs/THRESHOLD.md#dkls23-signing), signing set {1, 2}.
 * Every signing run names the derivation path it signs at: both parties add the same tweak δ,
 * derived from the key's public state (signingKey.ts), and the policy decision and every audit
 * record name the child's address. The policy decodes the request the signer sends (EVM
 * transaction, EIP-191 message or EIP-712 typed data); the device's digest must be the one it
 * derives — a digest that does not match the request is refused before the policy spends a
 * counter — and only that digest is signed.
 *   online:  r1 {keyId, epoch, path, request, digest, nonce} → {nonce, messages: our round 1}
 *            r2 {messages: their rounds 1–2}   → {messages: our round 2 + our (u, w)}
 *            r3 {messages: their (u, w)}       → {signature, recovery} (verified under PK)
 *   with a presignature made earlier by `dkls23-presign`, one round trip:
 *            r1 {keyId, epoch, path, request, digest, presignature: id} → {messages: our (u, w)}
 *   (the presignature must have been made at the same path: its PK′ is the child key).
 *   and the device combines: it holds everything it needs, verifies the signature under PK′
 *   before using it (docs/THRESHOLD.md#dkls23-signing), and nothing the co-signer could add would
 *   change it.
 * A stored presignature is consumed in the database (committed) before w_i is computed, so it is
 * never used twice, whichever co-signer process is asked. Both the authorisation and the release
 * are audited with the digest; an online signature's result is audited too. A Ban deletes the
 * pair's OT state: the pair must run `dkls23-setup` again.
 */

import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils.js'
import {
  createSignSession,
  decodePairOtState,
  decodePresignature,
  encodePresignature,
  MpcError,
  type Presignature,
  type SignMessage,
  type SignSession,
} from '@tessera/mpc'
import { CosignerError } from '../../errors.ts'
import {
  type DecodedRequest,
  decodeSigningRequest,
  type SigningRequest,
} from '../../policy/decodeRequest.ts'
import { putPresignature } from '../../storage/presignatures.ts'
import type { MpcRun } from '../mpcParty.ts'
import {
  loadCurrent,
  loadCurrentPublic,
  type PartyDeps,
  type PartyRecord,
  type PublicState,
  savePairs,
} from './partyRecords.ts'
import type { MpcRunContext } from './partyServices.ts'
import { byRound, COSIGNER_INDEX, readRequest, writeReply } from './payload.ts'
import { describeSigner, type SigningKey, signingKeyAt } from './signingKey.ts'

const DEVICE = 1
const SIGNERS = [DEVICE, COSIGNER_INDEX]

/** The wire's request as the policy reads it (the policy refuses a method it does not know). */
function signingRequest(r: {
  method: string
  chainId?: string
  payload?: string
  origin?: string
}): SigningRequest {
  return {
    method: r.method as SigningRequest['method'],
    ...(r.chainId === undefined ? {} : { chainId: r.chainId }),
    ...(r.payload === undefined ? {} : { payload: r.payload }),
    ...(r.origin === undefined ? {} : { origin: r.origin }),
  }
}

/** Our current record of a secp256k1 key and its child at `path` (the caller wipes the share). */
async function loadSigningKey(
  deps: PartyDeps,
  context: MpcRunContext,
  keyId: string,
  epoch: number,
  path: string,
): Promise<{ record: PartyRecord; signer: SigningKey }> {
  const { record } = await loadCurrent(deps, context.identity, keyId, epoch)
  if (record.share.curve !== 'secp256k1') {
    record.share.secretShare.fill(0)
    throw new CosignerError('BadRequest', `key ${keyId} is ${record.share.curve}: use frost-sign`)
  }
  return { record, signer: signingKeyAt(record.share, path) }
}

/**
 * Public state (curve, public key, chain code) of epochs read while active, per database handle
 * and identity/key/epoch: an epoch's row is written once and an active epoch is never deleted or
 * rewritten (only retired), so what was read stays true. Whether the epoch is STILL active is not
 * taken from here: the presignature's consumption requires it in the same statement
 * (storage/presignatures.ts, `requireActiveEpoch`). Bounded; the oldest entry goes first.
 */
type EpochPublic = {
  curve: 'secp256k1'
  publicKey: Uint8Array
  chainCode: Uint8Array
  /** Its children by path (signingKeyAt, a pure function of the public state), at most 64. */
  children: Map<string, SigningKey>
}
const activeEpochs = new WeakMap<PartyDeps['db'], Map<string, EpochPublic>>()
const ACTIVE_EPOCHS_MAX = 4096
const epochName = (identity: string, keyId: string, epoch: number) =>
  JSON.stringify([identity, keyId, epoch])

/**
 * The child key at `path` of the key's current epoch, from its public state alone (no share is
 * opened): a presigned signature needs only the child's public key, address and δ is already in
 * the presignature. The epoch named must be the current one: checked here on the first use of an
 * epoch by this process (by name: retired, or not there), and on every use by the consumption.
 */
async function loadPublicSigningKey(
  deps: PartyDeps,
  context: MpcRunContext,
  keyId: string,
  epoch: number,
  path: string,
): Promise<SigningKey> {
  let seen = activeEpochs.get(deps.db)
  if (seen === undefined) {
    seen = new Map()
    activeEpochs.set(deps.db, seen)
  }
  const name = epochName(context.identity, keyId, epoch)
  let key = seen.get(name)
  if (key === undefined) {
    const loaded = await loadCurrentPublic(deps, context.identity, keyId, epoch)
    if (loaded.curve !== 'secp256k1')
      throw new CosignerError('BadRequest', `key ${keyId} is ${loaded.curve}: use frost-sign`)
    key = {
      curve: loaded.curve,
      publicKey: loaded.publicKey.slice(),
      chainCode: hexToBytes((loaded.publicState as PublicState).chainCode),
      children: new Map(),
    }
    if (seen.size >= ACTIVE_EPOCHS_MAX) seen.delete(seen.keys().next().value as string)
    seen.set(name, key)
  }
  let child = key.children.get(path)
  if (child === undefined) {
    child = signingKeyAt({ ...key, keyId, epoch }, path)
    if (key.children.size >= 64) key.children.delete(key.children.keys().next().value as string)
    key.children.set(path, child)
  }
  // A copy: callers own what they get (the bytes included).
  return { ...child, publicKey: child.publicKey.slice() }
}

/**
 * A consumption refused because the epoch is no longer active: forgets the epoch, and names why
 * as the first use would have (retired, or not there) when the key's current state says so.
 */
async function epochRefused(
  deps: PartyDeps,
  context: MpcRunContext,
  keyId: string,
  epoch: number,
  error: unknown,
): Promise<never> {
  if (error instanceof CosignerError && error.code === 'Conflict') {
    activeEpochs.get(deps.db)?.delete(epochName(context.identity, keyId, epoch))
    await loadCurrentPublic(deps, context.identity, keyId, epoch)
  }
  throw error
}

/** Opens a DKLs23 session toward the device with our share and stored pair state, at `signer`. */
function openSession(
  deps: PartyDeps,
  context: MpcRunContext,
  record: PartyRecord,
  signer: SigningKey,
  theirNonce: Uint8Array,
) {
  const { keyId, epoch } = record.share
  const wipe = () => record.share.secretShare.fill(0)
  const stored = record.pairs[DEVICE]
  if (stored === undefined) {
    wipe()
    throw new CosignerError(
      'Conflict',
      `key ${keyId} epoch ${epoch} has no DKLs23 OT setup with the device: run dkls23-setup first`,
    )
  }
  const pair = decodePairOtState(stored)
  const nonce = randomBytes(32)
  const session = createSignSession({
    share: record.share,
    signers: SIGNERS,
    pairs: { [DEVICE]: pair },
    nonces: { [DEVICE]: theirNonce, [COSIGNER_INDEX]: nonce },
    derivation: { delta: signer.delta, path: signer.steps },
  })
  // A Ban forgets the pair: no signature until a fresh OT setup.
  const forgetPair = async () => {
    const pairs = { ...record.pairs }
    delete pairs[DEVICE]
    await savePairs(deps, context.identity, { share: record.share, pairs })
  }
  return { session, nonce, forgetPair, wipe }
}

/**
 * The request's digest as the policy derives it; the device's must be the same (digests are
 * public: comparing their hex is fine). Checked before the policy spends a counter.
 */
function checkDigest(what: string, request: SigningRequest, theirs: Uint8Array): DecodedRequest {
  const decoded = decodeSigningRequest(request)
  if (decoded.digest?.length !== 32)
    throw new CosignerError('BadRequest', `${what}: ${decoded.method} has nothing to sign`)
  if (bytesToHex(decoded.digest) !== bytesToHex(theirs))
    throw new CosignerError(
      'BadRequest',
      `${what}: the device's digest ${bytesToHex(theirs)} is not the ${decoded.method} digest of the request (${bytesToHex(decoded.digest)})`,
    )
  return decoded
}

export function dklsSignRun(deps: PartyDeps, context: MpcRunContext): MpcRun {
  let keyId = ''
  let epoch = 0
  let signer: SigningKey | undefined
  let digest: Uint8Array | undefined
  let session: SignSession | undefined
  let presignature: Presignature | undefined
  let cleanup: (() => void) | undefined
  let forgetPair: (() => Promise<void>) | undefined

  const who = () => ({ keyId, epoch, ...describeSigner(signer as SigningKey) })

  /** Our (u, w): audited (with the digest and the signing address) before it leaves. */
  async function release(p: Presignature, mode: string) {
    await context.audit('sign', {
      ...who(),
      protocol: 'dkls23',
      mode,
      presignature: bytesToHex(p.id),
      digest: bytesToHex(digest as Uint8Array),
      phase: 'share-released',
    })
    // A stored presignature was consumed (committed) before it was loaded; an online one exists
    // only in this run's memory and dies with it.
    return p.sign(digest as Uint8Array, { markConsumed: async () => {} })
  }

  async function finish(inbound: SignMessage[]) {
    // combine verifies under PK′: the child key at the run's path.
    const sig = (presignature as Presignature).combine(inbound)
    await context.audit('sign', {
      ...who(),
      protocol: 'dkls23',
      digest: bytesToHex(digest as Uint8Array),
      signature: bytesToHex(sig.compact),
      recovery: sig.recovery,
      phase: 'signed',
    })
    return {
      payload: writeReply('dkls23-sign', 3, { signature: sig.compact, recovery: sig.recovery }),
      done: true,
    }
  }

  /**
   * With a presignature: our share is not needed (only the key's public state, for the child at
   * the path), so it is never loaded. The policy decision, the consumption of the presignature
   * and the record of the release commit in one transaction (createParty.ts, auditLog.ts
   * `with`); only then is w_i computed and sent. The consumption marks the presignature used and
   * erases it, and requires this epoch to be the key's active one.
   */
  async function signPresigned(
    what: string,
    request: SigningRequest,
    decoded: DecodedRequest,
    path: string,
    recordId: string,
  ) {
    signer = await loadPublicSigningKey(deps, context, keyId, epoch, path)
    // Decided from the policy cache; the commit below checks the policy version and takes the
    // rate slots (and decides again if the policy changed meanwhile).
    const signed = (
      await context.authorize(request, describeSigner(signer), { atRelease: true, decoded })
    ).digest as Uint8Array
    digest = signed
    // Durable first: consumed (erased) in the same transaction as the record of the release and
    // the allowed decision held since authorize, group-committed with other runs'; the consumption
    // requires this epoch to be the key's active one. The presignature is opened and checked in
    // that transaction (a wrong one stays consumed, its release unrecorded); w_i is computed only
    // after the commit.
    presignature = await context
      .consumeAndAudit(
        { ref: { keyId, epoch, recordId, kind: 'presignature' }, requireActiveEpoch: true },
        'sign',
        {
          ...who(),
          protocol: 'dkls23',
          mode: 'presignature',
          presignature: recordId,
          digest: bytesToHex(signed),
          phase: 'share-released',
        },
        (stored) => {
          const p = decodePresignature(stored, { keyId, epoch, self: COSIGNER_INDEX })
          if (bytesToHex(p.pkPrime) !== bytesToHex((signer as SigningKey).publicKey))
            throw new CosignerError(
              'BadRequest',
              `${what}: presignature ${recordId} was made for another key than the one at ${path} (it is consumed)`,
            )
          return p
        },
      )
      .catch((error: unknown) => epochRefused(deps, context, keyId, epoch, error))
    // Consumed (committed, erased) above; nothing else can mark it.
    const messages = await presignature.sign(signed, { markConsumed: async () => {} })
    return {
      payload: writeReply('dkls23-sign', 1, { variant: 'presigned', messages }),
      done: true,
    }
  }

  async function step(round: number, payload: Uint8Array) {
    const what = `dkls23-sign round ${round}`
    if (round === 1) {
      const first = readRequest('dkls23-sign', 1, payload)
      keyId = first.keyId
      epoch = first.epoch
      const request = signingRequest(first.request)
      const decoded = checkDigest(what, request, first.digest)
      if (first.variant === 'presigned')
        return signPresigned(what, request, decoded, first.path, first.presignature)
      const loaded = await loadSigningKey(deps, context, keyId, epoch, first.path)
      const wipe = () => loaded.record.share.secretShare.fill(0)
      signer = loaded.signer
      try {
        digest = (await context.authorize(request, describeSigner(signer), { decoded })).digest
      } catch (error) {
        wipe()
        throw error
      }
      const opened = openSession(deps, context, loaded.record, signer, first.nonce)
      session = opened.session
      cleanup = opened.wipe
      forgetPair = opened.forgetPair
      return {
        payload: writeReply('dkls23-sign', 1, {
          variant: 'online',
          nonce: opened.nonce,
          messages: session.round1(),
        }),
        done: false,
      }
    }
    if (round === 2 && session !== undefined) {
      const { messages } = readRequest('dkls23-sign', 2, payload)
      const [r1, r2] = byRound<SignMessage>(what, messages, [1, 2])
      const ours2 = session.round2(r1 ?? [])
      presignature = session.round3(r2 ?? [])
      cleanup?.()
      const ours3 = await release(presignature, 'online')
      return {
        payload: writeReply('dkls23-sign', 2, { messages: [...ours2, ...ours3] }),
        done: false,
      }
    }
    if (round === 3 && session !== undefined) {
      const { messages } = readRequest('dkls23-sign', 3, payload)
      const [r3] = byRound<SignMessage>(what, messages, [3])
      return finish(r3 ?? [])
    }
    throw new Error(`dkls23-sign has no round ${round} here`)
  }

  return {
    async step(round, payload) {
      try {
        return await step(round, payload)
      } catch (error) {
        if (error instanceof MpcError && error.code === 'Ban') await forgetPair?.()
        throw error
      }
    },
    abort() {
      cleanup?.()
    },
  }
}

/**
 * Presigning (rounds 1–2 and the local part of 3, before any message is known) at a path: the
 * result is sealed in the database under its session id, to be consumed once by `dkls23-sign`
 * at the same path.
 *   r1 {keyId, epoch, path, nonce} → {nonce, messages};  r2 {messages: their rounds 1–2} →
 *   {messages: our round 2, presignature: id}.
 */
export function dklsPresignRun(deps: PartyDeps, context: MpcRunContext): MpcRun {
  let opened: ReturnType<typeof openSession> | undefined
  let signer: SigningKey | undefined
  let keyId = ''
  let epoch = 0
  return {
    async step(round, payload) {
      const what = `dkls23-presign round ${round}`
      try {
        if (round === 1) {
          const first = readRequest('dkls23-presign', 1, payload)
          keyId = first.keyId
          epoch = first.epoch
          const loaded = await loadSigningKey(deps, context, keyId, epoch, first.path)
          signer = loaded.signer
          opened = openSession(deps, context, loaded.record, signer, first.nonce)
          return {
            payload: writeReply('dkls23-presign', 1, {
              nonce: opened.nonce,
              messages: opened.session.round1(),
            }),
            done: false,
          }
        }
        if (round === 2 && opened !== undefined) {
          const { messages } = readRequest('dkls23-presign', 2, payload)
          const [r1, r2] = byRound<SignMessage>(what, messages, [1, 2])
          const ours2 = opened.session.round2(r1 ?? [])
          const presig = opened.session.round3(r2 ?? [])
          opened.wipe()
          const recordId = bytesToHex(presig.id)
          const encoded = encodePresignature(presig)
          await putPresignature(
            deps.db,
            deps.keyring,
            { identity: context.identity, keyId, epoch, recordId, kind: 'presignature' },
            encoded,
            deps.now(),
          )
          encoded.fill(0)
          await context.audit('sign', {
            keyId,
            epoch,
            ...describeSigner(signer as SigningKey),
            protocol: 'dkls23',
            presignature: recordId,
            phase: 'presigned',
          })
          return {
            payload: writeReply('dkls23-presign', 2, { messages: ours2, presignature: recordId }),
            done: true,
          }
        }
      } catch (error) {
        if (error instanceof MpcError && error.code === 'Ban') await opened?.forgetPair()
        throw error
      }
      throw new Error(`dkls23-presign has no round ${round}`)
    },
    abort() {
      opened?.wipe()
    },
  }
}
