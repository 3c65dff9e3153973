/**
 * Inside the signer's Worker: `unlock` opens the vault (Web Lock, passcode) in the Worker itself
 * and starts mpc's engine on its stores; every engine call before `unlock` is refused. The page
 * reaches it with `wrapSignerWorker(worker)`: the passcode crosses once, as a string, and is never
 * kept; shares never cross back (mpc's engine returns handles and public data only).
 */
import { createMpcEngine, type MpcEngine, proxy } from '@tessera/mpc/worker'
import { type Endpoint, expose, type Remote, wrap } from 'comlink'
import { type OpenVaultOptions, openVault, type Vault } from '../vault/openVault.ts'

export type SignerWorkerApi = {
  /** Opens the vault named in `options` and starts the engine; resolves with the vault's name. */
  unlock(options: OpenVaultOptions): Promise<string>
  /** Closes the vault (releases its lock); the engine refuses every call afterwards. */
  lock(): Promise<void>
  /** The threshold engine on the vault's stores. */
  engine(): MpcEngine
}

/** Runs in the Worker script: `exposeSignerWorker()` (or with a Node endpoint in tests). */
export function exposeSignerWorker(endpoint?: Endpoint): void {
  let vault: Vault | undefined
  let engine: MpcEngine | undefined
  const api: SignerWorkerApi = {
    async unlock(options) {
      if (vault !== undefined) throw new Error(`vault "${vault.name}" is already open`)
      vault = await openVault(options)
      engine = createMpcEngine({ store: vault.shareStore, nonceStore: vault.nonceStore })
      return vault.name
    },
    async lock() {
      const open = vault
      vault = undefined
      engine = undefined
      await open?.close()
    },
    engine() {
      if (engine === undefined) throw new Error('the vault is locked; call unlock first')
      return proxy(engine)
    },
  }
  expose(api, endpoint)
}

/** The page's handle on a Worker that called `exposeSignerWorker()`. */
export function wrapSignerWorker(worker: Endpoint): Remote<SignerWorkerApi> {
  return wrap<SignerWorkerApi>(worker)
}
