/**
 * Both ends of the signer's Worker. In the Worker script, `exposeSignerWorker()` serves `unlock`
 * and `lock`: `unlock` opens the vault (Web Lock, passcode) inside the Worker and starts mpc's
 * engine on its stores, served on a fresh MessagePort (`exposeMpcEngine`, so MpcError keeps its
 * kind across); `lock` closes the engine's port and the vault, releasing its lock. On the page,
 * `connectSignerWorker(worker).unlock(options)` returns mpc's remote engine. The passcode crosses
 * once, as a string, and is not kept; shares never cross back (the engine returns handles and
 * public data only).
 */
import type { MpcEngine } from '@tessera/mpc/worker'
import { exposeMpcEngine, wrapMpcEngine } from '@tessera/mpc/worker'
import { type Endpoint, expose, type Remote, transfer, wrap } from 'comlink'
import { type OpenVaultOptions, openVault, type Vault } from '../vault/openVault.ts'

export type SignerWorkerApi = {
  /** Opens the vault and returns the port its engine is served on. */
  unlock(options: OpenVaultOptions): Promise<MessagePort>
  /** Stops the engine and closes the vault (its Web Lock is released when this resolves). */
  lock(): Promise<void>
  /**
   * A port serving a BACKUP engine: mpc's engine on an in-memory store, for the backup key and
   * the backup export (backup/exportWalletBackup.ts); its shares never touch the vault or disk.
   */
  openBackupEngine(): Promise<MessagePort>
}

/** Runs in the Worker script. */
export function exposeSignerWorker(
  endpoint?: Endpoint,
  workerOptions: {
    /** TEST ONLY: the vault's engine answers `debugShareFoundIn` (mpc). Never in production. */
    readonly exposeSecretsForTests?: boolean
  } = {},
): void {
  let open: { vault: Vault; port: MessagePort } | undefined
  const api: SignerWorkerApi = {
    async unlock(options) {
      if (open !== undefined) throw new Error(`vault "${open.vault.name}" is already open`)
      const vault = await openVault(options)
      const { port1, port2 } = new MessageChannel()
      exposeMpcEngine(
        {
          store: vault.shareStore,
          nonceStore: vault.nonceStore,
          ...(workerOptions.exposeSecretsForTests === true ? { exposeSecretsForTests: true } : {}),
        },
        port1,
      )
      open = { vault, port: port1 }
      return transfer(port2, [port2])
    },
    async lock() {
      const current = open
      open = undefined
      current?.port.close()
      await current?.vault.close()
    },
    async openBackupEngine() {
      const { port1, port2 } = new MessageChannel()
      exposeMpcEngine({}, port1)
      return transfer(port2, [port2])
    },
  }
  expose(api, endpoint)
}

export type SignerWorker = {
  /** Unlocks the vault in the Worker; resolves with the engine on it. */
  unlock(options: OpenVaultOptions): Promise<Remote<MpcEngine>>
  lock(): Promise<void>
  /** An in-memory engine in the Worker for the backup key and export. */
  backupEngine(): Promise<Remote<MpcEngine>>
}

/** The page's handle on a Worker that called `exposeSignerWorker()`. */
export function connectSignerWorker(worker: Endpoint): SignerWorker {
  const api = wrap<SignerWorkerApi>(worker)
  return {
    async unlock(options) {
      return wrapMpcEngine(await api.unlock(options))
    },
    lock: () => api.lock(),
    async backupEngine() {
      return wrapMpcEngine(await api.openBackupEngine())
    },
  }
}
