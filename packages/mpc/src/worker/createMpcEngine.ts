/**
 * The engine the Worker exposes (docs/ARCHITECTURE.md#parties-and-trust: all key-share math runs in
 * a Web Worker reached through comlink; secrets never cross into the UI thread). Shares are
 * created, stored and used here; callers hold only opaque handles and public data: public keys
 * and shares, addresses, signatures and outbound protocol messages. Every method takes and
 * returns structured-clone-serialisable values and validates its inputs before use. DKLs23 pair
 * OT states and presignatures live beside the share (signingVault.ts) and never leave either.
 * The test-only `exposeSecretsForTests` option enables one boolean debug query; it is a
 * construction option of the Worker script, never something the page can switch on.
 */

import { bytesToHex, clean } from '@noble/hashes/utils.js'
import { type BackupBlob, exportBackup, importBackup } from '../backup/backupBlob.ts'
import { generateEncryptionKey } from '../backup/ecies.ts'
import { deriveSecp256k1 } from '../derive/bip32.ts'
import { deriveEd25519 } from '../derive/ed25519Additive.ts'
import { exportXpub } from '../derive/xpub.ts'
import { importOfflineShare } from '../dkg/importOfflineShare.ts'
import type { PublicKeyState } from '../dkg/keyShare.ts'
import type { DkgTranscript } from '../dkg/types.ts'
import { type Rng, randomBytes } from '../encoding/random.ts'
import { decodeScalar, encodeScalar, modN } from '../encoding/scalars.ts'
import { MpcError } from '../errors.ts'
import {
  type FrostCommitment,
  type FrostSignatureShare,
  frostAggregate,
  frostCommit,
  frostSignShare,
} from '../frost/frostSign.ts'
import { memoryNonceStore, type NonceStore } from '../frost/nonceStore.ts'
import { EXPORT_CONFIRMATION, exportFullPrivateKey } from '../import/exportFullPrivateKey.ts'
import { x25519PublicKey } from './backupShares.ts'
import { containsAnyBytes } from './debugScan.ts'
import { createDkgSessions } from './dkgSessions.ts'
import { createDklsSessions } from './dklsSessions.ts'
import { createKeyVault } from './keyVault.ts'
import { createPairSetupSessions } from './pairSetupSessions.ts'
import { createReshareSessions } from './reshareSessions.ts'
import { memoryShareStore, type ShareStore } from './shareStore.ts'
import { createSigningVault } from './signingVault.ts'

export type MpcEngineOptions = {
  /** Where shares live; in-memory by default (the signer plugs IndexedDB). */
  readonly store?: ShareStore
  /** Where FROST nonces live between commit and sign; in-memory by default. */
  readonly nonceStore?: NonceStore
  /** TEST ONLY: enables `debugShareFoundIn`. Never set in a production Worker script. */
  readonly exposeSecretsForTests?: boolean
  /** TEST ONLY: deterministic randomness. */
  readonly rng?: Rng
}

/** A signing request as the caller sees it: a derivation path instead of a raw tweak. */
export type EngineSigningRequest = {
  readonly commitments: readonly FrostCommitment[]
  readonly message: Uint8Array
  /** Non-hardened path ("m/0/1"); the root key when omitted. */
  readonly path?: string
}

export type DerivedPublic = {
  readonly publicKey: Uint8Array
  readonly chainCode: Uint8Array
  /** secp256k1 only: the BIP32 extended public key at the path. */
  readonly xpub?: string
}

function deltaFor(state: PublicKeyState, path: string | undefined): bigint {
  if (path === undefined) return 0n
  if (typeof path !== 'string') throw new MpcError('Malformed', '"path" expected string')
  return state.curve === 'ed25519'
    ? deriveEd25519(state, path).delta
    : deriveSecp256k1(state, path).delta
}

export function createMpcEngine(options: MpcEngineOptions = {}) {
  const { rng } = options
  const vault = createKeyVault(options.store ?? memoryShareStore(), rng)
  const nonces = options.nonceStore ?? memoryNonceStore()
  const backupKeys = new Map<string, Uint8Array>()
  /** A copy of a backup key (the caller wipes it); the key stays until dropBackupKey. */
  const takeBackupKey = (handle: string): Uint8Array => {
    const secretKey = typeof handle === 'string' ? backupKeys.get(handle) : undefined
    if (secretKey === undefined) throw new MpcError('Malformed', 'unknown backup key handle')
    return secretKey.slice()
  }
  const signing = createSigningVault(vault)
  const dkg = createDkgSessions(vault, rng, takeBackupKey)
  const { forget: forgetDkls, ...dkls } = createDklsSessions(vault, signing, rng)
  const pairSetup = createPairSetupSessions(vault, signing, rng)
  // docs/THRESHOLD.md#refresh: on switch, erase the old epoch's nonces, presignatures and pairs
  // (the stored ones go with the record: keyVault.put).
  const noncesByKey = new Map<string, Set<string>>()
  const forgetNonces = async (handle: string): Promise<void> => {
    for (const session of noncesByKey.get(handle) ?? []) {
      const found = await nonces.take(session)
      if (found !== undefined) clean(found.hiding, found.binding)
    }
    noncesByKey.delete(handle)
    forgetDkls(handle)
    signing.forget(handle)
  }
  const reshare = createReshareSessions(vault, rng, takeBackupKey, forgetNonces)

  return {
    ...dkg,
    ...reshare,
    ...dkls,
    ...pairSetup,

    /**
     * A fresh X25519 key whose secret stays in the Worker: an offline (backup) party's key, or
     * this party's channel key for sealing private round values (privatePayload.ts).
     */
    async createBackupKey(): Promise<{ handle: string; publicKey: Uint8Array }> {
      const { secretKey, publicKey } = generateEncryptionKey(rng)
      const handle = `x25519-${bytesToHex(randomBytes(16, rng))}`
      backupKeys.set(handle, secretKey)
      return { handle, publicKey }
    },

    /**
     * The backup party's X25519 key from its secret (derived from the backup phrase by the
     * caller), kept here under a handle like `createBackupKey`'s; the caller wipes its copy.
     */
    async importBackupKey(
      secretKey: Uint8Array,
    ): Promise<{ handle: string; publicKey: Uint8Array }> {
      if (!(secretKey instanceof Uint8Array) || secretKey.length !== 32)
        throw new MpcError('Malformed', '"secretKey" expected 32 bytes')
      const handle = `x25519-${bytesToHex(randomBytes(16, rng))}`
      backupKeys.set(handle, secretKey.slice())
      return { handle, publicKey: x25519PublicKey(secretKey) }
    },

    /**
     * The FULL private key, for an explicit, confirmed export only
     * (docs/THRESHOLD.md#import-and-export): our share and the peer's released share scalar (checked against its public share,
     * then the key against PK). The only engine call that returns a whole key.
     */
    async exportPrivateKey(
      handle: string,
      peer: { readonly index: number; readonly secretShare: Uint8Array },
      options: {
        readonly confirm: typeof EXPORT_CONFIRMATION
        /** A non-hardened child path (`m/0/<index>`): the key of that account, not the root's. */
        readonly path?: string
      },
    ): Promise<Uint8Array> {
      if (options?.confirm !== EXPORT_CONFIRMATION)
        throw new MpcError('Malformed', 'export needs the explicit confirmation sentence')
      const share = await vault.load(handle)
      if (!(peer?.secretShare instanceof Uint8Array) || peer.secretShare.length !== 32)
        throw new MpcError('Malformed', '"peer.secretShare" expected 32 bytes')
      const theirs = {
        ...share,
        index: peer.index,
        secretShare: peer.secretShare.slice(),
        zeroSeeds: {},
      }
      const delta = deltaFor(share, options.path)
      const root = exportFullPrivateKey([share, theirs], { confirm: options.confirm })
      try {
        if (delta === 0n) return root.slice()
        const x = decodeScalar(share.curve, root, 'exported key')
        return encodeScalar(share.curve, modN(share.curve, x + delta))
      } finally {
        clean(root)
        clean(theirs.secretShare)
      }
    },

    /** Forgets (and wipes) a backup key. */
    async dropBackupKey(handle: string): Promise<void> {
      const key = backupKeys.get(handle)
      if (key !== undefined) clean(key)
      backupKeys.delete(handle)
    },

    /** The offline party's share from a DKG transcript, decrypted with a backup key. */
    async importOfflineShare(transcript: DkgTranscript, index: number, backupKey: string) {
      const secretKey = takeBackupKey(backupKey)
      try {
        return await vault.add(importOfflineShare(transcript, index, secretKey))
      } finally {
        clean(secretKey)
      }
    },

    keyInfo: (handle: string) => vault.info(handle),
    async deleteKey(handle: string): Promise<void> {
      await forgetNonces(handle)
      await vault.remove(handle)
    },

    async derive(handle: string, path: string): Promise<DerivedPublic> {
      const share = await vault.load(handle)
      if (share.curve === 'ed25519') {
        const d = deriveEd25519(share, path)
        return { publicKey: d.publicKey, chainCode: d.chainCode }
      }
      const d = deriveSecp256k1(share, path)
      return { publicKey: d.publicKey, chainCode: d.chainCode, xpub: exportXpub(share, path) }
    },

    /** FROST round 1; the nonces stay in the Worker's nonce store under `nonceSession`. */
    async frostCommit(
      handle: string,
    ): Promise<{ nonceSession: string; commitment: FrostCommitment }> {
      const share = await vault.load(handle)
      const nonceSession = `frost-${bytesToHex(randomBytes(16, rng))}`
      const commitment = await frostCommit(share, {
        sessionId: nonceSession,
        store: nonces,
        ...(rng === undefined ? {} : { rng }),
      })
      const sessions = noncesByKey.get(handle) ?? new Set<string>()
      sessions.add(nonceSession)
      noncesByKey.set(handle, sessions)
      return { nonceSession, commitment }
    },

    /** FROST round 2: consumes the session's nonces before the share is released. */
    async frostSign(
      handle: string,
      request: EngineSigningRequest & { readonly nonceSession: string },
    ): Promise<FrostSignatureShare> {
      const share = await vault.load(handle)
      if (typeof request?.nonceSession !== 'string') {
        throw new MpcError('Malformed', '"nonceSession" expected string')
      }
      noncesByKey.get(handle)?.delete(request.nonceSession)
      return frostSignShare(share, {
        sessionId: request.nonceSession,
        store: nonces,
        commitments: request.commitments,
        message: request.message,
        delta: deltaFor(share, request.path),
      })
    },

    /** Coordinator: verifies every share (naming a cheater), aggregates, verifies the result. */
    async frostAggregate(
      handle: string,
      request: EngineSigningRequest,
      shares: readonly FrostSignatureShare[],
    ): Promise<Uint8Array> {
      const share = await vault.load(handle)
      return frostAggregate(
        share,
        {
          commitments: request.commitments,
          message: request.message,
          delta: deltaFor(share, request.path),
        },
        shares,
      )
    },

    async exportBackup(
      handle: string,
      passphrase: string,
      backupOptions: { kdf?: { t: number; m: number; p: number } } = {},
    ): Promise<BackupBlob> {
      const share = await vault.load(handle)
      return exportBackup(share, passphrase, {
        ...(backupOptions.kdf === undefined ? {} : { kdf: backupOptions.kdf }),
        ...(rng === undefined ? {} : { rng }),
      })
    },

    async importBackup(blob: BackupBlob, passphrase: string, record: PublicKeyState) {
      return vault.add(importBackup(blob, passphrase, record))
    },

    /**
     * TEST ONLY (`exposeSecretsForTests`): does our share's secret, or the OT-extension Δ of any
     * stored pair (either byte order), occur anywhere inside `values`? Returns a boolean only.
     */
    async debugShareFoundIn(handle: string, values: unknown): Promise<boolean> {
      if (options.exposeSecretsForTests !== true) {
        throw new MpcError('Malformed', 'debug hooks are disabled in this engine')
      }
      const share = await vault.load(handle)
      const deltas = await signing.debugDeltas(handle)
      try {
        return containsAnyBytes(values, [share.secretShare, ...deltas])
      } finally {
        clean(...deltas)
      }
    },
  }
}

export type MpcEngine = ReturnType<typeof createMpcEngine>
