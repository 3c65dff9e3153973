/**
 * The app's backend on the real packages: the signer Worker (vault + threshold engine; the page
 * gets handles and public data only), the co-signer link pinned to its Noise key, the wallet
 * façade (`createSignerWallet`, contract §2), and — once the wallet is ready — the dapp
 * connections with their inbox (`createDappConnections`, contract §3) over the relay, described
 * by `@tessera/clear-signing` in the app's language.
 */
import { describeRequest } from '@tessera/clear-signing'
import {
  createIndexedDbSessionStore,
  createRelayClient,
  loadRelayIdentity,
  type RelayClient,
} from '@tessera/core'
import {
  browserPlatform,
  createCosignerLink,
  createDappConnections,
  createSignerWallet,
  type DappConnections,
  type DappSession,
  type KeyValueStorage,
  type PlatformAdapter,
  type SignerWallet,
  type WalletState,
} from '@tessera/signer'
import { connectSignerWorker } from '@tessera/signer/worker'
import type { AppConfig, Platform } from '../config.ts'
import type { Locale } from '../i18n.ts'
import { addressRows } from './addresses.ts'
import type { Backend } from './backend.ts'
import { pinnedCosignerKey } from './cosignerKey.ts'
import type { SessionView, WalletView } from './types.ts'

export type BackendOptions = {
  readonly config: AppConfig
  readonly platform: Platform
  /** Telegram's signed launch data, when the app runs as a Mini App. */
  readonly telegramInitData?: string
  readonly locale: () => Locale
  readonly origin: string
}

const VAULT = 'tessera-signer'

/**
 * The wallet's metadata keys contain dots (`tessera.wallet.<vault>.head`), which the platform's
 * bounded storage refuses (Telegram's key alphabet): dots become underscores on the way in.
 */
function dotFreeKeys(storage: KeyValueStorage): KeyValueStorage {
  const key = (name: string) => name.replace(/\./g, '_')
  return {
    get: (name) => storage.get(key(name)),
    set: (name, value) => storage.set(key(name), value),
    delete: (name) => storage.delete(key(name)),
  }
}

function platformAdapter(options: BackendOptions): PlatformAdapter {
  const browser = browserPlatform({
    // The development login is a redirect: a session the co-signer no longer renews means
    // logging in again, which the login screen offers.
    idToken: () => Promise.reject(new Error('log in again')),
  })
  const base: PlatformAdapter = { ...browser, storage: dotFreeKeys(browser.storage) }
  const initData = options.telegramInitData
  if (initData === undefined) return base
  return { ...base, platform: 'telegram', loginProof: async () => ({ kind: 'telegram', initData }) }
}

const sessionView = (session: DappSession): SessionView => ({
  id: session.sessionId,
  name: session.name,
  origin: session.origin,
  ...(session.icon ? { icon: session.icon } : {}),
  chains: session.grants.chains,
})

export async function createBackend(options: BackendOptions): Promise<Backend> {
  const { config } = options
  const chains = config.chains[options.platform]
  const listeners = new Set<() => void>()
  const changed = () => {
    for (const listener of listeners) listener()
  }
  let wallet: SignerWallet | undefined
  let dapps: DappConnections | undefined
  let relay: RelayClient | undefined
  let opening: Promise<void> | undefined

  const openDapps = async () => {
    if (dapps !== undefined || wallet === undefined) return
    const store = createIndexedDbSessionStore({ database: 'tessera-signer-sessions' })
    relay ??= createRelayClient({ url: config.relayUrl, identity: await loadRelayIdentity(store) })
    dapps = await createDappConnections({
      relay,
      store,
      signer: wallet.signer,
      // The language at arrival; the Approve screen asks each item again in the current one.
      describe: (input) => describeRequest({ ...input, locale: input.locale ?? options.locale() }),
      metadata: { name: 'Tessera', url: options.origin },
    })
    dapps.events.on('sessions', changed)
    dapps.inbox.events.on('change', changed)
    changed()
  }
  const onWallet = (state: WalletState) => {
    if (state.status === 'ready') opening ??= openDapps().finally(() => (opening = undefined))
    changed()
  }

  return {
    async start() {
      const worker = connectSignerWorker(
        new Worker(new URL('../signer.worker.ts', import.meta.url), { type: 'module' }),
      )
      const engine = await worker.unlock({ name: VAULT })
      const noiseStaticKey = await pinnedCosignerKey({
        url: config.cosignerUrl,
        configured: config.cosignerNoiseKey,
        storage: localStorage,
      })
      const link = createCosignerLink({
        url: config.cosignerUrl,
        noiseStaticKey,
        dappId: 'tessera-signer',
      })
      wallet = await createSignerWallet({
        platform: platformAdapter(options),
        engine,
        link,
        vaultName: VAULT,
      })
      wallet.on('change', onWallet)
      onWallet(wallet.state())
      await opening
    },
    wallet(): WalletView {
      const state = wallet?.state()
      if (state === undefined) return { status: 'loading' }
      if (state.status !== 'ready') return state
      const account = state.accounts[0]
      return {
        status: 'ready',
        identity: state.identity,
        backupDue: state.backupDue,
        addresses: account ? addressRows(account, chains) : [],
      }
    },
    async login(proof) {
      await wallet?.login(proof)
      await opening
    },
    async onboard(onProgress) {
      await wallet?.onboard({ onProgress })
      await opening
    },
    backup: () => wallet?.backup(),
    async logout() {
      await dapps?.close()
      dapps = undefined
      await wallet?.logout()
    },
    async pair(uri) {
      if (dapps === undefined) await openDapps()
      if (dapps === undefined) throw new Error('the wallet is not ready')
      const session = await dapps.pair(uri, {
        accounts: [0],
        chains: chains.filter((c) => c.startsWith('eip155:')),
      })
      return sessionView(session)
    },
    sessions: () => dapps?.sessions().map(sessionView) ?? [],
    rename: async (id, name) => dapps?.rename(id, name),
    end: async (id) => dapps?.end(id),
    inbox: () => dapps?.inbox.items() ?? [],
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
