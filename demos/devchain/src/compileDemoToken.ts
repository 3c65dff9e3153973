/**
 * Compiles `DemoToken.sol` with the solc compiler shipped in the `solc` package (WebAssembly; no
 * compiler download, no network) and returns its ABI and creation bytecode.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Abi, Hex } from 'viem'

export interface CompiledContract {
  abi: Abi
  bytecode: Hex
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[]
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>
}

export function compileDemoToken(): CompiledContract {
  const solc = createRequire(import.meta.url)('solc') as { compile(input: string): string }
  const source = readFileSync(new URL('./DemoToken.sol', import.meta.url), 'utf8')
  const input = {
    language: 'Solidity',
    sources: { 'DemoToken.sol': { content: source } },
    settings: {
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput
  const errors = (output.errors ?? []).filter((error) => error.severity === 'error')
  if (errors.length > 0) {
    throw new Error(
      `DemoToken.sol does not compile:\n${errors.map((e) => e.formattedMessage).join('\n')}`,
    )
  }
  const contract = output.contracts?.['DemoToken.sol']?.DemoToken
  if (contract === undefined) throw new Error('solc returned no DemoToken contract')
  return { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` }
}
