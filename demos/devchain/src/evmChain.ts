/**
 * The local EVM chain: hardhat 2 in process (chain id 31337, automine, the default funded
 * accounts), the demo ERC-20 deployed by account #0, and funding of any address with ETH and
 * tokens. Development only: account #0's key is hardhat's published test key.
 */
import {
  type Address,
  type EIP1193RequestFn,
  encodeDeployData,
  encodeFunctionData,
  type Hex,
  parseEther,
  parseUnits,
} from 'viem'
import type { CompiledContract } from './compileDemoToken.ts'
import demoToken from './DemoToken.json' with { type: 'json' }

/**
 * Where the demo token lands: the first transaction of hardhat's account #0
 * (0xf39F…2266, nonce 0). Fixed, so the demos can be configured before the chain starts.
 */
export const DEMO_TOKEN_ADDRESS: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'

export interface EvmChain {
  readonly chainId: 31337
  readonly request: EIP1193RequestFn
  /** The demo ERC-20 (symbol TDT, 18 decimals), deployed at start. */
  readonly token: { address: Address; abi: CompiledContract['abi'] }
  /** Sends `ether` ETH and `tokens` TDT from account #0; resolves once both are mined. */
  fund(address: Address, amounts: { ether: string; tokens: string }): Promise<Hex[]>
}

async function mined(request: EIP1193RequestFn, hash: Hex): Promise<void> {
  const receipt = (await request({ method: 'eth_getTransactionReceipt', params: [hash] })) as {
    status: Hex
  } | null
  // Automine: a transaction is mined before eth_sendTransaction returns.
  if (receipt === null) throw new Error(`hardhat did not mine ${hash}`)
  if (receipt.status !== '0x1') throw new Error(`transaction ${hash} reverted`)
}

export async function startEvmChain(): Promise<EvmChain> {
  process.env.HARDHAT_CONFIG = new URL('./hardhat.config.cjs', import.meta.url).pathname
  const { default: hre } = await import('hardhat')
  const node = hre.network.provider
  const request = ((args: { method: string; params?: unknown[] }) =>
    node.request(args)) as EIP1193RequestFn
  const [funder] = (await request({ method: 'eth_accounts' })) as Address[]
  if (funder === undefined) throw new Error('hardhat has no unlocked account')

  const compiled = demoToken as CompiledContract
  const deployHash = (await request({
    method: 'eth_sendTransaction',
    params: [
      {
        from: funder,
        data: encodeDeployData({
          abi: compiled.abi,
          bytecode: compiled.bytecode,
          args: [parseUnits('1000000000', 18)],
        }),
      },
    ],
  })) as Hex
  const deployed = (await request({
    method: 'eth_getTransactionReceipt',
    params: [deployHash],
  })) as { contractAddress: Address | null } | null
  const tokenAddress = deployed?.contractAddress
  if (tokenAddress == null) throw new Error('the demo token was not deployed')
  if (tokenAddress.toLowerCase() !== DEMO_TOKEN_ADDRESS.toLowerCase()) {
    throw new Error(
      `the demo token landed at ${tokenAddress}, not ${DEMO_TOKEN_ADDRESS}: was the chain used before?`,
    )
  }

  return {
    chainId: 31337,
    request,
    token: { address: DEMO_TOKEN_ADDRESS, abi: compiled.abi },
    async fund(address, amounts) {
      const hashes: Hex[] = []
      const ethHash = (await request({
        method: 'eth_sendTransaction',
        params: [
          { from: funder, to: address, value: `0x${parseEther(amounts.ether).toString(16)}` },
        ],
      })) as Hex
      await mined(request, ethHash)
      hashes.push(ethHash)
      const tokenHash = (await request({
        method: 'eth_sendTransaction',
        params: [
          {
            from: funder,
            to: tokenAddress,
            data: encodeFunctionData({
              abi: compiled.abi,
              functionName: 'transfer',
              args: [address, parseUnits(amounts.tokens, 18)],
            }),
          },
        ],
      })) as Hex
      await mined(request, tokenHash)
      hashes.push(tokenHash)
      return hashes
    },
  }
}
