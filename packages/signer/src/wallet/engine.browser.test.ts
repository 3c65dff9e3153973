/**
 * The wallet engine in Chromium against a REAL co-signer PROCESS (started by
 * src/test/cosigner.globalSetup.ts, reached directly over its `/v1/mpc` WebSocket with the Noise
 * key pinned, no relay): the device engine in the signer's real Web Worker (comlink) on its real
 * IndexedDB vault, the browser platform adapter, logins through the OIDC and Telegram doubles the
 * co-signer trusts. One onboarding per identity for the whole file (two DKGs with OT setup each):
 * progress (percent and phase) → addresses on every chain → each request kind signed and checked
 * by an independent implementation (viem for EVM; Chromium's own WebCrypto Ed25519 and noble for
 * Solana; @tessera/conflux's CIP-37 decoder for Core addresses; noble recovery to the Core
 * account for Conflux personal sign, CIP-23 and Core transactions). Every value that crossed
 * between page and Worker, the progress events, the page's IndexedDB databases and localStorage
 * are scanned by the Worker's test-only hook: the Worker's shares (and its OT secrets Δ) never reached the page.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { base58 } from '@scure/base'
import {
  type Core1559Transaction,
  decodeBase32Address,
  hashCoreTransaction,
  parseCoreTransaction,
  recoverCoreTransactionSender,
  userAddressFromPublicKey,
} from '@tessera/conflux'
import type { MpcEngine } from '@tessera/mpc/worker'
import {
  type Address,
  concat,
  concatBytes,
  getAddress,
  type Hex,
  hashMessage,
  hashStruct,
  hexToBytes,
  keccak256,
  parseTransaction,
  recoverTransactionAddress,
  type TransactionSerializable,
  toBytes,
  toHex,
  verifyMessage,
  verifyTypedData,
} from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import type { CosignerLink } from '../cosigner/cosignerLink.ts'
import { createCosignerLink } from '../cosigner/createCosignerLink.ts'
import type { DeviceEngine } from '../engine/types.ts'
import { browserPlatform } from '../platform/browserPlatform.ts'
import { connectSignerWorker } from '../worker/exposeSignerWorker.ts'
import { createSignerWallet } from './createSignerWallet.ts'
import type { OnboardProgress, SignerWallet } from './types.ts'

const control = inject('tesseraCosignerControl')
const ask = async <T>(path: string): Promise<T> => {
  const response = await fetch(`${control}${path}`)
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}
const idToken = async (sub: string) => (await ask<{ idToken: string }>(`/oidc?sub=${sub}`)).idToken

type Remote = { [K in keyof MpcEngine]: (...args: never[]) => Promise<unknown> }

/** The remote engine with every argument and result appended to `crossed` (the page's view). */
function recording(remote: Remote, crossed: unknown[]): Remote {
  return new Proxy(remote, {
    get(target, prop) {
      const method = Reflect.get(target, prop) as (...args: unknown[]) => Promise<unknown>
      return async (...args: unknown[]) => {
        crossed.push(args.filter((a) => typeof a !== 'function'))
        const result = await method(...args)
        crossed.push(result)
        return result
      }
    },
  })
}

/** Every record of every IndexedDB database this origin has (what any page script could read). */
async function dumpIndexedDb(): Promise<unknown[]> {
  const out: unknown[] = []
  for (const info of await indexedDB.databases()) {
    if (info.name === undefined) continue
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(info.name as string)
      open.onsuccess = () => resolve(open.result)
      open.onerror = () => reject(open.error)
    })
    for (const store of db.objectStoreNames) {
      const records = await new Promise<unknown[]>((resolve, reject) => {
        const all = db.transaction(store, 'readonly').objectStore(store).getAll()
        all.onsuccess = () => resolve(all.result)
        all.onerror = () => reject(all.error)
      })
      out.push(...records)
    }
    db.close()
  }
  return out
}

/** The handles of the keys the Worker made (results of `dkgStep` that finished). */
function keyHandles(crossed: readonly unknown[]): string[] {
  const handles = new Set<string>()
  for (const value of crossed) {
    const result = value as { done?: unknown; key?: { handle?: unknown } } | null | undefined
    if (result?.done === true && typeof result.key?.handle === 'string')
      handles.add(result.key.handle)
  }
  return [...handles]
}

const RECIPIENT = '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM'

/**
 * A legacy Solana message transferring `lamports` from `payer` to `to` with the System Program
 * (solana.com/docs/core/transactions: header, compact arrays of keys and instructions, transfer =
 * instruction 2 with a u64 amount), and its wire form once signed.
 */
function solanaTransfer(payer: Uint8Array, to: Uint8Array, lamports: bigint) {
  const data = new Uint8Array(12)
  const view = new DataView(data.buffer)
  view.setUint32(0, 2, true)
  view.setBigUint64(4, lamports, true)
  const blockhash = crypto.getRandomValues(new Uint8Array(32))
  const message = Uint8Array.of(
    ...[1, 0, 1], // 1 signer, 0 read-only signed, 1 read-only unsigned (the program)
    3,
    ...payer,
    ...to,
    ...new Uint8Array(32), // System Program (11111111111111111111111111111111)
    ...blockhash,
    1,
    ...[2, 2, 0, 1, data.length],
    ...data,
  )
  return {
    message,
    signed: (signature: Uint8Array) => Uint8Array.of(1, ...signature, ...message),
  }
}

type Opened = {
  readonly worker: Worker
  readonly remote: Remote
  readonly wallet: SignerWallet
  readonly crossed: unknown[]
  readonly progress: OnboardProgress[]
}

const workers: Worker[] = []
let link: CosignerLink

async function openWallet(name: string, sub: string): Promise<Opened> {
  const worker = new Worker(new URL('../test/scanning.worker.ts', import.meta.url), {
    type: 'module',
  })
  workers.push(worker)
  const remote = (await connectSignerWorker(worker).unlock({ name })) as unknown as Remote
  const crossed: unknown[] = []
  const wallet = await createSignerWallet({
    platform: browserPlatform({ databaseName: `${name}-platform`, idToken: () => idToken(sub) }),
    engine: recording(remote, crossed) as unknown as DeviceEngine,
    link,
    vaultName: name,
  })
  return { worker, remote, wallet, crossed, progress: [] }
}

const run = Math.random().toString(36).slice(2)
let oidc: Opened

beforeAll(async () => {
  const cosigner = await ask<{ url: string; mpcUrl: string; noiseStaticKey: string }>('/cosigner')
  link = createCosignerLink({ ...cosigner, dappId: 'engine-browser-test' })
  oidc = await openWallet(`engine-oidc-${run}`, `oidc-${run}`)
  expect(oidc.wallet.state()).toEqual({ status: 'signedOut' })
  const state = await oidc.wallet.login({ kind: 'oidc', idToken: await idToken(`oidc-${run}`) })
  expect(state).toMatchObject({ status: 'needsOnboarding' })
  const ready = await oidc.wallet.onboard({ onProgress: (p) => oidc.progress.push(p) })
  expect(ready.status).toBe('ready')
}, 240_000)

afterAll(() => {
  oidc?.wallet.close()
  for (const w of workers.splice(0)) w.terminate()
})

describe('OIDC login → onboarding → every request kind, in the Worker', () => {
  test('login and onboarding with progress events (percent and phase) for both keys', () => {
    expect(oidc.wallet.state()).toMatchObject({
      status: 'ready',
      identity: expect.stringMatching(new RegExp(`^oidc:http://127\\.0\\.0\\.1:\\d+:oidc-${run}$`)),
      epoch: expect.any(Number),
      backupDue: true,
    })
    expect(oidc.progress.map((p) => `${p.curve} ${p.phase} ${p.percent}`)).toEqual([
      'secp256k1 connect 0',
      'secp256k1 nonce 10',
      'secp256k1 commit 20',
      'secp256k1 reveal 30',
      'secp256k1 confirm 40',
      'secp256k1 done 50',
      'ed25519 connect 50',
      'ed25519 nonce 60',
      'ed25519 commit 70',
      'ed25519 reveal 80',
      'ed25519 confirm 90',
      'ed25519 done 100',
    ])
  })

  test('addresses: EVM and eSpace, Conflux Core (CIP-37) per network, Solana', async () => {
    const account = oidc.wallet.account(0)
    const evm = account.secp256k1
    if (evm === undefined || account.ed25519 === undefined) throw new Error('missing keys')
    // EVM (any chain id) and eSpace: keccak of the uncompressed child key, checksummed.
    const uncompressed = secp256k1.Point.fromBytes(evm.publicKey).toBytes(false)
    expect(evm.address).toBe(publicKeyToAddress(toHex(uncompressed)))
    expect(evm.address).toBe(getAddress(evm.address))
    // Core: the same key's user address (0x1 type nibble) in base32 with each network's prefix.
    const hex = `0x1${keccak256(uncompressed.subarray(1)).slice(-39)}`
    expect(Object.keys(evm.core)).toEqual(['1', '1029'])
    expect(evm.core[1029]).toMatch(/^cfx:aa[a-z0-9]{40}$/)
    expect(evm.core[1]).toMatch(/^cfxtest:aa[a-z0-9]{40}$/)
    for (const [network, base32] of Object.entries(evm.core)) {
      expect(decodeBase32Address(base32)).toMatchObject({
        hexAddress: hex,
        networkId: Number(network),
        type: 'user',
      })
    }
    // Solana: the base58 of the 32-byte Ed25519 child key.
    expect(base58.decode(account.ed25519.address)).toEqual(account.ed25519.publicKey)
    // Account 1 derives other keys on every chain.
    expect(oidc.wallet.account(1).secp256k1?.address).not.toBe(evm.address)
    expect(oidc.wallet.account(1).ed25519?.address).not.toBe(account.ed25519.address)
  })

  test('EVM: personal_sign, EIP-712 v4, legacy / EIP-2930 / EIP-1559 transactions; viem verifies', async () => {
    const { signer } = oidc.wallet
    const address = oidc.wallet.account(0).secp256k1?.address as Address
    const message = 'sign in to the engine test'
    const signature = await signer.signMessage(0, message)
    expect(await verifyMessage({ address, message, signature })).toBe(true)
    const raw = await signer.signMessage(0, { raw: '0xdeadbeef' })
    expect(await verifyMessage({ address, message: { raw: '0xdeadbeef' }, signature: raw })).toBe(
      true,
    )

    const typedData = {
      domain: { name: 'Engine', version: '1', chainId: 1, verifyingContract: address },
      types: {
        Person: [
          { name: 'name', type: 'string' },
          { name: 'wallet', type: 'address' },
        ],
        Mail: [
          { name: 'from', type: 'Person' },
          { name: 'contents', type: 'string' },
        ],
      },
      primaryType: 'Mail',
      message: { from: { name: 'Dora', wallet: address }, contents: 'hello' },
    } as const
    const typed = await signer.signTypedData(0, typedData)
    expect(await verifyTypedData({ ...typedData, address, signature: typed })).toBe(true)

    const to = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
    const transactions: TransactionSerializable[] = [
      { type: 'legacy', chainId: 1, nonce: 0, gas: 21_000n, gasPrice: 10n ** 9n, to, value: 1n },
      {
        type: 'eip2930',
        chainId: 31337,
        nonce: 1,
        gas: 30_000n,
        gasPrice: 2n * 10n ** 9n,
        to,
        value: 2n,
        accessList: [{ address: to, storageKeys: [`0x${'00'.repeat(31)}01`] }],
      },
      {
        type: 'eip1559',
        chainId: 1030,
        nonce: 2,
        gas: 21_000n,
        maxFeePerGas: 3n * 10n ** 9n,
        maxPriorityFeePerGas: 10n ** 9n,
        to,
        value: 3n,
      },
    ]
    for (const transaction of transactions) {
      const signed = await signer.signTransaction(0, transaction)
      expect(await recoverTransactionAddress({ serializedTransaction: signed as never })).toBe(
        address,
      )
      expect(parseTransaction(signed)).toMatchObject({
        type: transaction.type,
        chainId: transaction.chainId,
        nonce: transaction.nonce,
        value: transaction.value,
      })
      expect(parseTransaction(signed).to).toBe(to.toLowerCase())
    }
  })

  test("Solana: a message and a transaction (FROST); Chromium's WebCrypto Ed25519 verifies", async () => {
    const { signer } = oidc.wallet
    const account = oidc.wallet.account(0).ed25519
    if (account === undefined) throw new Error('no Ed25519 key')
    const key = await crypto.subtle.importKey('raw', account.publicKey.slice(), 'Ed25519', false, [
      'verify',
    ])
    const verify = (signature: Uint8Array, data: Uint8Array) =>
      crypto.subtle.verify('Ed25519', key, signature.slice(), data.slice())

    const message = new TextEncoder().encode('engine test: sign this Solana message')
    const signature = await signer.solana.signMessage(0, message)
    expect(await verify(signature, message)).toBe(true)
    expect(ed25519.verify(signature, message, account.publicKey)).toBe(true)

    const transfer = solanaTransfer(account.publicKey, base58.decode(RECIPIENT), 1_000n)
    // Declared as a transaction on its chain: the co-signer's policy reads the message.
    const txSignature = await signer.solana.signMessage(0, transfer.message, {
      chainId: 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1',
    })
    const wire = transfer.signed(txSignature)
    // The wire transaction: one signature slot, then the message it signs.
    expect(wire[0]).toBe(1)
    expect(wire.subarray(1, 65)).toEqual(txSignature)
    expect(await verify(wire.subarray(1, 65), wire.subarray(65))).toBe(true)
    expect(await verify(txSignature, message)).toBe(false)
  })

  // Conflux Core signing through the co-signer's `cfx_*` policy (cosigner/signingRequest.ts):
  // each result is checked in the page, not by the wallet — the digest rebuilt here (Conflux's
  // personal-message prefix with viem's keccak256; CIP-23 as `\x19\x01` ‖ hashStruct of the
  // CIP23Domain and of the message with viem; the Core transaction by @tessera/conflux's parser),
  // the public key recovered with noble and compared with the account's key and its CIP-37 address.
  test('Conflux: personal sign, CIP-23 and a Core transaction sign; each recovers to the account', async () => {
    const { signer } = oidc.wallet
    const account = oidc.wallet.account(0).secp256k1
    if (account === undefined) throw new Error('no secp256k1 key')
    const core = account.core[1029] as string
    const { hexAddress } = decodeBase32Address(core)
    const key = secp256k1.Point.fromBytes(account.publicKey)
    /** r ‖ s ‖ v (v ∈ {0, 1}) over `digest`: the recovered key is the account's, on Core too. */
    const expectAccount = (signature: Hex, digest: Hex) => {
      const bytes = hexToBytes(signature)
      expect(bytes).toHaveLength(65)
      expect([0, 1]).toContain(bytes[64])
      const recovered = secp256k1.recoverPublicKey(
        Uint8Array.of(bytes[64] as number, ...bytes.subarray(0, 64)),
        hexToBytes(digest),
        { prehash: false },
      )
      expect(secp256k1.Point.fromBytes(recovered).equals(key)).toBe(true)
      expect(userAddressFromPublicKey(recovered)).toBe(hexAddress)
      expect(
        secp256k1.verify(bytes.subarray(0, 64), hexToBytes(digest), account.publicKey, {
          prehash: false,
        }),
      ).toBe(true)
    }

    const message = 'engine test: Conflux'
    const signature = await signer.conflux.signMessage(0, message)
    const text = toBytes(message)
    const personal = keccak256(
      concatBytes([toBytes(`\x19Conflux Signed Message:\n${text.length}`), text]),
    )
    expectAccount(signature, personal)
    // Not the EVM digest of the same text: a Conflux signature is no Ethereum one.
    expect(personal).not.toBe(hashMessage(message))

    const typedData = {
      types: {
        CIP23Domain: [
          { name: 'name', type: 'string' },
          { name: 'version', type: 'string' },
          { name: 'chainId', type: 'uint256' },
        ],
        Greeting: [{ name: 'text', type: 'string' }],
      },
      primaryType: 'Greeting',
      domain: { name: 'Engine', version: '1', chainId: 1029 },
      message: { text: 'hello Core' },
    }
    const typed = await signer.conflux.signTypedData(0, typedData)
    const cip23 = keccak256(
      concat([
        '0x1901',
        hashStruct({ data: typedData.domain, primaryType: 'CIP23Domain', types: typedData.types }),
        hashStruct({ data: typedData.message, primaryType: 'Greeting', types: typedData.types }),
      ]),
    )
    expectAccount(typed, cip23)

    const transaction: Core1559Transaction = {
      type: 'cip1559',
      nonce: 4n,
      gas: 21_000n,
      to: core,
      value: 5n,
      storageLimit: 0n,
      epochHeight: 100n,
      chainId: 1029,
      data: '0x',
      maxFeePerGas: 10n ** 9n,
      maxPriorityFeePerGas: 1n,
      accessList: [],
    }
    const raw = await signer.conflux.signTransaction(0, transaction)
    const parsed = parseCoreTransaction(raw)
    expect(parsed.transaction).toMatchObject({
      type: 'cip1559',
      nonce: 4n,
      value: 5n,
      chainId: 1029,
      epochHeight: 100n,
      to: hexAddress,
    })
    const s = parsed.signature
    if (s === undefined) throw new Error('the raw transaction is not signed')
    expectAccount(
      concat([s.r, s.s, toHex(s.yParity, { size: 1 })]),
      hashCoreTransaction(parsed.transaction),
    )
    expect(recoverCoreTransactionSender(raw)).toBe(hexAddress)
  })

  test("the Worker's shares never reached the page", async () => {
    const handles = keyHandles(oidc.crossed)
    expect(handles).toHaveLength(2)
    const page = [oidc.crossed, oidc.progress, await dumpIndexedDb(), { ...localStorage }]
    for (const handle of handles) {
      expect(await oidc.remote.debugShareFoundIn(handle as never, page as never)).toBe(false)
    }
  })
})

test('Telegram initData login onboards its own wallet, which signs', async () => {
  const telegram = await openWallet(`engine-telegram-${run}`, `unused-${run}`)
  const userId = 700_000 + Math.floor(Math.random() * 100_000)
  const { initData } = await ask<{ initData: string }>(`/telegram?id=${userId}`)
  expect(await telegram.wallet.login({ kind: 'telegram', initData })).toEqual({
    status: 'needsOnboarding',
    identity: `telegram:7000000002:${userId}`,
  })
  const ready = await telegram.wallet.onboard({ onProgress: (p) => telegram.progress.push(p) })
  expect(ready).toMatchObject({ status: 'ready', identity: `telegram:7000000002:${userId}` })
  expect(telegram.progress.at(-1)).toMatchObject({ curve: 'ed25519', phase: 'done', percent: 100 })
  const address = telegram.wallet.account(0).secp256k1?.address as Address
  expect(address).not.toBe(oidc.wallet.account(0).secp256k1?.address)
  const signature = await telegram.wallet.signer.signMessage(0, 'from Telegram')
  expect(await verifyMessage({ address, message: 'from Telegram', signature })).toBe(true)
  telegram.wallet.close()
}, 240_000)
