/**
 * The development chains' HTTP face, one port: `POST /` is the EVM JSON-RPC (hardhat),
 * `POST /conflux` the Conflux Core JSON-RPC (proxied so browsers get CORS headers), `POST /faucet`
 * funds an address on both chains, `GET /config` tells the demos chain ids and the token address,
 * `GET /health` answers once everything is up. Bodies are size-capped and validated; a bad request
 * gets a 4xx with a reason and never reaches a chain.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { encodeBase32Address } from '@tessera/conflux'
import { type Address, isAddress } from 'viem'
import type { ConfluxChain } from './confluxChain.ts'
import type { EvmChain } from './evmChain.ts'

const MAX_BODY_BYTES = 1 << 20

export interface FaucetAmounts {
  ether: string
  tokens: string
  cfx: string
}

export const DEFAULT_FAUCET: FaucetAmounts = { ether: '10', tokens: '1000', cfx: '100' }

export interface DevchainServer {
  readonly url: string
  close(): Promise<void>
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `body larger than ${MAX_BODY_BYTES} bytes`)
    chunks.push(chunk)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new HttpError(400, 'body is not JSON')
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

/** A Conflux user address has the EVM address's bytes with the first nibble set to 1. */
export function coreAddressOf(evm: Address, chainId: number): string {
  return encodeBase32Address(`0x1${evm.slice(3).toLowerCase()}`, chainId)
}

type RpcCall = { jsonrpc: '2.0'; id: number | string | null; method: string; params?: unknown[] }

function isRpcCall(value: unknown): value is RpcCall {
  if (typeof value !== 'object' || value === null) return false
  const call = value as Record<string, unknown>
  return (
    call.jsonrpc === '2.0' &&
    typeof call.method === 'string' &&
    (call.params === undefined || Array.isArray(call.params)) &&
    (call.id === null || typeof call.id === 'number' || typeof call.id === 'string')
  )
}

async function answer(
  call: unknown,
  run: (method: string, params: unknown[]) => Promise<unknown>,
): Promise<unknown> {
  if (!isRpcCall(call)) {
    return { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid request' } }
  }
  try {
    return { jsonrpc: '2.0', id: call.id, result: await run(call.method, call.params ?? []) }
  } catch (error) {
    const code = (error as { code?: unknown }).code
    return {
      jsonrpc: '2.0',
      id: call.id,
      error: {
        code: typeof code === 'number' ? code : -32603,
        message: error instanceof Error ? error.message : String(error),
        data: (error as { data?: unknown }).data,
      },
    }
  }
}

export async function startDevchainServer(options: {
  host: string
  port: number
  evm: EvmChain
  conflux: ConfluxChain
  faucet?: FaucetAmounts
}): Promise<DevchainServer> {
  const { evm, conflux } = options
  const faucet = options.faucet ?? DEFAULT_FAUCET
  const evmRun = (method: string, params: unknown[]) => evm.request({ method, params } as never)
  const confluxRun = (method: string, params: unknown[]) => conflux.request(method, params)

  async function rpc(req: IncomingMessage, run: typeof evmRun): Promise<unknown> {
    const body = await readJson(req)
    if (Array.isArray(body)) {
      if (body.length > 100) throw new HttpError(400, 'batch larger than 100 calls')
      return Promise.all(body.map((call) => answer(call, run)))
    }
    return answer(body, run)
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    if (req.method === 'OPTIONS') {
      res.writeHead(204)
      res.end()
      return
    }
    if (req.method === 'GET' && path === '/health') {
      send(res, 200, { status: 'ok', evmChainId: evm.chainId, confluxChainId: conflux.chainId })
      return
    }
    if (req.method === 'GET' && path === '/config') {
      send(res, 200, {
        evm: { chainId: evm.chainId, token: evm.token.address },
        conflux: { chainId: conflux.chainId, funder: conflux.funder },
        faucet,
      })
      return
    }
    if (req.method === 'POST' && path === '/') {
      send(res, 200, await rpc(req, evmRun))
      return
    }
    if (req.method === 'POST' && path === '/conflux') {
      send(res, 200, await rpc(req, confluxRun))
      return
    }
    if (req.method === 'POST' && path === '/faucet') {
      const body = (await readJson(req)) as { address?: unknown }
      if (typeof body !== 'object' || body === null || typeof body.address !== 'string') {
        throw new HttpError(400, 'expected {"address": "0x…"}')
      }
      if (!isAddress(body.address, { strict: false })) {
        throw new HttpError(400, `not an EVM address: ${body.address.slice(0, 64)}`)
      }
      const address = body.address as Address
      const core = coreAddressOf(address, conflux.chainId)
      const [evmHashes, cfxHash] = await Promise.all([
        evm.fund(address, faucet),
        conflux.fund(core, faucet.cfx),
      ])
      send(res, 200, {
        evm: { address, transactions: evmHashes },
        conflux: { address: core, transaction: cfxHash },
      })
      return
    }
    throw new HttpError(404, `no route ${req.method} ${path}`)
  }

  const server: Server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*')
    res.setHeader('access-control-allow-headers', 'content-type')
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS')
    route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) send(res, error.status, { error: error.message })
      else send(res, 500, { error: error instanceof Error ? error.message : 'internal error' })
    })
  })
  server.headersTimeout = 10_000
  server.requestTimeout = 60_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
