/**
 * The wallet's persisted metadata, NON-SECRET only (docs/ARCHITECTURE.md#the-signer): the identity
 * the keys belong to, each key's engine handle and public key state (epoch included), whether a
 * backup of the current epoch is due, the backup party's public key and each key's public DKG
 * transcript (the backup share travels in it encrypted to the backup's key: with the phrase it
 * gives the backup share back, see backup/backupPhrase.ts); the co-signer session (a bearer token, in the platform's
 * secure storage where it has one) separately. One value per key so each stays far below
 * Telegram's 4,096-character limit. A value that is absent is "no wallet yet"; a read that fails
 * or a value that does not parse is a `StorageRead` WalletError, never an empty wallet.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { base64 } from '@scure/base'
import type { DkgTranscript, PublicKeyState } from '@tessera/mpc'
import { validatePublicKeyState } from '@tessera/mpc'
import type { CosignerSession } from '../cosigner/cosignerLink.ts'
import type { WalletKey } from '../engine/types.ts'
import type { KeyValueStorage } from '../platform/types.ts'
import { WalletError } from './walletError.ts'

export type KeyCurve = 'secp256k1' | 'ed25519'
export const CURVES: readonly KeyCurve[] = ['secp256k1', 'ed25519']

export type WalletHead = {
  readonly v: 1
  readonly identity: string
  /** True until the user confirmed a backup of the keys' current epoch. */
  readonly backupDue: boolean
  /** The backup party's X25519 public key the keys were made with (set when onboarding starts). */
  readonly backupPublicKey?: Uint8Array
}

export type WalletRecord = {
  readonly head: WalletHead | undefined
  readonly keys: Partial<Record<KeyCurve, WalletKey>>
}

export const encode = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v instanceof Uint8Array ? { b64: base64.encode(v) } : v,
  )

export const decode = (text: string): unknown =>
  JSON.parse(text, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && 'b64' in v) {
      const { b64 } = v as { b64: unknown }
      if (typeof b64 !== 'string') throw new TypeError('"b64" expected string')
      return base64.decode(b64)
    }
    return v
  })

/**
 * The storage key of one value: `tessera_wallet_<16 hex of SHA-256(vault name)>_<what>`, so any
 * vault name fits the strictest platform's keys (Telegram: 1–128 of A–Z a–z 0–9 _ -) and two
 * vaults never share a key (the hash part has a fixed length).
 */
export function walletStorageKey(vaultName: string, what: string): string {
  return `tessera_wallet_${bytesToHex(sha256(utf8ToBytes(vaultName))).slice(0, 16)}_${what}`
}

export function walletStore(storage: KeyValueStorage, secure: KeyValueStorage, vaultName: string) {
  const key = (what: string) => walletStorageKey(vaultName, what)

  async function read(what: string, from: KeyValueStorage = storage): Promise<unknown> {
    let text: string | undefined
    try {
      text = await from.get(key(what))
    } catch (cause) {
      throw new WalletError('StorageRead', `wallet "${vaultName}": reading ${what} failed`, {
        cause,
      })
    }
    if (text === undefined) return undefined
    try {
      return decode(text)
    } catch (cause) {
      throw new WalletError('StorageRead', `wallet "${vaultName}": ${what} does not parse`, {
        cause,
      })
    }
  }

  const malformed = (what: string, cause?: unknown) =>
    new WalletError('StorageRead', `wallet "${vaultName}": ${what} is malformed`, {
      ...(cause === undefined ? {} : { cause }),
    })

  return {
    async load(): Promise<WalletRecord> {
      const head = (await read('head')) as WalletHead | undefined
      if (
        head !== undefined &&
        (head === null ||
          head.v !== 1 ||
          typeof head.identity !== 'string' ||
          typeof head.backupDue !== 'boolean' ||
          (head.backupPublicKey !== undefined &&
            !(head.backupPublicKey instanceof Uint8Array && head.backupPublicKey.length === 32)))
      )
        throw malformed('head')
      const keys: Partial<Record<KeyCurve, WalletKey>> = {}
      for (const curve of CURVES) {
        const k = (await read(`key_${curve}`)) as WalletKey | undefined
        if (k === undefined) continue
        if (head === undefined) throw malformed(`key_${curve} without a head`)
        try {
          if (k === null || typeof k.handle !== 'string') throw new TypeError('no handle')
          validatePublicKeyState(k.public)
          if (k.public.curve !== curve) throw new TypeError(`curve is not ${curve}`)
        } catch (cause) {
          throw malformed(`key_${curve}`, cause)
        }
        keys[curve] = { handle: k.handle, public: k.public as PublicKeyState }
      }
      return { head, keys }
    },
    async saveHead(head: WalletHead): Promise<void> {
      await storage.set(key('head'), encode(head))
    },
    async saveKey(curve: KeyCurve, walletKey: WalletKey): Promise<void> {
      await storage.set(
        key(`key_${curve}`),
        encode({ handle: walletKey.handle, public: walletKey.public }),
      )
    },
    /** The public DKG transcript of a key (the backup share inside is encrypted to the backup). */
    async saveTranscript(curve: KeyCurve, transcript: DkgTranscript): Promise<void> {
      await storage.set(key(`transcript_${curve}`), encode(transcript))
    },
    async loadTranscript(curve: KeyCurve): Promise<DkgTranscript | undefined> {
      const t = (await read(`transcript_${curve}`)) as DkgTranscript | undefined
      if (t === undefined) return undefined
      if (t === null || t.curve !== curve || !Array.isArray(t.reveals))
        throw malformed(`transcript_${curve}`)
      return t
    },
    /**
     * The key's current backup envelope (public: backupEnvelope.ts) and whether the co-signer has
     * it; `envelope` undefined means "the stored DKG transcript" (kept once, not twice).
     */
    async saveEnvelope(
      curve: KeyCurve,
      envelope: Uint8Array | undefined,
      synced: boolean,
    ): Promise<void> {
      await storage.set(
        key(`envelope_${curve}`),
        encode(envelope === undefined ? { synced } : { envelope, synced }),
      )
    },
    async loadEnvelope(
      curve: KeyCurve,
    ): Promise<{ envelope: Uint8Array | undefined; synced: boolean } | undefined> {
      const e = (await read(`envelope_${curve}`)) as { envelope?: unknown; synced?: unknown }
      if (e === undefined) return undefined
      if (
        e === null ||
        typeof e.synced !== 'boolean' ||
        (e.envelope !== undefined && !(e.envelope instanceof Uint8Array))
      )
        throw malformed(`envelope_${curve}`)
      return { envelope: e.envelope as Uint8Array | undefined, synced: e.synced }
    },
    async loadSession(): Promise<CosignerSession | undefined> {
      const s = (await read('session', secure)) as CosignerSession | undefined
      if (s === undefined) return undefined
      if (
        s === null ||
        typeof s.token !== 'string' ||
        typeof s.subject !== 'string' ||
        typeof s.expiresAt !== 'number'
      )
        throw malformed('session')
      return { token: s.token, subject: s.subject, expiresAt: s.expiresAt }
    },
    async saveSession(session: CosignerSession): Promise<void> {
      await secure.set(key('session'), encode(session))
    },
    async dropSession(): Promise<void> {
      await secure.delete(key('session'))
    },
  }
}

export type WalletStore = ReturnType<typeof walletStore>
