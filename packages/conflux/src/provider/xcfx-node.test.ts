/**
 * Integration with a real Conflux Core node: conflux-rust as a native addon (@xcfx/node), a dev
 * chain with one genesis account held by the fake signer. `cfx_sendTransaction` through our
 * provider (filled from the node, signed with noble, broadcast) must be mined and executed, for
 * legacy and CIP-1559 transactions. The node's data directory and server are removed afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer as createNetServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from '@xcfx/node'
import { type Hex, hexToBytes, keccak256 } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { decodeBase32Address } from '../address/decodeBase32Address.ts'
import { encodeBase32Address } from '../address/encodeBase32Address.ts'
import { createFakeSigner } from '../test/fakeSigner.ts'
import type { ConfluxRpc } from '../types.ts'
import { createConfluxProvider } from './createConfluxProvider.ts'

const CHAIN_ID = 2029
const secretHex = keccak256(new TextEncoder().encode('tessera xcfx genesis key'))
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-xcfx-'))
let server: Awaited<ReturnType<typeof createServer>> | undefined
let rpc: ConfluxRpc

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0))
    })
  })
}

beforeAll(async () => {
  const port = await freePort()
  server = await createServer({
    jsonrpcHttpPort: port,
    chainId: CHAIN_ID,
    evmChainId: CHAIN_ID + 1,
    genesisSecrets: [secretHex.slice(2)],
    devBlockIntervalMs: 100,
    confluxDataDir: dataDir,
    log: false,
  })
  await server.start()
  let id = 0
  rpc = {
    async request({ method, params = [] }) {
      const response = await fetch(`http://127.0.0.1:${port}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
      })
      const body = (await response.json()) as {
        result?: unknown
        error?: { code: number; message: string }
      }
      if (body.error !== undefined) throw { code: body.error.code, message: body.error.message }
      return body.result
    },
  }
}, 60_000)

afterAll(async () => {
  await server?.stop()
  rmSync(dataDir, { recursive: true, force: true })
}, 30_000)

/** Waits for the receipt by asking the node each block interval, up to a deadline. */
async function receipt(hash: Hex): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    const found = await rpc.request({ method: 'cfx_getTransactionReceipt', params: [hash] })
    if (found !== null) return found as Record<string, unknown>
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`no receipt for ${hash} within 15 s`)
}

test('cfx_sendTransaction through the provider is mined (legacy, then CIP-1559)', async () => {
  const signer = createFakeSigner(hexToBytes(secretHex), CHAIN_ID)
  const provider = createConfluxProvider({ transport: signer, rpc })
  const [from] = (await provider.request({ method: 'cfx_requestAccounts' })) as string[]
  expect(from).toBe(encodeBase32Address(signer.address, CHAIN_ID))
  expect(await provider.request({ method: 'cfx_chainId' })).toBe('0x7ed')

  const to = encodeBase32Address(`0x1${'ab'.repeat(19)}c`, CHAIN_ID)
  const first = (await provider.request({
    method: 'cfx_sendTransaction',
    params: [{ from, to, value: '0xde0b6b3a7640000' }],
  })) as Hex
  const mined = await receipt(first)
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
  const minedSecond = await receipt(second)
  expect(minedSecond.outcomeStatus).toBe('0x0')
  expect(minedSecond.type).toBe('0x2')
  expect(await provider.request({ method: 'cfx_getBalance', params: [to] })).toBe(
    '0xde0b6b3a7640001',
  )
}, 40_000)
