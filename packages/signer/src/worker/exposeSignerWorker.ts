/**
 * Both ends of the signer's Worker. In the Worker script, `exposeSignerWorker()` serves `unlock`
 * and `lock`: `unlock` opens the vault (Web Lock, passcode) inside the Worker and starts mpc's
 * engine on its stores, served on a fresh MessagePort (`exposeMpcEngine`, so MpcError keeps its
 * kind across); `lock` closes the engine's port and the vault, releasing its lock. On the page,
 * `connectSignerWorker(worker).unlock(options)` returns mpc's remote engine. The passcode crosses
 * once, as a string, and is not kept; shares never cross back (the engine returns handles and
 * public data only). `changePasscode` re-wraps the open vault's data key under a new passcode
 * inside the Worker; the page gets the typed error back (comlink carries only an error's name and
 * message, so the page end rebuilds the vault's passcode errors by name).
 */
import type { MpcEngine } from '@tessera/mpc/worker'
import { exposeMpcEngine, wrapMpcEngine } from '@tessera/mpc/worker'
import { type Endpoint, expose, type Remote, transfer, wrap } from 'comlink'
import {
  ConcurrentWriteError,
  PasscodeRequiredError,
  VaultClosedError,
  WeakPasscodeError,
  WrongPasscodeError,
} from '../errors.ts'
import {
  type ChangePasscodeInput,
  type OpenVaultOptions,
  openVault,
  type Vault,
} from '../vault/openVault.ts'

export type SignerWorkerApi = {
  /** Opens the vault and returns the port its engine is served on. */
  unlock(options: OpenVaultOptions): Promise<MessagePort>
  /** Stops the engine and closes the vault (its Web Lock is released when this resolves). */
  lock(): Promise<void>
  /** Sets or changes the open vault's passcode (vault/vaultKey.ts); nothing secret comes back. */
  changePasscode(input: ChangePasscodeInput): Promise<void>
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
    async changePasscode(input) {
      if (open === undefined) throw new VaultClosedError('(none open)')
      await open.vault.changePasscode(input)
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
  /** Sets (`current` undefined) or changes the vault's passcode, with typed errors. */
  changePasscode(input: ChangePasscodeInput): Promise<void>
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
    async changePasscode(input) {
      try {
        await api.changePasscode(input)
      } catch (error) {
        throw retyped(error)
      }
    },
    async backupEngine() {
      return wrapMpcEngine(await api.openBackupEngine())
    },
  }
}

/** The vault's passcode errors again as their classes (comlink keeps name and message only). */
function retyped(error: unknown): unknown {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown }
  const vault = typeof message === 'string' ? (/vault "([^"]*)"/.exec(message)?.[1] ?? '') : ''
  if (name === 'WrongPasscodeError') return new WrongPasscodeError(vault)
  if (name === 'PasscodeRequiredError') return new PasscodeRequiredError(vault)
  if (name === 'ConcurrentWriteError')
    return new ConcurrentWriteError(`vault "${vault}"'s key record`)
  if (name === 'VaultClosedError') return new VaultClosedError(vault)
  if (name === 'WeakPasscodeError') {
    // The rule travels in the message: "… (sequence)".
    const rule = /\((length|distinct|sequence)\)/.exec(String(message))?.[1]
    return new WeakPasscodeError((rule ?? 'length') as 'length' | 'distinct' | 'sequence')
  }
  return error
}
