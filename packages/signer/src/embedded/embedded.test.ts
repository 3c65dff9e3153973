/**
 * Embedded mode against the real threshold signer (in-process co-signer party): the viem Account,
 * the wallet client and the EIP-1193 provider produce signatures viem verifies; `onApprove` sees
 * each request first, and a refusal is 4001 with nothing sent to the co-signer.
 */
import {
  custom,
  type Hex,
  parseTransaction,
  recoverTransactionAddress,
  verifyMessage,
  verifyTypedData,
} from 'viem'
import { hardhat } from 'viem/chains'
import { beforeAll, describe, expect, test } from 'vitest'
import { walletFixture } from '../test/walletFixture.ts'
import type { ApprovalRequest } from './approval.ts'
import { createEmbeddedProvider } from './createEmbeddedProvider.ts'
import { createEmbeddedWalletClient } from './createEmbeddedWalletClient.ts'
import { toSignerAccount } from './toSignerAccount.ts'

let fixture: Awaited<ReturnType<typeof walletFixture>>
let address: Hex
beforeAll(async () => {
  fixture = await walletFixture()
  address = fixture.wallet.account(0).secp256k1?.address as Hex
})

const typedData = {
  domain: { name: 'Tessera', version: '1', chainId: 31337 },
  types: { Greeting: [{ name: 'text', type: 'string' }] },
  primaryType: 'Greeting',
  message: { text: 'hello' },
} as const

describe('viem Account', () => {
  test('signs what onApprove approved, and nothing it refused', async () => {
    const seen: ApprovalRequest[] = []
    let answer = true
    const account = toSignerAccount(fixture.wallet, {
      onApprove: (request) => {
        seen.push(request)
        return answer
      },
    })
    expect(account.address).toBe(address)
    const signature = await account.signMessage({ message: 'approve me' })
    expect(await verifyMessage({ address, message: 'approve me', signature })).toBe(true)
    expect(seen).toEqual([{ method: 'personal_sign', address, message: 'approve me' }])
    answer = false
    const asked = fixture.cosigner.contexts.length
    await expect(account.signMessage({ message: 'refuse me' })).rejects.toMatchObject({
      code: 4001,
      name: 'UserRejectedRequestError',
    })
    expect(fixture.cosigner.contexts).toHaveLength(asked)
  })

  test('the wallet client signs messages and typed data viem verifies', async () => {
    const client = createEmbeddedWalletClient({
      signer: fixture.wallet,
      chain: hardhat,
      transport: custom({ request: async () => null }),
    })
    const signature = await client.signMessage({ message: 'from the client' })
    expect(await verifyMessage({ address, message: 'from the client', signature })).toBe(true)
    const typed = await client.signTypedData(typedData)
    expect(await verifyTypedData({ ...typedData, address, signature: typed })).toBe(true)
  })
})

describe('EIP-1193 provider', () => {
  const forwarded: unknown[] = []
  const provider = () =>
    createEmbeddedProvider({
      signer: fixture.wallet,
      chains: [31337, 1030],
      rpc: (async (args: unknown) => {
        forwarded.push(args)
        return '0x10'
      }) as never,
    })

  test('accounts, chain, and signing methods verified with viem', async () => {
    const p = provider()
    expect(await p.request({ method: 'eth_requestAccounts' })).toEqual([address])
    expect(await p.request({ method: 'eth_chainId' })).toBe('0x7a69')
    const signature = (await p.request({
      method: 'personal_sign',
      params: ['0x68656c6c6f', address.toLowerCase()],
    })) as Hex
    expect(await verifyMessage({ address, message: { raw: '0x68656c6c6f' }, signature })).toBe(true)
    const typed = (await p.request({
      method: 'eth_signTypedData_v4',
      params: [address, JSON.stringify(typedData)],
    })) as Hex
    expect(await verifyTypedData({ ...typedData, address, signature: typed })).toBe(true)
    const raw = (await p.request({
      method: 'eth_signTransaction',
      params: [
        {
          from: address,
          to: address,
          nonce: '0x1',
          gas: '0x5208',
          maxFeePerGas: '0x3b9aca00',
          maxPriorityFeePerGas: '0x1',
          value: '0x2',
        },
      ],
    })) as Hex
    expect(parseTransaction(raw)).toMatchObject({
      type: 'eip1559',
      chainId: 31337,
      nonce: 1,
      value: 2n,
    })
    expect(await recoverTransactionAddress({ serializedTransaction: raw as never })).toBe(address)
  })

  test('precise EIP-1193 errors', async () => {
    const p = provider()
    const other = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
    await expect(
      p.request({ method: 'personal_sign', params: ['0x00', other] }),
    ).rejects.toMatchObject({ code: 4100 })
    await expect(
      p.request({
        method: 'eth_signTransaction',
        params: [{ from: address, gas: '0x5208', gasPrice: '0x1' }],
      }),
    ).rejects.toMatchObject({
      code: -32602,
      details: 'transaction "nonce" is required: the caller fills it',
    })
    await expect(
      p.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0x1' }] }),
    ).rejects.toMatchObject({ code: 4902 })
    const noRpc = createEmbeddedProvider({ signer: fixture.wallet, chains: [1] })
    await expect(noRpc.request({ method: 'eth_blockNumber' })).rejects.toMatchObject({ code: 4200 })
    await expect(
      noRpc.request({ method: 'eth_sendTransaction', params: [{ from: address, to: address }] }),
    ).rejects.toMatchObject({ code: 4200 })
    await expect(
      noRpc.request({ method: 'eth_sendTransaction', params: [{ from: other, to: address }] }),
    ).rejects.toMatchObject({ code: 4100 })
  })

  test('switching chains emits chainChanged; other methods go to the rpc', async () => {
    const p = provider()
    const changes: unknown[] = []
    p.on('chainChanged', (id) => changes.push(id))
    expect(
      await p.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0x406' }] }),
    ).toBeNull()
    expect(changes).toEqual(['0x406'])
    expect(await p.request({ method: 'eth_chainId' })).toBe('0x406')
    expect(await p.request({ method: 'eth_blockNumber', params: [] })).toBe('0x10')
    expect(forwarded).toEqual([{ method: 'eth_blockNumber', params: [] }])
  })
})
