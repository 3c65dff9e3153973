/**
 * Core's test wallet answers Conflux Core the way a signer would: the CIP-23 test case's signature
 * exactly (known answer), `personal_sign` and `cfx_signTransaction` recovered by js-conflux-sdk
 * (the independent oracle), and the refusals — a foreign address (4100), an unknown chain (4902
 * for a switch, -32602 for a transaction), a method Conflux does not have (4200).
 */
import { createConfluxTestWallet } from '@tessera/core/testing/testWalletConflux'
import type { SessionRequest } from '@tessera/protocol'
import type { Hex } from 'viem'
import { expect, test } from 'vitest'
import { encodeBase32Address } from '../address/encodeBase32Address.ts'
import { PersonalMessage, sign, Transaction } from '../test/sdk.ts'
import { cip23TestCase } from '../test/specs.ts'

const vector = cip23TestCase()
const notified: unknown[] = []
const session = { notify: async (n: unknown) => void notified.push(n) } as never
let id = 0
const request = (method: string, params: unknown[], chainId: string): SessionRequest => ({
  id: ++id,
  method,
  params: params as never,
  chainId,
})

test('CIP-23 test case: the signature of the spec, r ‖ s ‖ v with v ∈ {0, 1}', async () => {
  const wallet = createConfluxTestWallet(vector.privateKey as Hex, [1])
  const from = encodeBase32Address(wallet.hexAddress, 1)
  const signature = await wallet.handle(
    request('cfx_signTypedData_v4', [from, JSON.stringify(vector.typedData)], 'cfx:1'),
    session,
  )
  expect(signature).toBe(vector.signature)
})

test('personal_sign and cfx_signTransaction recover to the wallet (js-conflux-sdk)', async () => {
  const wallet = createConfluxTestWallet(vector.privateKey as Hex, [2029])
  const from = encodeBase32Address(wallet.hexAddress, 2029)
  expect(wallet.accounts()).toEqual({ 'cfx:2029': [from] })
  const recovered = (publicKey: string) => `0x${sign.publicKeyToAddress(publicKey).toString('hex')}`

  const message = 'hello Conflux'
  const signature = (await wallet.handle(
    request('personal_sign', [message, from], 'cfx:2029'),
    session,
  )) as string
  expect(recovered(PersonalMessage.recover(signature, message))).toBe(wallet.hexAddress)

  const to = encodeBase32Address(`0x1${'ab'.repeat(19)}c`, 2029)
  const raw = (await wallet.handle(
    request(
      'cfx_signTransaction',
      [
        {
          type: '0x2',
          from,
          to,
          value: '0x10',
          gas: '0x5208',
          nonce: '0x3',
          storageLimit: '0x0',
          epochHeight: '0x64',
          chainId: '0x7ed',
          data: '0x',
          maxFeePerGas: '0x3b9aca00',
          maxPriorityFeePerGas: '0x1',
          accessList: [],
        },
      ],
      'cfx:2029',
    ),
    session,
  )) as Hex
  const decoded = Transaction.decodeRaw(raw)
  expect(decoded.from).toBe(from)
  expect(decoded.to).toBe(to)
  expect(decoded.nonce).toBe(3n)
  expect(decoded.value).toBe(16n)
  expect(decoded.chainId).toBe(2029)
})

test('refusals: foreign address 4100, unknown chain 4902 / -32602, EVM method 4200', async () => {
  const wallet = createConfluxTestWallet(vector.privateKey as Hex, [2029])
  const other = encodeBase32Address(`0x1${'00'.repeat(19)}1`, 2029)
  await expect(
    wallet.handle(request('personal_sign', ['x', other], 'cfx:2029'), session),
  ).rejects.toMatchObject({
    code: 4100,
    details: 'The address is not a Conflux account of this wallet.',
  })
  await expect(
    wallet.handle(request('wallet_switchConfluxChain', [{ chainId: '0x1' }], 'cfx:2029'), session),
  ).rejects.toMatchObject({ code: 4902, details: 'Conflux chain 1 is not known to the wallet.' })
  const from = encodeBase32Address(wallet.hexAddress, 2029)
  await expect(
    wallet.handle(
      request(
        'cfx_signTransaction',
        [
          {
            type: '0x0',
            from,
            to: null,
            gas: '0x1',
            nonce: '0x0',
            storageLimit: '0x0',
            epochHeight: '0x0',
            chainId: '0x1',
            gasPrice: '0x1',
          },
        ],
        'cfx:2029',
      ),
      session,
    ),
  ).rejects.toMatchObject({ code: -32602, details: 'chain 1 is not known to the wallet' })
  await expect(
    wallet.handle(request('eth_signTransaction', [], 'cfx:2029'), session),
  ).rejects.toMatchObject({ code: 4200 })

  // Adding a chain makes it switchable; the switch is announced as cfx:<id>.
  expect(
    await wallet.handle(
      request('wallet_addConfluxChain', [{ chainId: '0x1', chainName: 'Testnet' }], 'cfx:2029'),
      session,
    ),
  ).toBeNull()
  expect(
    await wallet.handle(
      request('wallet_switchConfluxChain', [{ chainId: '0x1' }], 'cfx:2029'),
      session,
    ),
  ).toBeNull()
  expect(notified).toEqual([{ method: 'chainChanged', params: ['cfx:1'] }])
})
