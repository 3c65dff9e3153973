/**
 * The Wallet Standard wallet "Tessera" for Solana dapps over a Tessera session: `standard:connect`
 * (the session's `solana:` accounts), `standard:disconnect`, `standard:events`,
 * `solana:signMessage`, `solana:signTransaction` (legacy and v0) and
 * `solana:signAndSendTransaction` (signed here, sent through the dapp's RPC). Requests travel as
 * session requests `solana_signMessage` / `solana_signTransaction` tagged with the CAIP-2 chain,
 * their params checked first with the signer's own reader (`parseSolanaParams` of
 * @tessera/protocol), so a request the signer would refuse never leaves the page;
 * every signature that comes back is checked (Ed25519 over the message, or over the transaction's
 * message bytes, under the account's key) before the dapp sees it.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { base58, base64 } from '@scure/base'
import { parseSolanaParams, type SolanaParams } from '@tessera/protocol'
import type { Wallet, WalletAccount } from '@wallet-standard/base'
import { SolanaWalletError } from './SolanaWalletError.ts'
import type { SendTransaction, SolanaSessionLike } from './types.ts'
import { withSignature } from './wireTransaction.ts'

/** Wallet Standard chain names ↔ CAIP-2 ids (genesis hash prefixes). */
export const SOLANA_CHAINS: Readonly<Record<`solana:${string}`, string>> = Object.freeze({
  'solana:mainnet': 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp',
  'solana:devnet': 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1',
  'solana:testnet': 'solana:4uhcVJyU9pJkvQyS88uRDiswHXSCkY3z',
  'solana:localnet': 'solana:localnet',
})

const ICON =
  'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCAzMiAzMiI+PHJlY3Qgd2lkdGg9IjMyIiBoZWlnaHQ9IjMyIiByeD0iOCIgZmlsbD0iIzExMSIvPjxwYXRoIGQ9Ik04IDloMTZ2NGgtNnYxMWgtNFYxM0g4eiIgZmlsbD0iI2ZmZiIvPjwvc3ZnPg==' as const

export type TesseraSolanaWalletOptions = {
  /** The live session, or `undefined` when there is none. */
  readonly session: () => SolanaSessionLike | undefined
  /** Pairs (or resumes) when there is no live session. */
  readonly connect?: () => Promise<SolanaSessionLike>
  /** Broadcasts a signed transaction through the dapp's RPC; resolves with its signature. */
  readonly sendTransaction?: SendTransaction
  /**
   * The Solana chains this dapp uses, most preferred first (default: every chain, mainnet first).
   * Each account lists these first, so a request without a chain (`signMessage`) names the first
   * one the session granted; the signer's screen shows that network.
   */
  readonly chains?: readonly `solana:${string}`[]
}

/** base58 of up to 2,048 bytes (the most a session message carries), else undefined. */
function base58Of(bytes: Uint8Array): string | undefined {
  try {
    return base58.encode(bytes)
  } catch {
    return undefined
  }
}

type Listener = (properties: { accounts?: readonly WalletAccount[] }) => void
const FEATURES = [
  'solana:signMessage',
  'solana:signTransaction',
  'solana:signAndSendTransaction',
] as const

/** The chain names in the dapp's order of preference, then the rest; unknown names refused. */
function preferredChains(chains: readonly string[] | undefined): `solana:${string}`[] {
  const all = Object.keys(SOLANA_CHAINS) as `solana:${string}`[]
  if (chains === undefined) return all
  if (!Array.isArray(chains))
    throw new TypeError('"chains" expected an array of Solana chain names')
  for (const name of chains) {
    if (!all.includes(name as `solana:${string}`)) {
      throw new TypeError(`"chains": ${String(name)} is not one of ${all.join(', ')}`)
    }
  }
  const first = [...new Set(chains)] as `solana:${string}`[]
  return [...first, ...all.filter((name) => !first.includes(name))]
}

export function createTesseraSolanaWallet(options: TesseraSolanaWalletOptions): Wallet {
  const order = preferredChains(options.chains)
  let accounts: WalletAccount[] = []
  const listeners = new Set<Listener>()
  const emit = () => {
    for (const l of listeners) l({ accounts })
  }
  const live = (): SolanaSessionLike => {
    const session = options.session()
    if (session?.active !== true)
      throw new SolanaWalletError('NotConnected', 'No Tessera session: connect first.')
    return session
  }
  const adopt = (session: SolanaSessionLike): WalletAccount[] => {
    const byAddress = new Map<string, `solana:${string}`[]>()
    for (const name of order) {
      for (const address of session.accounts[SOLANA_CHAINS[name] as string] ?? [])
        byAddress.set(address, [...(byAddress.get(address) ?? []), name])
    }
    accounts = [...byAddress].map(([address, chains]) => {
      const publicKey = base58.decode(address)
      if (publicKey.length !== 32)
        throw new SolanaWalletError('BadReply', `session account ${address} is not a Solana key`)
      return Object.freeze({ address, publicKey, chains, features: FEATURES })
    })
    emit()
    return accounts
  }
  const own = (account: WalletAccount): WalletAccount => {
    const found = accounts.find((a) => a.address === account?.address)
    if (found === undefined)
      throw new SolanaWalletError('UnknownAccount', 'The account is not one this wallet gave.')
    return found
  }
  const caipOf = (account: WalletAccount, chain?: string): string => {
    const name = (chain ?? account.chains[0]) as `solana:${string}`
    const caip = SOLANA_CHAINS[name]
    if (caip === undefined || !account.chains.includes(name)) {
      throw new SolanaWalletError(
        'UnsupportedChain',
        `The account is not offered on ${String(chain)}.`,
      )
    }
    return caip
  }
  const signatureFrom = (reply: unknown): Uint8Array => {
    const text = (reply as { signature?: unknown } | null)?.signature
    if (typeof text !== 'string')
      throw new SolanaWalletError('BadReply', 'The wallet answered without a signature.')
    const signature = base58.decode(text)
    if (signature.length !== 64)
      throw new SolanaWalletError('BadReply', 'The signature is not 64 bytes.')
    return signature
  }
  const checked = (
    signature: Uint8Array,
    message: Uint8Array,
    account: WalletAccount,
  ): Uint8Array => {
    if (!ed25519.verify(signature, message, account.publicKey as Uint8Array)) {
      throw new SolanaWalletError(
        'BadSignature',
        'The signature does not verify under the account key.',
      )
    }
    return signature
  }
  /** The session params of a request, read as the signer will read them. */
  const paramsOf = <M extends SolanaParams['method']>(
    method: M,
    field: 'message' | 'transaction',
    bytes: unknown,
    account: WalletAccount,
  ): [Record<string, string>[], Extract<SolanaParams, { method: M }>] => {
    const code = field === 'message' ? 'InvalidMessage' : 'MalformedTransaction'
    if (!(bytes instanceof Uint8Array))
      throw new SolanaWalletError(code, `The ${field} is not a Uint8Array.`)
    const text = field === 'message' ? base58Of(bytes) : base64.encode(bytes)
    const params = [{ [field]: text ?? '', pubkey: account.address }]
    try {
      return [params, parseSolanaParams(method, params) as Extract<SolanaParams, { method: M }>]
    } catch (error) {
      const details = (error as { details?: unknown }).details
      throw new SolanaWalletError(code, typeof details === 'string' ? details : 'Refused.', {
        cause: error,
      })
    }
  }
  const signTransaction = async (input: {
    account: WalletAccount
    transaction: Uint8Array
    chain?: string
  }) => {
    const account = own(input.account)
    const chainId = caipOf(account, input.chain)
    const method = 'solana_signTransaction'
    const [params, tx] = paramsOf(method, 'transaction', input.transaction, account)
    const reply = await live().request({ method, params, chainId })
    const signature = checked(signatureFrom(reply), tx.message, account)
    return withSignature(input.transaction, tx.signerIndex, signature)
  }

  return {
    version: '1.0.0',
    name: 'Tessera',
    icon: ICON,
    chains: Object.keys(SOLANA_CHAINS) as `solana:${string}`[],
    get accounts() {
      return accounts
    },
    features: {
      'standard:connect': {
        version: '1.0.0',
        async connect(input?: { silent?: boolean }) {
          const current = options.session()
          if (current?.active === true) return { accounts: adopt(current) }
          if (input?.silent === true || options.connect === undefined) return { accounts }
          return { accounts: adopt(await options.connect()) }
        },
      },
      'standard:disconnect': {
        version: '1.0.0',
        async disconnect() {
          accounts = []
          emit()
        },
      },
      'standard:events': {
        version: '1.0.0',
        on(_event: 'change', listener: Listener) {
          listeners.add(listener)
          return () => listeners.delete(listener)
        },
      },
      'solana:signMessage': {
        version: '1.1.0',
        async signMessage(...inputs: readonly { account: WalletAccount; message: Uint8Array }[]) {
          const out = []
          for (const input of inputs) {
            const account = own(input.account)
            const method = 'solana_signMessage'
            const [params] = paramsOf(method, 'message', input.message, account)
            const reply = await live().request({ method, params, chainId: caipOf(account) })
            const signature = checked(signatureFrom(reply), input.message, account)
            out.push({ signedMessage: input.message, signature, signatureType: 'ed25519' as const })
          }
          return out
        },
      },
      'solana:signTransaction': {
        version: '1.0.0',
        supportedTransactionVersions: ['legacy', 0] as const,
        async signTransaction(
          ...inputs: readonly { account: WalletAccount; transaction: Uint8Array; chain?: string }[]
        ) {
          const out = []
          for (const input of inputs) out.push({ signedTransaction: await signTransaction(input) })
          return out
        },
      },
      'solana:signAndSendTransaction': {
        version: '1.0.0',
        supportedTransactionVersions: ['legacy', 0] as const,
        async signAndSendTransaction(
          ...inputs: readonly {
            account: WalletAccount
            transaction: Uint8Array
            chain: `solana:${string}`
          }[]
        ) {
          const send = options.sendTransaction
          if (send === undefined)
            throw new SolanaWalletError('NotConnected', 'No RPC to send the transaction through.')
          const out = []
          for (const input of inputs) {
            const signed = await signTransaction(input)
            const sent = await send(signed, { chain: input.chain })
            out.push({ signature: typeof sent === 'string' ? base58.decode(sent) : sent })
          }
          return out
        },
      },
    },
  } as Wallet
}
