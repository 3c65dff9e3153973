/**
 * Message bodies a TON transfer carries: a text comment (op 0, UTF-8, continued in references
 * when long) and a jetton transfer (TEP-74 `transfer#0f8a7ea5`), built here and decoded from a
 * dapp's payload for approval. Anything else decodes as `unknown` with its op code, so the
 * approval screen can say it cannot read it.
 */
import { ChainError } from '../chainError.ts'
import { beginCell, type Cell } from './cell.ts'
import { formatTonAddress, type TonAddress } from './tonWallet.ts'

export const JETTON_TRANSFER_OP = 0x0f8a7ea5
export const MAX_COMMENT_BYTES = 1000

export type TonBody =
  | { readonly kind: 'comment'; readonly text: string }
  | {
      readonly kind: 'jetton-transfer'
      readonly queryId: bigint
      readonly amount: bigint
      readonly destination: string
      readonly responseDestination: string | undefined
      readonly forwardTonAmount: bigint
      readonly comment?: string
    }
  | { readonly kind: 'unknown'; readonly op: number | undefined }

/** op 0 and the text, 127 bytes in the first cell, then 127 per reference (snake). */
export function commentBody(text: string): Cell {
  const bytes = new TextEncoder().encode(text)
  if (bytes.length > MAX_COMMENT_BYTES) {
    throw new ChainError('InvalidTonMessage', `comment longer than ${MAX_COMMENT_BYTES} bytes`)
  }
  const chunks: Uint8Array[] = []
  chunks.push(bytes.subarray(0, 123))
  for (let at = 123; at < bytes.length; at += 127) chunks.push(bytes.subarray(at, at + 127))
  let tail: Cell | undefined
  for (let i = chunks.length - 1; i >= 1; i--) {
    const b = beginCell().bytes(chunks[i] as Uint8Array)
    if (tail !== undefined) b.ref(tail)
    tail = b.end()
  }
  const head = beginCell()
    .uint(0, 32)
    .bytes(chunks[0] as Uint8Array)
  if (tail !== undefined) head.ref(tail)
  return head.end()
}

export function jettonTransferBody(request: {
  readonly amount: bigint
  readonly destination: TonAddress
  readonly responseDestination: TonAddress
  readonly forwardTonAmount?: bigint
  readonly comment?: string
  readonly queryId?: bigint
}): Cell {
  const b = beginCell()
    .uint(JETTON_TRANSFER_OP, 32)
    .uint(request.queryId ?? 0n, 64)
    .coins(request.amount)
    .address(request.destination)
    .address(request.responseDestination)
    .bit(false) // no custom payload
    .coins(request.forwardTonAmount ?? 0n)
  if (request.comment === undefined) return b.bit(false).end()
  return b.bit(true).ref(commentBody(request.comment)).end()
}

/** Reads cells bit by bit; every read past the end is `undefined`-free: it throws. */
function slice(cell: Cell) {
  let at = 0
  let ref = 0
  const bits = (n: number): bigint => {
    if (at + n > cell.bits.length)
      throw new ChainError('InvalidTonMessage', 'body shorter than its fields')
    let v = 0n
    for (let i = 0; i < n; i++) v = (v << 1n) | (cell.bits[at + i] ? 1n : 0n)
    at += n
    return v
  }
  return {
    bits,
    left: () => cell.bits.length - at,
    coins: () => bits(Number(bits(4)) * 8),
    ref: (): Cell => {
      const next = cell.refs[ref++]
      if (next === undefined) throw new ChainError('InvalidTonMessage', 'missing reference')
      return next
    },
    address: (): string | undefined => {
      const tag = Number(bits(2))
      if (tag === 0) return undefined
      if (tag !== 2 || bits(1) !== 0n)
        throw new ChainError('InvalidTonMessage', 'unsupported address form')
      const wc = Number(bits(8))
      const hash = Uint8Array.from({ length: 32 }, () => Number(bits(8)))
      return formatTonAddress({ workchain: wc >= 128 ? wc - 256 : wc, hash }, { bounceable: true })
    },
  }
}

function readText(cell: Cell, skip: number): string {
  const parts: number[] = []
  let current: Cell | undefined = cell
  let first = true
  while (current !== undefined) {
    const s = slice(current)
    if (first) s.bits(skip)
    first = false
    if (s.left() % 8 !== 0) throw new ChainError('InvalidTonMessage', 'comment is not whole bytes')
    while (s.left() > 0) parts.push(Number(s.bits(8)))
    if (parts.length > MAX_COMMENT_BYTES * 4)
      throw new ChainError('InvalidTonMessage', 'comment too long')
    current = current.refs[0]
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(parts))
}

export function decodeTonBody(body: Cell): TonBody {
  if (body.bits.length < 32) return { kind: 'unknown', op: undefined }
  const s = slice(body)
  const op = Number(s.bits(32))
  if (op === 0) {
    try {
      return { kind: 'comment', text: readText(body, 32) }
    } catch {
      return { kind: 'unknown', op }
    }
  }
  if (op !== JETTON_TRANSFER_OP) return { kind: 'unknown', op }
  const queryId = s.bits(64)
  const amount = s.coins()
  const destination = s.address()
  const responseDestination = s.address()
  if (destination === undefined)
    throw new ChainError('InvalidTonMessage', 'jetton transfer without destination')
  if (s.bits(1) === 1n) s.ref() // custom payload, not interpreted
  const forwardTonAmount = s.coins()
  const inRef = s.left() > 0 && s.bits(1) === 1n
  let comment: string | undefined
  try {
    const payload = inRef ? s.ref() : undefined
    if (
      payload !== undefined &&
      payload.bits.length >= 32 &&
      !payload.bits.slice(0, 32).some(Boolean)
    ) {
      comment = readText(payload, 32)
    }
  } catch {
    comment = undefined
  }
  return {
    kind: 'jetton-transfer',
    queryId,
    amount,
    destination,
    responseDestination,
    forwardTonAmount,
    ...(comment === undefined ? {} : { comment }),
  }
}
