/**
 * `createSignerWallet`: the object an app holds (CONTRACT §2). It ties together the co-signer
 * login (session kept in the platform's secure storage where there is one, renewed through the
 * platform's login before it expires: the co-signer has no refresh endpoint, a fresh proof is the
 * renewal), the persisted public wallet metadata (walletRecord.ts: a reload with the same vault
 * comes back `ready` without login while the session is valid), onboarding (onboard.ts), the
 * backup of the current epoch (backupMaterial.ts) and verified signing (engine/walletSigner.ts).
 * States: signedOut → needsOnboarding → ready, each change emitted as `change`.
 * `changePasscode` hands the vault (options.vault, the signer Worker) a new passcode to re-wrap
 * its data key under; a weak one is refused here, before it crosses.
 */
import { EXPORT_CONFIRMATION } from '@tessera/mpc/dangerous'
import { createEmitter } from '@tessera/protocol'
import { canonicalDappOrigin } from '@tessera/protocol/cosigner'
import { accountPath } from '../accounts/accountPath.ts'
import type { Account } from '../accounts/deriveAccount.ts'
import { deriveAccount } from '../accounts/deriveAccount.ts'
import { parseBackupFile } from '../backup/backupFile.ts'
import { backupKeyOf, wordsToSeed } from '../backup/backupPhrase.ts'
import type { CosignerSession } from '../cosigner/cosignerLink.ts'
import type { WalletKeyHandles } from '../engine/createWallet.ts'
import { presignatureShelf } from '../engine/presignatures.ts'
import { lifecycleOf } from '../engine/runReshare.ts'
import type { SignerContext, WalletKey } from '../engine/types.ts'
import { type OriginSigner, type WalletSigner, walletSigner } from '../engine/walletSigner.ts'
import { checkNewPasscode, checkPasscode } from '../vault/passcode.ts'
import { type BackupEnvelope, envelopeBytes, parseEnvelope } from './backupEnvelope.ts'
import { backupMaterial } from './backupMaterial.ts'
import { type RecoverySource, type RotatedKey, recoverKey, refreshKey } from './keyLifecycle.ts'
import { type BackupSession, runOnboarding, WALLET_KEY_IDS } from './onboard.ts'
import { presignaturePool } from './presignaturePool.ts'
import type {
  BackupMaterial,
  SignerWallet,
  SignerWalletOptions,
  WalletEvents,
  WalletState,
} from './types.ts'
import { WalletError } from './walletError.ts'
import { CURVES, type KeyCurve, walletStore } from './walletRecord.ts'

/** A session this close to its end is renewed before the next co-signer call. */
export const SESSION_RENEW_MARGIN_MS = 60_000

export async function createSignerWallet(options: SignerWalletOptions): Promise<SignerWallet> {
  const { platform, engine, link } = options
  if (typeof options.vaultName !== 'string' || options.vaultName === '')
    throw new TypeError('"vaultName" expected a non-empty string')
  const now = options.clock ?? Date.now
  const accountCount = options.accountCount ?? 1
  const store = walletStore(
    platform.storage,
    platform.secureStorage ?? platform.storage,
    options.vaultName,
  )
  const emitter = createEmitter<WalletEvents>()

  // A failed read rejects here: the app sees StorageRead, never an empty wallet.
  const record = await store.load()
  let identity = record.head?.identity
  let backupDue = record.head?.backupDue ?? false
  let backupPublicKey = record.head?.backupPublicKey
  const saveHead = () =>
    store.saveHead({
      v: 1,
      identity: identity as string,
      backupDue,
      ...(backupPublicKey === undefined ? {} : { backupPublicKey }),
    })
  const keys: Partial<Record<KeyCurve, WalletKey>> = { ...record.keys }
  let session: CosignerSession | undefined = await store.loadSession()
  if (session !== undefined && (session.subject !== identity || session.expiresAt <= now()))
    session = undefined
  let backup: BackupSession | undefined
  let material: BackupMaterial | undefined
  let closed = false
  let current: WalletState = computeState()

  function computeState(): WalletState {
    if (session === undefined || identity === undefined) return { status: 'signedOut' }
    const { secp256k1, ed25519 } = keys
    if (secp256k1 === undefined || ed25519 === undefined)
      return { status: 'needsOnboarding', identity }
    const accounts: Account[] = []
    for (let i = 0; i < accountCount; i++)
      accounts.push(deriveAccount({ secp256k1: secp256k1.public, ed25519: ed25519.public }, i))
    return {
      status: 'ready',
      identity,
      accounts,
      epoch: secp256k1.public.epoch,
      backupDue,
      sessionExpiresAt: session.expiresAt,
    }
  }
  function update(): WalletState {
    current = computeState()
    emitter.emit('change', current)
    return current
  }
  function open(): void {
    if (closed) throw new WalletError('Closed', 'the wallet was closed')
  }

  async function adopt(next: CosignerSession): Promise<void> {
    // Another identity may take the vault only while it holds nothing of the first one.
    const holds = backupPublicKey !== undefined || CURVES.some((c) => keys[c] !== undefined)
    if (identity !== undefined && next.subject !== identity && !holds) identity = undefined
    if (identity !== undefined && next.subject !== identity)
      throw new WalletError(
        'WrongIdentity',
        `this vault's keys belong to another identity than "${next.subject.slice(0, 120)}"`,
      )
    if (identity === undefined) {
      identity = next.subject
      await saveHead()
    }
    session = next
    await store.saveSession(next)
  }

  let renewing: Promise<CosignerSession> | undefined
  async function freshSession(): Promise<CosignerSession> {
    open()
    if (session === undefined) throw new WalletError('NotReady', 'signed out: log in first')
    if (session.expiresAt - now() > SESSION_RENEW_MARGIN_MS) return session
    renewing ??= (async () => {
      try {
        await adopt(await link.login(await platform.loginProof()))
        update()
        return session as CosignerSession
      } finally {
        renewing = undefined
      }
    })()
    return renewing
  }

  const base: SignerContext = {
    engine,
    link,
    session: () => {
      if (session === undefined) throw new WalletError('NotReady', 'signed out: log in first')
      return session
    },
  }

  /** Hands every key's backup envelope the co-signer does not have yet to it (idempotent). */
  async function syncEnvelopes(): Promise<void> {
    const lifecycle = link.lifecycle
    if (lifecycle === undefined) return
    for (const curve of CURVES) {
      const key = keys[curve]
      const local = await store.loadEnvelope(curve)
      if (key === undefined || local === undefined || local.synced) continue
      await lifecycle.backupEnvelope.put(ctx.session(), WALLET_KEY_IDS[curve], {
        epoch: key.public.epoch,
        envelope: envelopeBytes(await loadEnvelope(curve)),
      })
      await store.saveEnvelope(curve, local.envelope, true)
    }
  }

  async function loadEnvelope(curve: KeyCurve): Promise<BackupEnvelope> {
    const local = await store.loadEnvelope(curve)
    if (local?.envelope !== undefined) return parseEnvelope(local.envelope)
    const transcript = await store.loadTranscript(curve)
    if (transcript === undefined)
      throw new WalletError('BackupUnavailable', `no ${curve} backup envelope is stored`)
    return { v: 1, kind: 'dkg', transcript }
  }

  /** A new backup (fresh seed) for the keys' next epoch: kept in memory until the user kept it. */
  async function newBackup(): Promise<{ session: BackupSession; publicKey: Uint8Array }> {
    const seed = await platform.randomBytes(32)
    if (!(seed instanceof Uint8Array) || seed.length !== 32)
      throw new TypeError('the platform gave no 32 random bytes')
    const pair = backupKeyOf(seed)
    pair.secretKey.fill(0)
    return { session: { seed }, publicKey: pair.publicKey }
  }

  /** Records a rotated key: its envelope first (the backup is never lost), then the key. */
  async function adoptRotated(curve: KeyCurve, rotated: RotatedKey): Promise<void> {
    await store.saveEnvelope(curve, envelopeBytes(rotated.envelope), false)
    await store.saveKey(curve, rotated.key)
    // Presignatures of the old epoch never sign again; the refill starts from the new key.
    pool.invalidate()
    keys[curve] = rotated.key
    material = undefined
  }

  let rotating: Promise<WalletState> | undefined
  function once(task: () => Promise<WalletState>): Promise<WalletState> {
    if (rotating !== undefined || onboarding !== undefined)
      throw new WalletError('NotReady', 'another onboarding, recovery or refresh is running')
    rotating = task().finally(() => {
      rotating = undefined
    })
    return rotating
  }
  // Presignatures kept warm per account path, refilled when idle (presignaturePool.ts).
  const pool = presignaturePool({
    shelf: presignatureShelf(),
    ctx: base,
    key: () => (current.status === 'ready' ? keys.secp256k1 : undefined),
    canFill: () =>
      !closed && session !== undefined && session.expiresAt - now() > SESSION_RENEW_MARGIN_MS,
    clock: now,
    ...(options.presignatures === undefined ? {} : options.presignatures),
  })
  const ctx: SignerContext = { ...base, presignatures: pool.shelf }
  function handles(): WalletKeyHandles {
    const { secp256k1, ed25519 } = keys
    if (current.status !== 'ready' || secp256k1 === undefined || ed25519 === undefined)
      throw new WalletError('NotReady', `the wallet is ${current.status}, not ready`)
    return { secp256k1, ed25519 }
  }
  const signer = withFreshSession(() => walletSigner(ctx, handles()), freshSession, pool.during)

  let onboarding: Promise<WalletState> | undefined
  async function onboardOnce(onboardOptions: Parameters<SignerWallet['onboard']>[0]) {
    await freshSession()
    backup = await runOnboarding({
      ctx,
      keys,
      backup,
      backupPublicKey,
      randomBytes: (n) => platform.randomBytes(n),
      ...onboardOptions,
      saveBackupKey: async (publicKey, session) => {
        backup = session
        backupPublicKey = publicKey
        backupDue = true
        await saveHead()
      },
      saveKey: async (curve, key, transcript) => {
        // The transcript first: a key on record always has the transcript its backup needs.
        await store.saveTranscript(curve, transcript)
        await store.saveEnvelope(curve, undefined, false)
        await store.saveKey(curve, key)
        keys[curve] = key
      },
    })
    // The co-signer keeps each key's envelope for a new device (phrase recovery).
    await syncEnvelopes()
    return update()
  }

  return {
    state: () => current,
    on: (event, listener) => emitter.on(event, listener),
    off: (event, listener) => emitter.off(event, listener),

    async login(proof) {
      open()
      await adopt(await link.login(proof))
      return update()
    },

    async onboard(onboardOptions = {}) {
      open()
      if (current.status === 'ready') {
        await freshSession()
        await syncEnvelopes()
        return current
      }
      if (current.status !== 'needsOnboarding')
        throw new WalletError('NotReady', 'signed out: log in before onboarding')
      // One onboarding at a time: a second call waits for the first (never two DKGs of a key).
      onboarding ??= onboardOnce(onboardOptions).finally(() => {
        onboarding = undefined
      })
      return onboarding
    },

    backup(): BackupMaterial | undefined {
      if (backup === undefined || !backupDue || current.status !== 'ready') return undefined
      material ??= backupMaterial(backup, {
        publics: { secp256k1: handles().secp256k1.public, ed25519: handles().ed25519.public },
        envelopes: async () => ({
          secp256k1: await loadEnvelope('secp256k1'),
          ed25519: await loadEnvelope('ed25519'),
        }),
        ...(options.backupKdf === undefined ? {} : { kdf: options.backupKdf }),
        kept: async () => {
          backup = undefined
          material = undefined
          backupDue = false
          await saveHead()
          update()
        },
      })
      return material
    },

    recover(recoverOptions) {
      open()
      if (current.status !== 'needsOnboarding')
        throw new WalletError(
          'NotReady',
          current.status === 'ready'
            ? 'this vault already holds the keys: recovery runs on a new device (an empty vault)'
            : 'signed out: log in before recovering',
        )
      let source: RecoverySource
      if ('phrase' in recoverOptions) {
        source = { seed: wordsToSeed(recoverOptions.phrase) }
      } else {
        source = {
          file: parseBackupFile(recoverOptions.file),
          passphrase: recoverOptions.passphrase,
        }
      }
      return once(async () => {
        try {
          await freshSession()
          lifecycleOf(ctx)
          // The next epoch's backup: a fresh phrase, offered as soon as the keys are recovered.
          // (A recovery interrupted between the keys resumes with the same new backup.)
          if (backup === undefined || backupPublicKey === undefined) {
            const next = await newBackup()
            backup = next.session
            backupPublicKey = next.publicKey
          }
          const sealTo = backupPublicKey
          backupDue = true
          await saveHead()
          for (const curve of CURVES) {
            if (keys[curve] !== undefined) continue
            const rotated = await recoverKey(ctx, curve, source, sealTo, (p) =>
              recoverOptions.onProgress?.(p),
            )
            await adoptRotated(curve, rotated)
          }
          await syncEnvelopes()
          return update()
        } finally {
          if ('seed' in source) source.seed.fill(0)
        }
      })
    },

    refresh(refreshOptions = {}) {
      open()
      const ready = handles()
      return once(async () => {
        await freshSession()
        lifecycleOf(ctx)
        await syncEnvelopes()
        const next = await newBackup()
        backup = next.session
        backupPublicKey = next.publicKey
        material = undefined
        for (const curve of CURVES) {
          const rotated = await refreshKey(ctx, curve, ready[curve], next.publicKey, (p) =>
            refreshOptions.onProgress?.(p),
          )
          await adoptRotated(curve, rotated)
          // The old backup no longer combines with this key: a new one is due from here on.
          backupDue = true
          await saveHead()
        }
        await syncEnvelopes()
        return update()
      })
    },

    async exportPrivateKey(exportOptions) {
      open()
      if (exportOptions?.confirm !== EXPORT_CONFIRMATION)
        throw new WalletError(
          'ExportRefused',
          `exporting the full private key needs the exact confirmation "${EXPORT_CONFIRMATION}"`,
        )
      const curve: KeyCurve = exportOptions.curve ?? 'secp256k1'
      const key = handles()[curve]
      await freshSession()
      const theirs = await lifecycleOf(ctx).exportShare(ctx.session(), {
        keyId: WALLET_KEY_IDS[curve],
        epoch: key.public.epoch,
        confirmation: exportOptions.confirm,
      })
      try {
        return await engine.exportPrivateKey(
          key.handle,
          { index: 2, secretShare: theirs },
          {
            confirm: exportOptions.confirm,
            ...(exportOptions.account === undefined
              ? {}
              : { path: accountPath(exportOptions.account) }),
          },
        )
      } finally {
        theirs.fill(0)
      }
    },

    async changePasscode(input) {
      open()
      // Checked on this side too, so a weak passcode never crosses into the Worker.
      checkNewPasscode(input?.next)
      if (input.current !== undefined) checkPasscode(input.current)
      if (options.vault === undefined)
        throw new WalletError(
          'Unsupported',
          'this wallet was made without its vault (options.vault): it cannot change the passcode',
        )
      await options.vault.changePasscode({
        ...(input.current === undefined ? {} : { current: input.current }),
        next: input.next,
        ...(options.passcodeKdf === undefined ? {} : { kdf: options.passcodeKdf }),
      })
    },

    account(index) {
      const { secp256k1, ed25519 } = handles()
      return deriveAccount({ secp256k1: secp256k1.public, ed25519: ed25519.public }, index)
    },

    signer,

    presignatures: {
      warm(index = 0) {
        handles()
        pool.warm(accountPath(index))
      },
      ready: (index = 0) => pool.size(accountPath(index)),
      settled: () => pool.settled(),
      invalidate: () => pool.invalidate(),
    },

    session: freshSession,

    async logout() {
      open()
      pool.invalidate()
      session = undefined
      link.close?.()
      await store.dropSession()
      update()
    },

    close() {
      closed = true
      pool.close()
      link.close?.()
    },
  }
}

/**
 * `make()`'s signer with every signing method renewing the session first, then running inside
 * `during` (the presignature pool pauses its refill while a signing runs).
 */
function withFreshSession(
  make: () => WalletSigner,
  fresh: () => Promise<unknown>,
  during: <T>(signing: () => Promise<T>) => Promise<T>,
): WalletSigner {
  return {
    ...freshMethods(make, fresh, during),
    forDapp: (origin) => {
      const canonical = canonicalDappOrigin(origin)
      return freshMethods(() => make().forDapp(canonical), fresh, during)
    },
  }
}

function freshMethods(
  make: () => OriginSigner,
  fresh: () => Promise<unknown>,
  during: <T>(signing: () => Promise<T>) => Promise<T>,
): OriginSigner {
  const wrap = <F extends (...args: never[]) => unknown>(pick: (s: OriginSigner) => F) =>
    (async (...args: Parameters<F>) => {
      await fresh()
      return during(async () => (pick(make()) as (...a: Parameters<F>) => unknown)(...args))
    }) as unknown as F
  return {
    account: (index: number) => make().account(index),
    signMessage: wrap((s) => s.signMessage),
    signTypedData: wrap((s) => s.signTypedData),
    signTransaction: wrap((s) => s.signTransaction),
    conflux: {
      signMessage: wrap((s) => s.conflux.signMessage),
      signTypedData: wrap((s) => s.conflux.signTypedData),
      signTransaction: wrap((s) => s.conflux.signTransaction),
    },
    solana: { signMessage: wrap((s) => s.solana.signMessage) },
  }
}
