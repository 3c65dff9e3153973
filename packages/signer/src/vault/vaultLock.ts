/**
 * One writer per vault across tabs and Workers: an exclusive Web Lock (`navigator.locks`) named
 * after the vault, held while the vault is open. A second opener is refused at once with
 * VaultLockedError (no queueing: a tab that silently waits would look like a frozen wallet).
 */
import { VaultLockedError } from '../errors.ts'

/** `release` resolves once the lock manager has let the lock go. */
export type VaultLock = { release(): Promise<void> }

export async function acquireVaultLock(vault: string): Promise<VaultLock> {
  if (typeof navigator === 'undefined' || navigator.locks === undefined) {
    throw new TypeError('Web Locks (navigator.locks) are not available in this context')
  }
  let release: () => void = () => undefined
  const held = new Promise<void>((resolve) => {
    release = resolve
  })
  let settled: Promise<unknown> = Promise.resolve()
  const acquired = await new Promise<boolean>((resolve, reject) => {
    settled = navigator.locks.request(
      `tessera-vault:${vault}`,
      { mode: 'exclusive', ifAvailable: true },
      (lock) => {
        resolve(lock !== null)
        return lock === null ? undefined : held
      },
    )
    settled.catch(reject)
  })
  if (!acquired) throw new VaultLockedError(vault)
  return {
    async release() {
      release()
      await settled
    },
  }
}
