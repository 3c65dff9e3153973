/**
 * TON addresses for display: the user-friendly form (36 bytes: flags, workchain, hash, CRC16
 * XMODEM, in base64url) parsed with its checksum checked, or the raw `<workchain>:<64 hex>` form,
 * and formatted back as user-friendly (bounceable `EQ…` or non-bounceable `UQ…`; testnet flag on
 * `ton:-3`). Malformed input is `ClearSigningError('InvalidParams')`.
 */
import { base64, base64urlnopad } from '@scure/base'
import { invalid } from '../params.ts'

export type TonAddress = {
  readonly workchain: number
  readonly hash: Uint8Array
  /** As the dapp wrote it (user-friendly form); raw addresses count as bounceable. */
  readonly bounceable: boolean
}

function crc16(bytes: Uint8Array): number {
  let crc = 0
  for (const byte of bytes) {
    crc ^= byte << 8
    for (let i = 0; i < 8; i++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
  }
  return crc
}

export function parseTonAddress(text: unknown, what: string): TonAddress {
  if (typeof text !== 'string' || text.length > 80) throw invalid(`${what} must be a TON address`)
  const raw = /^(0|-1):([0-9a-fA-F]{64})$/.exec(text)
  if (raw !== null) {
    const hash = Uint8Array.from((raw[2] as string).match(/../g) ?? [], (h) =>
      Number.parseInt(h, 16),
    )
    return { workchain: Number(raw[1]), hash, bounceable: true }
  }
  if (!/^[A-Za-z0-9_+/-]{48}$/.test(text)) throw invalid(`${what} must be a TON address`)
  let bytes: Uint8Array
  try {
    bytes = /[+/]/.test(text) ? base64.decode(text) : base64urlnopad.decode(text)
  } catch {
    throw invalid(`${what} must be a TON address`)
  }
  const crc = crc16(bytes.subarray(0, 34))
  if (bytes[34] !== crc >> 8 || bytes[35] !== (crc & 0xff))
    throw invalid(`${what} has a wrong checksum`)
  const flags = (bytes[0] as number) & 0x7f
  if (flags !== 0x11 && flags !== 0x51) throw invalid(`${what} has unknown flags`)
  const workchain = (bytes[1] as number) === 0xff ? -1 : (bytes[1] as number)
  if (workchain !== 0 && workchain !== -1) throw invalid(`${what} is not in workchain 0 or -1`)
  return { workchain, hash: bytes.slice(2, 34), bounceable: flags === 0x11 }
}

export function formatTonAddress(
  address: { readonly workchain: number; readonly hash: Uint8Array },
  options: { readonly bounceable: boolean; readonly testnet: boolean },
): string {
  const bytes = new Uint8Array(36)
  bytes[0] = (options.bounceable ? 0x11 : 0x51) | (options.testnet ? 0x80 : 0)
  bytes[1] = address.workchain & 0xff
  bytes.set(address.hash, 2)
  const crc = crc16(bytes.subarray(0, 34))
  bytes[34] = crc >> 8
  bytes[35] = crc & 0xff
  return base64urlnopad.encode(bytes)
}
