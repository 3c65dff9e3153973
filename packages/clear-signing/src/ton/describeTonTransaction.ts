/**
 * `ton_sendTransaction` (TON Connect's `sendTransaction`: `[{ valid_until?, network?, from?,
 * messages: [{ address, amount, payload?, stateInit? }] }]`) described for approval: each
 * message's destination (user-friendly, testnet form on `ton:-3`), amount in TON, and its payload
 * read as a text comment, a TEP-74 jetton transfer (jetton amount, recipient, where the excess
 * goes, forwarded TON and comment; the message's destination is then the sender's jetton wallet)
 * or an unreadable body (blind, with its op code). The wallet v4 of the signer sends one to four
 * messages. Malformed input is a ClearSigningError, never anything else.
 */
import { base64 } from '@scure/base'
import { ClearSigningError } from '../ClearSigningError.ts'
import type { DecodeContext } from '../context.ts'
import { sortWarnings } from '../context.ts'
import { dateValue, formatAmount, shortAddress } from '../format/fields.ts'
import { asArray, asObject, asString, invalid } from '../params.ts'
import type { Description, Field, Warning } from '../types.ts'
import { type Cell, parseBagOfCells, readCell } from './bagOfCells.ts'
import { ton } from './messages.ts'
import { formatTonAddress, parseTonAddress } from './tonAddress.ts'

const CHAINS: Readonly<Record<string, { network: string; testnet: boolean }>> = {
  'ton:-239': { network: '-239', testnet: false },
  'ton:-3': { network: '-3', testnet: true },
}
export const MAX_TON_MESSAGES = 4
export const JETTON_TRANSFER_OP = 0x0f8a7ea5
const MAX_COMMENT_CELLS = 16

type Body =
  | { kind: 'empty' }
  | { kind: 'comment'; text: string }
  | {
      kind: 'jetton'
      amount: bigint
      destination: { workchain: number; hash: Uint8Array }
      response: { workchain: number; hash: Uint8Array } | undefined
      forwardTon: bigint
      comment: string | undefined
    }
  | { kind: 'unknown'; op: string }

/** Snake-encoded text: the rest of the cell, then the first reference's, and so on. */
function readText(cell: Cell, reader = readCell(cell)): string | undefined {
  const parts: Uint8Array[] = [reader.bytes()]
  let next = reader.refsLeft > 0 ? reader.ref() : undefined
  for (let i = 0; next !== undefined; i++) {
    if (i >= MAX_COMMENT_CELLS)
      throw new ClearSigningError('TooLarge', 'The TON comment is longer than 16 cells.')
    const r = readCell(next)
    parts.push(r.bytes())
    next = r.refsLeft > 0 ? r.ref() : undefined
  }
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    all.set(p, at)
    at += p.length
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all)
  } catch {
    return undefined
  }
}

function readBody(cell: Cell): Body {
  const r = readCell(cell)
  if (r.bitsLeft === 0 && r.refsLeft === 0) return { kind: 'empty' }
  if (r.bitsLeft < 32) return { kind: 'unknown', op: 'none' }
  const op = Number(r.uint(32))
  const opText = `0x${op.toString(16).padStart(8, '0')}`
  if (op === 0) {
    const text = readText(cell, r)
    return text === undefined ? { kind: 'unknown', op: opText } : { kind: 'comment', text }
  }
  if (op !== JETTON_TRANSFER_OP) return { kind: 'unknown', op: opText }
  r.uint(64) // query id
  const amount = r.coins()
  const destination = r.address()
  if (destination === undefined) throw invalid('a jetton transfer has no recipient')
  const response = r.address()
  if (r.bit()) r.ref() // custom payload, not shown: jetton wallets ignore it in transfers
  const forwardTon = r.coins()
  let comment: string | undefined
  const forward = r.bit() ? r.ref() : undefined
  const forwardReader = forward === undefined ? r : readCell(forward)
  if (forwardReader.bitsLeft >= 32 && forwardReader.uint(32) === 0n) {
    comment = readText(forward ?? cell, forwardReader)
  }
  return { kind: 'jetton', amount, destination, response, forwardTon, comment }
}

function nanotons(value: unknown, what: string): bigint {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value
  if (typeof text !== 'string' || !/^(0|[1-9][0-9]{0,35})$/.test(text))
    throw invalid(`${what} must be a decimal amount of nanotons`)
  const n = BigInt(text)
  if (n >= 1n << 120n) throw invalid(`${what} is beyond the largest TON amount`)
  return n
}

function bagOfCells(value: unknown, what: string): Cell {
  const text = asString(value, what)
  if (text.length > 90_000)
    throw new ClearSigningError('TooLarge', `${what} is larger than 64 KiB.`)
  let bytes: Uint8Array
  try {
    bytes = base64.decode(text)
  } catch {
    throw invalid(`${what} must be base64`)
  }
  return parseBagOfCells(bytes)
}

export function describeTonTransaction(context: DecodeContext, params: unknown): Description {
  const chain = CHAINS[context.chainId]
  if (chain === undefined)
    throw new ClearSigningError(
      'UnsupportedChain',
      'TON methods need a ton:-239 or ton:-3 session.',
    )
  const request = asObject(Array.isArray(params) ? params[0] : params, 'the request')
  if (request.network !== undefined && String(request.network) !== chain.network)
    throw invalid(`network ${String(request.network).slice(0, 8)} is not the session's`)
  const messages = asArray(request.messages, 'messages')
  if (messages.length === 0 || messages.length > MAX_TON_MESSAGES)
    throw invalid(`messages must hold 1 to ${MAX_TON_MESSAGES} messages`)
  const { locale } = context
  const tonAmount = (n: bigint) => formatAmount(n, 9, 'TON')
  const warnings: Warning[] = []
  const perMessage: { fields: Field[]; body: Body; to: string; amount: bigint }[] = []
  let blind = false
  messages.forEach((entry, i) => {
    const message = asObject(entry, `messages[${i}]`)
    const destination = parseTonAddress(message.address, `messages[${i}].address`)
    const to = formatTonAddress(destination, {
      bounceable: destination.bounceable,
      testnet: chain.testnet,
    })
    const amount = nanotons(message.amount, `messages[${i}].amount`)
    const body =
      message.payload === undefined || message.payload === null
        ? ({ kind: 'empty' } as const)
        : readBody(bagOfCells(message.payload, `messages[${i}].payload`))
    if (message.stateInit !== undefined && message.stateInit !== null) {
      bagOfCells(message.stateInit, `messages[${i}].stateInit`)
      warnings.push({ code: 'StateInit', severity: 'danger', message: ton(locale, 'stateInit') })
    }
    const friendly = (a: { workchain: number; hash: Uint8Array }) =>
      formatTonAddress(a, { bounceable: false, testnet: chain.testnet })
    const address = (label: string, value: string): Field => ({
      label,
      value: { kind: 'address', address: value, chainId: context.chainId },
    })
    const fields: Field[] = []
    const tonField = (label: string, n: bigint): Field => ({
      label,
      value: {
        kind: 'amount',
        raw: n.toString(),
        decimals: 9,
        symbol: 'TON',
        formatted: tonAmount(n),
      },
    })
    if (body.kind === 'jetton') {
      fields.push(
        address(ton(locale, 'jettonRecipient'), friendly(body.destination)),
        {
          label: ton(locale, 'jettonAmount'),
          value: {
            kind: 'amount',
            raw: body.amount.toString(),
            decimals: 0,
            symbol: ton(locale, 'jettonUnits'),
            formatted: formatAmount(body.amount, 0, ton(locale, 'jettonUnits')),
          },
        },
        address(ton(locale, 'jettonWallet'), to),
        tonField(ton(locale, 'amount'), amount),
      )
      if (body.response !== undefined)
        fields.push(address(ton(locale, 'excessTo'), friendly(body.response)))
      if (body.forwardTon > 0n) fields.push(tonField(ton(locale, 'forwardAmount'), body.forwardTon))
      if (body.comment !== undefined)
        fields.push({ label: ton(locale, 'comment'), value: { kind: 'text', text: body.comment } })
    } else {
      fields.push(address(ton(locale, 'recipient'), to), tonField(ton(locale, 'amount'), amount))
      if (body.kind === 'comment')
        fields.push({ label: ton(locale, 'comment'), value: { kind: 'text', text: body.text } })
      if (body.kind === 'unknown') {
        blind = true
        fields.push({
          label: ton(locale, 'payload'),
          value: { kind: 'text', text: `op ${body.op}` },
        })
        warnings.push({
          code: 'UnknownPayload',
          severity: 'danger',
          message: ton(locale, 'unknownPayload', { op: body.op }),
        })
      }
    }
    perMessage.push({ fields, body, to, amount })
  })
  const fields: Field[] = []
  const first = perMessage[0] as (typeof perMessage)[number]
  if (perMessage.length === 1) fields.push(...first.fields)
  else {
    for (const [i, m] of perMessage.entries()) {
      fields.push({
        label: ton(locale, 'message', { n: i + 1 }),
        value: { kind: 'tree', fields: m.fields },
      })
    }
  }
  if (request.valid_until !== undefined) {
    const seconds = request.valid_until
    if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds) || seconds < 0)
      throw invalid('valid_until must be unix seconds')
    const date = dateValue(seconds)
    if (date !== undefined) fields.push({ label: ton(locale, 'validUntil'), value: date })
    if (seconds < context.nowSeconds && date?.kind === 'date') {
      warnings.push({
        code: 'Expired',
        severity: 'danger',
        message: ton(locale, 'expired', { time: date.iso }),
      })
    }
  }
  let kind = 'ton.transfer'
  let intent: string
  if (perMessage.length > 1) {
    kind = 'ton.batch'
    const total = perMessage.reduce((n, m) => n + m.amount, 0n)
    intent = ton(locale, 'intentBatch', { count: perMessage.length, amount: tonAmount(total) })
  } else if (first.body.kind === 'jetton') {
    kind = 'ton.jetton.transfer'
    intent = ton(locale, 'intentJetton', {
      amount: formatAmount(first.body.amount, 0, ton(locale, 'jettonUnits')),
      to: shortAddress(
        formatTonAddress(first.body.destination, { bounceable: false, testnet: chain.testnet }),
      ),
    })
  } else {
    intent = ton(locale, 'intentSend', {
      amount: tonAmount(first.amount),
      to: shortAddress(first.to),
    })
  }
  return {
    kind,
    intent,
    chainId: context.chainId,
    fields,
    warnings: sortWarnings(warnings),
    blind,
  }
}
