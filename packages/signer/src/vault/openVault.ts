/**
 * Opens a vault: takes its Web Lock (vaultLock.ts), opens its IndexedDB (database.ts), unwraps the
 * data key (vaultKey.ts; passcode when it has one) and returns the stores mpc's engine plugs in
 * (`shareStore`, `nonceStore`). Rollback safety (docs/THRESHOLD.md#presignatures): presignatures
 * (memoryPresignatures.ts) and FROST nonces stay in Worker memory, so no copy of the IndexedDB
 * store ever holds a secret that may be used only once. Any failure releases the lock and the
 * database before it is thrown. `close` makes every store refuse further calls. `changePasscode`
 * re-wraps the data key under a new passcode (vaultKey.ts); the shares' records stay as they are.
 */
import type { NonceStore } from '@tessera/mpc'
import type { ShareStore } from '@tessera/mpc/worker'
import { openVaultDatabase } from './database.ts'
import { idbShareStore } from './idbShareStore.ts'
import { memoryNonces } from './memoryNonces.ts'
import { withMemoryPresignatures } from './memoryPresignatures.ts'
import type { PasscodeKdf } from './passcode.ts'
import { createSealer } from './sealing.ts'
import { changeVaultPasscode, loadVaultKey } from './vaultKey.ts'
import { acquireVaultLock } from './vaultLock.ts'

export type OpenVaultOptions = {
  /** The vault's name (one per wallet profile); also names its IndexedDB database and lock. */
  readonly name: string
  /** Required when the vault has a passcode; on first open it sets one. */
  readonly passcode?: string
  /** argon2id costs for a new passcode (never below MIN_PASSCODE_KDF). */
  readonly kdf?: PasscodeKdf
}

export type Vault = {
  readonly name: string
  readonly shareStore: ShareStore
  readonly nonceStore: NonceStore
  /** Sets (`current` undefined when the vault has none) or changes the vault's passcode. */
  changePasscode(input: ChangePasscodeInput): Promise<void>
  /** Closes the database and resolves once the vault's lock is released. */
  close(): Promise<void>
}

export type ChangePasscodeInput = {
  readonly current?: string
  readonly next: string
  /** argon2id costs for the new passcode (never below MIN_PASSCODE_KDF). */
  readonly kdf?: PasscodeKdf
}

export async function openVault(options: OpenVaultOptions): Promise<Vault> {
  const lock = await acquireVaultLock(options.name)
  let db: Awaited<ReturnType<typeof openVaultDatabase>> | undefined
  try {
    db = await openVaultDatabase(options.name)
    const key = await loadVaultKey(db, {
      ...(options.passcode === undefined ? {} : { passcode: options.passcode }),
      ...(options.kdf === undefined ? {} : { kdf: options.kdf }),
    })
    const sealer = createSealer(key)
    const opened = db
    const nonces = memoryNonces(options.name)
    return {
      name: options.name,
      // Presignatures never reach IndexedDB: rollback safety (memoryPresignatures.ts).
      shareStore: withMemoryPresignatures(idbShareStore(opened, sealer)),
      // FROST nonces live from round 1 to round 2 of one signing: memory is enough, and a
      // restored store snapshot holds none to sign a second message with.
      nonceStore: nonces,
      changePasscode: (input) => changeVaultPasscode(opened, input),
      close() {
        nonces.close()
        opened.close()
        return lock.release()
      },
    }
  } catch (error) {
    db?.close()
    await lock.release()
    throw error
  }
}
