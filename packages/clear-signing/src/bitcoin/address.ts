/**
 * Output scripts as addresses a person recognizes, per Bitcoin network (the CAIP-2 `bip122:`
 * chain): P2WPKH and P2WSH (bech32), P2TR (bech32m), P2PKH and P2SH (base58check). Any other
 * script is shown as hex by the caller (`undefined` here).
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bech32, bech32m, createBase58check } from '@scure/base'

export type BitcoinNetwork = { readonly hrp: string; readonly p2pkh: number; readonly p2sh: number }

const NETWORKS: Readonly<Record<string, BitcoinNetwork>> = {
  'bip122:000000000019d6689c085ae165831e93': { hrp: 'bc', p2pkh: 0x00, p2sh: 0x05 },
  'bip122:000000000933ea01ad0ee984209779ba': { hrp: 'tb', p2pkh: 0x6f, p2sh: 0xc4 },
  'bip122:0f9188f13cb7b2c71f2a335e3a4fc328': { hrp: 'bcrt', p2pkh: 0x6f, p2sh: 0xc4 },
}

/** The network of a CAIP-2 Bitcoin chain id, or undefined. */
export function bitcoinNetwork(chainId: string): BitcoinNetwork | undefined {
  return Object.hasOwn(NETWORKS, chainId) ? NETWORKS[chainId] : undefined
}

const base58check = createBase58check(sha256)

export type ScriptType = 'p2wpkh' | 'p2wsh' | 'p2tr' | 'p2pkh' | 'p2sh' | 'unknown'

export function scriptType(s: Uint8Array): ScriptType {
  if (s.length === 22 && s[0] === 0x00 && s[1] === 0x14) return 'p2wpkh'
  if (s.length === 34 && s[0] === 0x00 && s[1] === 0x20) return 'p2wsh'
  if (s.length === 34 && s[0] === 0x51 && s[1] === 0x20) return 'p2tr'
  if (
    s.length === 25 &&
    s[0] === 0x76 &&
    s[1] === 0xa9 &&
    s[2] === 0x14 &&
    s[23] === 0x88 &&
    s[24] === 0xac
  )
    return 'p2pkh'
  if (s.length === 23 && s[0] === 0xa9 && s[1] === 0x14 && s[22] === 0x87) return 'p2sh'
  return 'unknown'
}

export function scriptToAddress(script: Uint8Array, network: BitcoinNetwork): string | undefined {
  switch (scriptType(script)) {
    case 'p2wpkh':
    case 'p2wsh':
      return bech32.encode(network.hrp, [0, ...bech32.toWords(script.subarray(2))])
    case 'p2tr':
      return bech32m.encode(network.hrp, [1, ...bech32m.toWords(script.subarray(2))])
    case 'p2pkh':
      return base58check.encode(Uint8Array.of(network.p2pkh, ...script.subarray(3, 23)))
    case 'p2sh':
      return base58check.encode(Uint8Array.of(network.p2sh, ...script.subarray(2, 22)))
    default:
      return undefined
  }
}

/** The script of a native SegWit v0 address of this network, or undefined. */
export function segwitV0Script(address: string, network: BitcoinNetwork): Uint8Array | undefined {
  try {
    const { prefix, words } = bech32.decode(address as `${string}1${string}`)
    if (prefix !== network.hrp || words[0] !== 0) return undefined
    const program = bech32.fromWords(words.slice(1))
    if (program.length !== 20 && program.length !== 32) return undefined
    return Uint8Array.of(0x00, program.length, ...program)
  } catch {
    return undefined
  }
}
