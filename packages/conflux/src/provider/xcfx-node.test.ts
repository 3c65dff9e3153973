/**
 * Integration with a real Conflux Core node: conflux-rust as a native addon (@xcfx/node), a dev
 * chain with one genesis account held by the fake signer. `cfx_sendTransaction` through our
 * provider (filled from the node, signed with noble, broadcast) must be mined and executed, for
 * legacy and CIP-1559 transactions. The node's data directory and server are removed afterwards.
 */
import { type Hex, hexToBytes, keccak256 } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { decodeBase32Address } from '../address/decodeBase32Address.ts'
import { encodeBase32Address } from '../address/encodeBase32Address.ts'
import { DEV_CHAIN_ID as CHAIN_ID, type DevNode, startDevNode } from '../test/devNode.ts'
import { createFakeSigner } from '../test/fakeSigner.ts'
import { createConfluxProvider } from './createConfluxProvider.ts'

const secretHex = keccak256(new TextEncoder().encode('tessera xcfx genesis key'))
let node: DevNode

beforeAll(async () => {
  node = await startDevNode(secretHex)
}, 60_000)

afterAll(() => node?.stop(), 30_000)

test('cfx_sendTransaction through the provider is mined (legacy, then CIP-1559)', async () => {
  const signer = createFakeSigner(hexToBytes(secretHex), CHAIN_ID)
  const provider = createConfluxProvider({ transport: signer, rpc: node.rpc })
  const [from] = (await provider.request({ method: 'cfx_requestAccounts' })) as string[]
  expect(from).toBe(encodeBase32Address(signer.address, CHAIN_ID))
  expect(await provider.request({ method: 'cfx_chainId' })).toBe('0x7ed')

  const to = encodeBase32Address(`0x1${'ab'.repeat(19)}c`, CHAIN_ID)
  const first = (await provider.request({
    method: 'cfx_sendTransaction',
    params: [{ from, to, value: '0xde0b6b3a7640000' }],
  })) as Hex
  const mined = await node.receipt(first)
  expect(mined.outcomeStatus).toBe('0x0')
  // The node writes receipt addresses in the verbose form (NET2029:TYPE.USER:…).
  expect(decodeBase32Address(mined.from as string)).toEqual({
    hexAddress: signer.address,
    networkId: CHAIN_ID,
    type: 'user',
  })
  expect(await provider.request({ method: 'cfx_getBalance', params: [to] })).toBe(
    '0xde0b6b3a7640000',
  )

  const second = (await provider.request({
    method: 'cfx_sendTransaction',
    params: [{ from, to, value: '0x1', maxFeePerGas: '0x2540be400' }],
  })) as Hex
  const minedSecond = await node.receipt(second)
  expect(minedSecond.outcomeStatus).toBe('0x0')
  expect(minedSecond.type).toBe('0x2')
  expect(await provider.request({ method: 'cfx_getBalance', params: [to] })).toBe(
    '0xde0b6b3a7640001',
  )
}, 40_000)
