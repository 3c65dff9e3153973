/**
 * Embedded mode with `@wagmi/core`: a custom connector over the engine's EIP-1193 provider
 * (createEmbeddedProvider.ts) for a wallet onboarded against a REAL co-signer (in-process
 * `startCosigner` on PGlite, the OIDC issuer double) sends a transaction that a real hardhat chain
 * mines. The connector is EIP-1193 only (wagmi's default connector client): `personal_sign` and
 * `eth_sendTransaction` reach the provider, which fills the transaction from hardhat, asks
 * `onApprove`, signs it with the threshold wallet and broadcasts it.
 */

import { createMpcEngine } from '@tessera/mpc/worker'
import { type Hardhat, startHardhat } from '@tessera/provider/testing'
import {
  connect,
  createConfig,
  createConnector,
  disconnect,
  getConnection,
  sendTransaction,
  signMessage,
  waitForTransactionReceipt,
} from '@wagmi/core'
import {
  type Address,
  BaseError,
  custom,
  type Hex,
  numberToHex,
  parseEther,
  UserRejectedRequestError,
  verifyMessage,
} from 'viem'
import { hardhat } from 'viem/chains'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type RealCosigner, startRealCosigner } from '../cosigner/test/realCosigner.ts'
import { createSignerWallet } from '../wallet/createSignerWallet.ts'
import { memoryPlatform } from '../wallet/test/memoryPlatform.ts'
import type { SignerWallet } from '../wallet/types.ts'
import type { ApprovalRequest } from './approval.ts'
import { createEmbeddedProvider, type EmbeddedProvider } from './createEmbeddedProvider.ts'

/** A wagmi connector for an app that hosts the signer: everything goes to the embedded provider. */
function embeddedConnector(provider: EmbeddedProvider) {
  return createConnector<EmbeddedProvider>((config) => {
    return {
      id: 'tesseraEmbedded',
      name: 'Tessera (embedded)',
      type: 'tesseraEmbedded',
      async connect({ withCapabilities } = {}) {
        const accounts = (await provider.request({ method: 'eth_requestAccounts' })) as Address[]
        return {
          accounts: (withCapabilities
            ? accounts.map((address) => ({ address, capabilities: {} }))
            : accounts) as never,
          chainId: await this.getChainId(),
        }
      },
      async disconnect() {},
      async getAccounts() {
        return (await provider.request({ method: 'eth_accounts' })) as Address[]
      },
      async getChainId() {
        return Number(await provider.request({ method: 'eth_chainId' }))
      },
      async getProvider() {
        return provider
      },
      async isAuthorized() {
        return (await this.getAccounts()).length > 0
      },
      async switchChain({ chainId }) {
        await provider.request({
          method: 'wallet_switchEthereumChain',
          params: [{ chainId: numberToHex(chainId) }],
        })
        config.emitter.emit('change', { chainId })
        return config.chains.find((c) => c.id === chainId) as never
      },
      onAccountsChanged(accounts) {
        config.emitter.emit('change', { accounts: accounts as Address[] })
      },
      onChainChanged(chainId) {
        config.emitter.emit('change', { chainId: Number(chainId) })
      },
      onDisconnect() {
        config.emitter.emit('disconnect')
      },
    }
  })
}

let real: RealCosigner
let node: Hardhat
let wallet: SignerWallet

beforeAll(async () => {
  ;[real, node] = await Promise.all([startRealCosigner(), startHardhat()])
  const proof = async () => ({ kind: 'oidc', idToken: await real.idToken('wagmi-user') }) as const
  wallet = await createSignerWallet({
    platform: memoryPlatform(proof),
    engine: createMpcEngine(),
    link: real.link,
    vaultName: 'wagmi',
  })
  await wallet.login(await proof())
  expect((await wallet.onboard()).status).toBe('ready')
}, 180_000)

afterAll(async () => {
  wallet?.close()
  await real?.close()
})

test('wagmi sends a transaction through the embedded provider; hardhat mines it', async () => {
  const address = wallet.account(0).secp256k1?.address as Address
  await node.fund(address, '2')
  const approvals: ApprovalRequest[] = []
  const provider = createEmbeddedProvider({
    signer: wallet.signer,
    chains: [hardhat.id],
    rpc: node.request,
    onApprove: (request) => {
      approvals.push(request)
      return true
    },
  })
  const config = createConfig({
    chains: [hardhat],
    connectors: [embeddedConnector(provider)],
    transports: { [hardhat.id]: custom({ request: node.request }) },
    storage: null,
  })
  const [connector] = config.connectors
  if (connector === undefined) throw new Error('no connector')

  expect(await connect(config, { connector })).toEqual({ accounts: [address], chainId: 31337 })
  expect(getConnection(config)).toMatchObject({ status: 'connected', address, chainId: 31337 })

  const signature = await signMessage(config, { message: 'hello from wagmi' })
  expect(await verifyMessage({ address, message: 'hello from wagmi', signature })).toBe(true)

  const to = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
  const before = BigInt(
    (await node.request({ method: 'eth_getBalance', params: [to, 'latest'] })) as Hex,
  )
  const hash = await sendTransaction(config, { to, value: parseEther('0.25') })
  const receipt = await waitForTransactionReceipt(config, { hash })
  expect(receipt).toMatchObject({
    status: 'success',
    from: address.toLowerCase(),
    to: to.toLowerCase(),
  })
  const after = BigInt(
    (await node.request({ method: 'eth_getBalance', params: [to, 'latest'] })) as Hex,
  )
  expect(after - before).toBe(parseEther('0.25'))

  // The mined transaction is the one onApprove saw.
  expect(approvals.map((a) => a.method)).toEqual(['personal_sign', 'eth_sendTransaction'])
  const approved = approvals[1]
  if (approved?.method !== 'eth_sendTransaction') throw new Error('no transaction approval')
  expect(approved.transaction).toMatchObject({ to, value: parseEther('0.25'), chainId: 31337 })
  const mined = (await node.request({ method: 'eth_getTransactionByHash', params: [hash] })) as {
    nonce: Hex
    from: Hex
  }
  expect(mined.from).toBe(address.toLowerCase())
  expect(Number(mined.nonce)).toBe(approved.transaction.nonce)

  // A refusal in onApprove is EIP-1193's 4001 and nothing is mined.
  const refusing = createEmbeddedProvider({
    signer: wallet.signer,
    chains: [hardhat.id],
    rpc: node.request,
    onApprove: () => false,
  })
  const refusingConfig = createConfig({
    chains: [hardhat],
    connectors: [embeddedConnector(refusing)],
    transports: { [hardhat.id]: custom({ request: node.request }) },
    storage: null,
  })
  const [refusingConnector] = refusingConfig.connectors
  if (refusingConnector === undefined) throw new Error('no connector')
  await connect(refusingConfig, { connector: refusingConnector })
  const nonce = await node.request({
    method: 'eth_getTransactionCount',
    params: [address, 'latest'],
  })
  const refused = await sendTransaction(refusingConfig, { to, value: 1n }).catch((e: unknown) => e)
  expect(refused).toBeInstanceOf(BaseError)
  expect((refused as BaseError).walk((e) => e instanceof UserRejectedRequestError)).toMatchObject({
    code: 4001,
  })
  expect(
    await node.request({ method: 'eth_getTransactionCount', params: [address, 'latest'] }),
  ).toBe(nonce)
  await disconnect(config)
}, 120_000)
