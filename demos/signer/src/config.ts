/**
 * The app's configuration, read once from `VITE_TESSERA_*` (set by `npm start`, see
 * scripts/services.mjs) with the page's own origin as fallback, and the chains each platform may
 * show. Chains per platform are configuration, not code: Telegram's rules for Mini Apps restrict
 * which blockchains a Mini App may use (README.md), so a deployment sets its own list with
 * `VITE_TESSERA_CHAINS_<PLATFORM>` (comma-separated CAIP-2 ids). Without it a platform gets the
 * engine's list (`PLATFORM_CHAINS` of @tessera/signer: TON only inside Telegram), and a platform
 * the engine allows every chain on gets `DEFAULT_CHAINS`.
 */
import { PLATFORM_CHAINS } from '@tessera/signer'

export type Platform = 'browser' | 'telegram' | 'wechat' | 'alipay'

export type AppConfig = {
  readonly relayUrl: string
  /** The co-signer as the page reaches it (the Vite proxy `/cosigner` in development). */
  readonly cosignerUrl: string
  /** The co-signer's own URL, shown in settings. */
  readonly cosignerPublicUrl: string
  /** The co-signer's Noise static key (base64url), when the deployment pins it at build time. */
  readonly cosignerNoiseKey: string | undefined
  readonly devLoginUrl: string | undefined
  readonly dappUrl: string | undefined
  readonly rpcUrl: string | undefined
  readonly chains: Readonly<Record<Platform, readonly string[]>>
  /** WalletConnect project id sent to the relay for `wc:` links (our relay needs none). */
  readonly walletConnectProjectId: string | undefined
  /** telegram-web-app.js, loaded only when the page opens as a Mini App ('' never loads it). */
  readonly telegramSdkUrl: string
}

/**
 * Local development: the hardhat chain, Ethereum, Conflux Core's local chain, Solana mainnet and
 * devnet (the demo dapp signs Solana on devnet).
 */
export const DEFAULT_CHAINS: readonly string[] = [
  'eip155:31337',
  'eip155:1',
  'cfx:2029',
  'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp',
  'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1',
]

type Env = Readonly<Record<string, string | undefined>>

const list = (value: string | undefined): readonly string[] | undefined =>
  value === undefined || value.trim() === ''
    ? undefined
    : value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/.test(item))

const blankToUndefined = (value: string | undefined) =>
  value === undefined || value === '' ? undefined : value

export function readConfig(env: Env, origin: string): AppConfig {
  const cosigner = blankToUndefined(env.VITE_TESSERA_COSIGNER_URL) ?? `${origin}/cosigner`
  const proxied = blankToUndefined(env.VITE_TESSERA_COSIGNER_PROXY) !== '0'
  const chainsFor = (platform: Platform) => {
    const engine = PLATFORM_CHAINS[platform]
    return (
      list(env[`VITE_TESSERA_CHAINS_${platform.toUpperCase()}`]) ??
      (engine === '*' ? DEFAULT_CHAINS : engine)
    )
  }
  return {
    relayUrl:
      blankToUndefined(env.VITE_TESSERA_RELAY_URL) ?? `${origin.replace(/^http/, 'ws')}/relay`,
    cosignerUrl: proxied ? `${origin}/cosigner` : cosigner,
    cosignerPublicUrl: cosigner,
    cosignerNoiseKey: blankToUndefined(env.VITE_TESSERA_COSIGNER_NOISE_KEY),
    devLoginUrl: blankToUndefined(env.VITE_TESSERA_DEV_LOGIN_URL),
    dappUrl: blankToUndefined(env.VITE_TESSERA_DAPP_URL),
    rpcUrl: blankToUndefined(env.VITE_TESSERA_RPC_URL),
    walletConnectProjectId: blankToUndefined(env.VITE_TESSERA_WC_PROJECT_ID),
    telegramSdkUrl:
      env.VITE_TESSERA_TELEGRAM_SDK_URL ?? 'https://telegram.org/js/telegram-web-app.js',
    chains: {
      browser: chainsFor('browser'),
      telegram: chainsFor('telegram'),
      wechat: chainsFor('wechat'),
      alipay: chainsFor('alipay'),
    },
  }
}

/** Where settings keep the person's own relay and co-signer URLs (used from the next start). */
export const OVERRIDES_KEY = 'tessera.endpoints'

export type Endpoints = { readonly relayUrl?: string; readonly cosignerUrl?: string }

/** Accepts ws(s) for the relay and http(s) for the co-signer; anything else is refused. */
export function checkEndpoints(endpoints: Endpoints): Endpoints | undefined {
  const ok = (value: string | undefined, schemes: RegExp) => {
    if (value === undefined || value === '') return true
    try {
      return schemes.test(new URL(value).protocol)
    } catch {
      return false
    }
  }
  if (!ok(endpoints.relayUrl, /^wss?:$/) || !ok(endpoints.cosignerUrl, /^https?:$/))
    return undefined
  return {
    ...(endpoints.relayUrl ? { relayUrl: endpoints.relayUrl } : {}),
    ...(endpoints.cosignerUrl ? { cosignerUrl: endpoints.cosignerUrl } : {}),
  }
}

/** The environment with the saved endpoints over it (a saved co-signer is called directly). */
export function withOverrides(env: Env, saved: string | null): Env {
  let parsed: Endpoints | undefined
  try {
    parsed = saved === null ? undefined : checkEndpoints(JSON.parse(saved) as Endpoints)
  } catch {
    parsed = undefined
  }
  if (parsed === undefined) return env
  return {
    ...env,
    ...(parsed.relayUrl ? { VITE_TESSERA_RELAY_URL: parsed.relayUrl } : {}),
    ...(parsed.cosignerUrl
      ? { VITE_TESSERA_COSIGNER_URL: parsed.cosignerUrl, VITE_TESSERA_COSIGNER_PROXY: '0' }
      : {}),
  }
}
