/**
 * The local Conflux Core chain: conflux-rust as a native addon (`@xcfx/node`) in dev mode (a block
 * every `blockIntervalMs`), one genesis account whose key is derived from a public label, and
 * funding of any Core address with CFX. Development only.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import {
  encodeBase32Address,
  hashCoreTransaction,
  serializeCoreTransaction,
  userAddressFromPublicKey,
} from '@tessera/conflux'
import { createServer } from '@xcfx/node'
import { bytesToHex, type Hex, hexToBytes, keccak256, parseEther } from 'viem'

export interface ConfluxChainOptions {
  host: string
  port: number
  /** P2P (TCP and UDP) and stratum ports; conflux-rust's fixed defaults would collide between nodes. */
  p2pPort: number
  stratumPort: number
  dataDir: string
  /** Core chain id (the eSpace id is this + 1). */
  chainId?: number
  blockIntervalMs?: number
}

export interface ConfluxChain {
  readonly chainId: number
  readonly rpcUrl: string
  request(method: string, params?: unknown[]): Promise<unknown>
  /** The base32 address of the genesis account that funds others. */
  readonly funder: string
  /** Sends `cfx` CFX from the genesis account; resolves once the receipt says it executed. */
  fund(to: string, cfx: string): Promise<Hex>
  stop(): Promise<void>
}

/** Public development key: anyone can derive it from this label, so it must never hold value. */
const GENESIS_SECRET = hexToBytes(keccak256(new TextEncoder().encode('tessera devchain genesis')))

export async function startConfluxChain(options: ConfluxChainOptions): Promise<ConfluxChain> {
  const chainId = options.chainId ?? 2029
  const server = await createServer({
    jsonrpcHttpPort: options.port,
    tcpPort: options.p2pPort,
    udpPort: options.p2pPort,
    stratumPort: options.stratumPort,
    chainId,
    evmChainId: chainId + 1,
    genesisSecrets: [bytesToHex(GENESIS_SECRET).slice(2)],
    devBlockIntervalMs: options.blockIntervalMs ?? 250,
    confluxDataDir: options.dataDir,
    log: false,
  })
  await server.start()
  const rpcUrl = `http://${options.host}:${options.port}`
  let id = 0
  async function request(method: string, params: unknown[] = []): Promise<unknown> {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
    })
    const body = (await response.json()) as { result?: unknown; error?: { message: string } }
    if (body.error !== undefined) throw new Error(`Conflux node: ${method}: ${body.error.message}`)
    return body.result
  }
  const funderHex = userAddressFromPublicKey(secp256k1.getPublicKey(GENESIS_SECRET))
  const funder = encodeBase32Address(funderHex, chainId)
  // One funding at a time: each takes the next nonce of the genesis account.
  let queue: Promise<unknown> = Promise.resolve()

  async function send(to: string, cfx: string): Promise<Hex> {
    const nonce = BigInt((await request('cfx_getNextNonce', [funder])) as Hex)
    const epochHeight = BigInt((await request('cfx_epochNumber', ['latest_state'])) as Hex)
    const gasPrice = BigInt((await request('cfx_gasPrice')) as Hex)
    const transaction = {
      type: 'legacy' as const,
      nonce,
      gasPrice,
      gas: 21_000n,
      to,
      value: parseEther(cfx),
      storageLimit: 0n,
      epochHeight,
      chainId,
      data: '0x' as Hex,
    }
    const digest = hexToBytes(hashCoreTransaction(transaction))
    const signature = secp256k1.sign(digest, GENESIS_SECRET, {
      prehash: false,
      format: 'recovered',
    })
    const raw = serializeCoreTransaction(transaction, {
      r: bytesToHex(signature.subarray(1, 33)),
      s: bytesToHex(signature.subarray(33, 65)),
      yParity: signature[0] === 0 ? 0 : 1,
    })
    const hash = (await request('cfx_sendRawTransaction', [raw])) as Hex
    const deadline = Date.now() + 30_000
    // Wait for the receipt: the node produces a block every blockIntervalMs.
    while (Date.now() < deadline) {
      const receipt = (await request('cfx_getTransactionReceipt', [hash])) as {
        outcomeStatus: Hex
      } | null
      if (receipt !== null) {
        if (receipt.outcomeStatus !== '0x0') throw new Error(`funding ${hash} failed on Conflux`)
        return hash
      }
      await new Promise((resolve) => setTimeout(resolve, options.blockIntervalMs ?? 250))
    }
    throw new Error(`no receipt for the funding transaction ${hash} within 30 s`)
  }

  return {
    chainId,
    rpcUrl,
    request,
    funder,
    fund(to, cfx) {
      const next = queue.then(() => send(to, cfx))
      queue = next.catch(() => undefined)
      return next
    },
    stop: () => server.stop(),
  }
}
