/**
 * The clear-signing description (docs/ARCHITECTURE.md#clear-signing): what every decoder returns
 * and any UI renders. Shapes agreed between the signer's parts (contract §1); plain data only, so a
 * description can cross a Worker or a frame as JSON. Never holds keys or signatures.
 */

export type Locale = 'en' | 'zh-CN'

export type Severity = 'info' | 'caution' | 'danger'

export type Warning = {
  readonly code: string
  readonly severity: Severity
  readonly message: string
}

export type FieldValue =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'address'
      readonly address: string
      readonly name?: string
      readonly chainId?: string
    }
  | {
      readonly kind: 'amount'
      /** Integer, decimal digits. */
      readonly raw: string
      readonly decimals: number
      readonly symbol: string
      /** E.g. "1.5 USDC", "Unlimited USDC". */
      readonly formatted: string
    }
  | { readonly kind: 'date'; readonly unixSeconds: number; readonly iso: string }
  | { readonly kind: 'hex'; readonly hex: string }
  | { readonly kind: 'tree'; readonly fields: readonly Field[] }

export type Field = { readonly label: string; readonly value: FieldValue }

export type Description = {
  /** Stable machine kind, e.g. 'evm.erc20.transfer', 'evm.permit2.single', 'personal_sign.siwe'. */
  readonly kind: string
  /** One line a person reads first, in the requested locale ("Send 1.5 USDC to 0x12…34"). */
  readonly intent: string
  /** CAIP-2 id ("eip155:1", "cfx:1029", "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp", …). */
  readonly chainId?: string
  readonly fields: readonly Field[]
  /** Most severe first. */
  readonly warnings: readonly Warning[]
  /** True when the request asks for a signature over data we could not decode. */
  readonly blind: boolean
}

/** What a decoder receives: the request as the dapp sent it plus its session context. */
export type DescribeInput = {
  /** 'personal_sign', 'eth_signTypedData_v4', 'eth_sendTransaction', 'cfx_sendTransaction', 'solana_signTransaction', … */
  readonly method: string
  /** As received: validated by the decoder; malformed → ClearSigningError. */
  readonly params: unknown
  /** CAIP-2 of the session/request. */
  readonly chainId: string
  /** The dapp's origin (SIWE domain check). */
  readonly origin?: string
  /** Default 'en'. */
  readonly locale?: Locale
}

/** A token the descriptions name amounts in. */
export type TokenInfo = {
  /** CAIP-2 chain id, e.g. "eip155:1". */
  readonly chainId: string
  /** The token contract (EVM: 0x…; Solana: the mint in base58). */
  readonly address: string
  readonly symbol: string
  readonly decimals: number
  readonly name?: string
}

/** Tokens to know besides the shipped list, e.g. metadata the dapp side passed and the app verified. */
export type TokenList = readonly TokenInfo[]

/** A name for an address on one chain ("Permit2", "Uniswap Universal Router"). */
export type AddressName = {
  readonly chainId: string
  readonly address: string
  readonly name: string
}

export type DescribeOptions = {
  /** Extra tokens; an entry here wins over the shipped list for the same chain and address. */
  readonly tokens?: TokenList
  /** Extra address names, added to the shipped ones. */
  readonly addressNames?: readonly AddressName[]
  /**
   * ERC-7730 descriptors (the ERC's JSON, as parsed objects) used before the built-in decoders;
   * each is validated when used and a bad or mismatched one is refused with ClearSigningError.
   */
  readonly descriptors?: readonly unknown[]
  /** The clock for expiry and deadline checks, in milliseconds since the epoch; default `Date.now()`. */
  readonly now?: number
}
