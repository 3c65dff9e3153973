/**
 * The TON account of an Ed25519 threshold key: a wallet v4r2 contract (chosen over v5r1 because
 * its data cell and signing message are simpler and every TON wallet and explorer knows it) in
 * workchain 0 whose data holds seqno 0, the default subwallet id 698983191 and the account's child
 * public key. The address is the hash of that StateInit; user-friendly form per TON's address
 * spec (tag, workchain, hash, CRC16-XMODEM, base64url), non-bounceable as wallets show their own.
 */

import { base64 } from '@scure/base'
import {
  ClearSigningError,
  formatTonAddress as formatFriendly,
  parseTonAddress as parseFriendly,
} from '@tessera/clear-signing'
import { ChainError } from '../chainError.ts'
import { parseBoc } from './boc.ts'
import { beginCell, type Cell } from './cell.ts'

/** The compiled wallet v4r2 contract (public bytecode; its hash is checked against @ton/ton). */
const WALLET_V4R2_BOC =
  'te6ccgECFAEAAtQAART/APSkE/S88sgLAQIBIAIPAgFIAwYC5tAB0NMDIXGwkl8E4CLXScEgkl8E4ALTHyGCEHBsdWe9IoIQZHN0cr2wkl8F4AP6QDAg+kQByMoHy//J0O1E0IEBQNch9AQwXIEBCPQKb6Exs5JfB+AF0z/IJYIQcGx1Z7qSODDjDQOCEGRzdHK6kl8G4w0EBQB4AfoA9AQw+CdvIjBQCqEhvvLgUIIQcGx1Z4MesXCAGFAEywUmzxZY+gIZ9ADLaRfLH1Jgyz8gyYBA+wAGAIpQBIEBCPRZMO1E0IEBQNcgyAHPFvQAye1UAXKwjiOCEGRzdHKDHrFwgBhQBcsFUAPPFiP6AhPLassfyz/JgED7AJJfA+ICASAHDgIBIAgNAgFYCQoAPbKd+1E0IEBQNch9AQwAsjKB8v/ydABgQEI9ApvoTGACASALDAAZrc52omhAIGuQ64X/wAAZrx32omhAEGuQ64WPwAARuMl+1E0NcLH4AFm9JCtvaiaECAoGuQ+gIYRw1AgIR6STfSmRDOaQPp/5g3gSgBt4EBSJhxWfMYQE+PKDCNcYINMf0x/THwL4I7vyZO1E0NMf0x/T//QE0VFDuvKhUVG68qIF+QFUEGT5EPKj+AAkpMjLH1JAyx9SMMv/UhD0AMntVPgPAdMHIcAAn2xRkyDXSpbTB9QC+wDoMOAhwAHjACHAAuMAAcADkTDjDQOkyMsfEssfy/8QERITAG7SB/oA1NQi+QAFyMoHFcv/ydB3dIAYyMsFywIizxZQBfoCFMtrEszMyXP7AMhAFIEBCPRR8qcCAHCBAQjXGPoA0z/IVCBHgQEI9FHyp4IQbm90ZXB0gBjIywXLAlAGzxZQBPoCFMtqEssfyz/Jc/sAAgBsgQEI1xj6ANM/MFIkgQEI9Fnyp4IQZHN0cnB0gBjIywXLAlAFzxZQA/oCE8tqyx8Syz/Jc/sAAAr0AMntVA=='

let code: Cell | undefined
/** The wallet v4r2 code cell, parsed once. */
export function walletV4Code(): Cell {
  code ??= parseBoc(base64.decode(WALLET_V4R2_BOC))
  return code
}
export const DEFAULT_SUBWALLET_ID = 698983191

export type TonAddress = { readonly workchain: number; readonly hash: Uint8Array }

function checkKey(publicKey: Uint8Array): void {
  if (!(publicKey instanceof Uint8Array)) throw new TypeError('"publicKey" expected Uint8Array')
  if (publicKey.length !== 32)
    throw new RangeError(
      `"publicKey" expected Uint8Array of length 32, got length=${publicKey.length}`,
    )
}

export function walletV4Data(publicKey: Uint8Array): Cell {
  checkKey(publicKey)
  return beginCell().uint(0, 32).uint(DEFAULT_SUBWALLET_ID, 32).bytes(publicKey).bit(false).end()
}

/** StateInit: split_depth and special absent, code and data present, no library. */
export function walletV4StateInit(publicKey: Uint8Array): Cell {
  return beginCell().uint(0b00110, 5).ref(walletV4Code()).ref(walletV4Data(publicKey)).end()
}

/** The wallet's own address (workchain 0). */
export function tonWalletAddress(publicKey: Uint8Array): TonAddress {
  return { workchain: 0, hash: walletV4StateInit(publicKey).hash }
}

/** Formats as user-friendly; the codec itself is `@tessera/clear-signing`'s, shared with its descriptions. */
export function formatTonAddress(
  address: TonAddress,
  options: { readonly bounceable?: boolean; readonly testOnly?: boolean } = {},
): string {
  return formatFriendly(address, {
    bounceable: options.bounceable === true,
    testnet: options.testOnly === true,
  })
}

/** Parses a user-friendly (base64 or base64url) or raw (`0:<hex>`) address, checksum checked. */
export function parseTonAddress(text: string): TonAddress & { readonly bounceable: boolean } {
  try {
    return parseFriendly(text, 'address')
  } catch (error) {
    const shown = typeof text === 'string' ? `"${text.slice(0, 80)}"` : typeof text
    const why = error instanceof ClearSigningError ? `: ${error.shortMessage}` : ''
    throw new ChainError('InvalidTonMessage', `${shown} is not a TON address${why}`)
  }
}
