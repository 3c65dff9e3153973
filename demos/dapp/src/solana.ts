/**
 * The demo's Solana side, loaded on first use (`import()` from main.ts, so a visitor who never
 * opens it downloads none of it): `@tessera/solana`'s Wallet Standard wallet "Tessera",
 * registered on the page (any Wallet Standard app finds it), over the Tessera session the wagmi
 * connector paired — one pairing for EVM, Conflux Core and Solana. Signs a message and a legacy
 * SOL transfer built here byte by byte (signed, not sent: the demo runs no Solana node), and
 * checks each signature again with WebCrypto Ed25519 under the account key (the wallet already
 * refused any that does not verify).
 */
import { registerTesseraSolanaWallet, SOLANA_CHAINS, type SolanaSessionLike } from '@tessera/solana'

import { SOLANA_CHAIN } from './wagmiConfig.ts'

type WalletAccount = ReturnType<typeof registerTesseraSolanaWallet>['accounts'][number]

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

export function base58(bytes: Uint8Array): string {
  let value = 0n
  for (const b of bytes) value = (value << 8n) | BigInt(b)
  let out = ''
  for (; value > 0n; value /= 58n) out = ALPHABET[Number(value % 58n)] + out
  for (const b of bytes) {
    if (b !== 0) break
    out = `1${out}`
  }
  return out
}

/** A 32-byte Solana address from base58, or an Error naming the field. */
export function base58Key(text: string, what: string): Uint8Array {
  let value = 0n
  let zeros = 0
  for (const [i, c] of [...text].entries()) {
    const digit = ALPHABET.indexOf(c)
    if (digit < 0) throw new Error(`${what}: not base58`)
    if (digit === 0 && value === 0n && zeros === i) zeros++
    value = value * 58n + BigInt(digit)
  }
  const bytes: number[] = []
  for (; value > 0n; value >>= 8n) bytes.unshift(Number(value & 0xffn))
  const out = Uint8Array.from([...new Array(zeros).fill(0), ...bytes])
  if (out.length !== 32) throw new Error(`${what}: not a 32-byte Solana address`)
  return out
}

/** A legacy wire transaction: one empty signature slot, a System Program transfer. */
export function transferTransaction(
  from: Uint8Array,
  to: Uint8Array,
  lamports: bigint,
): Uint8Array {
  const amount = new Uint8Array(8)
  new DataView(amount.buffer).setBigUint64(0, lamports, true)
  // Signed, not sent: a fixed blockhash is enough to show what is signed.
  const blockhash = new Uint8Array(32).fill(1)
  const message = [
    ...[1, 0, 1], // 1 signer (writable), 0 read-only signed, 1 read-only unsigned
    3,
    ...from,
    ...to,
    ...new Uint8Array(32), // System Program (111…1)
    ...blockhash,
    1, // one instruction
    2, // program: account 2
    2,
    0,
    1, // accounts: from, to
    12,
    2,
    0,
    0,
    0, // Transfer
    ...amount,
  ]
  return Uint8Array.from([1, ...new Uint8Array(64), ...message])
}

async function verifyEd25519(
  publicKey: Uint8Array,
  signature: Uint8Array,
  message: Uint8Array,
): Promise<boolean | undefined> {
  try {
    // Copies on ArrayBuffer, as WebCrypto's types ask.
    const raw = new Uint8Array(publicKey)
    const key = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify'])
    return await crypto.subtle.verify(
      { name: 'Ed25519' },
      key,
      new Uint8Array(signature),
      new Uint8Array(message),
    )
  } catch {
    return undefined // a browser without WebCrypto Ed25519
  }
}

/** The Wallet Standard name of the chain the demo pairs for (devnet). */
const SOLANA_CHAIN_NAME = (Object.keys(SOLANA_CHAINS) as `solana:${string}`[]).find(
  (name) => SOLANA_CHAINS[name] === SOLANA_CHAIN,
) as `solana:${string}`

export type DemoSolana = ReturnType<typeof createDemoSolana>

export function createDemoSolana(options: {
  /** The Tessera provider of the wagmi connector. */
  readonly tesseraProvider: () => Promise<unknown>
  /** Connects the Tessera connector (pairing with its modal) when no session is live. */
  readonly connect: () => Promise<void>
}) {
  let provider: { session(): SolanaSessionLike | undefined } | undefined
  const session = () => provider?.session()
  const wallet = registerTesseraSolanaWallet({
    session,
    chains: [SOLANA_CHAIN_NAME],
    async connect() {
      provider ??= (await options.tesseraProvider()) as typeof provider
      if (session()?.active !== true) await options.connect()
      const live = session()
      if (live === undefined) throw new Error('the Tessera connection has no session')
      return live
    },
  })
  const features = wallet.features as {
    'standard:connect': {
      connect(): Promise<{ accounts: readonly WalletAccount[] }>
    }
    'solana:signMessage': {
      signMessage(i: {
        account: WalletAccount
        message: Uint8Array
      }): Promise<{ signature: Uint8Array }[]>
    }
    'solana:signTransaction': {
      signTransaction(i: {
        account: WalletAccount
        transaction: Uint8Array
      }): Promise<{ signedTransaction: Uint8Array }[]>
    }
  }
  const account = (): WalletAccount => {
    const first = wallet.accounts[0]
    if (first === undefined) throw new Error('no Solana account: use Solana first')
    return first
  }
  return {
    async connect(): Promise<string | undefined> {
      provider ??= (await options.tesseraProvider()) as typeof provider
      const { accounts } = await features['standard:connect'].connect()
      return accounts[0]?.address
    },
    async signMessage(text: string) {
      const message = new TextEncoder().encode(text)
      const [signed] = await features['solana:signMessage'].signMessage({
        account: account(),
        message,
      })
      const signature = signed?.signature as Uint8Array
      return {
        signature: base58(signature),
        verified: await verifyEd25519(account().publicKey as Uint8Array, signature, message),
      }
    },
    async signTransfer(to: string, lamports: bigint) {
      const from = account().publicKey as Uint8Array
      const transaction = transferTransaction(from, base58Key(to, 'to'), lamports)
      const [signed] = await features['solana:signTransaction'].signTransaction({
        account: account(),
        transaction,
      })
      const bytes = signed?.signedTransaction as Uint8Array
      const signature = bytes.subarray(1, 65)
      return {
        signature: base58(signature),
        size: bytes.length,
        verified: await verifyEd25519(from, signature, bytes.subarray(65)),
      }
    },
  }
}
