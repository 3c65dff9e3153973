/**
 * Contract functions the signer names without an ERC-7730 descriptor: Uniswap V2/V3/Universal
 * Router swaps, multicall, WETH and Permit2's on-chain approve. Each entry may say which uint
 * arguments are amounts of which token (so they are shown in token units) and may give a swap
 * intent. Token standards (ERC-20/721/1155) are decoded in describeTokenCall.ts, not here.
 */
import { type AbiFunction, parseAbiItem, toFunctionSelector } from 'viem'

export type KnownFunction = {
  readonly abi: AbiFunction
  /** Argument name → token address, for uint arguments that are amounts of that token. */
  readonly amounts?: (args: Readonly<Record<string, unknown>>) => Readonly<Record<string, unknown>>
  /** When set, the description's intent is a swap of `sell` for at least `buy` (argument names). */
  readonly swap?: { readonly sell: string; readonly buy: string }
  /** Amount arguments that warrant the unlimited-allowance warning at the threshold. */
  readonly unlimited?: readonly string[]
  /** Argument naming who may spend, for the warning's text. */
  readonly spender?: string
}

const first = (path: unknown) => (Array.isArray(path) ? path[0] : undefined)
const last = (path: unknown) => (Array.isArray(path) ? path[path.length - 1] : undefined)
const nested = (args: Readonly<Record<string, unknown>>, key: string) =>
  (args.params as Record<string, unknown> | undefined)?.[key]

const v2 = (signature: string, sellIsPath0: boolean, names: [string, string]): KnownFunction => ({
  abi: parseAbiItem(signature) as AbiFunction,
  amounts: (args) => ({
    [names[0]]: sellIsPath0 ? first(args.path) : undefined,
    [names[1]]: last(args.path),
  }),
  swap: { sell: names[0], buy: names[1] },
})

const FUNCTIONS: readonly KnownFunction[] = [
  v2(
    'function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline)',
    true,
    ['amountIn', 'amountOutMin'],
  ),
  v2(
    'function swapExactTokensForETH(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline)',
    true,
    ['amountIn', 'amountOutMin'],
  ),
  v2(
    'function swapExactETHForTokens(uint256 amountOutMin, address[] path, address to, uint256 deadline)',
    false,
    ['value', 'amountOutMin'],
  ),
  {
    abi: parseAbiItem(
      'function exactInputSingle((address tokenIn, address tokenOut, uint24 fee, address recipient, uint256 deadline, uint256 amountIn, uint256 amountOutMinimum, uint160 sqrtPriceLimitX96) params)',
    ) as AbiFunction,
    amounts: (args) => ({
      'params.amountIn': nested(args, 'tokenIn'),
      'params.amountOutMinimum': nested(args, 'tokenOut'),
    }),
    swap: { sell: 'params.amountIn', buy: 'params.amountOutMinimum' },
  },
  {
    abi: parseAbiItem(
      'function exactInputSingle((address tokenIn, address tokenOut, uint24 fee, address recipient, uint256 amountIn, uint256 amountOutMinimum, uint160 sqrtPriceLimitX96) params)',
    ) as AbiFunction,
    amounts: (args) => ({
      'params.amountIn': nested(args, 'tokenIn'),
      'params.amountOutMinimum': nested(args, 'tokenOut'),
    }),
    swap: { sell: 'params.amountIn', buy: 'params.amountOutMinimum' },
  },
  {
    abi: parseAbiItem(
      'function exactInput((bytes path, address recipient, uint256 deadline, uint256 amountIn, uint256 amountOutMinimum) params)',
    ) as AbiFunction,
  },
  {
    abi: parseAbiItem(
      'function execute(bytes commands, bytes[] inputs, uint256 deadline)',
    ) as AbiFunction,
  },
  { abi: parseAbiItem('function execute(bytes commands, bytes[] inputs)') as AbiFunction },
  { abi: parseAbiItem('function multicall(uint256 deadline, bytes[] data)') as AbiFunction },
  { abi: parseAbiItem('function multicall(bytes[] data)') as AbiFunction },
  { abi: parseAbiItem('function deposit()') as AbiFunction },
  { abi: parseAbiItem('function withdraw(uint256 wad)') as AbiFunction },
  {
    abi: parseAbiItem(
      'function approve(address token, address spender, uint160 amount, uint48 expiration)',
    ) as AbiFunction,
    amounts: (args) => ({ amount: args.token }),
    unlimited: ['amount'],
    spender: 'spender',
  },
]

/** Known functions by 4-byte selector (lowercase 0x-hex). */
export const KNOWN_FUNCTIONS: ReadonlyMap<string, KnownFunction> = new Map(
  FUNCTIONS.map((entry) => [toFunctionSelector(entry.abi), entry]),
)
