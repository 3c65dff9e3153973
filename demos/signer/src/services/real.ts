/**
 * The app's backend on the real packages: the signer Worker (vault + threshold engine; the page
 * gets handles and public data only), the co-signer link pinned to its Noise key, the wallet
 * façade (`createSignerWallet`, contract §2), and — once the wallet is ready — the dapp
 * connections with their inbox (`createDappConnections`, contract §3) over the relay, described
 * by `@tessera/clear-signing` in the app's language. The platform adapter comes from
 * `platform.ts` (detectPlatform at start-up); where the platform keeps a wrapping secret (Telegram
 * SecureStorage) the vault is opened with it. `wc:` links pair through WalletConnect wallet mode
 * (`@tessera/signer/walletconnect`, loaded on first use) into the same inbox. Recovery, refresh
 * and export call the wallet's methods (`recover`, `refresh`, `exportPrivateKey`); the export
 * passes `EXPORT_CONFIRMATION` only from the screen's explicit confirmation. The passcode the
 * person sets is the vault's passcode (`wallet.changePasscode`, re-wrapped in the Worker); inside
 * Telegram it is joined to the SecureStorage secret (`vaultPasscode`), so the share at rest needs
 * both the Keychain/Keystore item and what the person knows.
 */
import { describeRequest } from '@tessera/clear-signing'
import {
  createIndexedDbSessionStore,
  createRelayClient,
  loadRelayIdentity,
  type RelayClient,
} from '@tessera/core'
import { EXPORT_CONFIRMATION } from '@tessera/mpc/dangerous'
import {
  createCosignerLink,
  createDappConnections,
  createSignerWallet,
  type DappConnections,
  type DappSession,
  type SignerWallet,
  type WalletState,
} from '@tessera/signer'
import { connectSignerWorker } from '@tessera/signer/worker'
import type { AppConfig } from '../config.ts'
import type { Locale } from '../i18n.ts'
import { addressRows, evmGrants, pairingGrants } from './addresses.ts'
import type { Backend } from './backend.ts'
import { pinnedCosignerKey } from './cosignerKey.ts'
import { type AppPlatform, vaultPasscode } from './platform.ts'
import type { ExportedKey, SessionView, WalletView } from './types.ts'

export type BackendOptions = {
  readonly config: AppConfig
  readonly platform: AppPlatform
  readonly locale: () => Locale
  readonly origin: string
}

/** The key an export releases for a chain: Solana's Ed25519 key, secp256k1 for EVM and Conflux. */
export const exportCurve = (chainId: string): 'secp256k1' | 'ed25519' =>
  chainId.startsWith('solana:') ? 'ed25519' : 'secp256k1'

type WalletConnectPart = {
  pair(uri: string, grants: { accounts: number[]; chains: string[] }): Promise<DappSession>
  sessions(): readonly DappSession[]
  end(sessionId: string): Promise<void>
  close(): Promise<void>
}

const VAULT = 'tessera-signer'

const sessionView = (session: DappSession): SessionView => ({
  id: session.sessionId,
  name: session.name,
  origin: session.origin,
  ...(session.icon ? { icon: session.icon } : {}),
  chains: session.grants.chains,
})

export async function createBackend(options: BackendOptions): Promise<Backend> {
  const { config } = options
  const chains = config.chains[options.platform.name]
  const listeners = new Set<() => void>()
  const changed = () => {
    for (const listener of listeners) listener()
  }
  let wallet: SignerWallet | undefined
  let dapps: DappConnections | undefined
  let relay: RelayClient | undefined
  let opening: Promise<void> | undefined
  let walletConnect: Promise<WalletConnectPart> | undefined
  let worker: ReturnType<typeof connectSignerWorker> | undefined
  let secret: string | undefined
  let link: ReturnType<typeof createCosignerLink> | undefined
  let wcSessions: readonly DappSession[] = []
  const ready = () => {
    if (wallet === undefined) throw new Error('the wallet is not started')
    return wallet
  }

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

  function walletView(): WalletView {
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
  }

  const openWalletConnect = (connections: DappConnections, ready: SignerWallet) => {
    walletConnect ??= (async () => {
      const { createWalletConnectWallet } = await import('@tessera/signer/walletconnect')
      const wc = await createWalletConnectWallet({
        relayUrl: config.relayUrl,
        ...(config.walletConnectProjectId ? { projectId: config.walletConnectProjectId } : {}),
        metadata: {
          name: 'Tessera',
          description: 'Tessera signer',
          url: options.origin,
          icons: [],
        },
        signer: ready.signer,
        inbox: connections.inbox,
        store: createIndexedDbSessionStore({ database: 'tessera-signer-wc' }),
        ...(config.rpcUrl ? { rpc: { 'eip155:31337': config.rpcUrl } } : {}),
        locale: options.locale(),
      })
      wc.events.on('sessions', (sessions) => {
        wcSessions = sessions
        changed()
      })
      wcSessions = wc.sessions()
      return wc
    })()
    walletConnect.catch(() => {
      walletConnect = undefined
    })
    return walletConnect
  }

  return {
    async start(typed) {
      if (wallet !== undefined) return
      // One Worker for the page: an unlock that failed (wrong passcode) is tried again in it.
      worker ??= connectSignerWorker(
        new Worker(new URL('../signer.worker.ts', import.meta.url), { type: 'module' }),
      )
      secret ??= await options.platform.vaultSecret()
      const passcode = vaultPasscode(secret, typed)
      const engine = await worker.unlock({
        name: VAULT,
        ...(passcode === undefined ? {} : { passcode }),
      })
      const noiseStaticKey = await pinnedCosignerKey({
        url: config.cosignerUrl,
        configured: config.cosignerNoiseKey,
        storage: localStorage,
      })
      link = createCosignerLink({
        url: config.cosignerUrl,
        noiseStaticKey,
        dappId: 'tessera-signer',
      })
      wallet = await createSignerWallet({
        platform: options.platform.adapter,
        engine,
        link,
        vaultName: VAULT,
        vault: worker,
      })
      wallet.on('change', onWallet)
      onWallet(wallet.state())
      await opening
    },
    wallet: walletView,
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
      const wc = walletConnect
      walletConnect = undefined
      wcSessions = []
      if (wc) await (await wc).close().catch(() => undefined)
      await wallet?.logout()
    },
    async pair(uri) {
      if (dapps === undefined) await openDapps()
      if (dapps === undefined || wallet === undefined) throw new Error('the wallet is not ready')
      if (uri.startsWith('wc:')) {
        const wc = await openWalletConnect(dapps, wallet)
        return sessionView(await wc.pair(uri, evmGrants(chains)))
      }
      const session = await dapps.pair(uri, pairingGrants(chains))
      return sessionView(session)
    },
    sessions: () => [...(dapps?.sessions() ?? []), ...wcSessions].map(sessionView),
    rename: async (id, name) => dapps?.rename(id, name),
    async end(id) {
      if (wcSessions.some((session) => session.sessionId === id)) {
        await (await walletConnect)?.end(id)
        return
      }
      await dapps?.end(id)
    },
    async recover(input) {
      await ready().recover(input)
      await opening
    },
    async refresh(onProgress) {
      await ready().refresh({ onProgress })
    },
    async exportPrivateKey({ chainId, confirmed }): Promise<ExportedKey> {
      // Only the screen's explicit confirmation (`confirmed: true`) turns into the sentence.
      if (confirmed !== true) throw new Error('the export needs the explicit confirmation')
      const curve = exportCurve(chainId)
      const privateKey = await ready().exportPrivateKey({
        confirm: EXPORT_CONFIRMATION,
        curve,
        account: 0,
      })
      const view = walletView()
      const row =
        view.status === 'ready' ? view.addresses.find((r) => r.chainId === chainId) : undefined
      return { chainId, curve, address: row?.address ?? '', privateKey }
    },
    async changePasscode({ current, next }) {
      const from = vaultPasscode(secret, current)
      await ready().changePasscode({
        ...(from === undefined ? {} : { current: from }),
        next: vaultPasscode(secret, next) as string,
      })
    },
    inbox: () => dapps?.inbox.items() ?? [],
    soter: {
      async challenge(purpose) {
        const soter = link?.soter
        if (soter === undefined) throw new Error('the co-signer link has no SOTER')
        return soter.challenge(await ready().session(), purpose)
      },
      async verify(answer) {
        const soter = link?.soter
        if (soter === undefined) throw new Error('the co-signer link has no SOTER')
        await soter.verify(await ready().session(), answer)
      },
    },
    async resume(kept) {
      if (dapps === undefined) await openDapps()
      if (dapps === undefined) throw new Error('the wallet is not ready')
      await dapps.resume(kept)
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
