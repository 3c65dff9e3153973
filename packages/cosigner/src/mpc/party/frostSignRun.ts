/**
 * FROST Ed25519 with the device (RFC 9591; docs/THRESHOLD.md#frost-signing), signing set {1, 2}.
 *   r1 {keyId, epoch, path, message, commitment} → {commitment}  (our nonces sealed in the database)
 *   r2 {share}                                   → {signature}   (our nonces consumed, then aggregated)
 * Both parties sign with the child key at `path` (the additive tweak δ from the key's public
 * state, signingKey.ts); the policy decision and the audit name the child's (Solana) address.
 * Our nonces live in the same single-use store as presignatures: `take` commits their
 * consumption before our signature share exists, so they never sign twice. Round 1 checks the
 * message and the device's commitment before our nonces are made: a refused round 1 stores none. We never send our
 * share alone: the signer gets the aggregated signature, verified under the group key. Round 1
 * carries the typed Solana `request` (`solana_signTransaction` on its chain, or
 * `solana_signMessage`); its payload must be exactly the message signed — anything else is refused
 * before the policy spends a counter — and the policy decodes and authorizes it
 * (decodeSolanaRequest.ts: chains, programs, recipients, daily lamports) before our nonces are
 * made; the signature is audited with the message's hash and length.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js'
import {
  decodePoint,
  type FrostCommitment,
  type FrostSignatureShare,
  frostAggregate,
  frostCommit,
  frostSignShare,
  type KeyShare,
  type NonceStore,
} from '@tessera/mpc'
import { CosignerError } from '../../errors.ts'
import type { SigningRequest } from '../../policy/decodeRequest.ts'
import { consumePresignature, putPresignature } from '../../storage/presignatures.ts'
import type { MpcRun } from '../mpcParty.ts'
import { loadCurrent, type PartyDeps } from './partyRecords.ts'
import type { MpcRunContext } from './partyServices.ts'
import { COSIGNER_INDEX, readRequest, writeReply } from './payload.ts'
import { describeSigner, type SigningKey, signingKeyAt } from './signingKey.ts'

const DEVICE = 1

const SOLANA_METHODS = ['solana_signMessage', 'solana_signTransaction'] as const

/**
 * The typed request of a FROST run: a Solana method whose payload is exactly `message` in hex
 * (the bytes are public: comparing their hex is fine). Checked before the policy runs.
 */
function solanaRequest(
  what: string,
  r: { method: string; chainId?: string; payload?: string; origin?: string },
  message: Uint8Array,
): SigningRequest {
  const method = SOLANA_METHODS.find((m) => m === r.method)
  if (method === undefined)
    throw new CosignerError(
      'BadRequest',
      `${what}: "request.method" must be ${SOLANA_METHODS.join(' or ')}, not ${JSON.stringify(r.method)}`,
    )
  if (r.payload?.toLowerCase() !== `0x${bytesToHex(message)}`)
    throw new CosignerError(
      'BadRequest',
      `${what}: the ${method} payload is not the message signed (${message.length} bytes)`,
    )
  return {
    method,
    ...(r.chainId === undefined ? {} : { chainId: r.chainId }),
    payload: r.payload,
    ...(r.origin === undefined ? {} : { origin: r.origin }),
  }
}

/** The device's round-1 commitment, checked (index, epoch, two Ed25519 points) before use. */
function deviceCommitment(c: FrostCommitment, what: string, epoch: number): FrostCommitment {
  const where = `${what} commitment`
  if (c.index !== DEVICE)
    throw new CosignerError('BadRequest', `${where}: "index" must be the device's (${DEVICE})`)
  if (c.epoch !== epoch)
    throw new CosignerError('Conflict', `${where}: "epoch" must be the key's epoch ${epoch}`)
  const [hiding, binding] = (['hiding', 'binding'] as const).map((name) => {
    const point = c[name]
    try {
      decodePoint('ed25519', point, name)
    } catch {
      throw new CosignerError('BadRequest', `${where}: "${name}" is not an Ed25519 point`)
    }
    return point
  }) as [Uint8Array, Uint8Array]
  return { index: DEVICE, epoch, hiding, binding }
}

function databaseNonceStore(
  deps: PartyDeps,
  scope: { identity: string; keyId: string; epoch: number },
): NonceStore {
  const ref = (recordId: string) => ({ ...scope, recordId, kind: 'nonce' as const })
  return {
    async put(sessionId, nonces) {
      const secret = concatBytes(nonces.hiding, nonces.binding)
      await putPresignature(deps.db, deps.keyring, ref(sessionId), secret, deps.now())
      secret.fill(0)
    },
    async take(sessionId) {
      const secret = await consumePresignature(deps.db, deps.keyring, ref(sessionId), deps.now())
      const half = secret.length / 2
      const nonces = { hiding: secret.slice(0, half), binding: secret.slice(half) }
      secret.fill(0)
      return nonces
    },
  }
}

export function frostSignRun(deps: PartyDeps, context: MpcRunContext): MpcRun {
  let run:
    | {
        share: KeyShare
        store: NonceStore
        message: Uint8Array
        commitments: FrostCommitment[]
        signer: SigningKey
      }
    | undefined
  return {
    async step(round, payload) {
      const what = `frost-sign round ${round}`
      if (round === 1) {
        const first = readRequest('frost-sign', 1, payload)
        const { keyId } = first
        const { record } = await loadCurrent(deps, context.identity, keyId, first.epoch)
        const share = record.share
        if (share.curve !== 'ed25519')
          throw new CosignerError('BadRequest', `key ${keyId} is ${share.curve}: use dkls23-sign`)
        const store = databaseNonceStore(deps, {
          identity: context.identity,
          keyId,
          epoch: share.epoch,
        })
        let theirs: FrostCommitment
        let message: Uint8Array
        let signer: SigningKey
        try {
          message = first.message
          const request = solanaRequest(what, first.request, message)
          theirs = deviceCommitment(first.commitment, what, share.epoch)
          signer = signingKeyAt(share, first.path)
          await context.authorize(request, describeSigner(signer))
        } catch (error) {
          share.secretShare.fill(0)
          throw error
        }
        const ours = await frostCommit(share, { sessionId: context.sid, store })
        run = { share, store, message, commitments: [theirs, ours], signer }
        return { payload: writeReply('frost-sign', 1, { commitment: ours }), done: false }
      }
      if (round === 2 && run !== undefined) {
        const { share, store, message, commitments, signer } = run
        const theirs = readRequest('frost-sign', 2, payload).share as FrostSignatureShare
        const ours = await frostSignShare(share, {
          sessionId: context.sid,
          store,
          commitments,
          message,
          delta: signer.delta,
        })
        share.secretShare.fill(0)
        // Verifies the device's share and the signature under the child key before it leaves.
        const signature = frostAggregate(share, { commitments, message, delta: signer.delta }, [
          theirs,
          ours,
        ])
        await context.audit('sign', {
          keyId: share.keyId,
          epoch: share.epoch,
          ...describeSigner(signer),
          protocol: 'frost-ed25519',
          signers: [1, COSIGNER_INDEX],
          messageSha256: bytesToHex(sha256(message)),
          messageBytes: message.length,
          signature: bytesToHex(signature),
          phase: 'signed',
        })
        run = undefined
        return { payload: writeReply('frost-sign', 2, { signature }), done: true }
      }
      throw new Error(`frost-sign has no round ${round}`)
    },
    abort() {
      run?.share.secretShare.fill(0)
      run = undefined
    },
  }
}
